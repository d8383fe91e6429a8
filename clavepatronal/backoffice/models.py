from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clavepatronal.appointments.models import Agency, Turn
from clavepatronal.core.models import BaseModel
from clavepatronal.employers.models import Activation, Registration
from clavepatronal.identity.models import Province


class StaffProfile(BaseModel):
    """Where a staff account works. A servidor de atención belongs to one agency
    (and so its province); a delegado jurídico to a province; an administrator to
    none (all provinces). Roles are groups (constants.Role)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agencia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("provincia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The officer's own cédula: a turn asistido is never for the officer
    # (services.assisted).
    identification = models.CharField(
        _("cédula del servidor"), max_length=25, blank=True
    )

    class Meta:
        verbose_name = _("perfil del personal")
        verbose_name_plural = _("perfiles del personal")
        permissions = [
            ("review_tramites", _("Puede revisar trámites de la ventanilla virtual")),
            ("serve_desk", _("Puede atender turnos en la ventanilla presencial")),
            ("view_audit", _("Puede consultar la auditoría")),
            ("view_reports", _("Puede consultar los reportes")),
            ("all_provinces", _("Puede actuar en todas las provincias")),
            ("book_assisted", _("Puede reservar turnos para una persona")),
            ("view_assisted", _("Puede ver los turnos asistidos por servidor")),
        ]
        constraints = [
            # An agency's officer is always scoped to that agency's province.
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(province__isnull=False),
                name="backoffice_agency_staff_has_province",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class DeskService(BaseModel):
    """One in-person attention: the turn's holder arrived; the officer identified
    the employer, checked the papers and handed the key to someone."""

    turn = models.OneToOneField(
        Turn,
        verbose_name=_("turno"),
        on_delete=models.PROTECT,
        related_name="desk_service",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("servidor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    arrived_at = models.DateTimeField(_("llegada"))
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registro del empleador"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The requirements the officer confirmed, physically (DeskRequirement codes).
    checklist = models.JSONField(_("requisitos verificados"), default=list, blank=True)
    activation = models.OneToOneField(
        Activation,
        verbose_name=_("clave emitida"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("terminada"), null=True, blank=True)

    class Meta:
        ordering = ["-arrived_at"]
        verbose_name = _("atención presencial")
        verbose_name_plural = _("atenciones presenciales")

    def __str__(self) -> str:
        return str(self.turn)
