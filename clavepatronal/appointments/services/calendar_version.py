"""The version of an agency's calendar: bumped inside the transaction of every change
the calendar shows (a seat taken or given back, a draw, a closure, the agency's own
settings), so it becomes visible exactly when that change commits and a rollback
takes it back with the change (docs/deploy.md, «Capacidad»)."""

from django.db import connections

from ..models import AgencyCalendar


def calendar_version_bump(*, agency_id: int) -> None:
    """One statement on both databases: an upsert, so an agency without a version
    row (version 0) gets one. Call it as the last write of the transaction: the
    row is locked until commit, and taking it after every seat row keeps one lock
    order for all (no deadlock between a booking and a reschedule)."""
    connection = connections[AgencyCalendar.objects.db]
    quote = connection.ops.quote_name
    table = quote(AgencyCalendar._meta.db_table)
    agency, version = quote("agency_id"), quote("version")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({agency}, {version}) VALUES (%s, 1) "
            f"ON CONFLICT ({agency}) DO UPDATE SET {version} = {table}.{version} + 1",
            [agency_id],
        )
