"""Where the request that caused an audit event came from.

Services write audit events without seeing the request; the middleware keeps the
client's address for the length of each request so every event records it.
"""

from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


def client_ip() -> str | None:
    return _client_ip.get()


class AuditContextMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
