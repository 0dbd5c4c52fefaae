"""Writing to the access log, always inside the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.audit.actions import Action
from joinedup.audit.models import AccessLogEntry, ChainHead
from joinedup.core.bulk import EncodedJson, copy_rows

GENESIS = "0" * 64
_COLUMNS = (
    "at",
    "user_id",
    "actor_label",
    "action",
    "person_id",
    "purpose",
    "detail",
    "prev_hash",
    "hash",
)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, an API token, or the operator's command line."""

    label: str
    user_id: int | None = None


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))


def _chain_hash(
    prev_hash: str,
    at: datetime,
    user_id: int | None,
    actor_label: str,
    action: str,
    person_id: int | None,
    purpose: str,
    detail_text: str,
) -> str:
    """SHA-256 of the entry as one JSON array (keys sorted, no spaces), its detail last, given
    as its text so a batch encodes each detail once, for the hash and the row alike."""
    head = _json([prev_hash, at.isoformat(), user_id, actor_label, action, person_id, purpose])
    return hashlib.sha256(f"{head[:-1]},{detail_text}]".encode()).hexdigest()


def _entry_hash(prev_hash: str, entry: AccessLogEntry) -> str:
    return _chain_hash(
        prev_hash,
        entry.at,
        entry.user_id,
        entry.actor_label,
        entry.action,
        entry.person_id,
        entry.purpose,
        _json(entry.detail),
    )


def access_log_write_many(
    *, actor: Actor, action: Action, purpose: str, entries: list[tuple[int | None, dict[str, Any]]]
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
    user_id, label = actor.user_id, actor.label
    for person_id, detail in entries:
        text = _json(detail)
        chained = _chain_hash(prev, at, user_id, label, action, person_id, purpose, text)
        row = (at, user_id, label, action, person_id, purpose, EncodedJson(detail, text))
        rows.append((*row, prev, chained))
        prev = chained
    # In order, so ids (from the table's sequence, under the chain head's lock) follow the chain.
    copy_rows(AccessLogEntry, _COLUMNS, rows)
    head.hash = prev
    head.save(update_fields=["hash"])


def access_log_write(
    *,
    actor: Actor,
    action: Action,
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
