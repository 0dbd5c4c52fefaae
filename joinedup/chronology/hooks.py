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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection

from django.db import connection, connections, transaction

from joinedup.core.collector import CollectEvery, collector_paused

log = logging.getLogger(__name__)

Listener = Callable[[list[int]], None]
_listeners: list[Listener] = []


class _Alongside:
    """The pipe to the second process, and every batch of ids handed to it (to run them here
    if that process dies)."""

    def __init__(self, writer: Connection) -> None:
        self.writer = writer
        self.sent: list[list[int]] = []
        self.broken = False

    def put(self, version_ids: list[int]) -> None:
        self.sent.append(version_ids)
        self._send(version_ids)

    def close(self) -> None:
        """Tell the second process the batch is over."""
        self._send(None)
        self.writer.close()

    def _send(self, message: list[int] | None) -> None:
        if self.broken:
            return
        try:
            self.writer.send(message)
        except OSError:  # the second process has gone: what it missed runs here at the end
            self.broken = True


_alongside: _Alongside | None = None


def on_events_recorded(listener: Listener) -> Listener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def _notify(version_ids: list[int]) -> None:
    for listener in list(_listeners):
        try:
            listener(version_ids)
        except Exception:
            log.exception("listener %s failed after events were recorded", listener)


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


def _listen(reader: Connection, writer: Connection) -> None:
    """The second process: run the listeners for each batch of ids until told to stop. Batches
    that queued up while it was busy are run as one: a child that several of them touch is
    read and evaluated once, not once per batch (listeners take any set of ids)."""
    writer.close()  # this process only reads; the batch's end of the pipe is its own
    collect = CollectEvery(COLLECT_EVERY)
    try:
        ended = False
        with collector_paused():  # as the batch itself (core.collector)
            while not ended and (version_ids := reader.recv()) is not None:
                while len(version_ids) < COALESCE and reader.poll():
                    more = reader.recv()
                    if more is None:
                        ended = True
                        break
                    version_ids = version_ids + more
                _notify(version_ids)
                collect.tick(len(version_ids))
    finally:
        connections.close_all()


@contextmanager
def listeners_alongside() -> Iterator[None]:
    """Run the after-commit listeners in a second process for the duration of the block, and
    wait for them to finish before leaving it.

    Only on PostgreSQL (SQLite takes one writer at a time), outside any transaction (the
    connection is closed before the fork, so the two processes never share a socket) and when
    there are listeners; otherwise the block runs with the listeners inline, as usual. If the
    second process dies, every batch handed to it is run here (listeners are idempotent).
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
    connections.close_all()
    child = context.Process(target=_listen, args=(reader, writer), name="joinedup-listeners")
    child.start()
    reader.close()  # so a send fails, rather than blocks, once the second process has gone
    _alongside = alongside = _Alongside(writer)
    try:
        yield
    finally:
        _alongside = None
        alongside.close()
        child.join()
        if child.exitcode != 0 or alongside.broken:
            log.error(
                "the listeners' process stopped (exit code %s); running its %d batches here",
                child.exitcode,
                len(alongside.sent),
            )
            for version_ids in alongside.sent:
                _notify(version_ids)
