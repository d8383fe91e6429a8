"""The mode an AUTO agency gives its new days out in, and since when."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel

from ..constants import AUTO_MODES, AllocationMode
from .agencies import Agency


class AgencyModeSwitch(BaseModel):
    """One switch of an AUTO agency (services.modes): decided on one day, it applies
    to the days released from `effective_from` on, so it is announced the day
    before. The agency's mode on a date is that of its latest switch in effect."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="mode_switches",
        verbose_name=_("agencia"),
    )
    mode = models.CharField(
        _("asignación de los días nuevos"), max_length=8, choices=AllocationMode
    )
    decided_at = models.DateTimeField(_("decidido"))
    effective_from = models.DateField(_("rige para los días que se abren desde"))
    # What decided it: the threshold and each released day measured (seats, seats
    # taken so many minutes after it opened), as docs/turnos.md describes.
    figures = models.JSONField(_("cifras"), default=dict, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("cambio automático de modo")
        verbose_name_plural = _("cambios automáticos de modo")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "effective_from"],
                name="agency_mode_switch_one_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(mode__in=[str(mode) for mode in AUTO_MODES]),
                name="agency_mode_switch_mode_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.mode} · {self.effective_from:%Y-%m-%d}"
