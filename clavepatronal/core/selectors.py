import datetime
import secrets

from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db import connection


def database_is_up() -> bool:
    """True when the default database answers a trivial query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_is_up() -> bool:
    """True when the shared cache (Redis in production) stores and returns a value."""
    probe = secrets.token_hex(8)
    cache.set("salud:probe", probe, timeout=10)
    return cache.get("salud:probe") == probe


def login_lockout_until(
    *, username: str | None, ip_address: str | None, now: datetime.datetime
) -> datetime.datetime | None:
    """When django-axes lets this username from this IP try again, or None.

    `username` is as django-axes stores it (with its door, core.lockouts). Failures
    are counted for each group of AXES_LOCKOUT_PARAMETERS (today the account and
    the address together); each attempt row holds its latest failure. Going from
    the newest row back, the one where the count reaches the limit is the one whose
    expiry lifts the lock.
    """
    cooloff = settings.AXES_COOLOFF_TIME
    limit = settings.AXES_FAILURE_LIMIT
    values = {"username": username, "ip_address": ip_address}
    until = None
    for group in settings.AXES_LOCKOUT_PARAMETERS:
        names = [group] if isinstance(group, str) else list(group)
        if not all(values.get(name) for name in names):
            continue
        rows = AccessAttempt.objects.filter(
            **{name: values[name] for name in names}, attempt_time__gte=now - cooloff
        ).order_by("-attempt_time")
        counted = 0
        for row in rows.only("attempt_time", "failures_since_start"):
            counted += row.failures_since_start
            if counted >= limit:
                lifted = row.attempt_time + cooloff
                until = lifted if until is None else max(until, lifted)
                break
    return until
