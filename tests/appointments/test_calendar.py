"""Which days and hours are offered: working days, holidays, closures, hours, window."""

import datetime

import pytest

from clavepatronal.appointments.models import AgencyClosure
from clavepatronal.appointments.selectors import (
    booking_window,
    holiday_name,
    release_next,
    slot_calendar,
    slot_starts,
    slot_unbookable_reason,
    working_day_is,
)
from clavepatronal.appointments.services import turn_book
from clavepatronal.core.exceptions import ApplicationError

from .conftest import GYE, NOW, local, verified_person
from .factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _days(agency, now):
    return [day.date for day in slot_calendar(agency=agency, now=now)]


def test_weekends_are_never_offered(agency):
    days = _days(agency, NOW)
    assert days
    assert all(day.weekday() < 5 for day in days)
    assert datetime.date(2026, 12, 12) not in days  # Saturday
    assert datetime.date(2026, 12, 13) not in days  # Sunday
    assert datetime.date(2026, 12, 11) in days  # Friday


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (datetime.date(2026, 12, 25), "Navidad"),
        (datetime.date(2026, 11, 2), "Día de Difuntos"),
        (datetime.date(2026, 11, 3), "Independencia de Cuenca"),
    ],
)
def test_national_holidays_of_ecuador_are_closed(agency, day, name):
    assert holiday_name(day=day) == name
    assert not working_day_is(day=day)
    now = datetime.datetime.combine(
        day - datetime.timedelta(days=4), datetime.time(9), tzinfo=GYE
    )
    days = _days(agency, now)
    assert day not in days
    # The working days around it are offered.
    assert any(other > day for other in days)
    start = datetime.datetime.combine(day, datetime.time(10), tzinfo=GYE)
    assert slot_unbookable_reason(agency=agency, starts_at=start, now=now)
    with pytest.raises(ApplicationError, match="no atiende ese día"):
        turn_book(
            **verified_person(now=now),
            agency=agency,
            procedure_type=agency.procedure_types.get(),
            starts_at=start,
            now=now,
        )


def test_days_around_difuntos_and_cuenca_are_offered(agency):
    now = local(2026, 10, 29, 9, 0)  # Thursday
    days = _days(agency, now)
    assert datetime.date(2026, 10, 30) in days
    assert datetime.date(2026, 11, 2) not in days
    assert datetime.date(2026, 11, 3) not in days
    assert datetime.date(2026, 11, 4) in days


def test_an_agency_closure_removes_that_day_for_that_agency_only(agency):
    other = AgencyFactory(
        province=agency.province, name="Otra agencia", address="Quito"
    )
    closed = datetime.date(2026, 12, 9)
    AgencyClosure.objects.create(agency=agency, date=closed, reason="Fumigación")
    assert closed not in _days(agency, NOW)
    assert closed in _days(other, NOW)
    assert not working_day_is(day=closed, agency=agency)
    start = local(2026, 12, 9, 10, 0)
    assert "no atiende ese día" in slot_unbookable_reason(
        agency=agency, starts_at=start, now=NOW
    )


@pytest.mark.parametrize(
    ("minutes", "count", "last_start", "last_end"),
    [
        (20, 27, datetime.time(16, 40), datetime.time(17, 0)),
        (25, 21, datetime.time(16, 20), datetime.time(16, 45)),
        (45, 12, datetime.time(16, 15), datetime.time(17, 0)),
        (240, 2, datetime.time(12, 0), datetime.time(16, 0)),
    ],
)
def test_the_last_slot_of_the_day_ends_by_five(
    agency, minutes, count, last_start, last_end
):
    agency.slot_minutes = minutes
    starts = slot_starts(agency=agency, day=datetime.date(2026, 12, 8))
    assert len(starts) == count
    assert starts[0].astimezone(GYE).time() == datetime.time(8, 0)
    last = starts[-1].astimezone(GYE)
    assert last.time() == last_start
    assert (last + datetime.timedelta(minutes=minutes)).time() == last_end


def test_hours_are_guayaquil_time(agency):
    first = slot_starts(agency=agency, day=datetime.date(2026, 12, 8))[0]
    assert first.utcoffset() == datetime.timedelta(hours=-5)
    assert first.astimezone(datetime.UTC).hour == 13
    # A moment given in UTC is read in Guayaquil: 13:30 UTC is 8:30 local on Tuesday.
    now = datetime.datetime(2026, 12, 8, 13, 30, tzinfo=datetime.UTC)
    today = slot_calendar(agency=agency, now=now)[0]
    assert today.date == datetime.date(2026, 12, 8)
    assert today.slots[0].starts_at.astimezone(GYE).time() == datetime.time(10, 40)


def test_no_slot_in_the_past_or_within_the_lead_time(agency):
    today = slot_calendar(agency=agency, now=NOW)[0]
    assert today.date == NOW.date()
    assert today.slots[0].starts_at == local(2026, 12, 7, 11, 0)
    assert slot_unbookable_reason(
        agency=agency, starts_at=local(2026, 12, 7, 10, 40), now=NOW
    )
    assert slot_unbookable_reason(
        agency=agency, starts_at=local(2026, 12, 7, 8, 0), now=NOW
    )
    assert (
        slot_unbookable_reason(
            agency=agency, starts_at=local(2026, 12, 7, 11, 0), now=NOW
        )
        is None
    )


def test_a_start_off_the_agency_grid_or_after_closing_is_refused(agency):
    assert slot_unbookable_reason(
        agency=agency, starts_at=local(2026, 12, 8, 8, 10), now=NOW
    )
    assert slot_unbookable_reason(
        agency=agency, starts_at=local(2026, 12, 8, 17, 0), now=NOW
    )
    assert slot_unbookable_reason(
        agency=agency, starts_at=local(2026, 12, 8, 7, 40), now=NOW
    )


def test_a_new_day_opens_at_the_release_hour(agency):
    before = local(2026, 12, 7, 6, 59)
    after = local(2026, 12, 7, 7, 0)
    assert booking_window(now=before) == (
        datetime.date(2026, 12, 7),
        datetime.date(2026, 12, 19),
    )
    assert booking_window(now=after) == (
        datetime.date(2026, 12, 7),
        datetime.date(2026, 12, 20),
    )
    # The day opening at 7:00 on Monday 7 is Sunday 20: the announcement names the
    # next release that opens a working day, Tuesday 8 with Monday 21.
    release = release_next(now=before)
    assert release.opens_at == local(2026, 12, 8, 7, 0)
    assert release.day == datetime.date(2026, 12, 21)
    assert release_next(now=after) == release
    release = release_next(now=local(2026, 12, 9, 6, 0))
    assert release.opens_at == local(2026, 12, 9, 7, 0)
    assert release.day == datetime.date(2026, 12, 22)
    # Before Christmas the release that would open the 25th is skipped too.
    assert release_next(now=local(2026, 12, 11, 8, 0)).day == datetime.date(
        2026, 12, 28
    )
    # Monday 21 opens on Tuesday 8 at 7:00, not a minute before.
    monday = local(2026, 12, 21, 10, 0)
    assert slot_unbookable_reason(
        agency=agency, starts_at=monday, now=local(2026, 12, 8, 6, 59)
    )
    assert (
        slot_unbookable_reason(
            agency=agency, starts_at=monday, now=local(2026, 12, 8, 7, 0)
        )
        is None
    )
    assert max(_days(agency, local(2026, 12, 8, 7, 0))) == datetime.date(2026, 12, 21)


def test_full_slots_are_not_offered(agency, clave):
    start = local(2026, 12, 8, 8, 0)
    for _ in range(2):
        turn_book(
            **verified_person(),
            agency=agency,
            procedure_type=clave,
            starts_at=start,
            now=NOW,
        )
    tuesday = next(d for d in slot_calendar(agency=agency, now=NOW) if d.date.day == 8)
    assert start not in [slot.starts_at for slot in tuesday.slots]
    assert tuesday.slots[0].starts_at == local(2026, 12, 8, 8, 20)
