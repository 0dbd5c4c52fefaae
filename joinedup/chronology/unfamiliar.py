"""Counting the detail values an organisation sends that the registry does not list.

Such a value is stored as sent and the sender warned (`contract._detail_unknown`); this keeps a
count per organisation, event type, field and value (`UnfamiliarValue`), in the chunk's own
transaction, so the operator sees what to add to the vocabulary or whom to ask
(`joinedup unfamiliar-values`).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db.models import F, Q

from joinedup.chronology.models import EventVersion, UnfamiliarValue

# (organisation id, event type, field path, value)
Key = tuple[int, str, str, str]


def unfamiliar_values_count(seen: list[tuple[Key, EventVersion]], now: datetime) -> None:
    """Add each (key, the version that carried it) to the counts: a row for a key not seen
    before (conflicts ignored: another chunk may add it at the same moment), then one update
    per key. Nothing when the chunk sent no unfamiliar value."""
    if not seen:
        return
    counts = Counter(key for key, _ in seen)
    first: dict[Key, EventVersion] = {}
    for key, version in seen:
        first.setdefault(key, version)
    UnfamiliarValue.objects.bulk_create(
        [
            UnfamiliarValue(
                organisation_id=org,
                type=typ,
                field=field,
                value=value,
                count=0,
                first_version=first[(org, typ, field, value)],
                first_seen_at=now,
                last_seen_at=now,
            )
            for org, typ, field, value in counts
        ],
        ignore_conflicts=True,
    )
    for (org, typ, field, value), n in counts.items():
        UnfamiliarValue.objects.filter(
            Q(organisation_id=org, type=typ, field=field, value=value)
        ).update(count=F("count") + n, last_seen_at=now)


def unfamiliar_values() -> list[UnfamiliarValue]:
    """Every count, by organisation, then the most sent first."""
    return list(
        UnfamiliarValue.objects.select_related("organisation").order_by(
            "organisation__name", "-count", "type", "field", "value"
        )
    )
