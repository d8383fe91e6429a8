"""One id per request: taken from a trusted proxy's X-Request-ID, made otherwise,
returned in the response, in every log line of the request (logging.RequestIdFilter)
and in the tasks and audit events it causes (core.request_id).
"""

import logging
import re
import time
import uuid

from django.conf import settings

from clavepatronal.core.client_address import PEER_META_KEY, peer_is_trusted_proxy
from clavepatronal.core.request_id import request_id_reset, request_id_set

HEADER = "X-Request-ID"
# What a proxy's id may look like: short, and nothing a log line or a header could
# be bent with (no spaces, quotes, newlines). Anything else is replaced.
_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")

logger = logging.getLogger("clavepatronal.requests")


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_from_proxy(*, peer: str, header: str, proxies: tuple[str, ...]) -> str:
    """The proxy's id when the connection comes from a trusted proxy and the id has
    the expected shape; "" otherwise (a client cannot choose its own id)."""
    if not header or not proxies or not _SHAPE.fullmatch(header):
        return ""
    return header if peer_is_trusted_proxy(peer=peer, proxies=proxies) else ""


class RequestIdMiddleware:
    """Right after ClientAddressMiddleware: the id is bound before anything logs,
    and the line that closes the request (method, path, status, duration) carries
    it like every other."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.proxies = tuple(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        meta = request.META
        value = (
            request_id_from_proxy(
                peer=meta.get(PEER_META_KEY, meta.get("REMOTE_ADDR", "")),
                header=meta.get("HTTP_X_REQUEST_ID", ""),
                proxies=self.proxies,
            )
            or request_id_new()
        )
        request.request_id = value
        token = request_id_set(value)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = value
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_reset(token)
