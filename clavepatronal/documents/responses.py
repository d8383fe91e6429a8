"""One way to hand a file to a browser: every download, from every app."""

from typing import BinaryIO

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header


def file_response(
    content: bytes | BinaryIO,
    *,
    filename: str,
    content_type: str,
    inline: bool = False,
) -> HttpResponse:
    """Our own file name and type, no sniffing, no scripts (a sandbox policy, for a
    PDF opened in the browser) and no copy kept by the browser or a proxy."""
    if isinstance(content, bytes | bytearray | memoryview):
        response = HttpResponse(bytes(content), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=not inline, filename=filename
        )
    else:
        response = FileResponse(
            content,
            as_attachment=not inline,
            filename=filename,
            content_type=content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
