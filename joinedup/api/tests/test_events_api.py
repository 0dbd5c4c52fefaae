"""The partner API through HTTP: tokens, the contract's errors, idempotency, bulk."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from joinedup.api.models import ApiToken
from joinedup.api.services import api_token_create, api_token_revoke
from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import Actor
from joinedup.chronology.models import Event, EventVersion
from joinedup.chronology.testing import MAYA, event_body
from joinedup.people.models import Person

ACTOR = Actor(label="test")


@pytest.fixture
def hospital_token(cast) -> str:
    return api_token_create(actor=ACTOR, organisation=cast.hospital, name="ED system")


def post(
    client: Client, token: str, body, *, path="/api/v1/events", content_type="application/json"
):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(path, data, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_records_an_event_and_says_who_it_is_about(client, hospital_token):
    response = post(client, hospital_token, event_body(record_id="ED-1"))
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert answer["status"] == "created" and answer["version"] == 1
    maya = Person.objects.get(given_name="Maya")
    assert answer["subjects"][0] == {"ref": "p1", "role": "child", "person_id": str(maya.key)}


def test_it_keeps_an_event_with_an_unknown_detail_value_and_warns(client, hospital_token):
    body = event_body(record_id="ED-SPRAIN", details={"injury": {"kind": "sprain"}})
    response = post(client, hospital_token, body)
    assert response.status_code == 201, response.json()
    [warning] = response.json()["warnings"]
    assert warning["field"] == "details.injury.kind"
    assert "'sprain' is not a known value" in warning["reason"]
    stored = EventVersion.objects.get(event__record_id="ED-SPRAIN")
    assert stored.details["injury"]["kind"] == "sprain"
    assert "warnings" not in post(client, hospital_token, event_body(record_id="ED-2")).json()


def test_it_tells_a_partner_nothing_of_how_its_subjects_were_matched(client, cast):
    """Issue 22: a police token sending NHS numbers alone was told "linked, NHS number
    exact": that the hospital knew the child."""
    post(client, api_token_create(actor=ACTOR, organisation=cast.hospital, name="ED"), event_body())
    police = api_token_create(actor=ACTOR, organisation=cast.police, name="Niche")
    only_a_number = {"ref": "c", "role": "child", "identifiers": {"nhs_number": "9434765919"}}

    def body(record_id: str) -> dict:
        return event_body(
            organisation=cast.police.name,
            agency="police",
            record_id=record_id,
            type="police.child_concern",
            subjects=[only_a_number],
            details={},
        )

    for path, items in (("/api/v1/events", body("P1")), ("/api/v1/events/bulk", [body("P2")])):
        answer = post(client, police, items, path=path).json()
        subjects = answer["subjects"] if "subjects" in answer else answer["results"][0]["subjects"]
        assert set(subjects[0]) == {"ref", "role", "person_id"}


def test_it_tells_childrens_social_care_how_its_subjects_were_matched(client, cast):
    csc = api_token_create(actor=ACTOR, organisation=cast.csc, name="Case system")
    post(client, api_token_create(actor=ACTOR, organisation=cast.hospital, name="ED"), event_body())
    body = event_body(
        organisation=cast.csc.name,
        agency="social_care",
        type="social_care.referral",
        subjects=[MAYA],
        details={},
    )
    match = post(client, csc, body).json()["subjects"][0]["match"]
    assert match == {"outcome": "linked", "reasons": ["NHS number exact"]}


def test_it_is_idempotent_and_versions_a_changed_body(client, hospital_token):
    body = event_body(record_id="ED-2")
    assert post(client, hospital_token, body).status_code == 201
    again = post(client, hospital_token, body)
    assert (again.status_code, again.json()["status"]) == (200, "unchanged")
    changed = post(client, hospital_token, {**body, "summary": "Corrected summary"})
    assert (changed.status_code, changed.json()["status"], changed.json()["version"]) == (
        201,
        "corrected",
        2,
    )
    assert EventVersion.objects.count() == 2


@pytest.mark.parametrize("header", ["", "Bearer nope", "Basic abc", "Bearer "])
def test_it_refuses_without_a_valid_token(client, cast, header):
    response = client.post(
        "/api/v1/events",
        json.dumps(event_body()),
        content_type="application/json",
        HTTP_AUTHORIZATION=header,
    )
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorised"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_revoked_token(client, cast, hospital_token):
    api_token_revoke(actor=ACTOR, token=ApiToken.objects.get())
    assert post(client, hospital_token, event_body()).status_code == 401


def test_it_refuses_to_record_for_another_organisation(client, hospital_token):
    body = event_body(
        organisation="Riverside Police", agency="police", type="police.child_concern", details={}
    )
    response = post(client, hospital_token, body)
    assert response.status_code == 403
    assert response.json()["error"] == "wrong_organisation"
    assert response.json()["errors"][0]["field"] == "source.organisation"
    assert not Event.objects.exists()


def test_it_answers_malformed_json_with_400(client, hospital_token):
    response = post(client, hospital_token, b'{"source": ')
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "malformed_json" and body["errors"][0]["field"] == "$"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_it_answers_the_wrong_content_type_with_415(client, hospital_token, content_type):
    response = post(client, hospital_token, json.dumps(event_body()), content_type=content_type)
    assert response.status_code == 415


@override_settings(API_MAX_BODY_BYTES=2000)
def test_it_refuses_an_oversize_body_with_413(client, hospital_token):
    response = post(client, hospital_token, event_body(summary="x" * 3000))
    assert response.status_code == 413
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("subject_change", "field"),
    [
        ({"identifiers": {"nhs_number": "9434765918"}}, "subjects[0].identifiers.nhs_number"),
        ({"role": "bystander"}, "subjects[0].role"),
        ({"dob": "2099-01-01"}, "subjects[0].dob"),
        ({"name": {"given": 5}}, "subjects[0].name.given"),
    ],
)
def test_it_answers_a_contract_breach_with_422_naming_the_field(
    client, hospital_token, subject_change, field
):
    response = post(client, hospital_token, event_body(subjects=[{**MAYA, **subject_change}]))
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Event.objects.exists() and not Person.objects.exists()


def test_it_refuses_get_on_the_write_endpoint(client, hospital_token):
    response = client.get("/api/v1/events", HTTP_AUTHORIZATION=f"Bearer {hospital_token}")
    assert response.status_code == 405


def test_it_records_a_bulk_array_keeping_good_items(client, hospital_token):
    bodies = [event_body(record_id="B1"), {"type": "x"}, event_body(record_id="B2")]
    response = post(client, hospital_token, bodies, path="/api/v1/events/bulk")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["received"], answer["created"], answer["refused"]) == (3, 2, 1)
    assert answer["results"][1]["position"] == 1 and answer["results"][1]["status"] == "refused"
    assert Event.objects.count() == 2


def test_it_refreshes_the_planners_statistics_after_a_bulk_load(
    client, hospital_token, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from joinedup.core.statistics import rows_estimate

    held = rows_estimate(EventVersion)  # PostgreSQL's estimate outlives rolled-back tests
    bodies = [event_body(record_id=f"BULK-{i}") for i in range(3)]
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post(client, hospital_token, bodies, path="/api/v1/events/bulk")
    assert response.json()["created"] == 3
    analysed = [q for q in queries.captured_queries if q["sql"] == "ANALYZE"]
    assert len(analysed) == (1 if connection.vendor == "sqlite" or held / 10 <= 3 else 0)


def test_it_records_bulk_json_lines_reporting_line_numbers(client, hospital_token):
    lines = "\n".join(
        [
            json.dumps(event_body(record_id="J1")),
            "{not json",
            "",
            json.dumps(event_body(record_id="J2")),
        ]
    )
    response = post(
        client,
        hospital_token,
        lines,
        path="/api/v1/events/bulk",
        content_type="application/x-ndjson",
    )
    answer = response.json()
    assert answer["position"] == "line"
    assert [(r["position"], r["status"]) for r in answer["results"]] == [
        (1, "created"),
        (2, "refused"),
        (4, "created"),
    ]


def test_it_reads_back_its_own_event_with_every_version_and_logs_the_read(
    client, cast, hospital_token
):
    body = event_body(record_id="R1")
    event_id = post(client, hospital_token, body).json()["event_id"]
    post(client, hospital_token, {**body, "summary": "Corrected"})
    response = client.get(
        f"/api/v1/events/{event_id}", HTTP_AUTHORIZATION=f"Bearer {hospital_token}"
    )
    assert response.status_code == 200
    versions = response.json()["versions"]
    assert [(v["version"], v["current"]) for v in versions] == [(1, False), (2, True)]
    assert versions[0]["body"]["summary"] == body["summary"]
    assert AccessLogEntry.objects.filter(action="api_read").count() == 2  # Maya and Lee


def test_it_hides_another_organisations_event_as_absent(client, cast, hospital_token):
    police_token = api_token_create(actor=ACTOR, organisation=cast.police, name="niche")
    event_id = post(client, hospital_token, event_body(record_id="R2")).json()["event_id"]
    hidden = client.get(f"/api/v1/events/{event_id}", HTTP_AUTHORIZATION=f"Bearer {police_token}")
    absent = client.get("/api/v1/events/999999", HTTP_AUTHORIZATION=f"Bearer {police_token}")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()


def test_it_serves_an_openapi_schema_built_from_the_registry(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    event = schema["components"]["schemas"]["Event"]
    assert "health.unscheduled_care_attendance" in event["properties"]["type"]["enum"]
    assert "police.concern" in event["x-details-by-type"]
    assert set(schema["paths"]) >= {"/api/v1/events", "/api/v1/events/bulk"}
