from datetime import date

import pytest

from joinedup.core.calendar import (
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    one_working_day_after,
    school_day_start_after,
    working_days_between,
)

# gov.uk/bank-holidays, England and Wales.
KNOWN = {
    2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    2022: [
        "01-03",
        "04-15",
        "04-18",
        "05-02",
        "06-02",
        "06-03",
        "08-29",
        "09-19",
        "12-26",
        "12-27",
    ],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_it_computes_the_published_bank_holidays(year):
    assert sorted(bank_holidays(year)) == [date.fromisoformat(f"{year}-{d}") for d in KNOWN[year]]


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 25),  # Christmas Day, a Friday
        date(2026, 12, 28),  # Boxing Day (Saturday) substituted on the Monday
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2023, 5, 8),  # the King's coronation
        date(2022, 6, 3),  # the Platinum Jubilee
        date(2022, 9, 19),  # the Queen's state funeral
    ],
)
def test_it_takes_holidays_and_proclaimed_days_from_the_england_calendar(day):
    assert day.weekday() < 5
    assert not is_working_day(day)


def test_it_counts_working_days_over_christmas_and_the_substitute_boxing_day():
    assert is_working_day(date(2026, 12, 24))
    assert add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 29)


def test_it_counts_the_working_days_after_a_start_up_to_an_end():
    assert working_days_between(date(2026, 12, 23), date(2026, 12, 29)) == 2
    assert working_days_between(date(2026, 4, 1), date(2026, 4, 17)) == 10  # over Easter
    assert working_days_between(date(2026, 5, 1), date(2026, 5, 4)) == 0  # weekend, bank holiday
    assert working_days_between(date(2026, 12, 31), date(2027, 1, 4)) == 1  # New Year's Day
    assert working_days_between(date(2026, 6, 1), date(2026, 6, 1)) == 0
    assert working_days_between(date(2026, 6, 5), date(2026, 6, 1)) == 0


def test_it_agrees_with_add_working_days_across_years():
    start = date(2021, 11, 15)
    for n in (1, 5, 20, 65, 250, 600):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_it_adds_months_on_the_same_day_of_the_month():
    assert add_months(date(2026, 3, 15), 1) == date(2026, 4, 15)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)
    assert add_months(date(2026, 3, 15), 0) == date(2026, 3, 15)


def test_it_clamps_a_month_later_to_the_last_day_of_a_shorter_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)  # leap year
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 8, 31), 1) == date(2026, 9, 30)


def test_it_skips_weekends_and_bank_holidays_when_counting_working_days():
    assert not is_working_day(date(2026, 4, 3))  # Good Friday
    assert add_working_days(date(2026, 4, 1), 2) == date(2026, 4, 7)  # over Easter
    assert add_working_days(date(2026, 4, 1), 10) == date(2026, 4, 17)
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)  # the Queen's funeral
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_it_escalates_after_one_working_day_and_tells_schools_before_the_next_school_day():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    friday = datetime(2026, 5, 1, 16, 40, tzinfo=london)
    assert one_working_day_after(friday) == datetime(2026, 5, 5, 16, 40, tzinfo=london)
    assert school_day_start_after(friday) == datetime(2026, 5, 5, 8, 30, tzinfo=london)


def test_it_tells_a_school_the_same_morning_of_an_incident_in_the_small_hours():
    from datetime import datetime

    from joinedup.core.calendar import LONDON

    monday_1am = datetime(2026, 5, 11, 1, 0, tzinfo=LONDON)
    assert school_day_start_after(monday_1am) == datetime(2026, 5, 11, 8, 30, tzinfo=LONDON)
    monday_0830 = datetime(2026, 5, 11, 8, 30, tzinfo=LONDON)  # school has started: tomorrow
    assert school_day_start_after(monday_0830) == datetime(2026, 5, 12, 8, 30, tzinfo=LONDON)
    sunday = datetime(2026, 5, 10, 23, 0, tzinfo=LONDON)
    assert school_day_start_after(sunday) == datetime(2026, 5, 11, 8, 30, tzinfo=LONDON)


def test_it_ends_the_same_working_day_at_six_or_the_next_working_days():
    from datetime import datetime

    from joinedup.core.calendar import LONDON, working_day_end

    assert working_day_end(datetime(2026, 5, 11, 9, 0, tzinfo=LONDON)) == datetime(
        2026, 5, 11, 18, 0, tzinfo=LONDON
    )
    late_friday = datetime(2026, 5, 1, 19, 0, tzinfo=LONDON)  # Monday 4 May is a bank holiday
    assert working_day_end(late_friday) == datetime(2026, 5, 5, 18, 0, tzinfo=LONDON)
