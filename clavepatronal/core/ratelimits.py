"""One rule for the forms that act on someone's identification (turns, portal): limit
per client IP and per identification, both counted in the shared cache; and the
budget of failed logins per address at each door."""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage, is_ratelimited


def ip_and_identification_limited(
    request: HttpRequest,
    *,
    group: str,
    identification: str,
    rate_per_ip: str,
    rate_per_identification: str,
) -> bool:
    """Count this request against both limits; True when either is exceeded."""
    by_ip = is_ratelimited(
        request, group=f"{group}-ip", key="ip", rate=rate_per_ip, increment=True
    )
    by_identification = is_ratelimited(
        request,
        group=f"{group}-id",
        key=lambda _group, _request: identification,
        rate=rate_per_identification,
        increment=True,
    )
    return by_ip or by_identification


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
