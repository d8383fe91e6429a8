"""Registro nuevo empleador: what the employer declared, and its two documents."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province
from clavepatronal.identity.validators import phone_display

from ..constants import EmployerIdType, RegistrationStatus, Sector, SriStatus


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
    # As long as the SRI has it: a razón social the person cannot edit never fails.
    business_name = models.TextField(_("razón social o nombres"))
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

    sri_status = models.CharField(
        _("consulta al SRI"),
        max_length=13,
        choices=SriStatus.choices,
        default=SriStatus.NO_VERIFICADO,
    )
    sri_checked_at = models.DateTimeField(
        _("consultado al SRI el"), null=True, blank=True
    )
    sri_detail = models.CharField(_("lo que dijo el SRI"), max_length=1000, blank=True)

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
    def sri_verified(self) -> bool:
        return self.sri_status == SriStatus.VERIFICADO

    @property
    def has_authorization(self) -> bool:
        return bool(self.authorized_names)

    @property
    def phone_display(self) -> str:
        return phone_display(self.phone)

    @property
    def rep_mobile_display(self) -> str:
        return phone_display(self.rep_mobile)
