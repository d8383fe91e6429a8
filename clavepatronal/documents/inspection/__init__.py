"""What an uploaded file really is, decided by its bytes (OWASP file-upload guidance).

Only PDF and JPG pass. A PDF must open without a password, parse cleanly, have every
byte in a revision the parsers read (pdf_layout), carry no active content, links
that open other files included, and decode within a budget and a nesting depth
(pdf.py); a JPG is decoded under a pixel limit and only our own re-encoding of its
pixels is kept, which drops every metadata block (EXIF, GPS) and every uploaded
segment (jpeg.py). Each refusal says what was wrong and what to do, in Spanish, so
the person can fix it at once.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from ..constants import UploadKind
from .jpeg import JPEG_MAGIC, jpeg_clean
from .pdf import PDF_MAGIC, pdf_check
from .refusals import CheckedFile, refusal, upload_size_error, what_it_is

__all__ = ["CheckedFile", "refusal", "upload_inspect", "upload_size_error"]


def upload_inspect(*, name: str, data: bytes) -> CheckedFile:
    """Check one upload; return what to store or raise ValidationError with a code."""
    if not data:
        raise refusal(
            "empty",
            _("«%(name)s» está vacío. Vuelva a escanear el documento y cárguelo.")
            % {"name": name},
        )
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise upload_size_error(name)
    if data.startswith(PDF_MAGIC):
        pdf_check(name, data)
        return CheckedFile(kind=UploadKind.PDF, content=data, display_name=name)
    if data.startswith(JPEG_MAGIC):
        return CheckedFile(
            kind=UploadKind.JPG, content=jpeg_clean(name, data), display_name=name
        )
    raise refusal(
        "wrong_type",
        _(
            "«%(name)s» es %(what)s, no un PDF ni un JPG. Guárdelo o escanéelo como "
            "PDF o JPG y cárguelo de nuevo."
        )
        % {"name": name, "what": what_it_is(data)},
    )
