"""The project's calendar: London time, ages, and the England (and Wales) working days.

Ages are whole years and whole months, as a birthday counts them. Working days are weekdays
that are not bank holidays, computed.

Bank holidays follow the Banking and Financial Dealings Act 1971 and the royal proclamations
that move or add days: New Year's Day, Good Friday, Easter Monday, the early May, spring and
summer bank holidays, Christmas Day and Boxing Day, with a substitute weekday when a fixed-date
holiday falls at a weekend. Easter comes from the Gregorian computus. One-off days and moved
days are listed below by year; add a line when a proclamation makes a new one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# Proclaimed one-off bank holidays.
ONE_OFF: dict[int, tuple[date, ...]] = {
    1999: (date(1999, 12, 31),),  # millennium
    2002: (date(2002, 6, 3),),  # Golden Jubilee
    2011: (date(2011, 4, 29),),  # royal wedding
    2012: (date(2012, 6, 5),),  # Diamond Jubilee
    2022: (date(2022, 6, 3), date(2022, 9, 19)),  # Platinum Jubilee; the Queen's funeral
    2023: (date(2023, 5, 8),),  # the King's coronation
}
# Regular holidays moved by proclamation: year -> (usual date -> date it moved to).
MOVED: dict[int, dict[str, date]] = {
    1995: {"early_may": date(1995, 5, 8)},  # VE Day 50
    2002: {"spring": date(2002, 6, 4)},
    2012: {"spring": date(2012, 6, 4)},
    2020: {"early_may": date(2020, 5, 8)},  # VE Day 75
    2022: {"spring": date(2022, 6, 2)},
}


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(0 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    d = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=d.weekday())


@cache
def bank_holidays(year: int) -> frozenset[date]:
    moved = MOVED.get(year, {})
    days: set[date] = set()
    new_year = date(year, 1, 1)
    days.add(new_year + timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    easter = easter_sunday(year)
    days.update({easter - timedelta(days=2), easter + timedelta(days=1)})
    days.add(moved.get("early_may", _first_monday(year, 5)))
    days.add(moved.get("spring", _last_monday(year, 5)))
    days.add(_last_monday(year, 8))
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        days.update({date(year, 12, 27), date(year, 12, 28)})
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, Christmas Tuesday
        days.update({boxing, date(year, 12, 27)})
    elif christmas.weekday() == 4:  # Friday: Boxing Day on Monday
        days.update({christmas, date(year, 12, 28)})
    else:
        days.update({christmas, boxing})
    days.update(ONE_OFF.get(year, ()))
    return frozenset(days)


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
