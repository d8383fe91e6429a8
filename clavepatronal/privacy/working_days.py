"""Legal deadlines in working days: Monday to Friday, Ecuador's national holidays
(the `holidays` library, as the turns' calendar reads them) excluded."""

import datetime

from clavepatronal.appointments.selectors import working_day_is


def working_days_add(*, start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (the start day itself is not
    counted, as the law counts a term from the day after the fact)."""
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if working_day_is(day=day):
            counted += 1
    return day


def working_days_between(*, start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end`
    is before `start` (days overdue)."""
    if end < start:
        return -working_days_between(start=end, end=start)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if working_day_is(day=day):
            count += 1
    return count
