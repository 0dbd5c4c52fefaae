"""What runs after events are committed (signal evaluation, notifications).

A listener is registered once, at start-up (an AppConfig.ready), and is called after the
transaction that recorded the versions commits, with the ids of the new event versions. A
listener that fails is logged; it never undoes or blocks recording.

A long batch (`joinedup ingest FILE`) runs its listeners in a second process, on the second
core, while it goes on recording (`listeners_alongside`, ADR 0010): each chunk is evaluated
as soon as the second process reaches it, and the batch ends only once every listener has run.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection

from django.db import connection, connections, transaction

from joinedup.core.collector import CollectEvery, collector_paused
from joinedup.core.hooks import AfterCommit

log = logging.getLogger(__name__)

Listener = Callable[[list[int]], None]
_recorded: AfterCommit[list[int]] = AfterCommit("events were recorded")
_listeners = _recorded.listeners  # the registered listeners (tests take one out again)


class _Alongside:
    """The pipes to and from the second process, and the batches of ids handed to it that it
    has not yet said are done (to run them here if that process dies). It says so after each
    batch, so what is kept is what is in flight, however long the file."""

    def __init__(self, writer: Connection, done: Connection) -> None:
        self.writer = writer
        self.done = done
        self.pending: deque[tuple[int, list[int]]] = deque()
        self.sent = 0
        self.broken = False

    def put(self, version_ids: list[int]) -> None:
        self.acknowledged()
        self.sent += 1
        self.pending.append((self.sent, version_ids))
        self._send((self.sent, version_ids))

    def acknowledged(self) -> None:
        """Forget the batches the second process has finished."""
        try:
            while self.done.poll():
                finished = self.done.recv()
                while self.pending and self.pending[0][0] <= finished:
                    self.pending.popleft()
        except (EOFError, OSError):  # it has gone: what is pending runs here at the end
            self.broken = True

    def close(self) -> None:
        """Tell the second process the batch is over."""
        self._send(None)
        self.writer.close()

    def _send(self, message: tuple[int, list[int]] | None) -> None:
        if self.broken:
            return
        try:
            self.writer.send(message)
        except OSError:  # the second process has gone: what it missed runs here at the end
            self.broken = True


_alongside: _Alongside | None = None


def on_events_recorded(listener: Listener) -> Listener:
    return _recorded.register(listener)


def _notify(version_ids: list[int]) -> None:
    _recorded.call(version_ids)


def _dispatch(version_ids: list[int]) -> None:
    if _alongside is not None:
        _alongside.put(version_ids)
    else:
        _notify(version_ids)


def events_recorded(version_ids: list[int]) -> None:
    """Call from inside the recording transaction; listeners run once it commits."""
    if version_ids and _listeners:
        transaction.on_commit(lambda: _dispatch(list(version_ids)))


# The most ids the second process takes in one go when it has fallen behind.
COALESCE = 5000
# A full collection of cycles in the second process after this many ids.
COLLECT_EVERY = 50_000


def _listen(reader: Connection, writer: Connection, done: Connection) -> None:
    """The second process: run the listeners for each batch of ids until told to stop, and
    say on `done` the number of the last batch run. Batches that queued up while it was busy
    are run as one: a child that several of them touch is read and evaluated once, not once
    per batch (listeners take any set of ids)."""
    writer.close()  # this process only reads; the batch's end of the pipe is its own
    collect = CollectEvery(COLLECT_EVERY)
    try:
        ended = False
        with collector_paused():  # as the batch itself (core.collector)
            while not ended and (message := reader.recv()) is not None:
                last, version_ids = message
                while len(version_ids) < COALESCE and reader.poll():
                    more = reader.recv()
                    if more is None:
                        ended = True
                        break
                    last, version_ids = more[0], version_ids + more[1]
                _notify(version_ids)
                collect.tick(len(version_ids))
                with suppress(OSError):  # the batch has gone; nothing is waiting to hear
                    done.send(last)
    finally:
        done.close()
        connections.close_all()


@contextmanager
def listeners_alongside() -> Iterator[None]:
    """Run the after-commit listeners in a second process for the duration of the block, and
    wait for them to finish before leaving it.

    Only on PostgreSQL (SQLite takes one writer at a time), outside any transaction (the
    connection is closed before the fork, so the two processes never share a socket) and when
    there are listeners; otherwise the block runs with the listeners inline, as usual. If the
    second process dies, every batch it had not finished is run here (listeners are idempotent).
    """
    global _alongside
    if (
        not _listeners
        or _alongside is not None
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
    ):
        yield
        return
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    finished, done = context.Pipe(duplex=False)
    connections.close_all()
    child = context.Process(target=_listen, args=(reader, writer, done), name="joinedup-listeners")
    child.start()
    reader.close()  # so a send fails, rather than blocks, once the second process has gone
    done.close()  # so reading says so, rather than waits, once it has gone
    _alongside = alongside = _Alongside(writer, finished)
    try:
        yield
    finally:
        _alongside = None
        alongside.close()
        while child.is_alive():  # reading what it says as it goes, so it never waits on us
            alongside.acknowledged()
            child.join(timeout=0.05)
        alongside.acknowledged()
        finished.close()
        if alongside.pending:
            log.error(
                "the listeners' process stopped (exit code %s); running here the batches it "
                "had not finished (%d)",
                child.exitcode,
                len(alongside.pending),
            )
            for _, version_ids in alongside.pending:
                _notify(version_ids)
        elif child.exitcode != 0:
            log.warning(
                "the listeners' process stopped (exit code %s) after finishing every batch",
                child.exitcode,
            )
