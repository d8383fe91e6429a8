"""Seats: taken with a conditional UPDATE that cannot pass the slot's capacity (and a
CHECK constraint behind it), and given back: kept for the next draw on a drawn day,
else offered to the waiting list first (services.waitlist_offers), and only then
free for everyone. The caller bumps the agency's calendar version as the last write
of its transaction (services.calendar_version)."""

import datetime

from django.conf import settings
from django.db import connections
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.core.exceptions import ApplicationError

from ..constants import DrawStatus
from ..models import Agency, Draw, Slot, WaitlistOffer
from ..selectors import DayFacts, slot_unbookable_reason
from .waitlist_offers import waitlist_offer_make


class NoAvailabilityError(ApplicationError):
    """The slot filled up (someone else took its last seat)."""


def no_availability() -> NoAvailabilityError:
    return NoAvailabilityError(
        _(
            "Lo sentimos, ese horario se quedó sin disponibilidad. Elija otro día u "
            "otra hora."
        ),
        extra={"code": "sin_disponibilidad"},
    )


def bookable_require(
    *,
    agency: Agency,
    starts_at: datetime.datetime,
    now: datetime.datetime,
    day_facts: DayFacts | None = None,
) -> None:
    reason = slot_unbookable_reason(
        agency=agency, starts_at=starts_at, now=now, day_facts=day_facts
    )
    if reason:
        raise ApplicationError(reason, extra={"code": "not_bookable"})


def seat_take(*, agency: Agency, starts_at: datetime.datetime) -> Slot:
    """Take one seat, creating the slot row on first use (inside a transaction).

    The conditional UPDATE first (one statement when the row exists); a row that
    exists without a seat is refused at once, as before. Else the row is created
    with its first seat taken, `ON CONFLICT DO NOTHING` (no savepoint, no second
    UPDATE); when a concurrent first booking created it instead, the UPDATE once
    more."""
    slot = _seat_update(agency=agency, starts_at=starts_at)
    if slot is None:
        if Slot.objects.filter(agency=agency, starts_at=starts_at).exists():
            raise no_availability()
        if agency.capacity_per_slot >= 1:
            slot = _slot_insert_taken(agency=agency, starts_at=starts_at)
            if slot is None:
                slot = _seat_update(agency=agency, starts_at=starts_at)
    if slot is None:
        raise no_availability()
    return slot


def _slot_sql() -> tuple:
    connection = connections[Slot.objects.db]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in Slot._meta.concrete_fields)
    return connection, quote, columns


def _seat_update(*, agency: Agency, starts_at: datetime.datetime) -> Slot | None:
    """The conditional UPDATE that takes a seat, returning the slot it took it in
    (one statement on both databases: RETURNING), or None when there is no row or
    no seat left."""
    connection, quote, columns = _slot_sql()
    booked, held, capacity = quote("booked"), quote("held"), quote("capacity")
    rows = list(
        Slot.objects.raw(
            f"UPDATE {quote(Slot._meta.db_table)} "
            f"SET {booked} = {booked} + 1, {quote('updated')} = %s "
            f"WHERE {quote('agency_id')} = %s AND {quote('starts_at')} = %s "
            f"AND {booked} < {capacity} - {held} RETURNING {columns}",
            [
                connection.ops.adapt_datetimefield_value(timezone.now()),
                agency.pk,
                connection.ops.adapt_datetimefield_value(starts_at),
            ],
        )
    )
    return rows[0] if rows else None


def _slot_insert_taken(*, agency: Agency, starts_at: datetime.datetime) -> Slot | None:
    """The slot's first row, its first seat taken; None when the row exists (the
    unique (agency, start) settles a concurrent first booking). The agency's own
    values: its capacity (at least one), its slot's end; the CHECK constraints
    stay behind them."""
    connection, quote, columns = _slot_sql()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = list(
        Slot.objects.raw(
            f"INSERT INTO {quote(Slot._meta.db_table)} ({quote('created')}, "
            f"{quote('updated')}, {quote('agency_id')}, {quote('starts_at')}, "
            f"{quote('ends_at')}, {quote('capacity')}, {quote('booked')}, "
            f"{quote('held')}) VALUES (%s, %s, %s, %s, %s, %s, 1, 0) "
            f"ON CONFLICT ({quote('agency_id')}, {quote('starts_at')}) DO NOTHING "
            f"RETURNING {columns}",
            [
                now,
                now,
                agency.pk,
                connection.ops.adapt_datetimefield_value(starts_at),
                connection.ops.adapt_datetimefield_value(agency.slot_end(starts_at)),
                agency.capacity_per_slot,
            ],
        )
    )
    return rows[0] if rows else None


def _kept_for_a_draw(slot: Slot) -> bool:
    """A seat freed on a day that was drawn goes to the agency's next draw when one
    runs in time for it, never to whoever polls at the moment it is freed."""
    day = timezone.localtime(slot.starts_at).date()
    drawn = Draw.objects.filter(
        agency_id=slot.agency_id, day=day, status=DrawStatus.REALIZADO
    )
    if not drawn.exists():
        return False
    cutoff = slot.starts_at - datetime.timedelta(minutes=settings.TURNOS_LEAD_MINUTES)
    return Draw.objects.filter(
        agency_id=slot.agency_id, status=DrawStatus.ABIERTO, closes_at__lt=cutoff
    ).exists()


def seat_release(
    *, slot_id: int, now: datetime.datetime | None = None
) -> WaitlistOffer | None:
    """Give a seat back, inside the caller's transaction. On a drawn day it is kept
    for the next draw (_kept_for_a_draw); on any other day it goes to the waiting
    list first: held, still counted in `booked` so nobody else sees or takes it,
    for the first entry in the published order that waits for that day and hour
    (the offer is returned). Only a seat no entry waits for is free for everyone."""
    now = now or timezone.now()
    slot = Slot.objects.select_related("agency").get(pk=slot_id)
    if slot.booked < 1:
        return None
    kept = _kept_for_a_draw(slot)
    if not kept and (offer := waitlist_offer_make(slot=slot, now=now)) is not None:
        return offer
    freed = {"booked": F("booked") - 1, "updated": now}
    if kept:
        freed["held"] = F("held") + 1
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(**freed)
    return None
