"""Worker mode: recording does not evaluate; `joinedup signals work --once` raises the same."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from joinedup.chronology import hooks
from joinedup.chronology.testing import event_body, record
from joinedup.signals.evaluation import on_versions_recorded
from joinedup.signals.models import Signal

INFANT = {
    "ref": "c",
    "role": "child",
    "name": {"given": "Ada", "family": "Fairweather"},
    "dob": "2026-08-01",
    "identifiers": {"nhs_number": "9434765919"},
}


@pytest.fixture
def worker_mode():
    hooks._listeners.remove(on_versions_recorded)
    yield
    hooks.on_events_recorded(on_versions_recorded)


@pytest.mark.django_db(transaction=True)
def test_it_leaves_evaluation_to_the_worker_and_the_worker_raises_it(cast, worker_mode):
    record(
        event_body(
            type="health.injury_observed",
            occurred_at="2026-11-02T10:00:00Z",
            reported_at="2026-11-02T12:00:00Z",
            subjects=[INFANT],
            details={"injury": {"kind": "bruise", "site": "upper arm"}},
        )
    )
    assert not Signal.objects.exists()
    call_command("signals-work", "--once")
    assert list(Signal.objects.values_list("rule", flat=True)) == ["non_mobile_infant_injury"]
    call_command("signals-work", "--once")
    assert Signal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_ingest_of_a_file_raises_the_signal_before_it_ends(cast, tmp_path):
    """`joinedup ingest` evaluates in a second process on PostgreSQL, inline on SQLite; either
    way the signal exists when the command returns."""
    body = event_body(
        type="health.injury_observed",
        occurred_at="2026-11-02T10:00:00Z",
        reported_at="2026-11-02T12:00:00Z",
        subjects=[INFANT],
        details={"injury": {"kind": "bruise", "site": "upper arm"}},
    )
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(body) + "\n")
    call_command("ingest", str(path), "--quiet")
    assert list(Signal.objects.values_list("rule", flat=True)) == ["non_mobile_infant_injury"]
