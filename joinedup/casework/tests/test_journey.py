"""A child's whole statutory journey recorded through the services, and the same journey sent
by a legacy system: the same case, the same clocks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from joinedup.access.policy import Scope, scope_for
from joinedup.cases.clocks import MET, clock_runs
from joinedup.cases.selectors import case_state, social_care_facts
from joinedup.casework.models import Approval, StepRecord, Submission
from joinedup.casework.process import STEPS
from joinedup.casework.services import step_record, submission_decide
from joinedup.chronology.models import EventSubject
from joinedup.chronology.testing import MAYA, event_body, record, social_care_body
from joinedup.core.calendar import LONDON
from joinedup.core.errors import ApplicationError
from joinedup.people.models import Person


def scope_of(user: Any) -> Scope:
    scope = scope_for(user)
    assert scope is not None
    return scope


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


# The journey: a contact on Christmas Eve 2025, a plan over Easter 2026, closure.
JOURNEY: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "front_door",
        "contact",
        "2025-12-24",
        {"contact_source": "Kiln Street Primary School", "presenting_need": "Bruising to the face"},
    ),
    (
        "front_door",
        "referral",
        "2025-12-24",
        {
            "decision": "strategy_discussion",
            "referral_source": "Education",
            "rationale": "A face bruise on a four-year-old.",
        },
    ),
    (
        "team_manager",
        "strategy_discussion",
        "2025-12-24",
        {
            "agencies_present": "DS Price (police), Dr Evans (health), R Ellery (education)",
            "decision": "s47",
            "summary": "Police hold a DV call-out.",
            "rationale": "Injury and domestic abuse together.",
        },
    ),
    (
        "social_worker",
        "s47_concluded",
        "2026-01-05",
        {"substantiated": True, "conference_needed": True, "rationale": "Substantiated."},
    ),
    (
        "social_worker",
        "conference",
        "2026-01-14",
        {
            "kind": "initial",
            "decision": "plan",
            "category": "physical",
            "agencies_present": "Police, health, school",
            "rationale": "Risk of harm.",
        },
    ),
    ("social_worker", "core_group", "2026-01-21", {"agencies_present": "Health, school"}),
    (
        "social_worker",
        "visit",
        "2026-01-22",
        {"child_seen": True, "seen_alone": True, "setting": "home", "child_said": "I like school"},
    ),
    (
        "social_worker",
        "conference",
        "2026-04-09",
        {
            "kind": "review",
            "decision": "plan_ends",
            "category": "physical",
            "rationale": "Safe for three months.",
        },
    ),
]


def journey_in_joinedup(cast: Any, person: Person) -> None:
    for who, code, day, answers in JOURNEY:
        user = getattr(cast, who)
        step_record(
            scope=scope_of(user),
            user=user,
            person=person,
            step=STEPS[code],
            answers={"occurred_at": at(day), **answers},
            known={},
        )


def _maya() -> Person:
    record(event_body(record_id="ED-1", subjects=[MAYA]))
    return Person.objects.get(given_name="Maya")


def _state(person: Person) -> tuple[Any, ...]:
    state = case_state(person=person)
    runs = [
        (r.clock.code, r.due_on, r.met_by.type if r.met_by else None, r.status(date(2026, 12, 1)))
        for r in clock_runs(social_care_facts(person))
    ]
    return (state.open_case, state.cp_plan_since is not None, state.conference.details, runs)


def test_it_records_a_journey_whose_clocks_run_across_christmas(cast):
    maya = _maya()
    journey_in_joinedup(cast, maya)
    runs = {r.clock.code: r for r in clock_runs(social_care_facts(maya))}
    assert runs["referral_decision"].due_on == date(2025, 12, 29)  # over Christmas
    assert runs["referral_decision"].status(date(2026, 1, 1)) == MET
    # 15 working days from Christmas Eve: 25, 26 December and 1 January are not counted.
    assert runs["initial_conference"].due_on == date(2026, 1, 19)
    assert runs["first_review_conference"].due_on == date(2026, 4, 14)
    assert runs["first_review_conference"].status(date(2026, 5, 1)) == MET
    state = case_state(person=maya)
    assert state.open_case and state.cp_plan_since is None
    # Every step is in the child's chronology, linked to her record, not matched.
    entries = EventSubject.objects.filter(person=maya, version__type__startswith="social_care.")
    # ... with the assessment and the enquiry started, and the plan started and ended
    assert entries.count() == len(JOURNEY) + 4
    assert set(entries.values_list("match_outcome", flat=True)) == {"linked"}


def test_it_gives_the_same_case_and_clocks_to_the_same_journey_from_a_legacy_system(cast):
    maya = _maya()
    journey_in_joinedup(cast, maya)
    ours = _state(maya)
    follows = {"referral": "assessment_started", "strategy_discussion": "s47_started"}
    bodies = []
    for _, code, day, answers in JOURNEY:
        details = {k: v for k, v in answers.items() if k not in ("rationale", "summary")}
        bodies.append(social_care_body(STEPS[code].event_type, day, **details))
        if code in follows:
            bodies.append(social_care_body(f"social_care.{follows[code]}", day))
        if details.get("decision") == "plan":
            bodies.append(social_care_body("social_care.child_protection_plan_started", day))
        if details.get("decision") == "plan_ends":
            bodies.append(social_care_body("social_care.child_protection_plan_ended", day))
    twin = {
        **MAYA,
        "name": {"given": "Lily", "family": "Moss"},
        "dob": "2022-02-02",
        "identifiers": {"nhs_number": "9434765870"},
    }
    record(*[{**b, "subjects": [twin]} for b in bodies])
    lily = Person.objects.get(given_name="Lily")
    legacy = _state(lily)
    # Times differ (10:00 here, 10:00Z there), days do not: compare the clocks by day.
    assert legacy[:3] == ours[:3]
    assert legacy[3] == ours[3]


def test_it_refuses_a_review_conference_with_no_plan_naming_the_field(cast):
    maya = _maya()
    with pytest.raises(ApplicationError) as refused:
        step_record(
            scope=scope_of(cast.social_worker),
            user=cast.social_worker,
            person=maya,
            step=STEPS["conference"],
            answers={
                "occurred_at": at("2026-03-01"),
                "kind": "review",
                "decision": "plan_continues",
                "rationale": "x",
            },
            known={},
        )
    assert [e.field for e in refused.value.errors] == ["kind"]
    assert not StepRecord.objects.exists()
    assert not EventSubject.objects.filter(version__type="social_care.conference").exists()


def test_it_refuses_a_visit_dated_in_the_future(cast):
    maya = _maya()
    with pytest.raises(ApplicationError) as refused:
        step_record(
            scope=scope_of(cast.social_worker),
            user=cast.social_worker,
            person=maya,
            step=STEPS["visit"],
            answers={"occurred_at": at("2030-01-01"), "child_seen": True, "seen_alone": True},
            known={},
        )
    assert refused.value.errors[0].field == "occurred_at"


def test_it_keeps_the_warning_of_an_initial_conference_with_no_strategy_discussion(cast):
    maya = _maya()
    kept = step_record(
        scope=scope_of(cast.social_worker),
        user=cast.social_worker,
        person=maya,
        step=STEPS["conference"],
        answers={
            "occurred_at": at("2026-03-01"),
            "kind": "initial",
            "decision": "plan",
            "category": "neglect",
            "rationale": "Neglect over a year.",
        },
        known={"event_versions": [1]},
    )
    assert isinstance(kept, StepRecord)
    assert "No strategy discussion" in kept.warnings[0]
    assert kept.rationale == "Neglect over a year." and kept.known == {"event_versions": [1]}
    assert case_state(person=maya).cp_plan_since is not None


def test_it_sends_a_closure_for_authorisation_and_lets_one_manager_answer(cast):
    maya = _maya()
    worker = scope_of(cast.social_worker)
    step_record(
        scope=worker,
        user=cast.social_worker,
        person=maya,
        step=STEPS["referral"],
        answers={
            "occurred_at": at("2026-03-01"),
            "decision": "assessment",
            "rationale": "Needs assessing.",
        },
        known={},
    )
    sent = step_record(
        scope=worker,
        user=cast.social_worker,
        person=maya,
        step=STEPS["case_closed"],
        answers={
            "occurred_at": at("2026-03-20"),
            "reason": "RC8",
            "rationale": "Family doing well.",
        },
        known={},
    )
    assert isinstance(sent, Submission)
    assert case_state(person=maya).open_case  # not closed until authorised
    manager = scope_of(cast.team_manager)
    approval = submission_decide(
        scope=manager,
        user=cast.team_manager,
        submission=sent,
        step=STEPS["case_closed"],
        authorise=True,
        comments="",
        known={},
    )
    assert approval.outcome == Approval.AUTHORISED
    assert not case_state(person=maya).open_case
    with pytest.raises(ApplicationError) as second:
        submission_decide(
            scope=manager,
            user=cast.team_manager,
            submission=sent,
            step=STEPS["case_closed"],
            authorise=False,
            comments="No",
            known={},
        )
    assert second.value.message.startswith("Already authorised by Jo Whitfield on")
    assert second.value.status == 409


def test_it_lets_no_partner_record_a_step(cast):
    maya = _maya()
    with pytest.raises(ApplicationError) as refused:
        step_record(
            scope=scope_of(cast.police_officer),
            user=cast.police_officer,
            person=maya,
            step=STEPS["strategy_discussion"],
            answers={"occurred_at": at("2026-03-01"), "decision": "s47", "rationale": "x"},
            known={},
        )
    assert refused.value.status == 403


def test_it_refuses_a_child_seen_alone_who_was_not_seen(cast):
    maya = _maya()
    with pytest.raises(ApplicationError) as refused:
        step_record(
            scope=scope_of(cast.social_worker),
            user=cast.social_worker,
            person=maya,
            step=STEPS["visit"],
            answers={"occurred_at": at("2026-03-01"), "child_seen": False, "seen_alone": True},
            known={},
        )
    assert [e.field for e in refused.value.errors] == ["seen_alone"]


def test_it_refuses_an_assessment_factor_that_is_no_dfe_code(cast):
    maya = _maya()
    worker = scope_of(cast.social_worker)
    step_record(
        scope=worker,
        user=cast.social_worker,
        person=maya,
        step=STEPS["referral"],
        answers={"occurred_at": at("2026-03-01"), "decision": "assessment", "rationale": "Assess."},
        known={},
    )
    with pytest.raises(ApplicationError) as refused:
        step_record(
            scope=worker,
            user=cast.social_worker,
            person=maya,
            step=STEPS["assessment"],
            answers={
                "occurred_at": at("2026-03-10"),
                "factors": "2B,drugs",
                "outcome": "cin_plan",
                "rationale": "Mum's drug use.",
            },
            known={},
        )
    assert refused.value.errors[0].field == "factors"
    assert refused.value.errors[0].reason.startswith("DRUGS is not a DfE factor code")


def test_it_keeps_the_next_visit_booked_ahead(cast):
    from joinedup.core.calendar import add_working_days

    maya = _maya()
    booked = add_working_days(date.today(), 10)
    kept = step_record(
        scope=scope_of(cast.social_worker),
        user=cast.social_worker,
        person=maya,
        step=STEPS["visit"],
        answers={
            "occurred_at": at(date.today().isoformat()[:10], 0),
            "child_seen": True,
            "seen_alone": True,
            "next_visit_on": booked,
        },
        known={},
    )
    assert isinstance(kept, StepRecord)
    assert kept.version.details["next_visit_on"] == booked.isoformat()
