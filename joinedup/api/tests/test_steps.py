"""Recording a step through the API: a children's social care system, for its practitioner,
with the page's checks; every other token is told the child does not exist."""

from __future__ import annotations

import json
from typing import Any

import pytest

from joinedup.api.services import api_token_create
from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import Actor
from joinedup.cases.selectors import case_state
from joinedup.casework.models import StepRecord, Submission
from joinedup.chronology.testing import MAYA, event_body, record
from joinedup.people.models import Person


def post(client, organisation, key: object, step: str, body: dict[str, Any]):
    token = api_token_create(actor=Actor(label="test"), organisation=organisation, name="cms")
    return client.post(
        f"/api/v1/people/{key}/steps/{step}",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def maya(cast) -> Person:
    record(event_body(subjects=[MAYA]))
    return Person.objects.get(given_name="Maya")


def test_it_records_a_visit_for_the_named_practitioner(client, cast, maya):
    response = post(
        client,
        cast.csc,
        maya.key,
        "visit",
        {
            "practitioner": "sw",
            "occurred_at": "2026-05-06T09:30:00+01:00",
            "child_seen": True,
            "seen_alone": True,
            "child_said": "I got a sticker",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "recorded"
    record_ = StepRecord.objects.get()
    assert record_.recorded_by == cast.social_worker
    assert record_.version.details["child_said"] == "I got a sticker"
    entry = AccessLogEntry.objects.filter(action="case_step_recorded").get()
    assert "via API token" in entry.actor_label


def test_it_sends_a_closure_for_authorisation(client, cast, maya):
    post(
        client,
        cast.csc,
        maya.key,
        "referral",
        {
            "practitioner": "mash",
            "occurred_at": "2026-05-04T10:00:00Z",
            "decision": "assessment",
            "rationale": "Assess.",
        },
    )
    response = post(
        client,
        cast.csc,
        maya.key,
        "case-closed",
        {
            "practitioner": "sw",
            "occurred_at": "2026-05-20T10:00:00Z",
            "reason": "RC8",
            "rationale": "All well.",
        },
    )
    assert response.status_code == 201 and response.json()["status"] == "sent_for_authorisation"
    assert Submission.objects.get().pk == response.json()["submission_id"]
    assert case_state(person=maya).open_case


def test_it_refuses_a_step_out_of_order_naming_the_field(client, cast, maya):
    response = post(
        client,
        cast.csc,
        maya.key,
        "conference",
        {
            "practitioner": "sw",
            "occurred_at": "2026-05-20T10:00:00Z",
            "kind": "review",
            "decision": "plan_continues",
            "rationale": "x",
        },
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["kind"]
    assert not StepRecord.objects.exists()


def test_it_refuses_a_missing_answer_naming_the_field(client, cast, maya):
    response = post(
        client,
        cast.csc,
        maya.key,
        "visit",
        {
            "practitioner": "sw",
            "occurred_at": "2026-05-06T09:30:00Z",
            "child_seen": True,
        },
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["seen_alone"]


def test_it_refuses_a_practitioner_of_another_organisation(client, cast, maya):
    response = post(
        client,
        cast.csc,
        maya.key,
        "visit",
        {
            "practitioner": "pc",
            "occurred_at": "2026-05-06T09:30:00Z",
            "child_seen": True,
            "seen_alone": True,
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "practitioner"


@pytest.mark.parametrize("org", ["hospital", "police", "school", "other_csc"])
def test_it_tells_every_other_system_the_child_does_not_exist(client, cast, maya, org):
    response = post(
        client,
        getattr(cast, org),
        maya.key,
        "visit",
        {
            "practitioner": "sw",
            "occurred_at": "2026-05-06T09:30:00Z",
            "child_seen": True,
            "seen_alone": True,
        },
    )
    assert response.status_code == 404
    assert not StepRecord.objects.exists()


def test_it_names_partner_participants_by_username(client, cast, maya):
    from joinedup.access.models import EventGrant

    response = post(
        client,
        cast.csc,
        maya.key,
        "strategy-discussion",
        {
            "practitioner": "tm",
            "occurred_at": "2026-05-06T09:30:00Z",
            "decision": "s47",
            "readers": ["pc"],
            "rationale": "Injury and a call-out.",
        },
    )
    assert response.status_code == 201, response.json()
    assert EventGrant.objects.get().user == cast.police_officer
    refused = post(
        client,
        cast.csc,
        maya.key,
        "strategy-discussion",
        {
            "practitioner": "tm",
            "occurred_at": "2026-05-06T09:30:00Z",
            "decision": "s47",
            "readers": ["nobody"],
            "rationale": "x",
        },
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "readers"
