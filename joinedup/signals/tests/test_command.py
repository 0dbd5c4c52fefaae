"""`joinedup signals --json [--as-of DATE]` and `joinedup signals evaluate --until DATE`."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from joinedup.chronology.testing import record
from joinedup.signals.tests.timelines import INFANT_ON_PLAN, NOT_SEEN, RUBY


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("signals", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_lists_signals_raised_up_to_a_date_with_child_evidence_routing_and_status(
    db, cast, live
):
    live(*INFANT_ON_PLAN.events)
    early = _run("--json", "--as-of", "2026-02-20")["signals"]
    assert [(s["rule"], s["raised_at"][:10]) for s in early] == [
        ("non_mobile_infant_injury", "2026-01-12"),
        ("unknown_adult_in_household", "2026-02-20"),
    ]
    first = early[0]
    assert first["child"]["name"] == "Ruby Carter"
    assert first["child"]["dob"] == "2025-09-10"
    assert first["child"]["identifiers"] == {"nhs_number": [RUBY["nhs_number"]]}
    assert len(first["child"]["person_id"]) == 36
    assert first["evidence"] == [
        {
            "agency": "health",
            "organisation": "Riverside Health Visiting",
            "record_id": INFANT_ON_PLAN.events[0]["source"]["record_id"],
            "version": 1,
            "type": "health.injury_observed",
            "occurred_at": "2026-01-12T11:00:00+00:00",
            "reported_at": "2026-01-12T13:00:00+00:00",
        }
    ]
    assert first["routed_to"] == ["Front door, Riverside"]
    assert first["status"] == "open"
    assert first["sentence"].startswith(
        "Ruby Carter, 4 months old, was recorded by Riverside Health Visiting on 12 January 2026"
    )
    assert len(_run("--json")["signals"]) == 6


def test_it_runs_the_scheduled_rules_up_to_a_date_when_replaying_history(db, cast):
    record(*NOT_SEEN.events)  # the test's transaction: the after-commit hook never runs
    assert _run("--json", "--as-of", "2026-05-31")["signals"] == []
    result = _run("evaluate", "--until", "2026-04-30", "--json", "--no-escalate")
    assert result["raised_by_schedule"] == 1
    call_command("signals", "evaluate", "--until", "2026-05-31", stdout=StringIO())
    rows = _run("--json")["signals"]
    assert [(s["rule"], s["raised_at"]) for s in rows] == [
        ("child_not_seen", "2026-04-24T00:00:00+01:00"),
        ("child_not_seen", "2026-05-02T00:00:00+01:00"),
    ]
    assert "seen alone" in rows[1]["sentence"]
    again = _run("evaluate", "--until", "2026-05-31", "--json", "--no-escalate")
    assert again["raised_by_schedule"] == 0 and again["raised_by_events"] == 0
