"""The calendar: working days, the daily release and the free seats of each hour."""

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import holidays
from django.conf import settings
from django.db import connections
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.constants import CLOSING_TIME, OPENING_TIME, OPENING_WEEKDAYS

from ..constants import SLOT_START_FORMAT
from ..models import Agency, AgencyCalendar, AgencyClosure, Draw, Slot
from .booking import DayFacts
from .draws import DayPhase, day_phase, draw_day_get, draws_by_day


class FreeSlot(NamedTuple):
    """A tuple, not a dataclass: the calendar makes hundreds per page view."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    free: int

    # The calendar shows dozens of buttons: plain strftime (digits only, no locale)
    # instead of localized date filters. starts_at is local time (slot_starts).
    @property
    def value(self) -> str:
        """Step g's form value (SlotForm's input format)."""
        return self.starts_at.strftime(SLOT_START_FORMAT)

    @property
    def time_label(self) -> str:
        return self.starts_at.strftime("%H:%M")


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    slots: list[FreeSlot]
    phase: str = DayPhase.ORDEN  # DayPhase: booked now, or applications for a draw
    draw: Draw | None = None

    @property
    def takes_applications(self) -> bool:
        return self.phase == DayPhase.SOLICITUDES

    @property
    def free_seats(self) -> int:
        """Seats left that day, all hours together (the day list shows it)."""
        return sum(slot.free for slot in self.slots)

    @property
    def label(self) -> str:
        """«lunes 30 de noviembre», for the day list."""
        return _day_label(self.date, translation.get_language())


@lru_cache(maxsize=256)
def _day_label(day: datetime.date, language: str) -> str:
    # A localized date format costs a dozen translation lookups; the calendar shows
    # the same few days to everyone, so each label is made once per process.
    return formats.date_format(day, "l j \\d\\e F")


@dataclass(frozen=True)
class Release:
    """When the next day opens for booking, and which day that is."""

    opens_at: datetime.datetime
    day: datetime.date


def local_time(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, timezone.get_default_timezone())


@lru_cache(maxsize=16)
def _national_holidays(year: int) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays("EC", language="es", years=year))


def holiday_name(*, day: datetime.date) -> str | None:
    """The national holiday of Ecuador on `day` (observed dates included), if any."""
    return _national_holidays(day.year).get(day)


def working_day_is(*, day: datetime.date, agency: Agency | None = None) -> bool:
    """Monday to Friday, no national holiday and, for an agency, no closure."""
    if day.weekday() not in OPENING_WEEKDAYS or holiday_name(day=day):
        return False
    if agency is not None:
        return not AgencyClosure.objects.filter(agency=agency, date=day).exists()
    return True


def working_day_next(*, day: datetime.date) -> datetime.date:
    """The first national working day after `day`."""
    candidate = day + datetime.timedelta(days=1)
    while not working_day_is(day=candidate):
        candidate += datetime.timedelta(days=1)
    return candidate


def _release_time() -> datetime.time:
    return datetime.time.fromisoformat(settings.TURNOS_RELEASE_TIME)


def booking_window(*, now: datetime.datetime) -> tuple[datetime.date, datetime.date]:
    """First and last local dates open for booking at `now`.

    Every day at TURNOS_RELEASE_TIME one more day opens, so the window always ends
    TURNOS_DAYS_AHEAD - 1 days after today once that hour has passed.
    """
    local = local_time(now)
    today = local.date()
    days_ahead = max(settings.TURNOS_DAYS_AHEAD, 1)
    last = today + datetime.timedelta(days=days_ahead - 1)
    if local.time() < _release_time():
        last -= datetime.timedelta(days=1)
    return today, max(last, today)


def released_at(day: datetime.date) -> datetime.datetime:
    """When `day` opened for booking: TURNOS_DAYS_AHEAD - 1 days before it, at
    TURNOS_RELEASE_TIME (local), as booking_window opens the days."""
    ahead = max(settings.TURNOS_DAYS_AHEAD, 1) - 1
    return datetime.datetime.combine(
        day - datetime.timedelta(days=ahead),
        _release_time(),
        tzinfo=timezone.get_default_timezone(),
    )


def release_next(*, now: datetime.datetime) -> Release:
    """The next daily release that opens a working day (the one worth announcing)."""
    local = local_time(now)
    release_day = local.date()
    if local.time() >= _release_time():
        release_day += datetime.timedelta(days=1)
    for _attempt in range(15):
        opens_at = datetime.datetime.combine(
            release_day, _release_time(), tzinfo=local.tzinfo
        )
        _, last = booking_window(now=opens_at)
        if working_day_is(day=last):
            break
        release_day += datetime.timedelta(days=1)
    return Release(opens_at=opens_at, day=last)


def slot_starts(*, agency: Agency, day: datetime.date) -> list[datetime.datetime]:
    """Every start of the agency's grid on `day`; the last slot ends by closing time."""
    tz = timezone.get_default_timezone()
    step = datetime.timedelta(minutes=agency.slot_minutes)
    start = datetime.datetime.combine(day, OPENING_TIME, tzinfo=tz)
    closing = datetime.datetime.combine(day, CLOSING_TIME, tzinfo=tz)
    starts = []
    while start + step <= closing:
        starts.append(start)
        start += step
    return starts


def window_open_days(*, agency: Agency, now: datetime.datetime) -> tuple:
    """The booking window (first and last day), the earliest bookable start (the
    lead time), and the agency's working days in the window (closures out)."""
    first, last = booking_window(now=now)
    earliest = now + datetime.timedelta(minutes=settings.TURNOS_LEAD_MINUTES)
    closed = set(
        AgencyClosure.objects.filter(
            agency=agency, date__range=(first, last)
        ).values_list("date", flat=True)
    )
    days = [
        first + datetime.timedelta(days=offset)
        for offset in range((last - first).days + 1)
    ]
    return (
        first,
        last,
        earliest,
        [day for day in days if day not in closed and working_day_is(day=day)],
    )


def slot_calendar(*, agency: Agency, now: datetime.datetime) -> list[CalendarDay]:
    """Bookable days of the window, each with its free slots (days without any left
    out): working days only, none in the past or within the lead time."""
    first, last, earliest, open_days = window_open_days(agency=agency, now=now)
    tz = timezone.get_default_timezone()
    taken = {
        starts_at: capacity - booked - held
        for starts_at, capacity, booked, held in Slot.objects.filter(
            agency=agency,
            starts_at__gte=datetime.datetime.combine(first, OPENING_TIME, tzinfo=tz),
            starts_at__lt=datetime.datetime.combine(last, CLOSING_TIME, tzinfo=tz),
        ).values_list("starts_at", "capacity", "booked", "held")
    }
    draws = draws_by_day(agency=agency, first=first, last=last)
    step = datetime.timedelta(minutes=agency.slot_minutes)
    days = []
    for day in open_days:
        phase = day_phase(draws.get(day), now)
        if phase != DayPhase.SORTEO:
            free_slots = []
            for start in slot_starts(agency=agency, day=day):
                free = taken.get(start, agency.capacity_per_slot)
                if start >= earliest and free > 0:
                    free_slots.append(FreeSlot(start, start + step, free))
            if free_slots:
                days.append(
                    CalendarDay(day, free_slots, phase=phase, draw=draws.get(day))
                )
    return days


class CalendarStamp(NamedTuple):
    """What a cached step g page is found by: the agency's calendar version and
    the name of the procedure it shows."""

    version: int
    procedure_name: str


def calendar_stamp(*, agency_id: int, procedure_type_id: int) -> CalendarStamp | None:
    """In one query, written out because step g reads it on every request (the
    ORM's compiling costs more than the query): None when the agency is not active
    or either row is missing. An agency without a version row is at version 0."""
    connection = connections[Agency.objects.db]
    quote = connection.ops.quote_name
    agencies = quote(Agency._meta.db_table)
    versions = quote(AgencyCalendar._meta.db_table)
    procedures = quote(ProcedureType._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(v.{quote('version')}, 0), p.{quote('name')} "
            f"FROM {agencies} a JOIN {procedures} p ON p.{quote('id')} = %s "
            f"LEFT JOIN {versions} v ON v.{quote('agency_id')} = a.{quote('id')} "
            f"WHERE a.{quote('id')} = %s AND a.{quote('is_active')}",
            [procedure_type_id, agency_id],
        )
        row = cursor.fetchone()
    return CalendarStamp(*row) if row else None


def calendar_valid_until(
    *, days: list[CalendarDay], now: datetime.datetime
) -> datetime.datetime:
    """The first moment at which time alone changes the calendar computed at `now`
    (every other change bumps the version): midnight and the daily release move
    the window, the first hour shown passes its lead time, a draw closes."""
    local = local_time(now)
    midnight = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), datetime.time(0), local.tzinfo
    )
    release = datetime.datetime.combine(local.date(), _release_time(), local.tzinfo)
    if release <= local:
        release += datetime.timedelta(days=1)
    moments = [midnight, release]
    if days:
        lead = datetime.timedelta(minutes=settings.TURNOS_LEAD_MINUTES)
        moments.append(days[0].slots[0].starts_at - lead)
    moments += [d.draw.closes_at for d in days if d.draw and d.draw.closes_at > now]
    return min(moments)


def day_facts_get(*, agency: Agency, day: datetime.date) -> DayFacts:
    return DayFacts(
        closed=AgencyClosure.objects.filter(agency=agency, date=day).exists(),
        draw=draw_day_get(agency=agency, day=day),
    )


def slot_unbookable_reason(
    *,
    agency: Agency,
    starts_at: datetime.datetime,
    now: datetime.datetime,
    day_facts: DayFacts | None = None,
) -> str | None:
    """Why a turn cannot start at `starts_at` at this agency, or None if it can;
    `day_facts` when the caller already read them (booking_facts).

    Capacity is not judged here: the booking's conditional UPDATE does that.
    """
    if timezone.is_naive(starts_at):
        return _("El horario elegido no es válido.")
    day = local_time(starts_at).date()
    if not agency.is_active:
        return _("La agencia elegida no está atendiendo turnos.")
    if starts_at not in slot_starts(agency=agency, day=day):
        return _("El horario elegido no es válido.")
    if not working_day_is(day=day):
        return _("La agencia no atiende ese día. Elija otro día.")
    day_facts = day_facts or day_facts_get(agency=agency, day=day)
    if day_facts.closed:
        return _("La agencia no atiende ese día. Elija otro día.")
    first, last = booking_window(now=now)
    if day < first:
        return _("Ese día ya pasó. Elija otro día.")
    if day > last:
        return _("Ese día todavía no está abierto para turnos. Elija otro día.")
    if starts_at < now + datetime.timedelta(minutes=settings.TURNOS_LEAD_MINUTES):
        return _("Ese horario ya no se puede reservar. Elija uno más adelante.")
    if day_phase(day_facts.draw, now) != DayPhase.ORDEN:
        return _(
            "Ese día se asigna por sorteo: presente su solicitud para ese día hasta "
            "la hora del sorteo, o elija otro día."
        )
    return None


def slot_free_seats(*, agency: Agency, starts_at: datetime.datetime) -> int:
    """Seats still free at that start (the slot's row may not exist yet)."""
    slot = Slot.objects.filter(agency=agency, starts_at=starts_at).first()
    if slot is None:
        return agency.capacity_per_slot
    return max(slot.capacity - slot.booked - slot.held, 0)
