"""Operation Encompass: a domestic abuse incident a school-age child was present at reaches her
school's designated safeguarding lead by email before the next school day starts (08:30), the
school known from any event it sent naming her, in any role, or learnt after the incident."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from joinedup.core.calendar import LONDON
from joinedup.signals.models import Signal
from joinedup.signals.tests.timelines import MILL, ev, who

ELLA: dict[str, Any] = dict(given="Ella", family="Price", dob="2018-06-01", address=MILL)
THEO: dict[str, Any] = dict(given="Theo", family="Price", dob="2020-09-09", address=MILL)


def _brothers_absence(when: str) -> dict:
    """The school writes about her brother; Ella is named in it, not as the pupil."""
    return ev(
        "school",
        "education.absence",
        when,
        [who("t", "child", **THEO), who("e", "household_member", **ELLA)],
        {"sessions_missed": 4, "sessions_possible": 10},
    )


def _incident(when: str, reported: str) -> dict:
    return ev(
        "police",
        "police.domestic_abuse_incident",
        when,
        [who("e", "child", **ELLA)],
        {"children_present": True},
        reported=reported,
    )


def test_it_tells_the_school_known_from_an_event_about_her_brother_at_once(db, cast, live, mail):
    live(
        _brothers_absence("2026-01-20"),
        _incident("2026-02-06T22:30", "2026-02-06T23:40"),  # a Friday night
    )
    signal = Signal.objects.get(rule="domestic_abuse_school_notice", person__given_name="Ella")
    assert [r.organisation_id for r in signal.recipients.all()] == [cast.school.pk]
    assert signal.due_at == datetime(2026, 2, 9, 8, 30, tzinfo=LONDON)  # Monday, 08:30
    [email] = mail.to(cast.school_dsl.email)  # sent when raised: that night
    assert f"/signals/{signal.pk}" in email.get_content()
    assert "Ella" not in email.get_content()


def test_it_counts_bank_holidays_out_of_the_next_school_day(db, cast, live):
    live(_brothers_absence("2026-03-10"), _incident("2026-04-02T22:00", "2026-04-02T23:00"))
    signal = Signal.objects.get(rule="domestic_abuse_school_notice")
    # Good Friday and Easter Monday are bank holidays: Tuesday 7 April.
    assert signal.due_at == datetime(2026, 4, 7, 8, 30, tzinfo=LONDON)


def test_it_tells_the_school_as_soon_as_it_is_known_after_the_incident(db, cast, live, mail):
    live(_incident("2026-02-06T22:30", "2026-02-06T23:40"))
    signal = Signal.objects.get(rule="domestic_abuse_school_notice")
    assert [r.role for r in signal.recipients.all()] == ["front_door"]  # school not known
    assert not mail.to(cast.school_dsl.email)
    live(_brothers_absence("2026-02-09T07:00"))  # Monday, before school starts
    assert {r.organisation_id for r in signal.recipients.all()} == {None, cast.school.pk}
    [email] = mail.to(cast.school_dsl.email)
    assert f"/signals/{signal.pk}" in email.get_content()
    assert Signal.objects.filter(rule="domestic_abuse_school_notice").count() == 1
