"""The demo team's work in progress: caseloads, contacts at the front door, authorisations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from joinedup.access.policy import scope_for
from joinedup.cases.clocks import clocks_open
from joinedup.cases.models import Allocation
from joinedup.cases.selectors import case_state_from, social_care_facts
from joinedup.casework.models import Approval, StepRecord, Submission
from joinedup.casework.selectors import awaiting_authorisation
from joinedup.chronology.testing import event_body
from joinedup.demo import casework
from joinedup.demo.casework import demo_casework_make
from joinedup.demo.services import demo_borough_ensure, demo_events_record, demo_users_ensure
from joinedup.demo.world import CSC, PRIMARY_SCHOOLS
from joinedup.people.models import Person

TODAY = date(2024, 5, 1)  # a Wednesday


def child(given: str, n: int) -> dict[str, Any]:
    return {
        "ref": "c",
        "role": "child",
        "name": {"given": given, "family": "Marlowe"},
        "dob": f"2016-0{n}-1{n}",
        "identifiers": {"la_child_id": f"RIV90000{n}"},
    }


def csc(type: str, day: str, who: dict[str, Any], **details: Any) -> dict[str, Any]:
    return event_body(
        organisation=CSC.name,
        agency="social_care",
        type=type,
        occurred_at=f"{day}T10:00:00Z",
        reported_at=f"{day}T12:00:00Z",
        subjects=[who],
        details=details,
        summary="Recorded by children's social care.",
    )


A, B, C, D, E, F, G = (
    child(name, n)
    for n, name in enumerate(("Ava", "Ben", "Cara", "Dev", "Eli", "Finn", "Gus"), start=1)
)
PLAN = "social_care.child_protection_plan_started"
VISIT = "social_care.visit"
HISTORIES = [
    # A on a plan, last seen three weeks ago: the visit is overdue.
    csc(PLAN, "2024-03-01", A, category="neglect"),
    csc(VISIT, "2024-04-05", A, child_seen=True, seen_alone=True),
    # B's assessment runs.
    csc("social_care.referral", "2024-04-22", B, decision="assessment"),
    csc("social_care.assessment_started", "2024-04-22", B),
    # C, D and F on child in need plans.
    *(csc("social_care.cin_plan_started", "2024-03-04", who) for who in (C, D, F)),
    # E on a plan, seen on Monday.
    csc(PLAN, "2024-03-01", E, category="emotional"),
    csc(VISIT, "2024-04-29", E, child_seen=True, seen_alone=True),
    # G has no case: the school raised a concern last week.
    event_body(
        organisation=PRIMARY_SCHOOLS[0].name,
        agency="education",
        type="education.safeguarding_concern",
        occurred_at="2024-04-25T09:00:00Z",
        reported_at="2024-04-25T11:00:00Z",
        subjects=[G],
        details={"concern": "Gus came in hungry again and says he made his own tea."},
        summary="Safeguarding concern raised.",
    ),
]


@pytest.fixture
def borough(db, monkeypatch) -> None:
    """The demo's organisations and users, and seven children's histories; the demo social
    worker's caseload is four, so the colleagues have some too."""
    demo_users_ensure(organisations=demo_borough_ensure())
    report = demo_events_record(bodies=HISTORIES, label="test")
    assert report.counts["refused"] == 0, report.refused
    monkeypatch.setattr(casework, "CASELOAD", 4)


def person(who: dict[str, Any]) -> Person:
    return Person.objects.get(given_name=who["name"]["given"], family_name="Marlowe")


def test_it_allocates_every_open_case_the_demo_social_worker_s_share_first(borough):
    made = demo_casework_make(today=TODAY, label="test")

    assert made is not None
    assert made.caseloads == {"social.worker": 4, "priya.nair": 1, "tom.hale": 1}
    held = {
        a.person.given_name: (a.worker.username, a.manager.username if a.manager else None)
        for a in Allocation.objects.filter(ended_at__isnull=True).select_related(
            "person", "worker", "manager"
        )
    }
    assert held == {
        "Ava": ("social.worker", "team.manager"),  # on a plan, the visit overdue
        "Ben": ("social.worker", "team.manager"),  # assessment running
        "Cara": ("social.worker", "team.manager"),  # child in need
        "Dev": ("social.worker", "team.manager"),
        "Finn": ("priya.nair", "team.manager"),  # the rest in turn, in the order recorded
        "Eli": ("tom.hale", "team.manager"),
    }


def test_it_sends_work_for_authorisation_and_returns_some(borough):
    made = demo_casework_make(today=TODAY, label="test")

    assert made is not None and (made.awaiting, made.returned) == (2, 1)
    manager = User.objects.get(username="team.manager")
    waiting = {
        (s.person.given_name, s.step, s.submitted_by.username)
        for s in awaiting_authorisation(scope_for(manager))  # type: ignore[arg-type]
    }
    assert waiting == {
        ("Ben", "assessment", "social.worker"),
        ("Finn", "case_closed", "priya.nair"),
    }
    answer = Approval.objects.select_related("submission__person").get()
    assert answer.outcome == Approval.RETURNED and answer.decided_by == manager
    assert answer.submission.person.given_name == "Cara" and answer.comments


def test_it_leaves_a_contact_awaiting_the_front_door_s_decision(borough):
    made = demo_casework_make(today=TODAY, label="test")

    assert made is not None and made.contacts == ["Gus Marlowe"]
    gus = person(G)
    facts = social_care_facts(gus)
    assert case_state_from(facts).contact is not None
    assert [r.clock.code for r in clocks_open(facts)] == ["referral_decision"]
    recorded = StepRecord.objects.select_related("recorded_by").get(person=gus)
    assert (recorded.step, recorded.recorded_by.username) == ("contact", "front.door")
    assert "Gus Marlowe" in made.summary()


def test_it_makes_the_work_once(borough):
    assert demo_casework_make(today=TODAY, label="test") is not None
    counts = (Allocation.objects.count(), Submission.objects.count(), StepRecord.objects.count())

    assert demo_casework_make(today=TODAY, label="test") is None
    assert counts == (
        Allocation.objects.count(),
        Submission.objects.count(),
        StepRecord.objects.count(),
    )


def test_it_shows_the_demo_social_worker_their_children(borough, client: Client):
    demo_casework_make(today=TODAY, label="test")
    client.force_login(User.objects.get(username="social.worker"))

    page = client.get(reverse("casework:caseload")).content.decode()

    for name in ("Ava", "Ben", "Cara", "Dev"):
        assert f"{name} Marlowe" in page
    assert "Eli Marlowe" not in page
