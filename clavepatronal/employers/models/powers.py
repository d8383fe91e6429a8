"""Notarized powers of attorney, stamped by the delegado jurídico."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel
from clavepatronal.documents.codes import code_grouped
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province

from ..constants import PowerStatus
from .registration import Registration


class PowerOfAttorney(BaseModel):
    """A notarized power of attorney (poder notarial) shown at the desk by an
    apoderado. The officer records it; the delegado jurídico of the province
    validates and stamps it; only then can the apoderado receive the key."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registro del empleador"),
        on_delete=models.PROTECT,
        related_name="powers",
    )
    # The province of the agency where it was shown: its delegado validates it.
    province = models.ForeignKey(
        Province, verbose_name=_("provincia"), on_delete=models.PROTECT
    )
    notary = models.CharField(_("notaría"), max_length=150)
    deed_number = models.CharField(_("número de escritura"), max_length=40)
    granted_on = models.DateField(_("fecha de otorgamiento"))
    apoderado_names = models.CharField(_("nombres del apoderado"), max_length=200)
    apoderado_id_type = models.CharField(
        _("tipo de identificación del apoderado"),
        max_length=12,
        choices=IdentificationType.choices,
    )
    apoderado_identification = models.CharField(
        _("identificación del apoderado"), max_length=25
    )
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=PowerStatus.choices,
        default=PowerStatus.PENDIENTE,
        db_index=True,
    )
    # The officer who copied it at the desk; none when it was filed online
    # («Registro de poder notarial», with its scan).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    filed_online = models.BooleanField(_("registrado en línea"), default=False)
    # The scan filed online, checked like every upload (documents.inspection) and
    # kept in the row itself (at most UPLOAD_MAX_BYTES): no file without its row.
    scan = models.BinaryField(_("escaneo del poder"), null=True, blank=True)
    scan_kind = models.CharField(_("formato del escaneo"), max_length=3, blank=True)
    scan_sha256 = models.CharField(_("SHA-256 del escaneo"), max_length=64, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegado jurídico"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    stamp_code = models.CharField(
        _("código del sello"), max_length=16, unique=True, null=True, blank=True
    )
    rejection_reason = models.TextField(_("motivo del rechazo"), blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("poder notarial")
        verbose_name_plural = _("poderes notariales")
        permissions = [
            ("stamp_powerofattorney", _("Puede validar y sellar poderes notariales")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=PowerStatus.SELLADO)
                | Q(
                    reviewed_by__isnull=False,
                    reviewed_at__isnull=False,
                    stamp_code__isnull=False,
                ),
                name="employers_stamped_power_has_stamp",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deed_number} · {self.apoderado_names}"

    @property
    def stamp_display(self) -> str:
        return code_grouped(self.stamp_code) if self.stamp_code else ""
