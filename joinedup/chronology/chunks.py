"""Recording one checked chunk in one transaction, or, if the database refuses it (a race on
the same record id, say), one event at a time, so only the event at fault is refused."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import DatabaseError, DataError, IntegrityError, transaction

from joinedup.chronology.contract import EventIn
from joinedup.chronology.results import ItemResult, Sender, refused
from joinedup.chronology.writer import ChunkWriter, identity_keys
from joinedup.core.errors import ApplicationError, FieldError
from joinedup.core.locks import transaction_locks
from joinedup.core.models import Organisation

log = logging.getLogger(__name__)


def chunk_record(
    parsed: list[tuple[int, EventIn]],
    sender: Sender,
    received_via: str,
    now: datetime,
    orgs: dict[str, Organisation],
) -> dict[int, ItemResult]:
    """Record checked events in one transaction (`stored`)."""

    def write() -> dict[int, ItemResult]:
        # One writer at a time per identifying key, until this transaction commits: another
        # sending about the same new child waits, then finds it (issue 22).
        transaction_locks(identity_keys(parsed, sender, orgs))
        writer = ChunkWriter(sender, received_via, now, orgs)
        writer.prepare(parsed)
        return writer.store()

    return stored(write, parsed, sender, received_via, now, orgs)[0]


def stored(
    write: Callable[[], dict[int, ItemResult]],
    parsed: list[tuple[int, EventIn]],
    sender: Sender,
    received_via: str,
    now: datetime,
    orgs: dict[str, Organisation],
) -> tuple[dict[int, ItemResult], bool]:
    """`write()` in one transaction, or if the database refuses it (a race on the same record
    id, say), the events one at a time, so only the event at fault is refused. Returns the
    results and whether the transaction failed."""
    try:
        with transaction.atomic():
            return write(), False
    except (IntegrityError, DatabaseError) as exc:
        return _one_by_one(parsed, sender, received_via, now, orgs, exc), True


def _one_by_one(
    parsed: list[tuple[int, EventIn]],
    sender: Sender,
    received_via: str,
    now: datetime,
    orgs: dict[str, Organisation],
    exc: Exception,
) -> dict[int, ItemResult]:
    if len(parsed) > 1:
        results: dict[int, ItemResult] = {}
        for item in parsed:
            results.update(chunk_record([item], sender, received_via, now, orgs))
        return results
    position = parsed[0][0]
    log.warning("event at %s refused by the database: %s", position, exc)
    if isinstance(exc, DataError):  # the data itself, not a race: sending again cannot help
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        error = ApplicationError(
            "The database cannot store this event as sent; nothing of it was kept.",
            errors=[FieldError("$", f"refused by the database: {reason}")],
            status=422,
        )
    else:
        error = ApplicationError(
            "The event could not be stored; nothing of it was kept. Send it again.",
            errors=[FieldError("$", "the database refused it: try again")],
            status=409,
        )
    return {position: refused(position, error)}
