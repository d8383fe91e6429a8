from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.constants import Channel
from clavepatronal.core.models import BaseModel
from clavepatronal.documents.codes import code_grouped
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province
from clavepatronal.identity.validators import phone_display

from .constants import (
    ActivationPurpose,
    ActivationStatus,
    EmployerIdType,
    PowerStatus,
    RecipientRole,
    RegistrationStatus,
    Sector,
)


class Registration(BaseModel):
    """Registro nuevo empleador: the data the Solicitud and the Acuerdo were made of.

    Later steps (ventanilla virtual, the desk, key issuance) check documents against
    this row, and the documents' stored hashes prove which bytes we produced.
    """

    number = models.CharField(_("número de registro"), max_length=20, unique=True)
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.ACTIVO,
    )
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)

    employer_id_type = models.CharField(
        _("tipo de identificación del empleador"),
        max_length=6,
        choices=EmployerIdType.choices,
    )
    employer_identification = models.CharField(_("RUC o cédula"), max_length=13)
    business_name = models.CharField(_("razón social o nombres"), max_length=200)
    main_activity = models.CharField(_("actividad principal"), max_length=200)
    province = models.ForeignKey(
        Province, verbose_name=_("provincia"), on_delete=models.PROTECT
    )
    canton = models.CharField(_("cantón"), max_length=80)
    address = models.CharField(_("dirección"), max_length=250)
    phone = models.CharField(_("teléfono"), max_length=16)
    email = models.EmailField(_("correo electrónico verificado"))
    email_verified_at = models.DateTimeField(_("correo verificado el"))
    artisan_number = models.CharField(
        _("número de calificación artesanal"), max_length=30, blank=True
    )
    artisan_expiry = models.DateField(
        _("vencimiento de la calificación artesanal"), null=True, blank=True
    )

    rep_id_type = models.CharField(
        _("tipo de identificación del representante legal"),
        max_length=12,
        choices=IdentificationType.choices,
    )
    rep_identification = models.CharField(
        _("identificación del representante legal"), max_length=20
    )
    rep_names = models.CharField(_("nombres del representante legal"), max_length=200)
    rep_nationality = models.CharField(_("nacionalidad"), max_length=60)
    rep_email = models.EmailField(_("correo del representante legal"))
    rep_mobile = models.CharField(_("celular del representante legal"), max_length=16)

    authorized_names = models.CharField(
        _("nombres de la persona autorizada"), max_length=200, blank=True
    )
    authorized_id_type = models.CharField(
        _("tipo de identificación de la persona autorizada"),
        max_length=12,
        choices=IdentificationType.choices,
        blank=True,
    )
    authorized_identification = models.CharField(
        _("identificación de la persona autorizada"), max_length=20, blank=True
    )

    solicitud = models.OneToOneField(
        GeneratedDocument,
        verbose_name=_("Solicitud de entrega de clave patronal"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    acuerdo = models.OneToOneField(
        GeneratedDocument,
        verbose_name=_("Acuerdo de Responsabilidad y Uso de la Información"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("registro de empleador")
        verbose_name_plural = _("registros de empleadores")
        constraints = [
            models.UniqueConstraint(
                fields=["employer_identification"],
                condition=Q(status=RegistrationStatus.ACTIVO),
                name="employers_one_active_registration",
                violation_error_message=_(
                    "Este empleador ya tiene un registro activo."
                ),
            ),
            models.CheckConstraint(
                condition=Q(authorized_names="")
                | (~Q(authorized_id_type="") & ~Q(authorized_identification="")),
                name="employers_authorization_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.business_name}"

    @property
    def has_authorization(self) -> bool:
        return bool(self.authorized_names)

    @property
    def phone_display(self) -> str:
        return phone_display(self.phone)

    @property
    def rep_mobile_display(self) -> str:
        return phone_display(self.rep_mobile)


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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
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
