"""One rule for the forms that act on someone's identification (turns, portal): limit
per client IP and per identification, both counted in the shared cache; and the
budget of failed logins per address at each door."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage, is_ratelimited

# A program with many addresses usually has them in one network: counted together.
IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 64


def client_network(request: HttpRequest) -> str:
    """The client's IPv4 /24 or IPv6 /64 (REMOTE_ADDR is already the real client,
    core.client_address)."""
    address = request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    prefix = IPV4_NETWORK_PREFIX if ip.version == 4 else IPV6_NETWORK_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def address_limited(
    request: HttpRequest, *, group: str, rate_per_ip: str, rate_per_network: str
) -> bool:
    """Count this request per client address and per its network."""
    by_ip = is_ratelimited(
        request, group=f"{group}-ip", key="ip", rate=rate_per_ip, increment=True
    )
    by_network = is_ratelimited(
        request,
        group=f"{group}-net",
        key=lambda _group, request: client_network(request),
        rate=rate_per_network,
        increment=True,
    )
    return by_ip or by_network


def ip_and_identification_limited(
    request: HttpRequest,
    *,
    group: str,
    identification: str,
    rate_per_ip: str,
    rate_per_identification: str,
    rate_per_network: str | None = None,
) -> bool:
    """Count this request against every limit; True when any is exceeded."""
    if rate_per_network:
        by_address = address_limited(
            request,
            group=group,
            rate_per_ip=rate_per_ip,
            rate_per_network=rate_per_network,
        )
    else:
        by_address = is_ratelimited(
            request, group=f"{group}-ip", key="ip", rate=rate_per_ip, increment=True
        )
    by_identification = is_ratelimited(
        request,
        group=f"{group}-id",
        key=lambda _group, _request: identification,
        rate=rate_per_identification,
        increment=True,
    )
    return by_address or by_identification


def _login_failures(request: HttpRequest, *, door: str, increment: bool) -> dict:
    return get_usage(
        request,
        group=f"login-failures-{door}",
        key="ip",
        rate=settings.LOGIN_FAILURES_PER_IP,
        increment=increment,
    )


def login_failures_exhausted(request: HttpRequest, *, door: str) -> bool:
    """True when this address already failed LOGIN_FAILURES_PER_IP times at this
    door (the portal or the back office): it waits, without locking any account
    out for the people who share its address."""
    usage = _login_failures(request, door=door, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def login_failure_count(request: HttpRequest, *, door: str) -> None:
    """Count one failed login from this address at this door."""
    _login_failures(request, door=door, increment=True)
