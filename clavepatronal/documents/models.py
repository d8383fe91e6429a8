from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel

from .codes import code_grouped
from .constants import CODE_LENGTH, DocumentKind

# Generated PDFs live beside the uploads, under their own folder.
GENERATED_FOLDER = "generados"


def private_storage():
    """The uploads' private storage (STORAGES["private"]: disk, or S3 in scale-out):
    never routed by URL, shared by every app server."""
    return storages["private"]


class GeneratedDocument(BaseModel):
    """A PDF this service produced, kept byte for byte with its SHA-256.

    The bytes live in private storage under a random name; the row keeps the code,
    the hash and the size. The file is written before the row, in the row's
    transaction, and removed if that transaction rolls back (documents.services), so
    neither exists without the other; the database stays small and holds no bytes.
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
    file = models.FileField(_("archivo PDF"), storage=private_storage, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("tamaño en bytes"))

    class Meta:
        ordering = ["-created"]
        verbose_name = _("documento generado")
        verbose_name_plural = _("documentos generados")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file=""), name="documents_generated_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code_display}"

    @property
    def code_display(self) -> str:
        return code_grouped(self.code)

    @property
    def content(self) -> bytes:
        """The PDF's bytes, read from private storage (documents.selectors'
        `generated_document_content` is the way in for callers)."""
        with self.file.open("rb") as handle:
            return handle.read()
