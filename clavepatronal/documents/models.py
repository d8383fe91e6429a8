from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel

from .codes import code_grouped
from .constants import CODE_LENGTH, DocumentKind


class GeneratedDocument(BaseModel):
    """A PDF this service produced, kept byte for byte with its SHA-256.

    The bytes live in the database row, not on disk: a generated document and its
    record are written in one transaction, so neither can exist without the other,
    and every app server sees the same bytes.
    """

    code = models.CharField(
        _("código del documento"), max_length=CODE_LENGTH, unique=True
    )
    kind = models.CharField(_("tipo"), max_length=32, choices=DocumentKind.choices)
    holder_identification = models.CharField(_("RUC o cédula"), max_length=13)
    holder_name = models.TextField(_("razón social o nombres"))
    # The holder's RUC could not be verified with the SRI yet (the verification page
    # says so until the employer's registration is verified).
    holder_unverified = models.BooleanField(
        _("RUC no verificado con el SRI"), default=False
    )
    content = models.BinaryField(_("contenido PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("tamaño en bytes"))

    class Meta:
        ordering = ["-created"]
        verbose_name = _("documento generado")
        verbose_name_plural = _("documentos generados")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code_display}"

    @property
    def code_display(self) -> str:
        return code_grouped(self.code)
