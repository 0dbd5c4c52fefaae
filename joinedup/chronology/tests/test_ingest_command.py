"""`joinedup ingest FILE.jsonl` as an operator runs it."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.chronology.models import Event, UnfamiliarValue
from joinedup.chronology.testing import MAYA, event_body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hospital():
    """The organisation the files below send as, registered as an operator does first."""
    from joinedup.core.models import Organisation

    return Organisation.objects.create(name="Riverside Hospital", agency="health")


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def test_it_records_good_lines_reports_bad_ones_by_number_and_exits_1(tmp_path, capsys):
    bad_nhs = event_body(subjects=[{**MAYA, "identifiers": {"nhs_number": "9434765918"}}])
    path = write_lines(
        tmp_path / "events.jsonl",
        [
            json.dumps(event_body(record_id="F1")),
            "{this is not json",
            "",
            json.dumps(bad_nhs),
            json.dumps(event_body(record_id="F2")),
        ],
    )
    with pytest.raises(SystemExit) as exited:
        call_command("ingest", str(path))
    assert exited.value.code == 1
    out, err = capsys.readouterr()
    assert "5 lines" not in out  # blank lines are not counted as records
    assert "4 lines" in out and "2 created" in out and "2 refused" in out
    assert f"{path}:2: $: not valid JSON" in err
    assert f"{path}:4: subjects[0].identifiers.nhs_number: is not a valid NHS number" in err
    assert set(Event.objects.values_list("record_id", flat=True)) == {"F1", "F2"}


def test_it_exits_0_when_every_line_is_good_and_is_idempotent(tmp_path, capsys):
    path = write_lines(
        tmp_path / "ok.jsonl", [json.dumps(event_body(record_id=f"G{i}")) for i in range(3)]
    )
    call_command("ingest", str(path))
    call_command("ingest", str(path))
    out, _ = capsys.readouterr()
    assert "3 created" in out and "3 unchanged" in out
    assert Event.objects.count() == 3


def test_it_keeps_a_line_with_an_unknown_detail_value_and_warns(tmp_path, capsys):
    unknown = event_body(record_id="W1", details={"injury": {"kind": "sprain"}})
    path = write_lines(tmp_path / "w.jsonl", [json.dumps(unknown)])
    call_command("ingest", str(path))  # exits 0: nothing was refused
    out, err = capsys.readouterr()
    assert "1 created" in out and "0 refused" in out
    assert f"{path}:1: warning: details.injury.kind: 'sprain' is not a known value" in err
    assert Event.objects.filter(record_id="W1").exists()


def test_it_counts_unfamiliar_values_per_organisation(tmp_path, capsys):
    lines = [
        event_body(record_id="U1", details={"injury": {"kind": "sprain"}}),
        event_body(record_id="U2", details={"injury": {"kind": "sprain"}}),
        event_body(record_id="U3", details={"injury": {"kind": "nettle_sting"}}),
        event_body(record_id="U4", details={"injury": {"kind": "bruise"}}),
    ]
    path = write_lines(tmp_path / "u.jsonl", [json.dumps(b) for b in lines])
    call_command("ingest", str(path))
    call_command("ingest", str(path))  # the same again: unchanged, not counted twice
    capsys.readouterr()
    counts = {
        (u.organisation.name, u.type, u.field, u.value): u.count
        for u in UnfamiliarValue.objects.select_related("organisation")
    }
    org, typ = lines[0]["source"]["organisation"], lines[0]["type"]
    assert counts == {
        (org, typ, "details.injury.kind", "sprain"): 2,
        (org, typ, "details.injury.kind", "nettle_sting"): 1,
    }
    call_command("unfamiliar-values")
    out = capsys.readouterr().out
    assert out.splitlines()[0] == org
    assert "2  " + typ + "  details.injury.kind = 'sprain'" in out


def test_it_streams_a_file_larger_than_one_chunk(tmp_path, capsys):
    lines = [json.dumps(event_body(record_id=f"S{i}")) for i in range(1203)]
    call_command("ingest", str(write_lines(tmp_path / "big.jsonl", lines)))
    assert "1203 created" in capsys.readouterr().out
    assert Event.objects.count() == 1203


def test_it_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest", str(tmp_path / "absent.jsonl"))


def test_it_pauses_the_cycle_collector_while_it_records(tmp_path):
    from joinedup.audit.services import Actor
    from joinedup.chronology.management.commands.ingest import file_record
    from joinedup.chronology.services import Sender

    path = write_lines(
        tmp_path / "a.jsonl", [json.dumps(event_body(record_id=f"C{i}")) for i in range(3)]
    )
    sender = Sender(actor=Actor(label="test"))
    states = [gc.isenabled() for _ in file_record(path, sender=sender)]
    assert states == [False, False, False]
    assert gc.isenabled()


def test_it_refreshes_the_planners_statistics_after_a_load(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from joinedup.chronology.models import EventVersion
    from joinedup.core.statistics import rows_estimate

    held = rows_estimate(EventVersion)  # PostgreSQL's estimate outlives rolled-back tests
    path = write_lines(
        tmp_path / "load.jsonl", [json.dumps(event_body(record_id=f"A{i}")) for i in range(3)]
    )
    with CaptureQueriesContext(connection) as queries:
        call_command("ingest", str(path), "--quiet")
    analysed = queries.captured_queries[-1]["sql"] == "ANALYZE"
    assert analysed is (connection.vendor == "sqlite" or held / 10 <= 3)
    if connection.vendor == "sqlite":  # statistics where there were none (the test database)
        with connection.cursor() as cursor:
            cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'people_personorganisation'")
            assert {row[0] for row in cursor.fetchall()} >= {"people_pers_organis_9d2224_idx"}


def test_it_refuses_an_unknown_organisation_by_line_and_keeps_the_rest(tmp_path, capsys):
    """Issue 22: a misspelt organisation once made a new one with no authority, whose events
    no social worker ever saw."""
    from joinedup.core.models import Organisation

    path = write_lines(
        tmp_path / "typo.jsonl",
        [
            json.dumps(event_body(record_id="T1")),
            json.dumps(event_body(record_id="T2", organisation="Riverside Hospitl")),
            json.dumps(event_body(record_id="T3")),
        ],
    )
    with pytest.raises(SystemExit):
        call_command("ingest", str(path))
    _, err = capsys.readouterr()
    assert f"{path}:2: source.organisation: 'Riverside Hospitl' is not a registered" in err
    assert set(Event.objects.values_list("record_id", flat=True)) == {"T1", "T3"}
    assert not Organisation.objects.filter(name="Riverside Hospitl").exists()


def test_it_refuses_hostile_lines_by_number_and_keeps_the_good_ones(tmp_path, capsys):
    """Issue 22: a lone surrogate or an impossible date stopped ingest with a traceback and
    lost the rest of its chunk; a rerun stopped at the same place."""
    surrogate = json.dumps(event_body(record_id="X2", summary="PLACEHOLDER"))
    lines = [
        json.dumps(event_body(record_id="X1")),
        surrogate.replace("PLACEHOLDER", "\\ud800"),
        json.dumps(event_body(record_id="X3", occurred_at="0001-01-01T00:00:00+01:00")),
        "[" * 100_000 + "]" * 100_000,
        json.dumps(event_body(record_id="X5", summary="Burn\u0000")),
        json.dumps(event_body(record_id="X6")),
    ]
    path = write_lines(tmp_path / "hostile.jsonl", lines)
    for _ in range(2):  # and again: the same lines refused, nothing stored twice
        with pytest.raises(SystemExit):
            call_command("ingest", str(path))
        _, err = capsys.readouterr()
        assert f"{path}:2: summary: contains an unpaired surrogate" in err
        assert f"{path}:3: occurred_at:" in err and "is out of range" in err
        assert f"{path}:4: $: is nested too deeply to read" in err
        assert f"{path}:5: summary: contains a NUL character" in err
        assert set(Event.objects.values_list("record_id", flat=True)) == {"X1", "X6"}
