"""The employer's portal account and the one-time activations of its clave."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.constants import Channel
from clavepatronal.core.models import BaseModel
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.identity.constants import IdentificationType

from ..constants import ActivationPurpose, ActivationStatus, RecipientRole
from .powers import PowerOfAttorney
from .registration import Registration


class EmployerAccount(BaseModel):
    """The employer's login to the portal: username is the RUC (or the cédula of a
    domestic employer), never a staff account.

    Created by the first key issuance; `user.email` is the contact e-mail the
    portal writes to (the registration's verified e-mail until the employer
    changes it, confirming the new address).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.PROTECT,
        related_name="employer_account",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registro vigente"),
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    activated_at = models.DateTimeField(_("clave activada el"), null=True, blank=True)
    clave_changed_at = models.DateTimeField(
        _("clave cambiada por última vez"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("cuenta de empleador")
        verbose_name_plural = _("cuentas de empleadores")

    def __str__(self) -> str:
        return self.user.username

    @property
    def identification(self) -> str:
        return self.user.username


class Activation(BaseModel):
    """One single-use way to set the clave: an e-mailed link (virtual channel,
    recovery) or a code printed on the Acta de entrega (in person).

    Only an HMAC of the secret is stored. The database allows one pending
    activation per account; a new one revokes the earlier one, and it is used
    with a conditional UPDATE, so it works once whatever the concurrency.
    """

    account = models.ForeignKey(
        EmployerAccount,
        verbose_name=_("cuenta"),
        on_delete=models.PROTECT,
        related_name="activations",
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registro"),
        on_delete=models.PROTECT,
        related_name="activations",
    )
    purpose = models.CharField(
        _("propósito"), max_length=12, choices=ActivationPurpose.choices
    )
    channel = models.CharField(_("canal"), max_length=12, choices=Channel.choices)
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=ActivationStatus.choices,
        default=ActivationStatus.PENDIENTE,
        db_index=True,
    )
    secret_hash = models.CharField(
        _("resumen del enlace o código"), max_length=64, unique=True
    )
    expires_at = models.DateTimeField(_("vence"))
    used_at = models.DateTimeField(_("usada el"), null=True, blank=True)
    closed_at = models.DateTimeField(_("revocada o vencida el"), null=True, blank=True)
    email = models.EmailField(_("enlace enviado a"), blank=True)

    recipient_names = models.CharField(_("nombres de quien recibe"), max_length=200)
    recipient_id_type = models.CharField(
        _("tipo de identificación de quien recibe"),
        max_length=12,
        choices=IdentificationType.choices,
    )
    recipient_identification = models.CharField(
        _("identificación de quien recibe"), max_length=25
    )
    recipient_role = models.CharField(
        _("calidad de quien recibe"), max_length=20, choices=RecipientRole.choices
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("servidor que emite"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who issued when no officer did: "sistema", "soporte (emitir_clave)"...
    issued_by_label = models.CharField(_("emitida por"), max_length=120)
    acta = models.OneToOneField(
        GeneratedDocument,
        verbose_name=_("Acta de entrega de clave patronal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    power_of_attorney = models.ForeignKey(
        PowerOfAttorney,
        verbose_name=_("poder notarial sellado"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activations",
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("activación de clave")
        verbose_name_plural = _("activaciones de clave")
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status=ActivationStatus.PENDIENTE),
                name="employers_one_pending_activation",
                violation_error_message=_(
                    "La cuenta ya tiene una activación pendiente."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=ActivationStatus.USADA) | Q(used_at__isnull=False),
                name="employers_activation_used_has_date",
            ),
            # An apoderado receives the key only on a stamped power (keys.py).
            models.CheckConstraint(
                condition=~Q(recipient_role=RecipientRole.APODERADO)
                | Q(power_of_attorney__isnull=False),
                name="employers_apoderado_has_power",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.account} · {self.status}"
