"""The project's calendar: London time, ages, months, and the England (and Wales) working days.

Ages are whole years and whole months, as a birthday counts them. Working days are weekdays
that are not bank holidays in England.

The bank holidays come from the maintained `holidays` package (its UK calendar for England,
`subdiv="ENG"`), which follows the Banking and Financial Dealings Act 1971 and the royal
proclamations that move or add days: substitute days, Easter, and one-off days such as a
coronation or a state funeral. Nothing here keeps a list of its own: a newly proclaimed day
arrives with an upgrade of the pinned package (requirements/base.in; ADR 0024).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in `year` that fall on a weekday, as gov.uk lists them: a
    holiday at a weekend counts by its substitute weekday."""
    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in england if day.weekday() < 5)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


@lru_cache(maxsize=65536)
def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` (n >= 1); `day` itself is not counted."""
    count = 0
    while count < n:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return day


def next_working_day(day: date) -> date:
    return add_working_days(day, 1)


def working_days_between(start: date, end: date) -> int:
    """The working days after `start` up to and including `end` (0 if `end` is not later)."""
    if end <= start:
        return 0
    count = 0
    for year in range(start.year, end.year + 1):
        first = max(start + timedelta(days=1), date(year, 1, 1))
        last = min(end, date(year, 12, 31))
        weekdays = _weekdays_through(last) - _weekdays_through(first - timedelta(days=1))
        count += weekdays - sum(first <= day <= last for day in bank_holidays(year))
    return count


def _weekdays_through(day: date) -> int:
    """Monday-to-Friday days from an epoch Monday up to and including `day`."""
    weeks, rest = divmod(day.toordinal() - 1, 7)  # ordinal 1, 1 Jan 1, was a Monday
    return weeks * 5 + min(rest + 1, 5)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier, if negative), clamped to the last
    day of a shorter month: 31 January plus one month is 28 or 29 February."""
    month0 = day.year * 12 + day.month - 1 + months
    year, month = divmod(month0, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def local_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day`, London time."""
    return datetime.combine(day, time(0, 0), tzinfo=LONDON)


def one_working_day_after(moment: datetime) -> datetime:
    """The same time of day on the next working day: "after one working day"."""
    local = moment.astimezone(LONDON)
    return datetime.combine(next_working_day(local.date()), local.time(), tzinfo=LONDON)


WORKING_DAY_END = time(18, 0)  # when the front door's working day ends, London time


def working_day_end(moment: datetime) -> datetime:
    """The end (18:00) of the working day `moment` falls in; after that, or on a day that is
    not a working day, the end of the next working day: "by the end of the same working day"."""
    local = moment.astimezone(LONDON)
    day = local.date()
    if not is_working_day(day) or local.time() >= WORKING_DAY_END:
        day = next_working_day(day)
    return datetime.combine(day, WORKING_DAY_END, tzinfo=LONDON)


def school_day_start_after(moment: datetime, at: time = time(8, 30)) -> datetime:
    """The start (08:30) of the next school day after `moment` (weekdays that are not holidays):
    the same day's, if `moment` is before it on a school day (an incident at 01:00 on a Monday
    is for Monday morning), else the next one's.

    School terms are not modelled: a holiday week counts as school days, which only makes the
    notice earlier, never later.
    """
    local = moment.astimezone(LONDON)
    day = local.date()
    if not (is_working_day(day) and local.time() < at):
        day = next_working_day(day)
    return datetime.combine(day, at, tzinfo=LONDON)


def years_old(born: date, on: date) -> int:
    """Whole years from `born` to `on`, as birthdays count them (negative before birth)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def months_old(born: date, on: date) -> int:
    """Whole months from `born` to `on`, as monthly birthdays count them."""
    return (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
