"""Recording events: idempotent, versioned, nothing half-stored, good records kept."""

from __future__ import annotations

import hashlib
import json

import pytest

from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import access_log_verify
from joinedup.chronology.models import Event, EventSubject, EventVersion
from joinedup.chronology.testing import LEE, MAYA, event_body, record
from joinedup.people.models import Person, PersonAddress, PersonIdentifier, PersonName, Relationship

pytestmark = pytest.mark.django_db


def test_it_records_an_event_with_its_people_and_what_was_said_of_them():
    [result] = record(event_body(record_id="ED-1"))
    assert result.status == "created"
    version = EventVersion.objects.get()
    assert (version.organisation.name, version.event.record_id, version.version) == (
        "Riverside Hospital",
        "ED-1",
        1,
    )
    assert version.occurred_at.isoformat() == "2026-05-04T14:05:00+00:00"
    assert version.reported_at.isoformat() == "2026-05-04T16:40:00+00:00"
    assert version.received_at is not None
    maya = Person.objects.get(given_name="Maya")
    assert maya.seen_as_child and str(maya.dob) == "2023-01-19"
    assert PersonIdentifier.objects.get(person=maya).value == "9434765919"
    assert PersonAddress.objects.get(person=maya).postcode == "RV24KS"
    rel = Relationship.objects.get()
    assert (rel.person.given_name, rel.kind, rel.other_id) == ("Lee", "mothers_partner", maya.pk)
    assert rel.source_id == version.pk


def test_it_stores_the_body_exactly_as_sent_with_the_hash_of_its_canonical_text():
    # Encoded once, for the hash, and stored from that text: awkward characters survive.
    summary = 'Said "it\'s fine" \\ left at 3pm\nÅsgård {braces} \t tab, émoji 😀'
    body = event_body(record_id="ED-TEXT", summary=summary, details={"note": {"z": 1, "a": [2]}})
    record(body)
    version = EventVersion.objects.get()
    assert version.body == body
    assert (
        version.body_hash
        == hashlib.sha256(
            json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        ).hexdigest()
    )
    assert record(body)[0].status == "unchanged"


def test_it_defaults_reported_at_to_the_time_of_receipt():
    record(event_body(reported_at=None))
    version = EventVersion.objects.get()
    assert version.reported_at == version.received_at


def test_it_is_idempotent_on_organisation_and_record_id():
    body = event_body(record_id="ED-2")
    first, second = record(body, body)
    assert (first.status, second.status) == ("created", "unchanged")
    assert second.event_id == first.event_id
    [third] = record(body)
    assert third.status == "unchanged"
    assert (Event.objects.count(), EventVersion.objects.count(), Person.objects.count()) == (
        1,
        1,
        2,
    )


def test_it_keeps_a_changed_body_as_a_new_version_and_the_old_one_readable():
    body = event_body(record_id="ED-3", summary="Burn to hand")
    record(body)
    [result] = record({**body, "summary": "Burn to right hand, corrected"})
    assert (result.status, result.version) == ("corrected", 2)
    old, new = EventVersion.objects.order_by("version")
    assert old.summary == "Burn to hand" and old.superseded_at is not None
    assert new.summary == "Burn to right hand, corrected" and new.superseded_at is None
    assert not EventSubject.objects.filter(version=old, is_current=True).exists()
    assert EventSubject.objects.filter(version=new, is_current=True).count() == 2
    # The partner with no date of birth is the same person in both versions.
    assert Person.objects.count() == 2


def test_it_keeps_corrections_in_order_within_one_batch():
    body = event_body(record_id="ED-4", summary="v1")
    results = record(body, {**body, "summary": "v2"}, {**body, "summary": "v3"})
    assert [r.status for r in results] == ["created", "corrected", "corrected"]
    versions = list(
        EventVersion.objects.order_by("version").values_list("summary", "superseded_at")
    )
    assert [s for s, _ in versions] == ["v1", "v2", "v3"]
    assert [at is None for _, at in versions] == [False, False, True]


def test_it_keeps_good_records_and_refuses_bad_ones_whole():
    bad = event_body(subjects=[{**MAYA, "identifiers": {"nhs_number": "1111111112"}}, LEE])
    good = event_body(record_id="ED-5")
    results = record(bad, good, {"type": "nonsense"})
    assert [r.status for r in results] == ["refused", "created", "refused"]
    assert results[0].errors[0].field == "subjects[0].identifiers.nhs_number"
    assert Event.objects.count() == 1
    # Nothing of the bad one was stored: no person, name or identifier from it.
    assert PersonIdentifier.objects.filter(value="1111111112").count() == 0


def test_it_links_the_same_child_from_another_agency_by_nhs_number():
    record(event_body(record_id="ED-6"))
    school = {
        "ref": "c",
        "role": "child",
        "name": {"given": "Maya", "family": "Hill"},
        "identifiers": {"nhs_number": "9434765919"},
    }
    [result] = record(
        event_body(
            organisation="Kiln Street Primary School",
            agency="education",
            type="education.safeguarding_concern",
            subjects=[school],
            details={"concern": "Arrives hungry"},
        )
    )
    assert result.subjects[0].outcome == "linked"
    assert result.subjects[0].reasons == ("NHS number exact",)
    assert Person.objects.filter(seen_as_child=True).count() == 1


def test_it_links_on_full_name_and_date_of_birth_when_no_identifier_matches():
    record(event_body(record_id="ED-7"))
    subject = {"role": "child", "name": {"given": "MAYA", "family": "brooks"}, "dob": "2023-01-19"}
    [result] = record(
        event_body(
            organisation="Riverside Police",
            agency="police",
            type="police.child_concern",
            subjects=[subject],
            details={},
        )
    )
    assert result.subjects[0].outcome == "linked"
    assert set(result.subjects[0].reasons) == {"full name exact", "date of birth exact"}


def test_it_keeps_apart_a_namesake_whose_strong_identifier_differs():
    record(event_body(record_id="ED-8"))
    other = {**MAYA, "identifiers": {"nhs_number": "4010232137"}}
    [result] = record(event_body(subjects=[other]))
    assert result.subjects[0].outcome == "new"
    assert Person.objects.filter(given_name="Maya").count() == 2


def test_it_links_the_same_new_child_twice_in_one_batch_to_one_person():
    results = record(event_body(record_id="A"), event_body(record_id="B"))
    assert results[0].subjects[0].person.pk == results[1].subjects[0].person.pk
    assert Person.objects.filter(given_name="Maya").count() == 1


def test_it_keeps_name_history_and_shows_the_latest_name():
    record(event_body(record_id="N1", occurred_at="2025-01-01T10:00:00Z", reported_at=None))
    renamed = {**MAYA, "name": {"given": "Maya", "family": "Fenton"}}
    record(event_body(record_id="N2", subjects=[renamed], reported_at=None))
    maya = Person.objects.get(seen_as_child=True)
    assert maya.family_name == "Fenton"
    assert set(PersonName.objects.filter(person=maya).values_list("family", flat=True)) == {
        "Brooks",
        "Fenton",
    }


def test_it_writes_the_access_log_in_the_same_transaction():
    record(event_body(record_id="L1"), event_body(record_id="L2"))
    entries = AccessLogEntry.objects.filter(action="event_recorded")
    assert entries.count() == 2
    assert access_log_verify() == (2, None)


@pytest.mark.django_db(transaction=True)
def test_it_tells_listeners_after_commit_and_not_for_unchanged_resends():
    from joinedup.chronology import hooks

    seen: list[list[int]] = []
    hooks.on_events_recorded(seen.append)
    try:
        body = event_body(record_id="H1")
        record(body, body)
        assert seen == [list(EventVersion.objects.values_list("pk", flat=True))]
        record(body)
        assert len(seen) == 1
    finally:
        hooks._listeners.remove(seen.append)


def test_it_never_links_on_a_birth_year_alone():
    record(event_body(record_id="Y1"))
    guess = {"role": "child", "name": {"given": "Maya", "family": "Brooks"}, "dob": "2023"}
    [result] = record(
        event_body(
            organisation="Riverside Police",
            agency="police",
            type="police.child_concern",
            subjects=[guess],
            details={},
        )
    )
    assert result.subjects[0].outcome == "new"
    assert "approximate date of birth" in result.subjects[0].reasons[0]


def test_it_links_on_a_name_the_child_is_also_known_by():
    record(event_body(record_id="K1", subjects=[{**MAYA, "identifiers": {}}]))
    renamed = {
        "role": "child",
        "name": {"given": "Maya", "family": "Fenton", "aliases": ["Maya Brooks"]},
        "dob": "2023-01-19",
    }
    [result] = record(
        event_body(
            organisation="Riverside Police",
            agency="police",
            type="police.child_concern",
            subjects=[renamed],
            details={},
        )
    )
    assert result.subjects[0].outcome == "linked"
    assert result.subjects[0].reasons[0] == "a name the person is also known by, exact"


def test_it_keeps_each_organisations_assertion_of_an_identifier_once():
    record(event_body(record_id="I1"), event_body(record_id="I2"))
    police = event_body(
        organisation="Riverside Police",
        agency="police",
        type="police.child_concern",
        subjects=[MAYA],
        details={},
    )
    record(police)
    rows = PersonIdentifier.objects.filter(value="9434765919")
    assert sorted(r.source.organisation.name for r in rows if r.source) == [
        "Riverside Hospital",
        "Riverside Police",
    ]


def test_each_organisation_asserts_an_identifier_once_however_often_it_sends_it():
    record(event_body(record_id="A-1"), event_body(record_id="A-2"))  # one chunk
    record(event_body(record_id="A-3"))  # a later chunk: the earlier assertion is stored
    record(event_body(record_id="S-1", organisation="Kiln Street Surgery"))
    maya = Person.objects.get(given_name="Maya")
    said = PersonIdentifier.objects.filter(person=maya, value="9434765919")
    assert sorted(said.values_list("source__organisation__name", flat=True)) == [
        "Kiln Street Surgery",
        "Riverside Hospital",
    ]
