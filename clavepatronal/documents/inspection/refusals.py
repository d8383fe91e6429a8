"""What a checked upload is, and how a refusal is made."""

import hashlib
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..constants import UploadKind


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed: its kind, the bytes to store, and a safe display name."""

    kind: str
    content: bytes
    display_name: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def extension(self) -> str:
        return ".pdf" if self.kind == UploadKind.PDF else ".jpg"

    @property
    def content_type(self) -> str:
        return "application/pdf" if self.kind == UploadKind.PDF else "image/jpeg"


def refusal(code: str, message: str) -> ValidationError:
    """A refused upload: the message the person reads, the code the tests check."""
    return ValidationError(message, code=code)


def upload_size_error(name: str) -> ValidationError:
    limit = filesizeformat(settings.UPLOAD_MAX_BYTES)
    return refusal(
        "too_large",
        _(
            "«%(name)s» pesa más de %(limit)s, el máximo por archivo. Reduzca la foto "
            "o escanee el documento con menor resolución y cárguelo de nuevo."
        )
        % {"name": name, "limit": limit},
    )


def what_it_is(data: bytes) -> str:
    try:
        match = puremagic.magic_string(data[:4096])[0]
    except (puremagic.PureError, IndexError, ValueError):
        return _("un tipo de archivo que no reconocemos")
    # Only the extension: puremagic's description is English.
    return _("un archivo %(type)s") % {"type": match.extension.lstrip(".").upper()}
