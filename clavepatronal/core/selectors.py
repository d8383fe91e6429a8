import secrets

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
