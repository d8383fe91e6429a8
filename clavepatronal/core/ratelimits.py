"""One rule for the forms that act on someone's identification (turns, portal): limit
per client IP and per identification, both counted in the shared cache; and the
budget of failed logins per address at each door.

A request is counted against all its limits at once (core.cache.counters_hit: one
round trip on Redis, not two per limit), with django-ratelimit's keys, windows and
verdict (over the limit when the count exceeds it), so its decorators and these
helpers count alike."""

import ipaddress

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import (
    EXPIRATION_FUDGE,
    _get_ip,
    _get_window,
    _make_cache_key,
    _split_rate,
    get_usage,
)

from .cache import counters_hit

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


def limits_keys(
    limits: list[tuple[str, str, str]],
) -> tuple[dict[str, int], dict[str, int]]:
    """Each (group, value, rate)'s counter key in this window: its expiry
    (seconds) and its ceiling. Empty when rate limits are off."""
    timeouts, ceilings = {}, {}
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return timeouts, ceilings
    for group, value, rate in limits:
        limit, period = _split_rate(rate)
        key = _make_cache_key(group, _get_window(value, period), rate, value, ALL)
        timeouts[key] = period + EXPIRATION_FUDGE
        ceilings[key] = limit
    return timeouts, ceilings


def limits_over(counts: dict[str, int], ceilings: dict[str, int]) -> bool:
    """django-ratelimit's verdict: over when a count exceeds its limit."""
    return any(counts[key] > limit for key, limit in ceilings.items())


def limits_exceeded(limits: list[tuple[str, str, str]]) -> bool:
    """Count one request against each (group, value, rate); True when any count
    is over its limit."""
    timeouts, ceilings = limits_keys(limits)
    if not timeouts:
        return False
    counts = counters_hit(caches[settings.RATELIMIT_USE_CACHE], timeouts)
    return limits_over(counts, ceilings)


def address_limits(
    request: HttpRequest, *, group: str, rate_per_ip: str, rate_per_network: str | None
) -> list[tuple[str, str, str]]:
    limits = [(f"{group}-ip", _get_ip(request), rate_per_ip)]
    if rate_per_network:
        limits.append((f"{group}-net", client_network(request), rate_per_network))
    return limits


def address_limited(
    request: HttpRequest, *, group: str, rate_per_ip: str, rate_per_network: str
) -> bool:
    """Count this request per client address and per its network."""
    return limits_exceeded(
        address_limits(
            request,
            group=group,
            rate_per_ip=rate_per_ip,
            rate_per_network=rate_per_network,
        )
    )


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
    return limits_exceeded(
        [
            *address_limits(
                request,
                group=group,
                rate_per_ip=rate_per_ip,
                rate_per_network=rate_per_network,
            ),
            (f"{group}-id", identification, rate_per_identification),
        ]
    )


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
