from django.db import connection


def database_is_up() -> bool:
    """True when the default database answers a trivial query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)
