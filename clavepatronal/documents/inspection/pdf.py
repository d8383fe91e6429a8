"""PDF uploads: they open without a password, parse cleanly, have every byte in a
revision the parsers read (pdf_layout), carry no active content (links that open
other files included), and decode within a budget and a nesting depth."""

import re
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.filters import decode_stream_data
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from ..pdf_layout import LayoutProblem, pdf_layout_problem
from .refusals import refusal

PDF_MAGIC = b"%PDF-"
# A PDF deeper than this is refused as broken rather than walked forever.
PDF_MAX_OBJECTS = 100_000
# Containers inside containers, from the trailer down (a page tree of ordinary
# depth, its resources and fonts stay well below); a viewer recurses through them.
PDF_MAX_NESTING = 100
PDF_MAX_PAGE_TREE_DEPTH = 32
# pypdf's decoders, each capped at what is left of the upload's budget.
_DECODER_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
    "array_based_stream_maximum_output_length",
)


class PdfTooDeep(ValueError):
    """Nested beyond PDF_MAX_NESTING, a page tree beyond its depth, or another of
    pypdf's structural limits reached."""


class PdfInflates(ValueError):
    """Its streams decode to more than the settings' budget."""


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
    # Go to another file, on disk or a network share: a click from Windows to a UNC
    # path hands the officer's NTLM hash to that host.
    "/GoToR": "remote",
    "/GoToE": "remote",
}
# Links may go to web pages and mail only; anything else (file:, smb:, a drive letter)
# opens something on the officer's computer or network.
LINK_SCHEMES = {"http", "https", "mailto"}
URI_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


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
        "remote": _(
            "un enlace que abre otro archivo o una carpeta de red (GoToR, GoToE)"
        ),
        "local_link": _(
            "un enlace a un archivo de su equipo o de una carpeta de red (file: o "
            "\\\\servidor)"
        ),
    }[code]


def pdf_check(name: str, data: bytes) -> None:
    broken = refusal(
        "pdf_broken",
        _(
            "«%(name)s» está dañado o incompleto y no se puede abrir. Descárguelo o "
            "genérelo de nuevo y vuelva a cargarlo."
        )
        % {"name": name},
    )
    limits = dict.fromkeys(_DECODER_LIMITS, settings.UPLOAD_PDF_MAX_INFLATED_BYTES)
    try:
        with apply_configuration(
            page_tree_maximum_depth=PDF_MAX_PAGE_TREE_DEPTH, **limits
        ):
            try:
                _pdf_read_check(name, data, broken)
            except LimitReachedError as error:  # pypdf's own, while reading
                if str(error).startswith("Limit reached while decompressing"):
                    raise PdfInflates from None
                raise PdfTooDeep from None
    except PdfInflates:
        raise refusal(
            "pdf_inflated",
            _(
                "«%(name)s» se expande a más de %(limit)s al abrirse: tiene contenido "
                "comprimido desmedido, que bloquearía el visor de quien lo revise. "
                "Imprima el documento como PDF («Guardar como PDF») o escanéelo de "
                "nuevo, y cárguelo."
            )
            % {
                "name": name,
                "limit": filesizeformat(settings.UPLOAD_PDF_MAX_INFLATED_BYTES),
            },
        ) from None
    except PdfTooDeep:
        raise refusal(
            "pdf_nesting",
            _(
                "«%(name)s» tiene una estructura interna desmedida (anidada en exceso "
                "o con demasiados elementos), que no aceptamos por seguridad. "
                "Imprima el documento como PDF («Guardar como PDF») y cárguelo de "
                "nuevo."
            )
            % {"name": name},
        ) from None


def _pdf_read_check(name: str, data: bytes, broken: ValidationError) -> None:
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
        _pdf_layout_check(name, data, broken)
        active = _pdf_active_content(reader)
    except (ValidationError, PdfInflates, PdfTooDeep, LimitReachedError):
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


def _pdf_layout_check(name: str, data: bytes, broken: ValidationError) -> None:
    problem = pdf_layout_problem(data)
    if problem == LayoutProblem.BROKEN:
        raise broken
    if problem == LayoutProblem.TRAILING_DATA:
        raise refusal(
            "pdf_trailing_data",
            _(
                "«%(name)s» tiene datos ocultos después del final del PDF, que no "
                "forman parte del documento. Guárdelo de nuevo como PDF («Guardar "
                "como PDF») y cárguelo; si es un documento firmado, cargue el archivo "
                "tal como lo entregó su aplicación de firma."
            )
            % {"name": name},
        )
    if problem == LayoutProblem.HIDDEN_REVISION:
        raise refusal(
            "pdf_hidden_revision",
            _(
                "«%(name)s» contiene una versión del documento agregada al final que "
                "algunos visores muestran y otros no, así que no podemos saber qué "
                "verá quien lo abra. Guárdelo de nuevo como PDF («Guardar como PDF») "
                "y cárguelo; si es un documento firmado, firme otra vez el PDF "
                "original y cargue ese archivo sin modificarlo."
            )
            % {"name": name},
        )


def _text(value) -> str:
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _opens_local_file(target) -> bool:
    """A link target outside the web: a file: or smb: URI, a UNC path, a drive."""
    text = _text(target).strip().lower()
    if text.startswith("/") or "\\" in text:
        return True
    scheme = URI_SCHEME.match(text)
    return scheme is not None and scheme.group(1) not in LINK_SCHEMES


def _link_problem(item: DictionaryObject) -> str | None:
    action = str(item.get("/S", ""))
    if action == "/URI" and _opens_local_file(item.get("/URI", "")):
        return "local_link"
    if action == "/Thread" and "/F" in item:  # a thread in another file
        return "remote"
    base = item.get("/Base")  # the document's base for relative links
    if base is not None and not isinstance(base, (DictionaryObject, ArrayObject)):
        return "local_link" if _opens_local_file(base) else None
    return None


def _raw(stream: StreamObject) -> bytes:
    """The stream's bytes as stored (pypdf's get_data would decode them)."""
    return stream._data


class _InflatedBudget:
    """What the upload's streams may decode to, all together (a content stream
    of 1 MB can inflate to gigabytes: a bomb for the officer's viewer)."""

    def __init__(self) -> None:
        self.left = settings.UPLOAD_PDF_MAX_INFLATED_BYTES

    def spend(self, stream: StreamObject) -> None:
        """Decode `stream` with every decoder capped at what is left, and count it;
        the decoded bytes are not kept."""
        limits = dict.fromkeys(_DECODER_LIMITS, self.left + 1)
        try:
            with apply_configuration(**limits):
                decoded = len(
                    decode_stream_data(stream) if "/Filter" in stream else _raw(stream)
                )
        except LimitReachedError:
            raise PdfInflates from None
        except NotImplementedError:  # a filter pypdf cannot decode: its own size
            decoded = len(_raw(stream))
        self.left -= decoded
        if self.left < 0:
            raise PdfInflates


def _pdf_active_content(reader: PdfReader) -> str | None:
    """Walk every object reachable from the trailer, decoding every stream within
    the inflated budget and no deeper than PDF_MAX_NESTING; name the first active
    part."""
    seen: set[tuple[int, int]] = set()
    budget = _InflatedBudget()
    stack: list = [(reader.trailer, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > PDF_MAX_NESTING:
            raise PdfTooDeep
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > PDF_MAX_OBJECTS:
                raise ValueError("too many objects")
            stack.append((item.get_object(), depth))
        elif isinstance(item, DictionaryObject):
            if link := _link_problem(item):
                return link
            if isinstance(item, StreamObject):
                budget.spend(item)
            for key, value in item.items():
                if key in ACTIVE_KEYS:
                    return ACTIVE_KEYS[key]
                if key in ("/S", "/Subtype", "/Type") and str(value) in ACTIVE_NAMES:
                    return ACTIVE_NAMES[str(value)]
                stack.append((value, depth + 1))
        elif isinstance(item, ArrayObject):
            stack.extend((value, depth + 1) for value in item)
    return None
