import hashlib
import json
from typing import Any

import pytest
from django.db import transaction

from joinedup.audit.actions import Action
from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import (
    GENESIS,
    Actor,
    access_log_verify,
    access_log_write,
    access_log_write_many,
)

pytestmark = pytest.mark.django_db
ACTOR = Actor(label="test")


def write(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            access_log_write(actor=ACTOR, action=Action.VIEW_PERSON, purpose=f"check {i}")


def test_it_chains_entries_so_the_log_verifies():
    write(3)
    assert access_log_verify() == (3, None)


def test_it_detects_an_altered_entry():
    write(3)
    middle = AccessLogEntry.objects.order_by("id")[1]
    AccessLogEntry.objects.filter(pk=middle.pk).update(purpose="nothing to see")
    assert access_log_verify() == (2, middle.pk)


def test_it_detects_a_removed_entry():
    write(3)
    AccessLogEntry.objects.filter(pk=AccessLogEntry.objects.order_by("id").last().pk).delete()  # type: ignore[union-attr]
    assert access_log_verify()[1] == -1


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_write_outside_a_transaction():
    with pytest.raises(RuntimeError):
        access_log_write(actor=ACTOR, action=Action.SEARCH, purpose="y")


def _hash_as_first_written(prev: str, e: AccessLogEntry) -> str:
    """The chain's hash as entries were first written: one JSON array, keys sorted."""
    fields = [prev, e.at.isoformat(), e.user_id, e.actor_label, e.action, e.person_id]
    content = json.dumps(
        [*fields, e.purpose, e.detail], sort_keys=True, default=str, separators=(",", ":")
    )
    return hashlib.sha256(content.encode()).hexdigest()


def test_a_batch_chains_in_order_with_the_hash_entries_were_always_written_with():
    # Entries written before the detail was encoded once must still verify, so the hash is
    # unchanged byte for byte, whatever the detail holds.
    details: list[dict[str, Any]] = [
        {"b": 1, "a": [1, 2.5, None], "nested": {"z": "Åsgård", "y": 'quote " \\ back'}},
        {},
        {"persons": [3, 1, 2], "record_id": "ED-1\n2"},
    ]
    with transaction.atomic():
        access_log_write(actor=ACTOR, action=Action.VIEW_PERSON, purpose="first")
        access_log_write_many(
            actor=Actor(label="command line: ingest", user_id=None),
            action=Action.EVENT_RECORDED,
            purpose="event received",
            entries=[(None, d) for d in details],
        )
    entries = list(AccessLogEntry.objects.order_by("id"))
    assert [e.detail for e in entries[1:]] == details
    prev = GENESIS
    for entry in entries:
        assert (entry.prev_hash, entry.hash) == (prev, _hash_as_first_written(prev, entry))
        prev = entry.hash
    assert access_log_verify() == (4, None)
