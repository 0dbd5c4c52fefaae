"""Recording events: the one write path for the API, the bulk endpoint and `joinedup ingest`.

`events_record(items=..., ...)` takes already-decoded JSON values, checks each against the
contract (`intake`), and records the good ones in chunks (`chunks`, `writer`), each chunk one
transaction that also writes the access log. A bad item is refused whole with its field errors;
it never stops the good ones. Each subject is linked to a person by people/'s linker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from joinedup.chronology.chunks import chunk_record
from joinedup.chronology.intake import chunk_check
from joinedup.chronology.overlap import overlap_available, record_overlapped
from joinedup.chronology.results import (
    CORRECTED,
    CREATED,
    REFUSED,
    UNCHANGED,
    ItemResult,
    Sender,
    SubjectResult,
    refused,
)
from joinedup.core.models import Organisation

__all__ = [
    "CORRECTED",
    "CREATED",
    "REFUSED",
    "UNCHANGED",
    "ItemResult",
    "Sender",
    "SubjectResult",
    "events_record",
    "refused",
]

CHUNK = 1000


def events_record(
    *,
    items: Iterable[tuple[int, Any]],
    sender: Sender,
    received_via: str = "",
    overlap: bool = False,
) -> Iterator[ItemResult]:
    """Check and record decoded items `(position, value)`, yielding one result per item in order.

    Items that are already `ApplicationError`s (undecodable input) are reported as refused.
    With `overlap` (a long batch: `joinedup ingest`), on PostgreSQL and outside a transaction,
    each chunk is stored by a second thread while the next one is read and matched (ADR 0011).
    """
    chunks = _chunks(items)
    orgs: dict[str, Organisation] = {}  # by name, for the whole call
    if overlap and overlap_available():
        yield from record_overlapped(chunks, sender, received_via, orgs)
        return
    for chunk in chunks:
        now, results, parsed = chunk_check(chunk, sender, orgs)
        if parsed:
            results.update(chunk_record(parsed, sender, received_via, now, orgs))
        yield from (results[position] for position, _ in chunk)


def _chunks(items: Iterable[tuple[int, Any]]) -> Iterator[list[tuple[int, Any]]]:
    chunk: list[tuple[int, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
