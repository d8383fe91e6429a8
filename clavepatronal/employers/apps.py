from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "clavepatronal.employers"
    label = "employers"
    verbose_name = _("Empleadores")

    def ready(self) -> None:
        from clavepatronal.observability.collector import gauge_source_register
        from clavepatronal.observability.health import readiness_report_register

        from . import checks  # noqa: F401 - registers the SRI address check
        from .sri.client import sri_breaker_open

        gauge_source_register(
            "sri_breaker_open",
            "1 while the SRI circuit breaker is open (lookups not sent).",
            sri_breaker_open,
        )

        readiness_report_register("sri_breaker", _sri_breaker_state)


def _sri_breaker_state() -> str:
    """The SRI circuit breaker as /salud/listo/ reports it (never failing it)."""
    from .sri import sri_port

    breaker = getattr(sri_port(), "breaker", None)
    return breaker.state() if breaker is not None else "unknown"
