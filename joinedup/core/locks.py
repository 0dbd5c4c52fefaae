"""Named locks that serialise writers who could collide, across processes and servers.

Two agencies sending about the same new child at the same moment each looked for the child,
found no one (neither had committed), and each created a person: one child, two records, no
review item (issue 22: 99 of 100 such children split). Resolving a subject and creating its
person must happen one writer at a time per identifying key: its NHS number, its full name
with date of birth. On PostgreSQL these are advisory locks, one of `BUCKETS` per key's hash:
a writer holds at most that many however large its chunk, well inside the server's shared
lock table (64 per connection by default), and two keys in one bucket only make their
writers take turns. On SQLite a writer already holds the whole database (`BEGIN IMMEDIATE`),
so there is nothing more to take.

- `transaction_locks(keys)`: held until the current transaction ends (a request, a chunk).
- `SessionLocks`: held across transactions by one connection, for a batch that resolves a
  chunk outside the transaction that stores it (`joinedup ingest`, ADR 0011). It never waits
  while it holds locks it has not yet released, so two batches cannot deadlock each other.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Iterable

from django.db import connection

# Locks a `SessionLocks` of this process holds: another connection of the same process (the
# batch's storing thread, recording a failed chunk one event at a time) must not wait for them,
# which would be waiting for itself. Other processes still wait for them at the database.
_batch_held: Counter[int] = Counter()
_batch_lock = threading.Lock()


BUCKETS = 1024
# The advisory locks' upper 32 bits: this project's, apart from any other user of the server.
NAMESPACE = 0x4A55 << 32


def lock_id(key: str) -> int:
    """A key's lock: its bucket, as PostgreSQL's 64-bit advisory lock ids go."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return NAMESPACE | int.from_bytes(digest, "big") % BUCKETS


def _ids(keys: Iterable[str]) -> list[int]:
    return sorted({lock_id(k) for k in keys})  # one order for every writer: no deadlock


def transaction_locks(keys: Iterable[str]) -> None:
    """Wait for, and hold until the transaction ends, the lock of each key."""
    with _batch_lock:
        ids = [i for i in _ids(keys) if not _batch_held[i]]
    if not ids or connection.vendor != "postgresql":
        return
    assert connection.in_atomic_block, "transaction locks are taken inside a transaction"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(id)) FROM (SELECT unnest(%s::bigint[]) AS id "
            "ORDER BY 1) AS ids",
            [ids],
        )


class SessionLocks:
    """Locks one connection holds until it releases them, counted per key (a key locked for
    two chunks is released once each chunk is stored)."""

    def __init__(self) -> None:
        self.held: Counter[int] = Counter()

    def acquire(self, keys: Iterable[str], *, wait: bool) -> list[int] | None:
        """Take every key's lock: waiting for each (`wait`, to be called holding none), or
        only if all are free at once. Returns the ids taken, or None if some were not free
        (then none is held)."""
        ids = _ids(keys)
        if not ids or connection.vendor != "postgresql":
            return ids
        with connection.cursor() as cursor:
            if wait:
                cursor.execute(
                    "SELECT count(pg_advisory_lock(id)) FROM (SELECT unnest(%s::bigint[]) AS id "
                    "ORDER BY 1) AS ids",
                    [ids],
                )
            else:
                cursor.execute(
                    "SELECT id, pg_try_advisory_lock(id) FROM (SELECT unnest(%s::bigint[]) AS id "
                    "ORDER BY 1) AS ids",
                    [ids],
                )
                taken = [i for i, ok in cursor.fetchall() if ok]
                if len(taken) < len(ids):
                    self._unlock(cursor, taken)
                    return None
        self.held.update(ids)
        with _batch_lock:
            _batch_held.update(ids)
        return ids

    def release(self, ids: list[int] | None) -> None:
        if not ids or connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            self._unlock(cursor, ids)
        self.held.subtract(ids)
        self.held = +self.held  # drop the keys no longer held
        with _batch_lock:
            _batch_held.subtract(ids)
            for i in set(ids):
                if _batch_held[i] <= 0:
                    del _batch_held[i]

    @staticmethod
    def _unlock(cursor, ids: list[int]) -> None:  # type: ignore[no-untyped-def]
        cursor.execute(
            "SELECT count(pg_advisory_unlock(id)) FROM unnest(%s::bigint[]) AS id", [ids]
        )
