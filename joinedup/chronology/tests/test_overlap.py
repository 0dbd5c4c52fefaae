"""Recording a long batch with chunk n stored by a second thread while chunk n+1 is matched
(ADR 0011): the result must be what recording one chunk after the other gives.

Each test holds every chunk's transaction open until the next chunk has been prepared, so the
next chunk is always matched before the one before it is visible in the database: what it
knows of that chunk it knows only from what was carried over.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, connection

from joinedup.audit.services import Actor, access_log_verify
from joinedup.chronology import chunks, services, writer
from joinedup.chronology.models import Event, EventSubject, EventVersion
from joinedup.chronology.services import Sender, events_record
from joinedup.chronology.testing import LEE, MAYA, event_body, organisations_register
from joinedup.people.models import (
    MatchKey,
    Person,
    PersonIdentifier,
    PersonName,
    PersonOrganisation,
)
from joinedup.people.tests.test_identity_context import KEVIN, housing, kev

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="overlapped on PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]

KAI = {
    "ref": "k",
    "role": "child",
    "name": {"given": "Kai", "family": "Orwell"},
    "dob": "2019-03-02",
    "address": {"line1": "4 Tannery Row", "town": "Riverside", "postcode": "RV3 1TT"},
}


@pytest.fixture
def lockstep(monkeypatch):
    """Chunks of two; the storing thread holds each chunk until the next one has been
    prepared (the last one, and one-by-one retries, for at most a moment)."""
    monkeypatch.setattr(services, "CHUNK", 2)
    counts = {"prepared": 0, "stored": 0}
    changed = threading.Condition()
    original_prepare, original_store = writer.ChunkWriter.prepare, writer.ChunkWriter.store

    def prepare(self: writer.ChunkWriter, parsed: list) -> None:
        original_prepare(self, parsed)
        with changed:
            counts["prepared"] += 1
            changed.notify_all()

    def store(self: writer.ChunkWriter) -> dict:
        if threading.current_thread() is not threading.main_thread():
            with changed:
                counts["stored"] += 1
                n = counts["stored"]
                changed.wait_for(lambda: counts["prepared"] > n, timeout=0.3)
        return original_store(self)

    monkeypatch.setattr(writer.ChunkWriter, "prepare", prepare)
    monkeypatch.setattr(writer.ChunkWriter, "store", store)


def overlapped(*bodies: dict[str, Any]) -> list[services.ItemResult]:
    organisations_register(*bodies)
    sender = Sender(actor=Actor(label="test operator"))
    return list(
        events_record(
            items=list(enumerate(bodies)), sender=sender, received_via="test", overlap=True
        )
    )


def test_a_person_created_in_one_chunk_is_found_by_the_next(lockstep, monkeypatch):
    stored_in = set()
    original = writer.ChunkWriter.store

    def spy(self: writer.ChunkWriter) -> dict:
        stored_in.add(threading.current_thread().name)
        return original(self)

    monkeypatch.setattr(writer.ChunkWriter, "store", spy)
    results = overlapped(*(event_body(record_id=f"K{n}", subjects=[KAI]) for n in range(5)))
    assert [r.status for r in results] == ["created"] * 5
    assert all(name.startswith("joinedup-store") for name in stored_in)
    kai = Person.objects.get()
    assert {s.person.pk for r in results for s in r.subjects} == {kai.pk}
    assert EventSubject.objects.filter(person=kai).count() == 5
    # Each key written once, each name kept as said, in every chunk.
    keys = list(MatchKey.objects.filter(person=kai).values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    assert PersonName.objects.filter(person=kai).count() == 5
    assert [r.event_id for r in results] == list(
        Event.objects.order_by("record_id").values_list("pk", flat=True)
    )


def test_a_relationship_said_in_the_chunk_still_being_stored_counts_in_the_next(lockstep):
    Person.objects.bulk_create(  # a population: being someone's relative is then rare
        Person(given_name=f"Other{i}", family_name="Person", dob=date(1990, 1, 1 + i % 28))
        for i in range(2000)
    )
    results = overlapped(
        event_body(record_id="K0", subjects=[KAI]),
        event_body(record_id="ED-1", subjects=[MAYA, KEVIN]),
        housing(MAYA, kev(p1="mothers_partner")),  # the next chunk: ED-1 not yet visible
    )
    kevin = next(s for s in results[1].subjects if s.ref == "k")
    linked = next(s for s in results[2].subjects if s.ref == "k")
    assert linked.outcome == "linked", linked.reasons
    assert linked.person.pk == kevin.person.pk
    assert any("recorded as mother's partner of Maya Brooks" in r for r in linked.reasons)


def test_a_correction_in_the_next_chunk_supersedes_the_version_still_being_stored(lockstep):
    first = event_body(record_id="C1", subjects=[MAYA, LEE], summary="Burn to hand")
    corrected = {**first, "summary": "Burn to right hand, corrected"}
    results = overlapped(first, event_body(record_id="C2"), corrected, first)
    assert [r.status for r in results] == ["created", "created", "corrected", "corrected"]
    assert [r.version for r in results] == [1, 1, 2, 3]
    versions = EventVersion.objects.filter(event__record_id="C1").order_by("version")
    assert [v.superseded_at is None for v in versions] == [False, False, True]
    assert [v.summary for v in versions][-1] == "Burn to hand"
    current = EventSubject.objects.filter(version__event__record_id="C1", is_current=True)
    assert {s.version.version for s in current} == {3}
    # Lee has no date of birth: the corrections keep the person the first version linked.
    lee = {
        s.person_id for s in EventSubject.objects.filter(ref="p2", version__event__record_id="C1")
    }
    assert len(lee) == 1


def test_a_re_send_of_an_event_in_the_chunk_before_is_unchanged(lockstep):
    body = event_body(record_id="R1")
    results = overlapped(body, event_body(record_id="R2"), body)
    assert [r.status for r in results] == ["created", "created", "unchanged"]
    assert results[2].event_id == results[0].event_id
    assert EventVersion.objects.filter(event__record_id="R1").count() == 1


@pytest.fixture
def one_by_one(monkeypatch) -> list[list]:
    """The events of each chunk that was recorded one by one after its transaction failed."""
    retried: list[list] = []
    original = chunks._one_by_one

    def spy(*args: Any) -> dict:
        retried.append(args[0])
        return original(*args)

    monkeypatch.setattr(chunks, "_one_by_one", spy)
    return retried


def test_identifiers_and_organisations_are_kept_once_across_chunks(lockstep, one_by_one):
    # Read while the chunk before is still being stored: what it writes comes with the carry.
    results = overlapped(*(event_body(record_id=f"I{n}", subjects=[MAYA]) for n in range(6)))
    assert one_by_one == []  # no chunk was refused (a second person-organisation row would be)
    maya = Person.objects.get()
    assert {s.person.pk for r in results for s in r.subjects} == {maya.pk}
    assert PersonIdentifier.objects.filter(value="9434765919").count() == 1  # Maya's
    assert PersonOrganisation.objects.filter(person=maya).count() == 1
    assert access_log_verify()[1] is None


def test_if_a_chunk_fails_it_is_recorded_one_by_one_and_the_next_is_matched_again(
    lockstep, monkeypatch, one_by_one
):
    original = writer.ChunkWriter.store
    failed: list[bool] = []

    def store_failing_once(self: writer.ChunkWriter) -> dict:
        if not failed and len(self.results) > 1:  # the first whole chunk, not its retries
            failed.append(True)
            original(self)  # it wrote everything, then the database refused the commit
            raise IntegrityError("simulated: another writer took a record id")
        return original(self)

    monkeypatch.setattr(writer.ChunkWriter, "store", store_failing_once)
    results = overlapped(*(event_body(record_id=f"F{n}", subjects=[KAI]) for n in range(4)))
    assert failed
    # Only the failed chunk was retried: chunk two, matched against a Kai that was never
    # stored, was matched again before it was stored (else it too would fail and retry).
    assert [[p for p, _ in parsed] for parsed in one_by_one] == [[0, 1]]
    assert [r.status for r in results] == ["created"] * 4
    kai = Person.objects.get()  # chunk two found the Kai chunk one stored when it retried
    assert EventSubject.objects.filter(person=kai).count() == 4
    assert Event.objects.count() == 4
