"""Time for the demo borough: the window, local moments, ages as practitioners write them.

Working days and the London clock are the project's own (`core.calendar`): a social
worker's deadline in the demo skips a bank holiday as the rules that watch it do.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from joinedup.core.calendar import LONDON, add_working_days, months_old, years_old

__all__ = [
    "LONDON",
    "academic_age",
    "add_working_days",
    "age_words",
    "months_before",
    "terms",
    "utc_text",
    "weekday",
]


def months_before(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def age_words(dob: date, on: date) -> str:
    """ "4 months", "2", "14": how a practitioner writes a child's age in a summary."""
    months = months_old(dob, on)
    if months < 1:
        days = (on - dob).days
        return f"{days} day{'s' if days != 1 else ''} old"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    return str(years_old(dob, on))


def academic_age(dob: date, on: date) -> int:
    """Age on the 31 August before `on`: 4 is Reception, 10 is Year 6, 15 is Year 11."""
    year = on.year if on.month >= 9 else on.year - 1
    return years_old(dob, date(year, 8, 31))


def weekday(day: date) -> date:
    """`day`, or the Monday after it if it falls at a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def terms(start: date, today: date) -> list[tuple[date, date]]:
    """English school terms (roughly) that ended inside the window."""
    found = []
    for year in range(start.year - 1, today.year + 1):
        for first, last in (
            (date(year, 9, 3), date(year, 12, 19)),
            (date(year + 1, 1, 6), date(year + 1, 3, 28)),
            (date(year + 1, 4, 14), date(year + 1, 7, 21)),
        ):
            if first >= start and last < today:
                found.append((first, last))
    return sorted(set(found))
