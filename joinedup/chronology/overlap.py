"""A long batch stored by a second thread while the next chunk is matched (ADR 0011).

Only on PostgreSQL, outside a transaction (`joinedup ingest`). Chunk n+1 is read and matched on
the calling thread while a second thread stores chunk n, each in its own transaction, in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, connections

from joinedup.chronology.chunks import stored
from joinedup.chronology.contract import EventIn
from joinedup.chronology.intake import chunk_check
from joinedup.chronology.results import ItemResult, Sender
from joinedup.chronology.writer import Carry, ChunkWriter, identity_keys
from joinedup.core.locks import SessionLocks
from joinedup.core.models import Organisation


def overlap_available() -> bool:
    """A second thread can store while this one matches: PostgreSQL, outside a transaction."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


@dataclass
class _InFlight:
    """A chunk handed to the storing thread: its items, its refused items, its writer."""

    chunk: list[tuple[int, Any]]
    results: dict[int, ItemResult]
    parsed: list[tuple[int, EventIn]]
    now: datetime
    writer: ChunkWriter | None
    carry: Carry | None  # what the next chunk starts from, taken before storing begins
    stored: Future[tuple[dict[int, ItemResult], bool]] | None
    locked: list[int] | None = None  # its identifying keys' locks, released once stored


class _Overlap:
    """The storing thread, the identifying keys' locks, and each chunk's way through them."""

    def __init__(self, sender: Sender, received_via: str, orgs: dict[str, Organisation]):
        self.sender = sender
        self.received_via = received_via
        self.orgs = orgs
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="joinedup-store")
        self.locks = SessionLocks()  # each chunk's identifying keys, from matching until stored

    def prepare(
        self, parsed: list[tuple[int, EventIn]], now: datetime, carry: Carry | None
    ) -> ChunkWriter | None:
        if not parsed:
            return None
        writer = ChunkWriter(self.sender, self.received_via, now, self.orgs, carry=carry)
        writer.prepare(parsed)
        writer.ids_allocate()
        return writer

    def launch(self, flight: _InFlight) -> _InFlight:
        """Hand a prepared chunk to the storing thread, keeping what the next one starts from."""
        if flight.writer is not None:
            flight.carry = flight.writer.carry()
            flight.stored = self.pool.submit(self._store, flight)
        return flight

    def land(self, flight: _InFlight) -> tuple[list[ItemResult], bool]:
        """Wait for a chunk to be stored, let go of its keys: its results in order, and
        whether its transaction failed (it was then recorded one event at a time)."""
        failed = False
        if flight.stored is not None:
            results, failed = flight.stored.result()
            flight.results.update(results)
        self.locks.release(flight.locked)
        return [flight.results[position] for position, _ in flight.chunk], failed

    def close(self) -> None:
        self.pool.submit(connections.close_all).result()  # the storing thread's connection
        self.pool.shutdown()
        self.locks.release(list(self.locks.held.elements()))  # a batch stopped halfway lets go

    def _store(self, flight: _InFlight) -> tuple[dict[int, ItemResult], bool]:
        assert flight.writer is not None
        # A copy of the organisations: the other thread's prepare reads them meanwhile.
        return stored(
            flight.writer.store,
            flight.parsed,
            self.sender,
            self.received_via,
            flight.now,
            dict(self.orgs),
        )


def record_overlapped(
    chunks: Iterator[list[tuple[int, Any]]],
    sender: Sender,
    received_via: str,
    orgs: dict[str, Organisation],
) -> Iterator[ItemResult]:
    """Chunk n+1 is read and matched on this thread while a second thread stores chunk n,
    each in its own transaction, in order (ADR 0011). What chunk n is writing may not be
    visible yet, so chunk n+1 starts from what chunk n knew (`Carry`); if chunk n's
    transaction fails, it is recorded one event at a time and chunk n+1 is prepared again
    from the database alone."""
    overlap = _Overlap(sender, received_via, orgs)
    flight: _InFlight | None = None
    try:
        for chunk in chunks:
            now, results, parsed = chunk_check(chunk, sender, orgs)
            keys = identity_keys(parsed, sender, orgs)
            locked = overlap.locks.acquire(keys, wait=False)
            carry = flight.carry if flight is not None else None
            if locked is None:  # another writer has some: store ours, then wait holding none
                if flight is not None:
                    yield from overlap.land(flight)[0]
                    flight, carry = None, None  # stored: the database knows what it wrote
                locked = overlap.locks.acquire(keys, wait=True)
            writer = overlap.prepare(parsed, now, carry)
            if flight is not None:
                done, failed = overlap.land(flight)
                yield from done
                if failed and carry is not None:  # what it carried over may not exist
                    writer = overlap.prepare(parsed, now, None)
            flight = overlap.launch(
                _InFlight(chunk, results, parsed, now, writer, None, None, locked)
            )
        if flight is not None:
            yield from overlap.land(flight)[0]
    finally:
        overlap.close()
