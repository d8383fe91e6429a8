"""Open statistics of the turns (/turnos/estadisticas/, docs/turnos.md
«Estadísticas públicas»): per agency, procedure and month, what was offered and
how it went. Counts only, never a person; a count under TURNOS_STATS_MIN_COUNT is
suppressed with every figure computed from it, so a small cell cannot point at
someone."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..constants import (
    ApplicationStatus,
    DrawStatus,
    OfferStatus,
    TurnChannel,
    TurnStatus,
)
from ..models import (
    Agency,
    AgencyClosure,
    Draw,
    Slot,
    Turn,
    TurnApplication,
    WaitlistOffer,
)
from .calendar import booking_window, slot_starts, working_day_is

# A turn that held its seat on the day: what "turns booked" counts.
_HELD = (
    TurnStatus.RESERVADO,
    TurnStatus.EN_ESPERA,
    TurnStatus.ATENDIDO,
    TurnStatus.NO_ASISTIO,
)
# Applications that took part in a draw (not withdrawn, not left unconfirmed).
_ENTERED = (ApplicationStatus.ASIGNADA, ApplicationStatus.VENCIDA)


@dataclass(frozen=True)
class MonthFigures:
    """One agency, procedure and month. None: suppressed, or nothing to divide."""

    month: str  # YYYY-MM
    agency: str
    province: str
    procedure: str
    agency_seats: int  # the agency's seats, shared by its procedures
    draw_seats: int
    turns_booked: int | None
    # turns_booked by where they were made (online, at the counter, by phone)
    turns_online: int | None
    turns_counter: int | None
    turns_phone: int | None
    waitlist_offers_taken: int | None
    applications: int | None
    applications_per_seat: float | None
    median_days_to_turn: float | None
    no_show_rate: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def stats_first_month(today: datetime.date) -> datetime.date:
    """The first day of the oldest month shown (TURNOS_STATS_MONTHS, this one
    included)."""
    month = today.year * 12 + today.month - 1 - (settings.TURNOS_STATS_MONTHS - 1)
    return datetime.date(month // 12, month % 12 + 1, 1)


def _month_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _month(value) -> str:
    return value.strftime("%Y-%m")


def _working_days(first: datetime.date, last: datetime.date, closed: set) -> dict:
    """month → the agency's working days from first to last (closures out)."""
    days = defaultdict(int)
    day = first
    while day <= last:
        if day not in closed and working_day_is(day=day):
            days[_month(day)] += 1
        day += datetime.timedelta(days=1)
    return days


def _seats(first: datetime.date, now: datetime.datetime) -> tuple[dict, dict]:
    """(agency, month) → seats offered, and → seats drawn. Slot rows exist only
    once a seat was taken: the others hold the agency's capacity per slot, on every
    working day released so far."""
    _, last = booking_window(now=now)
    rows = (
        Slot.objects.filter(
            starts_at__gte=_month_start(first),
            starts_at__lt=_month_start(last + datetime.timedelta(days=1)),
        )
        .annotate(month=TruncMonth("starts_at"))
        .values("agency_id", "month")
        .annotate(capacity=Sum("capacity"), count=Count("pk"))
        .order_by()
    )
    rows = {(row["agency_id"], _month(row["month"])): row for row in rows}
    closures = defaultdict(set)
    for agency_id, day in AgencyClosure.objects.filter(date__gte=first).values_list(
        "agency_id", "date"
    ):
        closures[agency_id].add(day)
    offered = {}
    for agency in Agency.objects.filter(is_active=True):
        grid = len(slot_starts(agency=agency, day=first)) * agency.capacity_per_slot
        for month, days in _working_days(first, last, closures[agency.pk]).items():
            row = rows.get((agency.pk, month), {"capacity": 0, "count": 0})
            extra = row["capacity"] - row["count"] * agency.capacity_per_slot
            offered[(agency.pk, month)] = days * grid + extra
    draws = (
        Draw.objects.filter(day__gte=first, status=DrawStatus.REALIZADO)
        .annotate(month=TruncMonth("day"))
        .values("agency_id", "month")
        .annotate(seats=Sum("seats"))
        .order_by()
    )
    drawn = {(row["agency_id"], _month(row["month"])): row["seats"] for row in draws}
    return offered, drawn


def _turns(first: datetime.date) -> dict:
    """(agency, procedure, month) → [days from booking to turn, ...], attended,
    missed, and the count per channel."""
    found = defaultdict(_empty_turns)
    rows = Turn.objects.filter(
        slot__starts_at__gte=_month_start(first), status__in=_HELD
    ).values_list(
        "slot__agency_id",
        "procedure_type_id",
        "slot__starts_at",
        "created",
        "status",
        "channel",
    )
    for agency, procedure, starts, created, status, channel in rows.order_by():
        day = timezone.localdate(starts)
        cell = found[(agency, procedure, _month(day))]
        cell["waits"].append((day - timezone.localdate(created)).days)
        cell["attended"] += status == TurnStatus.ATENDIDO
        cell["missed"] += status == TurnStatus.NO_ASISTIO
        cell["channels"][channel] += 1
    return found


def _empty_turns() -> dict:
    return {"waits": [], "attended": 0, "missed": 0, "channels": defaultdict(int)}


def _offers_taken(first: datetime.date) -> dict:
    """(agency, procedure, month of the turn) → freed seats the waiting list took."""
    rows = (
        WaitlistOffer.objects.filter(
            status=OfferStatus.TOMADA, slot__starts_at__gte=_month_start(first)
        )
        .annotate(month=TruncMonth("slot__starts_at"))
        .values("slot__agency_id", "entry__procedure_type_id", "month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        (
            row["slot__agency_id"],
            row["entry__procedure_type_id"],
            _month(row["month"]),
        ): row["count"]
        for row in rows
    }


def _applications(first: datetime.date) -> dict:
    rows = (
        TurnApplication.objects.filter(day__gte=first, status__in=_ENTERED)
        .annotate(month=TruncMonth("day"))
        .values("agency_id", "procedure_type_id", "month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        (row["agency_id"], row["procedure_type_id"], _month(row["month"])): row["count"]
        for row in rows
    }


def _suppressed(count: int) -> bool:
    return 0 < count < settings.TURNOS_STATS_MIN_COUNT


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 2) if whole else None


def _by_channel(turns: dict, hidden: bool) -> dict:
    """The booked turns per channel, each suppressed under the minimum; when one
    is, the smallest of the others is too, so the total cannot give it away."""
    names = {
        "turns_online": TurnChannel.EN_LINEA,
        "turns_counter": TurnChannel.VENTANILLA,
        "turns_phone": TurnChannel.TELEFONO,
    }
    counts = {name: turns["channels"][channel] for name, channel in names.items()}
    if hidden:
        return dict.fromkeys(counts)
    shown = {name: count for name, count in counts.items() if not _suppressed(count)}
    if len(shown) == len(counts) - 1:
        del shown[min(shown, key=shown.get)]
    return {name: shown.get(name) for name in counts}


def _figures(key, agency, procedure, seats, turns, asked) -> MonthFigures:
    agency_seats, draw_seats = seats
    applications, taken = asked
    booked = len(turns["waits"])
    closed = turns["attended"] + turns["missed"]
    hidden_turns = _suppressed(booked)
    return MonthFigures(
        month=key,
        agency=agency.name,
        province=agency.province.name,
        procedure=procedure.name,
        agency_seats=agency_seats,
        draw_seats=draw_seats,
        turns_booked=None if hidden_turns else booked,
        **_by_channel(turns, hidden_turns),
        waitlist_offers_taken=None if _suppressed(taken) else taken,
        applications=None if _suppressed(applications) else applications,
        applications_per_seat=(
            None if _suppressed(applications) else _ratio(applications, draw_seats)
        ),
        median_days_to_turn=(
            None
            if hidden_turns or not booked
            else float(statistics.median(turns["waits"]))
        ),
        no_show_rate=(
            None
            if hidden_turns or _suppressed(closed)
            else _ratio(turns["missed"], closed)
        ),
    )


def turn_statistics(*, now: datetime.datetime) -> list[MonthFigures]:
    """Every active agency × the procedures it serves × the months shown, newest
    month first; a month with nothing offered and nothing asked is left out."""
    first = stats_first_month(timezone.localdate(now))
    offered, drawn = _seats(first, now)
    turns, applications = _turns(first), _applications(first)
    taken = _offers_taken(first)
    months = sorted(
        {key[1] for key in offered}
        | {key[2] for key in turns}
        | {key[2] for key in applications},
        reverse=True,
    )
    empty = _empty_turns()
    rows = []
    agencies = Agency.objects.filter(is_active=True).select_related("province")
    for agency in agencies.prefetch_related("procedure_types").order_by("name"):
        for procedure in agency.procedure_types.all():
            for month in months:
                seats = (
                    offered.get((agency.pk, month), 0),
                    drawn.get((agency.pk, month), 0),
                )
                key = (agency.pk, procedure.pk, month)
                cell = turns.get(key, empty)
                asked = (applications.get(key, 0), taken.get(key, 0))
                if not (seats[0] or cell["waits"] or asked[0]):
                    continue
                rows.append(_figures(month, agency, procedure, seats, cell, asked))
    rows.sort(key=lambda row: row.month, reverse=True)
    return rows
