"""The event contract: every way an agency can get it wrong is answered by field and reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from joinedup.chronology.contract import event_parse
from joinedup.chronology.testing import LEE, MAYA, event_body
from joinedup.core.errors import ApplicationError

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def errors_of(body) -> dict[str, str]:
    with pytest.raises(ApplicationError) as caught:
        event_parse(body, now=NOW)
    return {e.field: e.reason for e in caught.value.errors}


def test_it_accepts_the_spec_example():
    event = event_parse(event_body(), now=NOW)
    assert event.type == "health.unscheduled_care_attendance"
    assert [s.role for s in event.subjects] == ["child", "accompanying_adult"]
    assert event.subjects[1].relationship_to == (("p1", "mothers_partner"),)
    assert event.subjects[0].identifier("nhs_number") == "9434765919"


def test_it_hashes_equal_bodies_equally_whatever_the_key_order():
    a = event_body(record_id="X1")
    b = dict(reversed(list(a.items())))
    assert event_parse(a, now=NOW).body_hash == event_parse(b, now=NOW).body_hash


def test_it_refuses_a_non_object():
    assert errors_of([1, 2]) == {"$": "must be an object, not a list"}


@pytest.mark.parametrize(
    ("change", "field", "reason_part"),
    [
        ({"type": "health.teleport"}, "type", "not a known event type"),
        ({"type": 7}, "type", "must be a string"),
        ({"occurred_at": "yesterday"}, "occurred_at", "not an ISO 8601"),
        ({"occurred_at": "2027-01-01T00:00:00Z"}, "occurred_at", "in the future"),
        ({"occurred_at": "1899-12-31T00:00:00Z"}, "occurred_at", "before 1900"),
        ({"reported_at": "2026-05-01T00:00:00Z"}, "reported_at", "earlier than occurred_at"),
        ({"subjects": []}, "subjects", "at least one"),
        ({"subjects": "Maya"}, "subjects", "must be a list"),
        (
            {"source": {"agency": "army", "organisation": "X", "record_id": "1"}},
            "source.agency",
            "not one of",
        ),
        (
            {"source": {"agency": "health", "organisation": "", "record_id": "1"}},
            "source.organisation",
            "must not be empty",
        ),
        ({"details": {"injury": {"kind": 7}}}, "details.injury.kind", "must be a word"),
        (
            {"details": {"safeguarding_concern": "yes"}},
            "details.safeguarding_concern",
            "true or false",
        ),
        ({"summary": "x" * 10_001}, "summary", "longer than"),
    ],
)
def test_it_names_the_field_and_the_reason(change, field, reason_part):
    errors = errors_of({**event_body(), **change})
    assert field in errors, errors
    assert reason_part in errors[field]


@pytest.mark.parametrize(
    ("subject_change", "field", "reason_part"),
    [
        ({"role": "bystander"}, "subjects[0].role", "not one of"),
        (
            {"identifiers": {"nhs_number": "9434765918"}},
            "subjects[0].identifiers.nhs_number",
            "modulus 11",
        ),
        ({"identifiers": {"upn": "A12345678901"}}, "subjects[0].identifiers.upn", "check letter"),
        ({"dob": "2030-01-01"}, "subjects[0].dob", "in the future"),
        ({"dob": "1850-01-01"}, "subjects[0].dob", "before 1900"),
        ({"dob": "19/01/2023"}, "subjects[0].dob", "not a date"),
        ({"sex": "f"}, "subjects[0].sex", "not one of"),
        ({"name": "Maya Brooks"}, "subjects[0].name", "must be an object"),
        (
            {"relationship_to": {"p9": "mother"}},
            "subjects[0].relationship_to.p9",
            "no subject's ref",
        ),
        ({"relationship_to": {"p1": "mother"}}, "subjects[0].relationship_to.p1", "itself"),
        ({"relationship_to": {"p2": "aunt"}}, "subjects[0].relationship_to.p2", "not one of"),
    ],
)
def test_it_checks_each_subject(subject_change, field, reason_part):
    errors = errors_of(event_body(subjects=[{**MAYA, **subject_change}, LEE]))
    assert field in errors, errors
    assert reason_part in errors[field]


def test_it_refuses_a_subject_with_nothing_to_identify_them():
    errors = errors_of(event_body(subjects=[{"role": "child", "dob": "2023-01-19"}]))
    assert "nothing to identify" in errors["subjects[0]"]


def test_it_refuses_two_subjects_with_the_same_ref():
    errors = errors_of(event_body(subjects=[MAYA, {**LEE, "ref": "p1", "relationship_to": {}}]))
    assert "more than one subject" in errors["subjects"]


def test_it_reports_every_problem_at_once():
    errors = errors_of({"type": "nope", "subjects": [{"role": "child"}]})
    assert {"source", "type", "occurred_at", "subjects[0]"} <= set(errors)


def test_it_keeps_an_approximate_date_of_birth_with_its_precision():
    subject = {"role": "child", "name": {"given": "Kai", "family": "Reed"}, "dob": "2019"}
    event = event_parse(event_body(subjects=[subject]), now=NOW)
    assert (str(event.subjects[0].dob), event.subjects[0].dob_precision) == (
        "2019-01-01",
        "year",
    )


def test_it_reads_a_local_time_as_england_time():
    event = event_parse(event_body(occurred_at="2026-07-01T10:00:00", reported_at=None), now=NOW)
    assert event.occurred_at == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)  # BST is UTC+1


def test_it_normalises_identifiers():
    subject = {**MAYA, "identifiers": {"nhs_number": "943 476 5919"}}
    event = event_parse(event_body(subjects=[subject]), now=NOW)
    assert event.subjects[0].identifier("nhs_number") == "9434765919"


def test_it_keeps_an_unknown_detail_value_and_warns_naming_the_field():
    """events v1: an unknown value in an optional detail is stored as sent and answered with a
    warning; it never costs the event (a looked-after child's attendance was once lost so)."""
    body = event_body(details={"injury": {"kind": "sprain", "site": "wrist"}})
    event = event_parse(body, now=NOW)
    assert event.details["injury"]["kind"] == "sprain"
    assert [(w.field, w.reason) for w in event.warnings] == [
        (
            "details.injury.kind",
            "'sprain' is not a known value (bruise, fracture, burn, head_injury, laceration, "
            "bite, scald, other); stored as sent",
        )
    ]
    assert event_parse(event_body(), now=NOW).warnings == ()
