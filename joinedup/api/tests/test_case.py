"""A child's case through the API: children's social care of the child's authority reads it
with its clocks; every other token is told the child does not exist."""

from __future__ import annotations

import uuid

import pytest

from joinedup.api.services import api_token_create
from joinedup.api.views import CASE_PURPOSE
from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import Actor
from joinedup.chronology.testing import event_body, record, social_care_body
from joinedup.people.models import Person

ACTOR = Actor(label="test")


def token_of(organisation) -> str:
    return api_token_create(actor=ACTOR, organisation=organisation, name="case system")


def get_case(client, token: str, key: object):
    return client.get(f"/api/v1/people/{key}/case", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def maya(cast) -> Person:
    """Maya's journey in Riverside, May 2026: a contact, a strategy discussion, a section 47
    enquiry, a plan from the initial conference, and the first core group held late."""
    record(
        event_body(),  # the hospital's attendance: the hospital has sent about her too
        social_care_body("social_care.contact", "2026-05-04", contact_source="School"),
        social_care_body("social_care.referral", "2026-05-05", decision="strategy_discussion"),
        social_care_body("social_care.strategy_discussion", "2026-05-06", decision="s47"),
        social_care_body("social_care.s47_started", "2026-05-06"),
        social_care_body("social_care.conference", "2026-05-20", kind="initial", decision="plan"),
        social_care_body(
            "social_care.child_protection_plan_started", "2026-05-20", category="neglect"
        ),
        social_care_body(
            "social_care.core_group",
            "2026-06-10",
            delay_reason="The police could not attend sooner.",
        ),
    )
    return Person.objects.get(given_name="Maya")


def test_it_shows_childrens_social_care_the_case_and_its_clocks(client, cast, maya):
    response = get_case(client, token_of(cast.csc), maya.key)
    assert response.status_code == 200, response.json()
    case = response.json()
    clocks = case.pop("clocks")
    assert case == {
        "open": True,
        "open_since": "2026-05-05T10:00:00+00:00",
        "child_protection_plan": {"since": "2026-05-20T10:00:00+00:00", "category": "neglect"},
        "child_in_need_plan_since": None,
        "looked_after_since": None,
    }
    # Due dates in England's working days: the spring bank holiday (25 May 2026) skipped.
    assert [(c["code"], c["due_on"], c["status"], c["met_at"]) for c in clocks] == [
        ("referral_decision", "2026-05-05", "met", "2026-05-05T10:00:00+00:00"),
        ("assessment", "2026-07-08", "overdue", None),
        ("initial_conference", "2026-05-28", "met", "2026-05-20T10:00:00+00:00"),
        ("first_core_group", "2026-06-04", "met late", "2026-06-10T10:00:00+00:00"),
        ("first_review_conference", "2026-08-20", "overdue", None),
        ("visit", "2026-06-04", "overdue", None),
        ("seen_alone", "2026-06-18", "overdue", None),
        ("core_group", "2026-07-22", "overdue", None),
    ]
    first_core_group = clocks[3]
    assert first_core_group == {
        "code": "first_core_group",
        "label": "First core group",
        "owner": "allocated_worker",
        "started_at": "2026-05-20T10:00:00+00:00",
        "due_on": "2026-06-04",
        "status": "met late",
        "met_at": "2026-06-10T10:00:00+00:00",
        "delay_reason": "The police could not attend sooner.",
    }


def test_it_logs_the_read_with_the_token_and_why(client, cast, maya):
    token = token_of(cast.csc)
    get_case(client, token, maya.key)
    entry = AccessLogEntry.objects.get(action="view_person")
    assert (entry.person_id, entry.user_id, entry.purpose) == (maya.pk, None, CASE_PURPOSE)
    assert token[:10] in entry.actor_label and cast.csc.name in entry.actor_label


def test_it_answers_for_a_child_with_no_case(client, cast):
    record(event_body())
    maya = Person.objects.get(given_name="Maya")
    case = get_case(client, token_of(cast.csc), maya.key).json()
    assert case == {
        "open": False,
        "open_since": None,
        "child_protection_plan": None,
        "child_in_need_plan_since": None,
        "looked_after_since": None,
        "clocks": [],
    }


@pytest.mark.parametrize(
    "organisation",
    [
        "hospital",  # sent about Maya, and still may not read her case
        "police",
        "school",
        "other_csc",  # children's social care of another authority
    ],
)
def test_it_hides_the_child_from_every_other_token_as_absent(client, cast, maya, organisation):
    token = token_of(getattr(cast, organisation))
    hidden = get_case(client, token, maya.key)
    absent = get_case(client, token, uuid.uuid4())
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()
    assert not AccessLogEntry.objects.filter(action="view_person").exists()


def test_it_refuses_a_request_without_a_token(client, cast, maya):
    response = client.get(f"/api/v1/people/{maya.key}/case")
    assert response.status_code == 401


def test_it_documents_the_case_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    case = schema["paths"]["/api/v1/people/{key}/case"]["get"]
    assert set(case["responses"]) == {"200", "401", "404"}
    properties = schema["components"]["schemas"]["Case"]["properties"]
    clock = properties["clocks"]["items"]["properties"]
    assert {"met", "met late", "overdue", "due soon", "running", "stopped"} == set(
        clock["status"]["enum"]
    )
    assert "assessment" in clock["code"]["enum"]
