"""After-commit listeners, and running them alongside a long batch in a second process."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from contextlib import suppress
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from joinedup.chronology import hooks
from joinedup.chronology.models import EventVersion
from joinedup.chronology.testing import event_body, organisations_register

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
    bodies = [event_body(record_id=f"H{n}") for n in range(count)]
    organisations_register(*bodies)
    lines = [json.dumps(body) for body in bodies]
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
    monkeypatch.setattr(hooks._recorded, "listeners", [calls.append])
    monkeypatch.setattr(hooks, "COALESCE", 4)
    reader, writer = multiprocessing.Pipe(duplex=False)
    finished, done = multiprocessing.Pipe(duplex=False)
    for message in ((1, [1, 2]), (2, [3]), (3, [4, 5]), (4, [6]), None):
        writer.send(message)
    hooks._listen(reader, writer, done)  # as the second process would, with all five queued
    assert calls == [[1, 2, 3, 4, 5], [6]]  # up to COALESCE ids at once, then the rest
    said = []
    with suppress(EOFError):  # it closes its end when it stops
        while True:
            said.append(finished.recv())
    assert said == [3, 4]  # after each run, the last batch it held


def test_the_batch_keeps_only_what_the_second_process_has_not_finished():
    finished, done = multiprocessing.Pipe(duplex=False)
    reader, writer = multiprocessing.Pipe(duplex=False)
    alongside = hooks._Alongside(writer, finished)
    for n in range(1, 4):
        alongside.put([n * 10])
    assert [ids for _, ids in alongside.pending] == [[10], [20], [30]]
    done.send(2)  # batches 1 and 2 have been run
    alongside.put([40])
    assert [ids for _, ids in alongside.pending] == [[30], [40]]
    done.send(4)
    alongside.acknowledged()
    assert not alongside.pending
    assert [reader.recv() for _ in range(4)] == [(1, [10]), (2, [20]), (3, [30]), (4, [40])]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the second process runs on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_batches_the_second_process_finished_are_not_run_again_when_it_dies(
    tmp_path, monkeypatch, caplog
):
    """It runs the first chunk's listeners, then dies in the second: only the second (and
    what follows) runs here."""
    monkeypatch.setattr("joinedup.chronology.services.CHUNK", 2)
    spy = PidListener(tmp_path / "calls.jsonl")
    parent = os.getpid()

    def dies_on_its_second_batch(version_ids: list[int]) -> None:
        if os.getpid() != parent and len(spy.calls()) >= 1:
            os._exit(3)
        spy(version_ids)

    hooks.on_events_recorded(dies_on_its_second_batch)
    try:
        path = ingest_file(tmp_path, 4)
        monkeypatch.setattr(hooks, "COALESCE", 1)  # one chunk at a time in the second process
        with caplog.at_level(logging.ERROR, logger="joinedup.chronology.hooks"):
            call_command("ingest", str(path), "--quiet")
    finally:
        hooks._listeners.remove(dies_on_its_second_batch)
    calls = spy.calls()
    versions = sorted(EventVersion.objects.values_list("pk", flat=True))
    assert [c["pid"] != parent for c in calls] == [True, False]
    assert sorted(i for c in calls for i in c["ids"]) == versions  # each exactly once
    assert "running here the batches it had not finished (1)" in caplog.text


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the second process runs on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_second_process_that_fails_after_finishing_is_still_reported(
    tmp_path, listener, monkeypatch, caplog
):
    """Nothing to run again, but an operator should know it did not end cleanly."""
    listen = hooks._listen

    def fails_at_the_end(*args: object) -> None:
        listen(*args)  # type: ignore[arg-type]
        os._exit(5)

    monkeypatch.setattr(hooks, "_listen", fails_at_the_end)
    with caplog.at_level(logging.WARNING, logger="joinedup.chronology.hooks"):
        call_command("ingest", str(ingest_file(tmp_path, 2)), "--quiet")
    assert "stopped (exit code 5) after finishing every batch" in caplog.text
    called = [i for call in listener.calls() for i in call["ids"]]
    assert sorted(called) == sorted(EventVersion.objects.values_list("pk", flat=True))
    assert os.getpid() not in {call["pid"] for call in listener.calls()}  # none run again here
