"""The casework pages through HTTP: record a step, keep a draft, authorise, the lists."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.audit.models import AccessLogEntry
from joinedup.cases.models import Allocation
from joinedup.cases.selectors import case_state
from joinedup.casework.forms import moment_value
from joinedup.casework.models import Approval, Draft, StepRecord, Submission


def _when(days_ago: int = 0) -> str:
    return moment_value(timezone.now() - timedelta(days=days_ago))


def test_it_offers_children_s_social_care_the_steps_on_the_child_s_page(
    client, cast, story, sign_in
):
    sign_in(cast.social_worker)
    page = client.get(f"/people/{story.maya.key}").content.decode()
    assert f"/people/{story.maya.key}/record/visit" in page


def test_it_offers_no_step_to_a_partner_and_hides_the_form(client, cast, story, sign_in):
    sign_in(cast.police_officer)
    page = client.get(f"/people/{story.maya.key}").content.decode()
    assert "/record/" not in page
    assert client.get(f"/people/{story.maya.key}/record/visit").status_code == 404


def test_it_records_a_visit_with_what_the_child_said(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    form = client.get(f"/people/{story.maya.key}/record/visit").content.decode()
    assert 'name="next_visit_on"' in form and 'value="home" checked' in form  # prefilled
    response = client.post(
        f"/people/{story.maya.key}/record/visit",
        {
            "occurred_at": _when(),
            "child_seen": "yes",
            "seen_alone": "no",
            "setting": "home",
            "child_said": "My teacher is nice",
        },
    )
    assert response.status_code == 302
    record = StepRecord.objects.get(step="visit")
    assert record.version.details["child_said"] == "My teacher is nice"
    assert record.version.details["child_seen"] is True
    assert AccessLogEntry.objects.filter(action="case_step_recorded").exists()


def test_it_refuses_a_future_visit_naming_the_field_and_stores_nothing(
    client, cast, story, sign_in
):
    sign_in(cast.social_worker)
    response = client.post(
        f"/people/{story.maya.key}/record/visit",
        {"occurred_at": _when(-30), "child_seen": "yes", "seen_alone": "yes"},
    )
    assert response.status_code == 400
    assert "must not be in the future" in response.content.decode()
    assert 'href="#occurred_at"' in response.content.decode()
    assert not StepRecord.objects.exists()


def test_it_asks_why_a_late_step_is_late_and_keeps_the_answer(client, cast, story, sign_in):
    sign_in(cast.front_door)
    client.post(
        f"/people/{story.maya.key}/record/contact",
        {"occurred_at": _when(10), "contact_source": "School", "presenting_need": "Bruise"},
    )
    form = client.get(f"/people/{story.maya.key}/record/referral").content.decode()
    assert "Decide on the contact was due" in form and 'name="delay_reason"' in form
    assert 'value="School"' in form  # the contact's source, not typed again
    client.post(
        f"/people/{story.maya.key}/record/referral",
        {
            "occurred_at": _when(),
            "decision": "assessment",
            "referral_source": "School",
            "delay_reason": "Contact sat in the wrong inbox",
            "rationale": "Needs assessment.",
        },
    )
    record = StepRecord.objects.get(step="referral")
    assert record.version.details["delay_reason"] == "Contact sat in the wrong inbox"
    assert record.rationale == "Needs assessment."
    assert record.known["event_versions"]  # what the front door could see when deciding


def test_it_keeps_a_draft_and_refuses_an_older_window(client, cast, story, sign_in):
    sign_in(cast.social_worker)
    url = f"/people/{story.maya.key}/record/visit/draft"
    first = client.post(
        url,
        json.dumps({"data": {"child_said": "Hi"}, "revision": 0}),
        content_type="application/json",
    )
    assert first.status_code == 200 and first.json()["revision"] == 1
    stale = client.post(
        url,
        json.dumps({"data": {"child_said": "Other"}, "revision": 0}),
        content_type="application/json",
    )
    assert stale.status_code == 409 and "another window" in stale.json()["message"]
    assert Draft.objects.get().data == {"child_said": "Hi"}
    form = client.get(f"/people/{story.maya.key}/record/visit").content.decode()
    assert "Hi</textarea>" in form  # the draft comes back


@pytest.mark.parametrize("step", ["team", "authorisations"])
def test_it_keeps_the_manager_s_pages_from_partners(client, cast, story, sign_in, step):
    sign_in(cast.school_dsl)
    assert client.get(f"/{step}").status_code == 404


def test_it_sends_a_closure_to_the_manager_who_authorises_it_once(client, cast, story, sign_in):
    worker = sign_in(cast.social_worker)
    worker.post(
        f"/people/{story.maya.key}/record/referral",
        {"occurred_at": _when(3), "decision": "assessment", "rationale": "Assess."},
    )
    Allocation.objects.create(
        person=story.maya,
        worker=cast.social_worker,
        started_at=timezone.now() - timedelta(3),
        recorded_by="t",
        recorded_at=timezone.now(),
    )
    worker.post(
        f"/people/{story.maya.key}/record/case-closed",
        {"occurred_at": _when(1), "reason": "RC8", "rationale": "Doing well."},
    )
    submission = Submission.objects.get()
    assert case_state(person=story.maya).open_case
    assert (
        "Close the case sent for authorisation"
        in worker.get(f"/people/{story.maya.key}").content.decode()
    )
    manager = sign_in(cast.team_manager)
    waiting = manager.get("/authorisations").content.decode()
    assert f"/authorisations/{submission.pk}" in waiting and "Close the case" in waiting
    page = manager.get(f"/authorisations/{submission.pk}").content.decode()
    assert "Doing well." in page
    assert (
        manager.post(f"/authorisations/{submission.pk}", {"outcome": "authorised"}).status_code
        == 302
    )
    closed = case_state(person=story.maya)
    assert not closed.open_case
    assert closed.last_closure_at == submission.occurred_at  # the worker's day, not today's
    assert not Allocation.objects.filter(ended_at__isnull=True).exists()  # nobody holds it
    again = manager.post(
        f"/authorisations/{submission.pk}", {"outcome": "returned", "comments": "No"}
    )
    assert again.status_code == 409
    assert "Already authorised by Jo Whitfield" in again.content.decode()
    assert Approval.objects.count() == 1


def test_it_lists_my_children_with_what_is_due_and_the_team_board(client, cast, story, sign_in):
    Allocation.objects.create(
        person=story.maya,
        worker=cast.social_worker,
        manager=cast.team_manager,
        started_at=timezone.now(),
        recorded_by="test",
        recorded_at=timezone.now(),
    )
    sign_in(cast.social_worker)
    client.post(
        f"/people/{story.maya.key}/record/referral",
        {"occurred_at": _when(80), "decision": "assessment", "rationale": "Assess."},
    )
    mine = client.get("/my-children").content.decode()
    assert "Maya" in mine and "Overdue" in mine and "Child and family assessment" in mine
    assert client.get("/team").status_code == 404  # a worker has no team board
    sign_in(cast.team_manager)
    board = client.get("/team").content.decode()
    assert "Sam Okafor" in board and "Child and family assessment authorised: 1" in board


def test_it_lets_a_manager_reallocate_with_a_handover_note(client, cast, story, sign_in):
    sign_in(cast.team_manager)
    client.post(
        f"/people/{story.maya.key}/allocate",
        {"worker": cast.colleague.pk, "handover_note": "Mum prefers mornings"},
    )
    allocation = Allocation.objects.get(ended_at__isnull=True)
    assert allocation.worker == cast.colleague
    assert "Mum prefers mornings" in client.get(f"/people/{story.maya.key}").content.decode()


def test_it_lists_contacts_waiting_for_the_front_door_and_the_service_s_clocks(
    client, cast, story, sign_in
):
    sign_in(cast.front_door)
    client.post(
        f"/people/{story.maya.key}/record/contact",
        {"occurred_at": _when(5), "contact_source": "GP", "presenting_need": "Weight loss"},
    )
    waiting = client.get("/front-door").content.decode()
    assert "Maya" in waiting and "Weight loss" in waiting and "Overdue" in waiting
    sign_in(cast.team_manager)
    board = client.get("/service").content.decode()
    assert "Decide on the contact" in board
    client.post(
        f"/people/{story.maya.key}/record/referral",
        {"occurred_at": _when(), "decision": "information_and_advice", "rationale": "Advice."},
    )
    assert "Maya" not in client.get("/front-door").content.decode()


def test_it_shows_the_service_board_to_no_partner(client, cast, story, sign_in):
    sign_in(cast.police_officer)
    assert client.get("/service").status_code == 404
    assert client.get("/front-door").status_code == 404


def test_it_offers_a_strategy_discussion_from_a_signal_about_a_child_on_a_plan(
    client, cast, story, sign_in, django_capture_on_commit_callbacks
):
    from joinedup.access.policy import scope_for
    from joinedup.casework.process import STEPS
    from joinedup.casework.services import step_record
    from joinedup.chronology.testing import event_body, record
    from joinedup.signals.models import Signal
    from joinedup.ui.tests.story import MAYA_CHILD

    scope = scope_for(cast.social_worker)
    assert scope is not None
    step_record(
        scope=scope,
        user=cast.social_worker,
        person=story.maya,
        step=STEPS["conference"],
        answers={
            "occurred_at": timezone.now() - timedelta(days=20),
            "kind": "initial",
            "decision": "plan",
            "category": "physical",
            "rationale": "Burns.",
        },
        known={},
    )
    with django_capture_on_commit_callbacks(execute=True):
        record(
            event_body(
                record_id="ED-again",
                subjects=[MAYA_CHILD],
                occurred_at=(timezone.now() - timedelta(days=1)).isoformat(),
                reported_at=None,
                summary="Second burn, left hand.",
            )
        )
    signal = Signal.objects.get(rule="cp_plan_unscheduled_care")
    sign_in(cast.social_worker)
    page = client.get(f"/signals/{signal.pk}").content.decode()
    assert f"/people/{story.maya.key}/record/strategy-discussion?signal={signal.pk}" in page
    form = client.get(
        f"/people/{story.maya.key}/record/strategy-discussion?signal={signal.pk}"
    ).content.decode()
    assert "Second burn, left hand." in form  # the evidence, already in the form
    mine = Allocation.objects.create(
        person=story.maya,
        worker=cast.social_worker,
        started_at=timezone.now(),
        recorded_by="t",
        recorded_at=timezone.now(),
    )
    assert mine.pk
    assert f"?signal={signal.pk}" in client.get("/my-children").content.decode()


def test_it_lets_the_partner_participants_of_a_strategy_discussion_read_its_record(
    client, cast, sign_in
):
    from joinedup.chronology.testing import MAYA, event_body, record
    from joinedup.people.models import Person

    record(event_body(record_id="ED-only", subjects=[MAYA], summary="Hospital's own note."))
    maya = Person.objects.get(given_name="Maya")
    sign_in(cast.police_officer)
    assert client.get(f"/people/{maya.key}").status_code == 404  # the police sent nothing
    sign_in(cast.team_manager)
    form = client.get(f"/people/{maya.key}/record/strategy-discussion").content.decode()
    assert "Dan Price (Riverside Police)" in form
    response = client.post(
        f"/people/{maya.key}/record/strategy-discussion",
        {
            "occurred_at": _when(),
            "agencies_present": "DC Price (police)",
            "readers": [str(cast.police_officer.pk)],
            "summary": "Police hold a call-out.",
            "decision": "s47",
            "rationale": "Injury and domestic abuse.",
        },
    )
    assert response.status_code == 302
    sign_in(cast.police_officer)
    page = client.get(f"/people/{maya.key}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Police hold a call-out." in text  # the strategy discussion, which they took part in
    assert "Hospital&#x27;s own note." not in text and "Hospital's own note." not in text
    sign_in(cast.school_dsl)  # not named: the child is still absent to the school
    assert client.get(f"/people/{maya.key}").status_code == 404


def test_it_lists_every_step_and_clock_from_their_declarations(client, cast, sign_in):
    from joinedup.cases.clocks import clocks
    from joinedup.casework.process import STEPS

    sign_in(cast.police_officer)  # anyone signed in may read how the process runs
    page = client.get("/process").content.decode()
    assert all(s.label in page for s in STEPS.values())
    assert all(c.label in page and c.period in page for c in clocks())


def test_it_asks_why_a_visit_is_late_before_the_answers_are_known(client, cast, story, sign_in):
    from joinedup.access.policy import scope_for
    from joinedup.casework.process import STEPS
    from joinedup.casework.services import step_record

    scope = scope_for(cast.social_worker)
    assert scope is not None
    step_record(
        scope=scope,
        user=cast.social_worker,
        person=story.maya,
        step=STEPS["conference"],
        answers={
            "occurred_at": timezone.now() - timedelta(days=40),
            "kind": "initial",
            "decision": "plan",
            "category": "neglect",
            "rationale": "Neglect.",
        },
        known={},
    )
    sign_in(cast.social_worker)
    form = client.get(f"/people/{story.maya.key}/record/visit").content.decode()
    assert "Visit: child seen was due" in form and 'id="delay_reason"' in form
    client.post(
        f"/people/{story.maya.key}/record/visit",
        {
            "occurred_at": _when(),
            "child_seen": "yes",
            "seen_alone": "yes",
            "delay_reason": "Family away",
        },
    )
    assert StepRecord.objects.get(step="visit").version.details["delay_reason"] == "Family away"


def test_it_shows_each_decision_with_when_it_happened_and_when_it_was_written(
    client, cast, story, sign_in
):
    sign_in(cast.front_door)
    client.post(
        f"/people/{story.maya.key}/record/referral",
        {"occurred_at": _when(2), "decision": "assessment", "rationale": "Bruise unexplained."},
    )
    page = client.get(f"/people/{story.maya.key}").content.decode()
    assert "Decision on the contact</strong>: happened" in page
    assert "Reasons: Bruise unexplained." in page
    assert "known when decided" in page


def test_it_keeps_every_participant_ticked_in_a_draft(client, cast, story, sign_in):
    sign_in(cast.team_manager)
    url = f"/people/{story.maya.key}/record/strategy-discussion"
    ticked = [str(cast.police_officer.pk), str(cast.school_dsl.pk)]
    saved = client.post(
        f"{url}/draft",
        json.dumps({"data": {"readers": ticked}, "revision": 0}),
        content_type="application/json",
    )
    assert saved.status_code == 200
    assert Draft.objects.get().data == {"readers": ticked}  # a list, each tick kept
    form = client.get(url).content.decode()
    assert form.count(" checked>") == 2
