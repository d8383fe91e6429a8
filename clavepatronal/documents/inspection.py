"""What an uploaded file really is, decided by its bytes (OWASP file-upload guidance).

Only PDF and JPG pass. A PDF must open without a password, parse cleanly and carry no
active content; a JPG is decoded under a pixel limit and re-encoded, which drops every
metadata block (EXIF, GPS) and anything hidden in it. Each refusal says what was wrong
and what to do, in Spanish, so the person can fix it at once.
"""

import hashlib
import warnings
from dataclasses import dataclass
from io import BytesIO

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .constants import UploadKind

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"
# A PDF deeper than this is refused as broken rather than walked forever.
PDF_MAX_OBJECTS = 100_000

# Dictionary keys that make a PDF do something on its own, and why we refuse each.
ACTIVE_KEYS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/OpenAction": "openaction",
    "/AA": "aa",
    "/EmbeddedFiles": "embedded",
    "/EF": "embedded",
    "/RichMedia": "richmedia",
    "/RichMediaContent": "richmedia",
    "/XFA": "xfa",
}
# Values of /S (action type) and /Subtype that do the same.
ACTIVE_NAMES = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/SubmitForm": "submitform",
    "/ImportData": "submitform",
    "/RichMedia": "richmedia",
    "/RichMediaExecute": "richmedia",
    "/FileAttachment": "embedded",
    "/EmbeddedFile": "embedded",
}


def _active_description(code: str) -> str:
    return {
        "javascript": _("código JavaScript"),
        "openaction": _("una acción que se ejecuta al abrirlo (OpenAction)"),
        "aa": _("acciones automáticas (AA)"),
        "launch": _("una orden para abrir programas (Launch)"),
        "embedded": _("archivos incrustados"),
        "richmedia": _("contenido multimedia (RichMedia)"),
        "xfa": _("un formulario XFA"),
        "submitform": _("una orden de envío de formulario (SubmitForm)"),
    }[code]


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


def _what_it_is(data: bytes) -> str:
    try:
        match = puremagic.magic_string(data[:4096])[0]
    except (puremagic.PureError, IndexError, ValueError):
        return _("un tipo de archivo que no reconocemos")
    return _("un archivo %(type)s (%(description)s)") % {
        "type": match.extension.lstrip(".").upper(),
        "description": match.name,
    }


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
        _pdf_check(name, data)
        return CheckedFile(kind=UploadKind.PDF, content=data, display_name=name)
    if data.startswith(JPEG_MAGIC):
        return CheckedFile(
            kind=UploadKind.JPG, content=_jpeg_clean(name, data), display_name=name
        )
    raise refusal(
        "wrong_type",
        _(
            "«%(name)s» es %(what)s, no un PDF ni un JPG. Guárdelo o escanéelo como "
            "PDF o JPG y cárguelo de nuevo."
        )
        % {"name": name, "what": _what_it_is(data)},
    )


def _pdf_check(name: str, data: bytes) -> None:
    broken = refusal(
        "pdf_broken",
        _(
            "«%(name)s» está dañado o incompleto y no se puede abrir. Descárguelo o "
            "genérelo de nuevo y vuelva a cargarlo."
        )
        % {"name": name},
    )
    try:
        reader = PdfReader(BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise refusal(
                "pdf_encrypted",
                _(
                    "«%(name)s» está protegido con contraseña o cifrado. Cargue una "
                    "copia sin contraseña ni restricciones."
                )
                % {"name": name},
            )
        if not reader.pages:
            raise broken
        active = _pdf_active_content(reader)
    except ValidationError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        RecursionError,
    ):
        raise broken from None
    if active:
        raise refusal(
            f"pdf_{active}",
            _(
                "«%(name)s» contiene %(what)s, que no aceptamos por seguridad. Imprima "
                "el documento como PDF («Guardar como PDF») y cárguelo de nuevo; si es "
                "un documento firmado, fírmelo sobre el PDF original."
            )
            % {"name": name, "what": _active_description(active)},
        )


def _pdf_active_content(reader: PdfReader) -> str | None:
    """Walk every object reachable from the trailer; name the first active part."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > PDF_MAX_OBJECTS:
                raise ValueError("too many objects")
            stack.append(item.get_object())
        elif isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in ACTIVE_KEYS:
                    return ACTIVE_KEYS[key]
                if key in ("/S", "/Subtype", "/Type") and str(value) in ACTIVE_NAMES:
                    return ACTIVE_NAMES[str(value)]
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return None


def _jpeg_clean(name: str, data: bytes) -> bytes:
    """Decode under the pixel limit, then re-encode: no metadata survives."""
    broken = refusal(
        "jpg_broken",
        _(
            "«%(name)s» es un JPG dañado o incompleto. Tome o guarde la foto de "
            "nuevo y "
            "cárguela."
        )
        % {"name": name},
    )
    limit = settings.UPLOAD_MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data), formats=["JPEG"])
            width, height = image.size
            if width * height > limit:
                raise Image.DecompressionBombError
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise refusal(
                "jpg_pixels",
                _(
                    "«%(name)s» tiene demasiados píxeles; el máximo es %(limit)s "
                    "megapíxeles. Reduzca el tamaño de la foto y cárguela de nuevo."
                )
                % {"name": name, "limit": limit // 1_000_000},
            ) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise broken from None
    # Decoded cleanly, yet bytes follow the end marker: a polyglot, not a photo.
    if not data.rstrip(b"\0").endswith(JPEG_END):
        raise refusal(
            "jpg_trailing",
            _(
                "«%(name)s» tiene datos ocultos después del final de la imagen. "
                "Vuelva a "
                "guardar la foto como JPG y cárguela de nuevo."
            )
            % {"name": name},
        )
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    output = BytesIO()
    image.save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue()
