"""After-commit listeners, and running them alongside a long batch in a second process."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from joinedup.chronology import hooks
from joinedup.chronology.models import EventVersion
from joinedup.core.testing import event_body

ON_POSTGRESQL = connection.vendor == "postgresql"


class PidListener:
    """Writes, for each call, the calling process and the version ids to a file, so a test can
    see what a second process did."""

    def __init__(self, path: Path, *, die_in_child: bool = False) -> None:
        self.path = path
        self.parent = os.getpid()
        self.die_in_child = die_in_child

    def __call__(self, version_ids: list[int]) -> None:
        if self.die_in_child and os.getpid() != self.parent:
            os._exit(3)
        with self.path.open("a") as handle:
            handle.write(json.dumps({"pid": os.getpid(), "ids": version_ids}) + "\n")

    def calls(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines()]


@pytest.fixture
def listener(tmp_path, request):
    spy = PidListener(tmp_path / "calls.jsonl", die_in_child=getattr(request, "param", False))
    hooks.on_events_recorded(spy)
    yield spy
    hooks._listeners.remove(spy)


def ingest_file(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "events.jsonl"
    lines = [json.dumps(event_body(record_id=f"H{n}")) for n in range(count)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.django_db(transaction=True)
def test_ingest_runs_listeners_for_every_version_and_waits_for_them(tmp_path, listener):
    call_command("ingest", str(ingest_file(tmp_path, 3)), "--quiet")
    called = [i for call in listener.calls() for i in call["ids"]]
    assert sorted(called) == sorted(EventVersion.objects.values_list("pk", flat=True))
    pids = {call["pid"] for call in listener.calls()}
    # PostgreSQL: in the second process; SQLite (one writer at a time): here, inline.
    assert pids == ({p for p in pids if p != os.getpid()} if ON_POSTGRESQL else {os.getpid()})
    assert len(pids) == 1


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the second process runs on PostgreSQL only")
@pytest.mark.parametrize("listener", [True], indirect=True)
@pytest.mark.django_db(transaction=True)
def test_if_the_second_process_dies_its_batches_run_here(tmp_path, listener, caplog):
    with caplog.at_level(logging.ERROR, logger="joinedup.chronology.hooks"):
        call_command("ingest", str(ingest_file(tmp_path, 2)), "--quiet")
    assert "the listeners' process stopped (exit code 3)" in caplog.text
    called = [i for call in listener.calls() for i in call["ids"]]
    assert sorted(called) == sorted(EventVersion.objects.values_list("pk", flat=True))
    assert {call["pid"] for call in listener.calls()} == {os.getpid()}


@pytest.mark.django_db
def test_inside_a_transaction_listeners_stay_inline(listener, django_capture_on_commit_callbacks):
    """A caller already in a transaction (a request, a test) is never forked."""
    with hooks.listeners_alongside(), django_capture_on_commit_callbacks(execute=True):
        hooks.events_recorded([1, 2])
    assert listener.calls() == [{"pid": os.getpid(), "ids": [1, 2]}]


def test_batches_that_queued_up_are_run_as_one_in_the_second_process(monkeypatch):
    calls: list[list[int]] = []
    monkeypatch.setattr(hooks, "_listeners", [calls.append])
    monkeypatch.setattr(hooks, "COALESCE", 4)
    reader, writer = multiprocessing.Pipe(duplex=False)
    for batch in ([1, 2], [3], [4, 5], [6], None):
        writer.send(batch)
    hooks._listen(reader, writer)  # as the second process would, with all five queued
    assert calls == [[1, 2, 3, 4, 5], [6]]  # up to COALESCE ids at once, then the rest
