"""The case timelines: every expected signal fires on the right day; quiet families stay quiet.

Each timeline runs two ways. "live": events arrive one by one, in the order agencies reported
them, each evaluated by the after-commit hook, with the scheduled job run daily. "history":
the whole timeline is loaded in one batch, shuffled, and the scheduled job run once at the end.
Both must give the same signals, on the same days.
"""

from __future__ import annotations

import copy
import random
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command

from joinedup.chronology.testing import record
from joinedup.core.calendar import start_of_day
from joinedup.signals.evaluation import signals_evaluate, signals_sweep
from joinedup.signals.models import Signal, SignalEvidence
from joinedup.signals.selectors import signals_list
from joinedup.signals.tests.conftest import raised
from joinedup.signals.tests.timelines import LOOKED_AFTER_ED, QUIET, TIMELINES, Timeline


def _end(day: str) -> datetime:
    return start_of_day(date.fromisoformat(day) + timedelta(days=1))


def _live(timeline: Timeline, send) -> None:
    bodies = sorted(timeline.events, key=lambda b: b["reported_at"])
    first = datetime.fromisoformat(bodies[0]["reported_at"]).date()
    day = first
    for body in bodies:
        reported = datetime.fromisoformat(body["reported_at"]).date()
        while day < reported:  # the nightly job, on every day before this event arrived
            signals_sweep(until=start_of_day(day + timedelta(days=1)), escalate=False)
            day += timedelta(days=1)
        send(body)
    until = date.fromisoformat(timeline.until)
    while day <= until:
        signals_sweep(until=_end(day.isoformat()), escalate=False)
        day += timedelta(days=1)


def _history(timeline: Timeline, django_capture_on_commit_callbacks) -> None:
    bodies = list(timeline.events)
    random.Random(timeline.name).shuffle(bodies)
    with django_capture_on_commit_callbacks(execute=True):
        results = record(*bodies)
    assert all(r.status == "created" for r in results), [r.as_dict() for r in results]
    call_command("signals", "evaluate", "--until", timeline.until, "--no-escalate")


@pytest.mark.parametrize("timeline", TIMELINES, ids=lambda t: t.name)
def test_it_raises_each_expected_signal_on_the_day_living_through_the_timeline(db, timeline, live):
    _live(timeline, live)
    assert raised() == sorted(timeline.expected)


def test_it_raises_the_signal_when_a_detail_uses_an_unfamiliar_word(db, live):
    """A looked-after child's attendance naming an injury kind the contract does not list is
    kept (with a warning to the sender), and raises the signal it always would have."""
    timeline = copy.deepcopy(LOOKED_AFTER_ED)
    for body in timeline.events:
        if body["type"] == "health.unscheduled_care_attendance":
            body["details"]["injury"] = {"kind": "sprain", "site": "wrist"}
    _live(timeline, live)
    assert raised() == sorted(LOOKED_AFTER_ED.expected)


@pytest.mark.parametrize("timeline", TIMELINES, ids=lambda t: t.name)
def test_it_raises_the_same_signals_when_the_history_is_loaded_at_once(
    db, timeline, django_capture_on_commit_callbacks
):
    _history(timeline, django_capture_on_commit_callbacks)
    assert raised() == sorted(timeline.expected)


@pytest.mark.parametrize("timeline", QUIET, ids=lambda t: t.name)
def test_it_stays_silent_on_quiet_families(db, timeline, live, django_capture_on_commit_callbacks):
    _history(timeline, django_capture_on_commit_callbacks)
    assert raised() == []


def _snapshot() -> list[tuple]:
    return sorted(
        (
            row["rule"],
            row["child"]["name"],
            row["pattern"].split(":")[0],
            row["raised_at"],
            tuple(sorted(e["record_id"] for e in row["evidence"])),
        )
        for row in signals_list()
    )


@pytest.mark.parametrize("timeline", TIMELINES, ids=lambda t: t.name)
def test_it_gives_identical_signals_and_evidence_live_and_from_history(db, timeline, live):
    _live(timeline, live)
    lived = _snapshot()
    SignalEvidence.objects.all().delete()
    for signal in Signal.objects.all():
        signal.recipients.all().delete()
    Signal.objects.all().delete()
    children = {pk: None for pk in Signal.objects.values_list("person_id", flat=True)}
    from joinedup.people.models import Person

    children = {pk: None for pk in Person.objects.values_list("pk", flat=True)}
    signals_evaluate(since=children)
    signals_sweep(until=_end(timeline.until), escalate=False)
    assert _snapshot() == lived


@pytest.mark.parametrize("timeline", TIMELINES, ids=lambda t: t.name)
def test_it_raises_nothing_new_when_the_same_events_are_replayed(
    db, timeline, django_capture_on_commit_callbacks
):
    _history(timeline, django_capture_on_commit_callbacks)
    before = (Signal.objects.count(), SignalEvidence.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        results = record(*timeline.events)
    assert {r.status for r in results} == {"unchanged"}
    from joinedup.people.models import Person

    signals_evaluate(since={pk: None for pk in Person.objects.values_list("pk", flat=True)})
    call_command("signals", "evaluate", "--until", timeline.until, "--no-escalate")
    assert (Signal.objects.count(), SignalEvidence.objects.count()) == before


def test_it_reads_not_yet_mobile_from_flags_and_from_the_words_of_the_record():
    from datetime import UTC, datetime

    from joinedup.signals.facts import Fact
    from joinedup.signals.rules.injuries import not_mobile

    def fact(details, summary=""):
        moment = datetime(2026, 5, 1, tzinfo=UTC)
        return Fact(
            1,
            1,
            1,
            "child",
            "health.injury_observed",
            "health",
            1,
            "GP",
            "R1",
            moment,
            moment,
            details,
            summary,
        )

    assert not_mobile(fact({"mobile": False}))
    assert not_mobile(fact({"non_mobile": True}))
    assert not_mobile(fact({"mobility": "non-mobile"}))
    assert not_mobile(fact({}, "Baby is not yet able to roll over."))
    assert not_mobile(fact({"explanation": "she can't roll yet, found bruise after bath"}))
    assert not not_mobile(fact({"mobile": True}, "Crawling well, pulls to stand."))
