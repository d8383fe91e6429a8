"""The version of an agency's calendar: bumped inside the transaction of every change
the calendar shows (a seat taken or given back, a draw, a closure, the agency's own
settings), so it becomes visible exactly when that change commits and a rollback
takes it back with the change (docs/deploy.md, «Capacidad»).

Where the cache is Redis, step g reads its versions there, in the same round trip as
its limits, session and page (views.calendar_trip): a counter per agency and one for
the catalogue (a procedure's name is on the page). Each change bumps the agency's
counter twice: inside its transaction, so no page computed after it is kept under
the old version, and once it commits, so a page computed between the two (from the
data before the commit) is never served. Any save or deletion of an agency or a
procedure type bumps them too (an agency closed in the admin is not served from the
cache). A counter lost in Redis comes back from a seed above its old values
(core.cache.version_seed).
"""

import logging

from django.core.cache import caches
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.cache import RedisCache

from ..models import Agency, AgencyCalendar

logger = logging.getLogger(__name__)

CALENDAR_VERSION_PREFIX = "turnos-calendario-version:"
CALENDAR_CATALOGUE_VERSION_KEY = "turnos-calendario-catalogo"


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
    calendar_cache_bump(keys=[f"{CALENDAR_VERSION_PREFIX}{agency_id}"])


def calendar_cache_bump(*, keys: list[str]) -> None:
    """The Redis counters of step g's trip: now, and again after the commit."""
    if not isinstance(caches["default"], RedisCache):
        return
    caches["default"].versions_bump(keys)
    transaction.on_commit(lambda: _bump_after_commit(keys))


def _bump_after_commit(keys: list[str]) -> None:
    try:
        caches["default"].versions_bump(keys)
    except Exception:  # the change is committed: a failed second bump only logs
        logger.exception("calendar version not bumped after commit")


@receiver(post_save, sender=Agency, dispatch_uid="calendar_agency_saved")
@receiver(post_delete, sender=Agency, dispatch_uid="calendar_agency_deleted")
def _agency_changed(sender, instance: Agency, **kwargs) -> None:
    calendar_cache_bump(keys=[f"{CALENDAR_VERSION_PREFIX}{instance.pk}"])


@receiver(post_save, sender=ProcedureType, dispatch_uid="calendar_procedure_saved")
@receiver(post_delete, sender=ProcedureType, dispatch_uid="calendar_procedure_deleted")
def _procedure_changed(sender, instance: ProcedureType, **kwargs) -> None:
    calendar_cache_bump(keys=[CALENDAR_CATALOGUE_VERSION_KEY])
