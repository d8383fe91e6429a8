from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.identity.models import Province
from clavepatronal.procedures.models import ProcedureType


class Agency(models.Model):
    """A Centro de Atención Universal: where in-person turns are served."""

    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("provincia"),
    )
    name = models.CharField(_("nombre"), max_length=120, unique=True)
    address = models.CharField(_("dirección"), max_length=250)
    slot_minutes = models.PositiveSmallIntegerField(
        _("duración de cada turno (minutos)"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    capacity_per_slot = models.PositiveSmallIntegerField(
        _("personas atendidas por turno"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    procedure_types = models.ManyToManyField(
        ProcedureType,
        related_name="agencies",
        verbose_name=_("trámites que atiende"),
        blank=True,
    )
    is_active = models.BooleanField(_("activa"), default=True)

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("agencia")
        verbose_name_plural = _("agencias")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=5, slot_minutes__lte=240),
                name="agency_slot_minutes_range",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity_per_slot__gte=1),
                name="agency_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name
