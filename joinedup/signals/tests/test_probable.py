"""Signals on probable identities (ADR 0022): raised now, marked, routed to the front door;
confirmed by a link, withdrawn by keeping the records apart; the review item they wait on due
the same working day."""

from __future__ import annotations

import io
import json
import random
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from joinedup.access.policy import scope_for
from joinedup.audit.services import Actor
from joinedup.cases.services import allocation_start
from joinedup.chronology.testing import record
from joinedup.core.calendar import working_day_end
from joinedup.people.models import IdentityReview, IdentityReviewDue, Person
from joinedup.people.services import identity_review_decide
from joinedup.signals.models import Signal, SignalRecipient
from joinedup.signals.responses import signal_respond, signals_escalate
from joinedup.signals.tests.probable_timelines import (
    INJURED_AT_TWO_HOSPITALS,
    NAMED_BY_NAME_AND_ADDRESS,
    PARTNER_MISSPELT,
)
from joinedup.signals.tests.timelines import ev, who

FRONT_DOOR = Actor(label="Alex Morgan (front door)")


def _probable(rule: str) -> Signal:
    [signal] = Signal.objects.filter(rule=rule)
    assert signal.identity_unconfirmed, signal
    assert signal.review_id is not None
    return signal


def _decide(review_id: int | None, decision: str, capture) -> None:
    with capture(execute=True):
        identity_review_decide(
            actor=FRONT_DOOR,
            review=IdentityReview.objects.get(pk=review_id or 0),
            decision=decision,
            reason="Compared the records with the police" if decision == "link" else "Two men",
        )


def test_it_raises_the_risky_adult_signal_on_a_misspelt_surname_now(db, cast, live):
    live(*PARTNER_MISSPELT)
    signal = _probable("risky_adult_linked")
    review = signal.review
    assert review is not None
    assert {review.person.family_name, review.candidate.family_name} == {"Briant", "Bryant"}
    assert signal.person.given_name == "Lily"
    assert "convicted for a violent offence" in signal.sentence
    assert "Briant" not in signal.sentence  # the held record's name, not the doubtful one's
    assert [(r.role, r.authority_id) for r in signal.recipients.all()] == [
        ("front_door", cast.riverside.pk)
    ]
    assert "identity not confirmed" in signal.routed_label


def test_it_makes_the_review_item_due_the_same_working_day(db, cast, live, client):
    # An older item that no danger waits on: two records of a man with no risk recorded.
    tom: dict[str, Any] = dict(given="Tom", dob="1985-05-05")
    live(
        ev(
            "gp",
            "health.appointment_not_attended",
            "2026-01-05",
            [who("a", "subject", family="Hale", **tom)],
        ),
        ev(
            "gp",
            "health.appointment_not_attended",
            "2026-01-09",
            [who("a", "subject", family="Hales", **tom)],
        ),
    )
    [older] = IdentityReview.objects.all()
    live(*PARTNER_MISSPELT)
    signal = _probable("risky_adult_linked")
    [due] = IdentityReviewDue.objects.filter(review_id=signal.review_id)
    assert due.due_at == signal.escalate_at == working_day_end(signal.created_at)
    assert signal.due_at <= working_day_end(signal.raised_at)
    assert not IdentityReviewDue.objects.filter(review=older).exists()
    # The queue puts it first, due, though the other is older.
    client.force_login(cast.front_door)
    page = client.get(reverse("ui:identity-reviews")).content.decode()
    assert "A possible danger waits on this decision" in page
    assert page.index(reverse("ui:identity-review", args=[due.review_id])) < page.index(
        reverse("ui:identity-review", args=[older.pk])
    )


def test_it_goes_to_the_allocated_worker_too(db, cast, live):
    live(*PARTNER_MISSPELT[:2])
    lily = Person.objects.get(given_name="Lily")
    allocation_start(actor=FRONT_DOOR, person=lily, worker=cast.social_worker)
    live(PARTNER_MISSPELT[2])
    signal = _probable("risky_adult_linked")
    got = {(r.role, r.user_id) for r in signal.recipients.all()}
    assert got == {("front_door", None), ("", cast.social_worker.pk)}


def test_it_becomes_an_ordinary_signal_when_the_link_is_confirmed(
    db, cast, live, django_capture_on_commit_callbacks
):
    live(*PARTNER_MISSPELT)
    signal = _probable("risky_adult_linked")
    _decide(signal.review_id, "link", django_capture_on_commit_callbacks)
    signal.refresh_from_db()
    assert signal.confirmed_at is not None
    assert not signal.identity_unconfirmed
    assert signal.status == Signal.Status.OPEN
    assert Signal.objects.filter(rule="risky_adult_linked").count() == 1  # not raised twice


def test_it_withdraws_it_with_the_reason_when_the_records_are_kept_apart(
    db, cast, live, client, django_capture_on_commit_callbacks
):
    live(*PARTNER_MISSPELT)
    signal = _probable("risky_adult_linked")
    _decide(signal.review_id, "keep_apart", django_capture_on_commit_callbacks)
    signal.refresh_from_db()
    assert signal.status == Signal.Status.WITHDRAWN
    assert signal.withdrawal.reason.endswith("Two men")
    client.force_login(cast.front_door)
    assert (
        reverse("signals:signal", args=[signal.pk])
        not in client.get(reverse("signals:inbox")).content.decode()
    )
    page = client.get(reverse("signals:signal", args=[signal.pk])).content.decode()
    assert "Withdrawn" in page and "Two men" in page
    # Evaluating again raises nothing: the pair is decided.
    call_command("signals", "evaluate", "--until", "2026-04-30", "--no-escalate")
    assert Signal.objects.filter(rule="risky_adult_linked").count() == 1


def test_it_escalates_a_review_item_not_decided_by_its_time_even_once_answered(db, cast, live):
    live(*PARTNER_MISSPELT)
    signal = _probable("risky_adult_linked")
    scope = scope_for(cast.front_door)
    assert scope is not None
    signal_respond(scope=scope, signal=signal, kind="action_taken", text="Rang police")
    assert signals_escalate(now=signal.escalate_at - timedelta(minutes=1)) == 0
    assert signals_escalate(now=signal.escalate_at) == 1
    escalated = SignalRecipient.objects.get(signal=signal, escalation=True)
    assert escalated.role == "team_manager"
    assert "identity review it waits on is not decided" in escalated.label


def test_it_shows_nothing_of_the_doubtful_record_beyond_the_evidence(db, cast, live, client):
    live(*PARTNER_MISSPELT)
    signal = _probable("risky_adult_linked")
    client.force_login(cast.front_door)
    page = client.get(reverse("signals:signal", args=[signal.pk])).content.decode()
    assert "Identity not confirmed" in page
    assert "Conviction" in page  # the evidence the rule needs
    assert "Briant" not in page  # not the doubtful record's name, nor a link to its page
    assert str(Person.objects.get(family_name="Briant").key) not in page
    assert reverse("ui:identity-review", args=[signal.review_id]) in page


def test_it_puts_a_second_hospitals_injury_beside_the_first(db, cast, live):
    live(*INJURED_AT_TWO_HOSPITALS)
    signal = Signal.objects.get(rule="repeat_injury")
    assert "burn" in signal.sentence and "bruise" in signal.sentence
    assert signal.recipients.exists()


def test_it_tells_someone_today_of_a_child_named_by_name_and_address_alone(db, cast, live):
    live(*NAMED_BY_NAME_AND_ADDRESS)
    signal = Signal.objects.get(rule="domestic_abuse_school_notice")
    assert signal.person.given_name == "Rosa"
    assert signal.recipients.exists()


def test_it_raises_nothing_more_when_the_records_apart_show_the_danger_already(db, cast, live):
    """Two injuries on the held record raise the ordinary signal; a third on a doubtful record
    does not raise a second, probable one, nor join the ordinary signal's evidence."""
    child: dict[str, Any] = dict(family="Brook", dob="2023-05-05")
    live(
        *INJURED_AT_TWO_HOSPITALS[:1],
        ev(
            "hospital",
            "health.unscheduled_care_attendance",
            "2026-04-10T18:00",
            [
                who(
                    "c",
                    "child",
                    "Maisie",
                    nhs_number=INJURED_AT_TWO_HOSPITALS[0]["subjects"][0]["identifiers"][
                        "nhs_number"
                    ],
                    **child,
                )
            ],
            {"setting": "emergency_department", "injury": {"kind": "bruise", "site": "leg"}},
        ),
        INJURED_AT_TWO_HOSPITALS[1],
    )
    [signal] = Signal.objects.filter(rule="repeat_injury")
    assert not signal.identity_unconfirmed
    doubtful = IdentityReview.objects.get().person_id
    assert not signal.evidence.filter(person_id=doubtful).exists()


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        (
            PARTNER_MISSPELT,
            [("risky_adult_linked", True), ("unknown_adult_in_household", False)],
        ),
        (INJURED_AT_TWO_HOSPITALS, [("repeat_injury", True)]),
    ],
    ids=["partner_misspelt", "injured_at_two_hospitals"],
)
def test_it_raises_these_living_through_it(db, cast, live, events, expected):
    live(*events)
    got = sorted((s.rule, s.identity_unconfirmed) for s in Signal.objects.all())
    assert got == expected, got


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        (
            PARTNER_MISSPELT,
            # and, run over history, the nightly job: no visit recorded on the plan, twice
            [
                ("child_not_seen", False),
                ("child_not_seen", False),
                ("risky_adult_linked", True),
                ("unknown_adult_in_household", False),
            ],
        ),
        (INJURED_AT_TWO_HOSPITALS, [("repeat_injury", True)]),
    ],
    ids=["partner_misspelt", "injured_at_two_hospitals"],
)
def test_it_raises_the_same_from_history_loaded_at_once(
    db, cast, events, expected, django_capture_on_commit_callbacks
):
    bodies = list(events)
    random.Random(1).shuffle(bodies)
    with django_capture_on_commit_callbacks(execute=True):
        record(*bodies)
    call_command("signals", "evaluate", "--until", "2026-05-31", "--no-escalate")
    got = sorted((s.rule, s.identity_unconfirmed) for s in Signal.objects.all())
    assert got == expected, got


def test_it_raises_under_another_review_item_a_pattern_withdrawn_under_the_first(
    db, cast, live, django_capture_on_commit_callbacks
):
    """Three records of a toddler, two of them doubtful, each with one injury: the repeat
    injury is raised once, on the first doubtful record; kept apart, it is raised on the other."""
    third = dict(INJURED_AT_TWO_HOSPITALS[1])
    third["subjects"] = [who("c", "child", "Maizie", family="Brook", dob="2023-05-05")]
    third["details"] = {"setting": "urgent_treatment_centre", "injury": {"kind": "bite"}}
    third["occurred_at"], third["reported_at"] = "2026-04-25T10:00:00Z", "2026-04-25T12:00:00Z"
    third["source"] = dict(third["source"], organisation="St Anne's Urgent Treatment Centre")
    third["source"]["record_id"] = "TL-PROB-3"
    live(*INJURED_AT_TWO_HOSPITALS, third)
    assert IdentityReview.objects.count() == 2
    first = _probable("repeat_injury")
    _decide(first.review_id, "keep_apart", django_capture_on_commit_callbacks)
    again = Signal.objects.get(rule="repeat_injury", status=Signal.Status.OPEN)
    assert again.identity_unconfirmed and again.review_id != first.review_id


def test_it_says_in_the_json_listing_whether_each_identity_is_confirmed(
    db, cast, live, django_capture_on_commit_callbacks
):
    live(*PARTNER_MISSPELT, *INJURED_AT_TWO_HOSPITALS)
    kept_apart = _probable("repeat_injury")
    _decide(kept_apart.review_id, "keep_apart", django_capture_on_commit_callbacks)
    out = io.StringIO()
    call_command("signals", "--json", stdout=out)
    listed = {s["rule"]: s for s in json.loads(out.getvalue())["signals"]}
    assert all("identity_confirmed" in s for s in listed.values())
    assert listed["unknown_adult_in_household"]["identity_confirmed"] is True
    assert "review" not in listed["unknown_adult_in_household"]
    probable = listed["risky_adult_linked"]
    assert probable["identity_confirmed"] is False
    assert probable["review"] == {"id": _probable("risky_adult_linked").review_id}
    withdrawn = listed["repeat_injury"]
    assert (withdrawn["identity_confirmed"], withdrawn["status"]) == (False, "withdrawn")
    assert withdrawn["withdrawn"]["reason"].endswith("Two men")
