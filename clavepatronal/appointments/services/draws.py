"""Draws (sorteo): a released day takes applications until its draw; then every
application has the same chance, whatever second it arrived (docs/turnos.md).

Each draw is one transaction per agency-day: a worker killed half-way leaves
nothing, and a second run (or a second worker) finds it done and changes nothing.
"""

import contextlib
import datetime
import gc
import secrets
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat
from typing import NamedTuple

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import (
    audit_event_record,
    audit_events_record_bulk,
)
from clavepatronal.core.tasks import task_enqueue_with_transaction
from clavepatronal.documents.codes import random_code
from clavepatronal.observability import record

from ..allocation import allocate, seed_hash
from ..constants import (
    SLOT_START_FORMAT,
    TURN_CODE_LENGTH,
    DrawStatus,
)
from ..models import Agency, Draw, Slot
from ..selectors import release_next, slot_starts, working_day_is
from ..selectors.draws import (
    draw_window,
    draws_due,
    is_sorteo,
)
from .calendar_version import calendar_version_bump
from .draw_entries import draw_entries
from .draw_results import SYSTEM, applications_close, draw_events, turns_insert


def draws_prepare(*, now: datetime.datetime | None = None) -> list[Draw]:
    """Before the next release, every agency in sorteo gets the draw of the day that
    release opens: its seed is chosen now and only its SHA-256 is published."""
    now = now or timezone.now()
    release = release_next(now=now)
    opens_at, closes_at = draw_window(day_released=release.opens_at.date())
    made = []
    released_on = timezone.localdate(release.opens_at)  # an AUTO agency's mode then
    for agency in Agency.objects.filter(is_active=True):
        if not is_sorteo(agency, on=released_on) or not working_day_is(
            day=release.day, agency=agency
        ):
            continue
        if Draw.objects.filter(agency=agency, day=release.day).exists():
            continue
        made.append(
            draw_publish(
                agency=agency, day=release.day, opens_at=opens_at, closes_at=closes_at
            )
        )
    return made


@transaction.atomic
def draw_publish(*, agency, day, opens_at, closes_at) -> Draw:
    """A day's draw, open for applications from `opens_at` to `closes_at`: its seed
    kept, its hash published."""
    seed = secrets.token_hex(32)
    draw = Draw(
        agency=agency,
        day=day,
        opens_at=opens_at,
        closes_at=closes_at,
        seed=seed,
        seed_hash=seed_hash(seed),
    )
    draw.full_clean(exclude=["agency"], validate_constraints=False)
    draw.save()
    audit_event_record(
        action=AuditAction.SORTEO_PUBLICADO,
        target=draw,
        actor_label=SYSTEM,
        data={"agency": agency.pk, "day": day.isoformat(), "seed_hash": draw.seed_hash},
    )
    calendar_version_bump(agency_id=agency.pk)  # the day now takes applications
    return draw


# Agencies whose due draws run at the same time, each in a thread of its own.
AGENCIES_AT_ONCE = 2


def draws_run_due(*, now: datetime.datetime | None = None) -> list[Draw]:
    """Run every draw whose window has closed (cron or a worker), in the order the
    windows closed; on a server database, AGENCIES_AT_ONCE agencies at a time.

    Two agencies' draws share no row that either writes (an application waits at
    one agency: one pending per number and procedure, and per employer), and a
    draw is mostly reading its applications and computing, which two can do at
    once: while one waits for the database the other computes. An agency's own
    draws still run one after the other. Inside a transaction (a test) other
    connections would see nothing, and SQLite writes one at a time: in turn, on
    the calling thread (as with AGENCIES_AT_ONCE = 1, which a profile can see)."""
    now = now or timezone.now()
    due = list(draws_due(now=now).values_list("pk", "agency_id"))
    if (
        AGENCIES_AT_ONCE == 1
        or connection.in_atomic_block
        or not connection.features.has_select_for_update
    ):
        return _draws_run([draw_id for draw_id, _agency in due], now)
    by_agency: dict[int, list[int]] = {}
    for draw_id, agency_id in due:
        by_agency.setdefault(agency_id, []).append(draw_id)
    with ThreadPoolExecutor(AGENCIES_AT_ONCE) as pool:
        batches = pool.map(_draws_run_in_thread, by_agency.values(), repeat(now))
        drawn = [draw for batch in batches for draw in batch]
    return sorted(drawn, key=lambda draw: (draw.closes_at, draw.pk))


def _draws_run(draw_ids: list[int], now: datetime.datetime) -> list[Draw]:
    pseudonyms: dict[int, str] = {}  # a day's losers are in the next day's draw
    return [
        drawn
        for draw_id in draw_ids
        if (drawn := draw_run(draw_id=draw_id, now=now, pseudonyms=pseudonyms))
        is not None
    ]


def _draws_run_in_thread(draw_ids: list[int], now: datetime.datetime) -> list[Draw]:
    try:
        return _draws_run(draw_ids, now)
    finally:
        connections.close_all()  # this thread's own


class _Offer(NamedTuple):
    """Seats a draw offers at one start: its published key, how many, and the
    start's row (None for a drawn day's start nobody has booked)."""

    key: str
    free: int
    slot: Slot | None
    starts_at: datetime.datetime


def _pool(draw: Draw, now: datetime.datetime) -> list[_Offer]:
    """The seats offered: every free seat of the drawn day, then the seats freed on
    earlier drawn days that were kept for this draw (still far enough ahead)."""
    agency = draw.agency
    earliest = now + datetime.timedelta(minutes=settings.TURNOS_LEAD_MINUTES)
    day_starts = datetime.datetime.combine(
        draw.day, datetime.time(), tzinfo=timezone.get_default_timezone()
    )
    day_ends = day_starts + datetime.timedelta(days=1)
    rows = Slot.objects.select_for_update().filter(
        Q(starts_at__gte=day_starts, starts_at__lt=day_ends)
        | Q(held__gt=0, starts_at__gte=earliest),
        agency=agency,
    )
    today, kept = {}, []
    for slot in rows.order_by("starts_at"):
        if day_starts <= slot.starts_at < day_ends:
            today[slot.starts_at] = slot
        else:
            kept.append(slot)
    pool = []
    for start in slot_starts(agency=agency, day=draw.day):
        slot = today.get(start)
        free = slot.capacity - slot.booked - slot.held if slot else None
        free = agency.capacity_per_slot if free is None else free
        if start >= earliest and free > 0:
            pool.append(_Offer(_key(start), free, slot, start))
    return pool + [
        _Offer(_key(slot.starts_at), slot.held, slot, slot.starts_at) for slot in kept
    ]


def _key(start: datetime.datetime) -> str:
    return timezone.localtime(start).strftime(SLOT_START_FORMAT)


def draw_run(
    *,
    draw_id: int,
    now: datetime.datetime | None = None,
    pseudonyms: dict[int, str] | None = None,
) -> Draw | None:
    """Draw one agency-day, or nothing if it is not due or already drawn.
    `pseudonyms`: the applications' pseudonyms a run of draws already computed."""
    now = now or timezone.now()
    started = time.monotonic()
    with _collector_paused(), transaction.atomic():
        # The agency's row too: two draws of one agency (two workers, a backlog)
        # run one after the other, so the second counts the first among the draws
        # its applications lost (priority_cutoff). Bookings are not held up.
        draw = (
            Draw.objects.select_for_update(no_key=True, of=("self", "agency"))
            .select_related("agency")
            .filter(pk=draw_id, status=DrawStatus.ABIERTO, closes_at__lte=now)
            .first()
        )
        if draw is None:
            return None
        taking_part = draw_entries(draw, pseudonyms)
        entries = taking_part.entries
        pool = _pool(draw, now)
        won = allocate(draw.seed, entries, [(offer.key, offer.free) for offer in pool])
        pk_of = {
            entry.pseudonym: pk
            for entry, pk in zip(entries, taking_part.pks, strict=True)
        }
        winners = {pk_of[pseudonym]: key for pseudonym, key in won.items()}
        turns = _turns_create(draw, pool, winners)
        losers = [pk for pk in taking_part.pks if pk not in winners]
        applications_close(turns, taking_part.void)
        draw.status = DrawStatus.REALIZADO
        draw.drawn_at = now
        draw.seats = sum(offer.free for offer in pool)
        draw.applications = len(entries)
        draw.winners = len(won)
        draw.result = {
            "pool": [[offer.key, offer.free] for offer in pool],
            # Plain tuples, stored as JSON arrays: thousands of lists per draw
            # would be walked by every later garbage collection.
            "entries": [tuple(entry) for entry in entries],
            "assigned": won,
        }
        draw.save()
        audit_events_record_bulk(
            events=draw_events(draw, turns, losers, taking_part.void),
            actor_label=SYSTEM,
        )
        _draw_announce(draw)
        record.draw_finished(agency=draw.agency_id, seconds=time.monotonic() - started)
    return draw


def _draw_announce(draw: Draw) -> None:
    """Inside the draw's transaction: its mails queued, and the agency's calendar
    version bumped (the last write, after every seat)."""
    from ..tasks import draw_notify_task

    task_enqueue_with_transaction(
        draw_notify_task, draw_id=draw.pk, key=f"sorteo-{uuid.uuid4().hex}"
    )
    calendar_version_bump(agency_id=draw.agency_id)


@contextlib.contextmanager
def _collector_paused():
    """A draw builds a few objects per application (thousands), freed by
    reference counting; meanwhile Python's cycle collector would walk every object
    of the process again and again, a quarter of the draw's Python time. Paused
    for the draw, as `timeit` does, and restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _turns_create(
    draw: Draw, pool: list[_Offer], winners: dict[int, str]
) -> dict[int, tuple[int, str]]:
    """The one place a draw creates turns: the winners' seats taken, and a turn
    for each winner (application pk → the start it won) in the holder's name:
    application pk → (turn pk, code)."""
    slot_of = _seats_take(draw, pool, list(winners.values()))
    return turns_insert(
        [
            (application, random_code(TURN_CODE_LENGTH), slot_of[key])
            for application, key in winners.items()
        ]
    )


def _seats_take(draw: Draw, pool: list[_Offer], won: list[str]) -> dict[str, int]:
    """The seats the winners took (the drawn day's rows created as needed; seats
    kept from earlier days released to everyone if nobody won them): the pk of
    each start's row."""
    agency = draw.agency
    taken: dict[str, int] = {}
    for key in won:
        taken[key] = taken.get(key, 0) + 1
    stamp = timezone.now()
    # The drawn day's rows are made with their seats taken. Nobody can book a day
    # before its draw, so none of them exists yet; if one did, the INSERT fails and
    # the whole draw with it, to be run again (it then finds the row).
    new = [offer for offer in pool if offer.slot is None]
    made = Slot.objects.bulk_create(
        [
            Slot(
                agency=agency,
                starts_at=offer.starts_at,
                ends_at=agency.slot_end(offer.starts_at),
                capacity=agency.capacity_per_slot,
                booked=taken.get(offer.key, 0),
            )
            for offer in new
        ]
    )
    for key, _free, slot, _start in pool:
        if slot is not None and (taken.get(key) or slot.held):
            Slot.objects.filter(pk=slot.pk).update(
                booked=F("booked") + taken.get(key, 0), held=0, updated=stamp
            )
    slot_of = {offer.key: slot.pk for offer, slot in zip(new, made, strict=True)}
    slot_of.update({offer.key: offer.slot.pk for offer in pool if offer.slot})
    return slot_of
