"""The legal clocks count working days: weekends and Ecuador's national holidays
(the `holidays` library) do not count; the start day does not count."""

import datetime

from clavepatronal.privacy.working_days import (
    working_days_add,
    working_days_between,
)


def test_fifteen_working_days_skip_weekends_and_christmas():
    # Monday 7 Dec 2026: Christmas (Friday 25) is skipped, so the 15th working
    # day is Tuesday 29 Dec, one day later than weekends alone would give.
    assert working_days_add(start=datetime.date(2026, 12, 7), days=15) == (
        datetime.date(2026, 12, 29)
    )


def test_the_start_day_is_not_counted():
    monday = datetime.date(2026, 12, 7)
    assert working_days_add(start=monday, days=1) == datetime.date(2026, 12, 8)


def test_a_request_filed_on_a_saturday_counts_from_monday():
    saturday = datetime.date(2026, 12, 12)
    assert working_days_add(start=saturday, days=1) == datetime.date(2026, 12, 14)


def test_three_working_days_skip_the_november_holidays():
    # Friday 30 Oct 2026; Monday 2 and Tuesday 3 Nov are national holidays.
    assert working_days_add(start=datetime.date(2026, 10, 30), days=3) == (
        datetime.date(2026, 11, 6)
    )


def test_days_between_is_negative_when_past():
    friday = datetime.date(2026, 12, 11)
    tuesday = datetime.date(2026, 12, 15)
    assert working_days_between(start=friday, end=tuesday) == 2
    assert working_days_between(start=tuesday, end=friday) == -2
    assert working_days_between(start=friday, end=friday) == 0
