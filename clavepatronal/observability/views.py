"""/metricas/: Prometheus' text format, to the allowed networks only."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from .exposition import metrics_text


@lru_cache(maxsize=8)
def _networks(texts: tuple[str, ...]):
    try:
        return tuple(ipaddress.ip_network(text, strict=False) for text in texts)
    except ValueError as error:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {error}") from None


def metrics_allowed(address: str) -> bool:
    """REMOTE_ADDR is already the client's address (ClientAddressMiddleware: a
    trusted proxy's X-Forwarded-For is believed, anyone else's is not)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    parsed = getattr(parsed, "ipv4_mapped", None) or parsed
    networks = _networks(tuple(settings.METRICS_ALLOWED_NETWORKS))
    return any(parsed in network for network in networks)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request.META.get("REMOTE_ADDR", "")):
        return HttpResponseForbidden("403 Forbidden\n", content_type="text/plain")
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
