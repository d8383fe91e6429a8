from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import AppliesTo, Channel


class ProcedureType(models.Model):
    """A procedure of the catalogue (Clave patronal among others); data, not code."""

    code = models.SlugField(_("código"), max_length=60, unique=True)
    name = models.CharField(_("nombre"), max_length=120, unique=True)
    description = models.TextField(_("descripción"), blank=True)
    is_active = models.BooleanField(_("activo"), default=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        # The table keeps the name it had when the catalogue lived in procedures.
        db_table = "procedures_proceduretype"
        ordering = ["order", "name"]
        verbose_name = _("tipo de trámite")
        verbose_name_plural = _("tipos de trámite")

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    """One document a procedure asks for, by channel, as the institute publishes it."""

    procedure_type = models.ForeignKey(
        ProcedureType,
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name=_("tipo de trámite"),
    )
    channel = models.CharField(_("canal"), max_length=12, choices=Channel)
    code = models.SlugField(_("código"), max_length=60)
    name = models.CharField(_("nombre"), max_length=200)
    help_text = models.TextField(_("indicaciones"), blank=True)
    applies_to = models.CharField(
        _("se pide a"), max_length=12, choices=AppliesTo, default=AppliesTo.TODOS
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        db_table = "procedures_requirement"
        ordering = ["procedure_type", "channel", "order"]
        verbose_name = _("requisito")
        verbose_name_plural = _("requisitos")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure_type", "channel", "code"],
                name="requirement_unique_code_per_channel",
            )
        ]

    def __str__(self) -> str:
        return self.name
