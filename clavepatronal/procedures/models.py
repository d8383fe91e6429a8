from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.models import BaseModel, FlowDraft
from clavepatronal.documents.constants import UploadKind
from clavepatronal.documents.models import private_storage
from clavepatronal.identity.constants import IdentificationType

from .constants import MESSAGE_MAX_LENGTH, ForeignDocument, TramiteStatus

CEDULA_LENGTH = 10


class TramiteCounter(models.Model):
    """The last tracking number given out in a year; its row lock orders concurrent
    submissions, so no two trámites share a number."""

    year = models.PositiveSmallIntegerField(_("año"), primary_key=True)
    last = models.PositiveIntegerField(_("último número"), default=0)

    class Meta:
        verbose_name = _("contador de trámites")
        verbose_name_plural = _("contadores de trámites")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Tramite(BaseModel):
    """A procedure filed through the Ventanilla virtual."""

    number = models.CharField(_("número de trámite"), max_length=20, unique=True)
    # One per rendered form: a reload or a double click finds the trámite it made.
    form_token = models.CharField(_("token del formulario"), max_length=64, unique=True)
    status = models.CharField(
        _("estado"),
        max_length=16,
        choices=TramiteStatus.choices,
        default=TramiteStatus.RECIBIDO,
        db_index=True,
    )
    procedure_type = models.ForeignKey(
        ProcedureType, on_delete=models.PROTECT, verbose_name=_("trámite")
    )
    province = models.ForeignKey(
        "identity.Province", on_delete=models.PROTECT, verbose_name=_("provincia")
    )
    applicant_id_type = models.CharField(
        _("tipo de identificación"), max_length=12, choices=IdentificationType.choices
    )
    applicant_identification = models.CharField(_("identificación"), max_length=25)
    applicant_names = models.CharField(_("nombres y apellidos"), max_length=200)
    applicant_email = models.EmailField(_("correo electrónico"))
    applicant_mobile = models.CharField(_("celular"), max_length=16)
    employer_identification = models.CharField(_("RUC o cédula"), max_length=13)
    registration = models.ForeignKey(
        "employers.Registration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tramites",
        verbose_name=_("registro del empleador"),
    )
    message = models.TextField(_("detalle de su pedido"), max_length=MESSAGE_MAX_LENGTH)
    foreign_document = models.CharField(
        _("documento del extranjero"),
        max_length=12,
        choices=ForeignDocument.choices,
        blank=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("servidor asignado"),
    )
    # Filed by a person the registration names (representative, authorized person,
    # apoderado with a stamped power): only then, or once the employer confirms it,
    # does the trámite reach the employer's portal.
    filed_by_party = models.BooleanField(
        _("presentado por una persona del registro"), default=False
    )
    employer_confirmed_at = models.DateTimeField(
        _("confirmado por el empleador el"), null=True, blank=True
    )
    # «Recuperar con firma electrónica» that did not pass every rule: approving the
    # trámite sends the link to the new e-mail this request names.
    clave_reset = models.OneToOneField(
        "employers.ClaveResetRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tramite",
        verbose_name=_("solicitud de restablecimiento de clave"),
    )

    class Meta:
        ordering = ["created"]
        verbose_name = _("trámite")
        verbose_name_plural = _("trámites")

    def __str__(self) -> str:
        return self.number

    @property
    def by_domestic_employer(self) -> bool:
        """A domestic employer is identified by its cédula (10 digits), not a RUC."""
        return len(self.employer_identification) == CEDULA_LENGTH

    @property
    def by_third_party(self) -> bool:
        """Filed by someone the registration does not name, and not confirmed."""
        return not self.filed_by_party and self.employer_confirmed_at is None


class StoredFile(BaseModel):
    """A checked upload in private storage, with what the checks found."""

    requirement_code = models.SlugField(_("requisito"), max_length=60)
    requirement_name = models.CharField(_("nombre del requisito"), max_length=200)
    file = models.FileField(_("archivo"), storage=private_storage, max_length=200)
    kind = models.CharField(_("formato"), max_length=3, choices=UploadKind.choices)
    display_name = models.CharField(_("nombre original"), max_length=200)
    size = models.PositiveIntegerField(_("tamaño en bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    signature_report = models.JSONField(
        _("verificación de la firma electrónica"), null=True, blank=True
    )

    class Meta:
        abstract = True


class Attachment(StoredFile):
    """One uploaded requirement. A replaced file stays, no longer current: history."""

    tramite = models.ForeignKey(
        Tramite,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("trámite"),
    )
    is_current = models.BooleanField(_("vigente"), default=True)

    class Meta:
        ordering = ["tramite", "created"]
        verbose_name = _("adjunto")
        verbose_name_plural = _("adjuntos")
        constraints = [
            models.UniqueConstraint(
                fields=["tramite", "requirement_code"],
                condition=models.Q(is_current=True),
                name="procedures_one_current_attachment_per_requirement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tramite.number} · {self.requirement_name}"

    @property
    def content_type(self) -> str:
        return "application/pdf" if self.kind == UploadKind.PDF else "image/jpeg"

    @property
    def download_name(self) -> str:
        extension = "pdf" if self.kind == UploadKind.PDF else "jpg"
        return f"{self.tramite.number}-{self.requirement_code}.{extension}"


class Observation(BaseModel):
    """What an officer asks the applicant to correct, per requirement or in general."""

    tramite = models.ForeignKey(
        Tramite,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("trámite"),
    )
    round = models.PositiveSmallIntegerField(_("ronda de observación"))
    requirement_code = models.SlugField(_("requisito"), max_length=60, blank=True)
    requirement_name = models.CharField(
        _("nombre del requisito"), max_length=200, blank=True
    )
    text = models.TextField(_("observación"), max_length=1000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autor"),
    )
    resolved_at = models.DateTimeField(_("corregido el"), null=True, blank=True)

    class Meta:
        ordering = ["tramite", "round", "created"]
        verbose_name = _("observación")
        verbose_name_plural = _("observaciones")

    def __str__(self) -> str:
        return f"{self.tramite.number} · {self.requirement_name or _('general')}"


class StatusChange(BaseModel):
    """The trámite's history, as the applicant and the officer read it."""

    tramite = models.ForeignKey(
        Tramite,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("trámite"),
    )
    from_status = models.CharField(
        _("estado anterior"), max_length=16, choices=TramiteStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("estado nuevo"), max_length=16, choices=TramiteStatus.choices
    )
    actor_label = models.CharField(_("quién"), max_length=200)
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        ordering = ["tramite", "created", "pk"]
        verbose_name = _("cambio de estado")
        verbose_name_plural = _("cambios de estado")

    def __str__(self) -> str:
        return f"{self.tramite.number}: {self.from_status} → {self.to_status}"


class TramiteDraft(FlowDraft):
    """A ventanilla submission in progress: one per browser tab. Its key becomes the
    trámite's form token, so a reload after sending finds the trámite."""

    class Meta:
        verbose_name = _("borrador de trámite")
        verbose_name_plural = _("borradores de trámite")


class DraftAttachment(StoredFile):
    """A file that passed its checks, kept with its draft while the person fixes
    another one; it becomes the trámite's attachment when the draft is sent."""

    draft = models.ForeignKey(
        TramiteDraft,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("borrador"),
    )

    class Meta:
        ordering = ["draft", "created"]
        verbose_name = _("archivo del borrador")
        verbose_name_plural = _("archivos del borrador")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "requirement_code"],
                name="procedures_one_file_per_requirement_per_draft",
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft} · {self.requirement_name}"
