"""Draws (sorteo): a released day takes applications until its draw; then every
application has the same chance, whatever second it arrived (docs/turnos.md).

Each draw is one transaction per agency-day: a worker killed half-way leaves
nothing, and a second run (or a second worker) finds it done and changes nothing.
"""

import datetime
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import (
    audit_event_record,
)
from clavepatronal.core.tasks import task_enqueue_with_transaction
from clavepatronal.documents.codes import random_code

from ..allocation import allocate, seed_hash
from ..constants import (
    SLOT_START_FORMAT,
    TURN_ACTIVE_STATUSES,
    TURN_CODE_LENGTH,
    ApplicationStatus,
    DrawStatus,
    TurnStatus,
)
from ..models import Agency, Draw, Slot, Turn, TurnApplication
from ..selectors import release_next, slot_starts, working_day_is
from ..selectors.draws import (
    application_entry,
    application_pseudonyms,
    draw_window,
    draws_due,
    is_sorteo,
)
from .calendar_version import calendar_version_bump
from .draw_results import SYSTEM, applications_close


def draws_prepare(*, now: datetime.datetime | None = None) -> list[Draw]:
    """Before the next release, every agency in sorteo gets the draw of the day that
    release opens: its seed is chosen now and only its SHA-256 is published."""
    now = now or timezone.now()
    release = release_next(now=now)
    opens_at, closes_at = draw_window(day_released=release.opens_at.date())
    made = []
    for agency in Agency.objects.filter(is_active=True):
        if not is_sorteo(agency) or not working_day_is(day=release.day, agency=agency):
            continue
        if Draw.objects.filter(agency=agency, day=release.day).exists():
            continue
        made.append(_draw_publish(agency, release.day, opens_at, closes_at))
    return made


@transaction.atomic
def _draw_publish(agency, day, opens_at, closes_at) -> Draw:
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


def draws_run_due(*, now: datetime.datetime | None = None) -> list[Draw]:
    """Run every draw whose window has closed (cron or a worker)."""
    now = now or timezone.now()
    return [
        drawn
        for draw_id in list(draws_due(now=now).values_list("pk", flat=True))
        if (drawn := draw_run(draw_id=draw_id, now=now)) is not None
    ]


def _pool(draw: Draw, now: datetime.datetime) -> list[tuple[str, int, Slot | None]]:
    """The seats offered: every free seat of the drawn day, then the seats freed on
    earlier drawn days that were kept for this draw (still far enough ahead)."""
    agency = draw.agency
    earliest = now + datetime.timedelta(minutes=settings.TURNOS_LEAD_MINUTES)
    rows = {
        slot.starts_at: slot
        for slot in Slot.objects.select_for_update().filter(
            agency=agency, starts_at__date=draw.day
        )
    }
    pool = []
    for start in slot_starts(agency=agency, day=draw.day):
        slot = rows.get(start)
        free = slot.capacity - slot.booked - slot.held if slot else None
        free = agency.capacity_per_slot if free is None else free
        if start >= earliest and free > 0:
            pool.append((_key(start), free, slot))
    kept = Slot.objects.select_for_update().filter(
        agency=agency, held__gt=0, starts_at__gte=earliest
    )
    for slot in kept.exclude(starts_at__date=draw.day).order_by("starts_at"):
        pool.append((_key(slot.starts_at), slot.held, slot))
    return pool


def _key(start: datetime.datetime) -> str:
    return timezone.localtime(start).strftime(SLOT_START_FORMAT)


def _start_of(key: str) -> datetime.datetime:
    naive = datetime.datetime.strptime(key, SLOT_START_FORMAT)
    return timezone.make_aware(naive, timezone.get_default_timezone())


@dataclass(frozen=True)
class _Pending:
    """What the draw reads of a pending application: enough for its entry
    (application_entry reads pk, losses, any_hour and hours) and whether it drops
    out; the full row is read only for the few that win."""

    pk: int
    hours: list
    any_hour: bool
    losses: int
    busy: bool


def _pending(draw: Draw) -> list[_Pending]:
    """The agency's applications still in the draws, for this day or an earlier
    one (an application never enters the draw of a day before the one it asked
    for), each marked busy when its person (or employer) took a turn meanwhile.

    The active turns are matched against the applications by subqueries, not by
    a correlated subquery per application: SQLite cannot use the partial indexes
    for that, and would read every turn once per application."""
    pending = TurnApplication.objects.filter(
        agency=draw.agency, status=ApplicationStatus.PENDIENTE, day__lte=draw.day
    )
    active = Turn.objects.filter(status__in=TURN_ACTIVE_STATUSES)
    busy_people = set(
        active.filter(identification__in=pending.values("identification")).values_list(
            "identification", "procedure_type_id"
        )
    )
    busy_employers = set(
        active.exclude(employer_identification="")
        .filter(employer_identification__in=pending.values("employer_identification"))
        .values_list("employer_identification", flat=True)
    )
    # Locked until the draw commits: a cancellation waits, then finds the
    # application already decided, instead of being overwritten by the draw.
    rows = (
        pending.order_by("pk")
        .select_for_update()
        .values_list(
            "pk",
            "hours",
            "any_hour",
            "losses",
            "identification",
            "procedure_type_id",
            "employer_identification",
        )
    )
    return [
        _Pending(
            pk,
            hours,
            any_hour,
            losses,
            busy=(number, procedure) in busy_people or employer in busy_employers,
        )
        for pk, hours, any_hour, losses, number, procedure, employer in rows
    ]


def draw_run(*, draw_id: int, now: datetime.datetime | None = None) -> Draw | None:
    """Draw one agency-day, or nothing if it is not due or already drawn."""
    now = now or timezone.now()
    with transaction.atomic():
        draw = (
            Draw.objects.select_for_update()
            .select_related("agency")
            .filter(pk=draw_id, status=DrawStatus.ABIERTO, closes_at__lte=now)
            .first()
        )
        if draw is None:
            return None
        pending = _pending(draw)
        eligible = [a for a in pending if not a.busy]
        void = [a.pk for a in pending if a.busy]
        entries = [
            application_entry(a, pseudonym)
            for a, pseudonym in zip(
                eligible, application_pseudonyms([a.pk for a in eligible]), strict=True
            )
        ]
        pk_of = {
            entry.pseudonym: a.pk for entry, a in zip(entries, eligible, strict=True)
        }
        pool = _pool(draw, now)
        won = allocate(draw.seed, entries, [(key, free) for key, free, _slot in pool])
        rows = TurnApplication.objects.in_bulk([pk_of[p] for p in won])
        winners = {pseudonym: rows[pk_of[pseudonym]] for pseudonym in won}
        turns = _seats_and_turns(draw, pool, won, winners)
        losers = [a.pk for a in eligible if a.pk not in rows]
        applications_close(winners, losers, void, turns)
        draw.status = DrawStatus.REALIZADO
        draw.drawn_at = now
        draw.seats = sum(free for _key, free, _slot in pool)
        draw.applications = len(eligible)
        draw.winners = len(won)
        draw.result = {
            "pool": [[key, free] for key, free, _slot in pool],
            "entries": [entry.as_list() for entry in entries],
            "assigned": won,
        }
        draw.save()
        audit_event_record(
            action=AuditAction.SORTEO_REALIZADO,
            target=draw,
            actor_label=SYSTEM,
            data={
                "agency": draw.agency_id,
                "day": draw.day.isoformat(),
                "seats": draw.seats,
                "applications": draw.applications,
                "winners": draw.winners,
            },
        )
        _draw_announce(draw)
    return draw


def _draw_announce(draw: Draw) -> None:
    """Inside the draw's transaction: its mails queued, and the agency's calendar
    version bumped (the last write, after every seat)."""
    from ..tasks import draw_notify_task

    task_enqueue_with_transaction(
        draw_notify_task, draw_id=draw.pk, key=f"sorteo-{uuid.uuid4().hex}"
    )
    calendar_version_bump(agency_id=draw.agency_id)


def _seats_and_turns(draw, pool, won, winners) -> dict[str, Turn]:
    """Seats taken by the winners (the drawn day's rows created as needed; seats
    kept from earlier days released to everyone if nobody won them), and their
    turns, in the holders' names."""
    agency = draw.agency
    taken: dict[str, int] = {}
    for key in won.values():
        taken[key] = taken.get(key, 0) + 1
    stamp = timezone.now()
    # The drawn day's rows are made with their seats taken. Nobody can book a day
    # before its draw, so none of them exists yet; if one did, the INSERT fails and
    # the whole draw with it, to be run again (it then finds the row).
    Slot.objects.bulk_create(
        [
            Slot(
                agency=agency,
                starts_at=_start_of(key),
                ends_at=agency.slot_end(_start_of(key)),
                capacity=agency.capacity_per_slot,
                booked=taken.get(key, 0),
            )
            for key, _free, slot in pool
            if slot is None
        ]
    )
    for key, _free, slot in pool:
        if slot is not None and (taken.get(key) or slot.held):
            Slot.objects.filter(pk=slot.pk).update(
                booked=F("booked") + taken.get(key, 0), held=0, updated=stamp
            )
    slots = {
        _key(slot.starts_at): slot
        for slot in Slot.objects.filter(
            agency=agency, starts_at__in=[_start_of(key) for key, _f, _s in pool]
        )
    }
    turns = {
        pseudonym: _turn_for(winners[pseudonym], slots[key])
        for pseudonym, key in won.items()
    }
    Turn.objects.bulk_create(turns.values(), batch_size=500)
    return turns


def _turn_for(application: TurnApplication, slot: Slot) -> Turn:
    return Turn(
        code=random_code(TURN_CODE_LENGTH),
        slot=slot,
        procedure_type_id=application.procedure_type_id,
        identification_type=application.identification_type,
        identification=application.identification,
        registration_id=application.registration_id,
        employer_identification=application.employer_identification,
        holder_role=application.holder_role,
        holder_names=application.holder_names,
        email=application.email,
        mobile=application.mobile,
        status=TurnStatus.RESERVADO,
    )
