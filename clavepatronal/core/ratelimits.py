"""One rule for the forms that act on someone's identification (turns, portal): limit
per client IP and per identification, both counted in the shared cache."""

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


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
