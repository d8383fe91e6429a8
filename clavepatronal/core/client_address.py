"""The client's address, computed once per request.

Behind the load balancer every request comes from the proxy. The proxy appends the
address it saw to X-Forwarded-For; only a proxy we trust (TRUSTED_PROXIES) may tell
us who the client is, and only its own hops are believed: the client address is the
rightmost hop that is not a trusted proxy. Everything else (django-axes,
django-ratelimit, the audit trail) reads the result from REMOTE_ADDR.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# The address the connection really came from, kept for logs and tests.
PEER_META_KEY = "PROXY_PEER_ADDR"


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(text, strict=False) for text in proxies)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None


def _parsed(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [IPv6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # IPv4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def peer_is_trusted_proxy(*, peer: str, proxies: tuple[str, ...]) -> bool:
    """Whether the connection came from one of TRUSTED_PROXIES (whose headers, such
    as X-Request-ID, may then be believed)."""
    address = _parsed(peer)
    return address is not None and _trusted(address, trusted_networks(proxies))


def client_address(*, peer: str, forwarded_for: str, proxies: tuple[str, ...]) -> str:
    """The client's address given the connection's peer and X-Forwarded-For.

    A peer that is not a trusted proxy is the client, whatever the header says.
    Walking the header from the right, each trusted hop passes the question on; the
    first hop that is not trusted is the client. A hop that is not an address at
    all was written by the client, so the last trusted hop stands in for it.
    """
    networks = trusted_networks(proxies)
    current = _parsed(peer)
    if current is None or not networks or not _trusted(current, networks):
        return peer
    hops = [hop for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parsed(hop)
        if address is None:
            break
        current = address
        if not _trusted(address, networks):
            break
    return str(current)


class ClientAddressMiddleware:
    """First in MIDDLEWARE: REMOTE_ADDR becomes the client's real address."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.proxies = tuple(settings.TRUSTED_PROXIES)
        trusted_networks(self.proxies)  # a typo stops the server at start-up

    def __call__(self, request):
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        meta[PEER_META_KEY] = peer
        if self.proxies:
            meta["REMOTE_ADDR"] = client_address(
                peer=peer,
                forwarded_for=meta.get("HTTP_X_FORWARDED_FOR", ""),
                proxies=self.proxies,
            )
        return self.get_response(request)
