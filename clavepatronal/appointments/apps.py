from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "clavepatronal.appointments"
    label = "appointments"
    verbose_name = _("Turnos y agencias")

    def ready(self) -> None:
        from clavepatronal.observability.collector import gauge_source_register

        gauge_source_register(
            "agency_without_free_seat",
            "1 for an agency with no free seat within TURNOS_CAPACITY_HORIZON_DAYS.",
            _agencies_without_free_seat,
        )


def _agencies_without_free_seat() -> dict[str, float]:
    """By agency id, as the draw gauges label it (docs/turnos.md, alertas)."""
    from django.utils import timezone

    from .selectors.capacity import capacity_overview

    return {
        str(row.agency.pk): float(row.no_free_seat)
        for row in capacity_overview(now=timezone.now())
    }
