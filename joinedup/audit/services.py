"""Writing to the access log, always inside the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import AccessLogEntry, ChainHead
from joinedup.core.bulk import bulk_insert

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, an API token, or the operator's command line."""

    label: str
    user_id: int | None = None


def _entry_hash(prev_hash: str, entry: AccessLogEntry) -> str:
    content = json.dumps(
        [
            prev_hash,
            entry.at.isoformat(),
            entry.user_id,
            entry.actor_label,
            entry.action,
            entry.person_id,
            entry.purpose,
            entry.detail,
        ],
        sort_keys=True,
        default=str,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode()).hexdigest()


def access_log_write_many(
    *, actor: Actor, action: str, purpose: str, entries: list[tuple[int | None, dict[str, Any]]]
) -> None:
    """Append one entry per (person_id, detail) pair, chained, in the current transaction."""
    if not entries:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the access log is written inside the transaction it records")
    head, _ = ChainHead.objects.select_for_update().get_or_create(id=1, defaults={"hash": GENESIS})
    prev = head.hash
    at: datetime = timezone.now()
    rows = []
    for person_id, detail in entries:
        entry = AccessLogEntry(
            at=at,
            user_id=actor.user_id,
            actor_label=actor.label,
            action=action,
            person_id=person_id,
            purpose=purpose,
            detail=detail,
            prev_hash=prev,
        )
        entry.hash = _entry_hash(prev, entry)
        prev = entry.hash
        rows.append(entry)
    bulk_insert(AccessLogEntry, rows)
    head.hash = prev
    head.save(update_fields=["hash"])


def access_log_write(
    *,
    actor: Actor,
    action: str,
    purpose: str,
    person_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    access_log_write_many(
        actor=actor, action=action, purpose=purpose, entries=[(person_id, detail or {})]
    )


def access_log_verify() -> tuple[int, int | None]:
    """Walk the chain. Returns (entries checked, id of the first broken entry or None)."""
    prev = GENESIS
    count = 0
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=5000):
        count += 1
        if entry.prev_hash != prev or _entry_hash(prev, entry) != entry.hash:
            return count, entry.id
        prev = entry.hash
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and head.hash != prev:
        return count, -1
    return count, None
