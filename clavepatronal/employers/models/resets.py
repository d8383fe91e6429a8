"""«Recuperar con firma electrónica»: the Solicitud de restablecimiento de clave
patronal a person downloads, signs and uploads, and what became of it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel
from clavepatronal.documents.models import GeneratedDocument

from ..constants import ClaveResetReason, ClaveResetStatus
from .accounts import Activation
from .registration import Registration


class ClaveResetRequest(BaseModel):
    """One Solicitud de restablecimiento: what the person typed (the employer's RUC
    or cédula, the new e-mail) and its generated PDF, nothing read from our records
    until the signed copy comes back.

    It is received once (a conditional UPDATE from PENDIENTE): either the signature
    passed every rule and the link went to the new e-mail, or it waits for an
    officer as a trámite of the ventanilla virtual.
    """

    document = models.OneToOneField(
        GeneratedDocument,
        verbose_name=_("Solicitud de restablecimiento de clave patronal"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    identification = models.CharField(_("RUC o cédula escrito"), max_length=13)
    email = models.EmailField(_("correo nuevo"))
    mobile = models.CharField(_("celular de contacto"), max_length=16)
    status = models.CharField(
        _("estado"),
        max_length=14,
        choices=ClaveResetStatus.choices,
        default=ClaveResetStatus.PENDIENTE,
        db_index=True,
    )
    expires_at = models.DateTimeField(_("vence"))
    received_at = models.DateTimeField(_("firmada recibida el"), null=True, blank=True)
    review_reason = models.CharField(
        _("motivo de la revisión"),
        max_length=12,
        choices=ClaveResetReason.choices,
        blank=True,
    )
    signature_report = models.JSONField(
        _("verificación de la firma electrónica"), null=True, blank=True
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registro del empleador"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    activation = models.OneToOneField(
        Activation,
        verbose_name=_("enlace emitido"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("solicitud de restablecimiento de clave")
        verbose_name_plural = _("solicitudes de restablecimiento de clave")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ClaveResetStatus.PENDIENTE)
                | Q(received_at__isnull=False),
                name="employers_reset_received_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaveResetStatus.ENLACE_ENVIADO)
                | Q(activation__isnull=False),
                name="employers_reset_link_has_activation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.code_display} · {self.identification}"
