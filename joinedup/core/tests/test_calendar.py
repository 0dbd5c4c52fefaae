from datetime import date

import pytest

from joinedup.core.calendar import (
    add_working_days,
    bank_holidays,
    easter_sunday,
    is_working_day,
    one_working_day_after,
    school_day_start_after,
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
    "year, day",
    [(2000, "04-23"), (2008, "03-23"), (2011, "04-24"), (2019, "04-21"), (2038, "04-25")],
)
def test_it_finds_easter_by_the_computus(year, day):
    assert easter_sunday(year) == date.fromisoformat(f"{year}-{day}")


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
