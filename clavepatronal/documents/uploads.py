"""The upload path before any form sees a file: size, count and name refused early.

`LimitedUploadHandler` is first in FILE_UPLOAD_HANDLERS: it passes at most
UPLOAD_MAX_BYTES of each file on to Django's handlers and skips the rest, so an
oversized file is never held whole, and it skips files beyond UPLOAD_MAX_FILES. Django
strips folders and control characters from a file name before handlers see it; the
parser below notes the raw name first so such a name is refused, not silently renamed.
Every refusal is kept on `request.upload_refusals` (field name → ValidationError) for
the form to report in Spanish; nothing refused is ever stored.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http.multipartparser import MultiPartParser
from django.utils.translation import gettext as _

from .inspection import refusal, upload_size_error

ALL_FILES = "__all__"


def upload_refusals(request) -> dict:
    if not hasattr(request, "upload_refusals"):
        request.upload_refusals = {}
    return request.upload_refusals


def _name_problem(raw: str) -> str | None:
    if "/" in raw or "\\" in raw or raw.strip(". ") == "" or ".." in raw:
        return "name_path"
    if any(not char.isprintable() for char in raw):
        return "name_control"
    return None


class StrictMultiPartParser(MultiPartParser):
    def __init__(self, *args, request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._request = request

    def sanitize_file_name(self, file_name):
        self._request.upload_name_problem = _name_problem(file_name)
        return super().sanitize_file_name(file_name)


class StrictUploadMiddleware:
    """Parses multipart bodies with StrictMultiPartParser (before CSRF reads POST)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        def parse_file_upload(META, post_data):
            parser = StrictMultiPartParser(
                META,
                post_data,
                request.upload_handlers,
                request.encoding,
                request=request,
            )
            return parser.parse()

        request.parse_file_upload = parse_file_upload
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.files_seen = 0
        self.received = 0

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        self.files_seen += 1
        refusals = upload_refusals(self.request)
        if self.files_seen > settings.UPLOAD_MAX_FILES:
            refusals[ALL_FILES] = refusal(
                "too_many",
                _(
                    "Envió más archivos de los permitidos (máximo %(max)s). Cargue un "
                    "solo archivo por requisito."
                )
                % {"max": settings.UPLOAD_MAX_FILES},
            )
            raise SkipFile
        problem = getattr(self.request, "upload_name_problem", None)
        if problem == "name_path":
            refusals[field_name] = refusal(
                problem,
                _(
                    "El nombre del archivo «%(name)s» incluye carpetas o rutas («/», "
                    "«\\» o «..»). Cámbiele el nombre, por ejemplo «documento.pdf», y "
                    "cárguelo de nuevo."
                )
                % {"name": file_name},
            )
            raise SkipFile
        if problem == "name_control":
            refusals[field_name] = refusal(
                problem,
                _(
                    "El nombre del archivo «%(name)s» tiene caracteres no válidos. "
                    "Cámbiele el nombre, por ejemplo «documento.pdf», y cárguelo de "
                    "nuevo."
                )
                % {"name": file_name},
            )
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            upload_refusals(self.request)[self.field_name] = upload_size_error(
                self.file_name
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
