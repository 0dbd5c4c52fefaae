"""Reads of the multi-agency chronology, always through `access.policy.events_visible`.

`chronology_for` loads a person's entries newest first in one query (each entry with its
version's fields and organisation's name, as plain values) and every earlier version of the
corrected ones in one more, however long the record. The raw body an agency sent is never
loaded here: the chronology shows the fields the contract extracted from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import CharField, Count, Max
from django.db.models.functions import Cast
from django.utils import timezone

from joinedup.access.policy import Scope, events_visible
from joinedup.chronology.models import EventVersion
from joinedup.chronology.registry import event_type_label
from joinedup.core.models import Organisation
from joinedup.core.vocabulary import AGENCIES
from joinedup.people.models import Person


@dataclass(slots=True)
class EarlierVersion:
    version: int
    type: str
    summary: str
    details: dict[str, Any]
    occurred_at: datetime
    reported_at: datetime
    received_at: datetime
    superseded_at: datetime | None


@dataclass(slots=True)
class ChronologyEntry:
    """One current event about the person, their role in it, and what it said before.

    Plain values, not model instances: a chronology of thousands loads in one query without
    building four model objects per row.
    """

    event_id: int
    record_id: str
    version: int
    organisation: Any  # the organisation's id as loaded, its name once named
    agency: str
    type: str
    occurred_at: datetime
    reported_at: datetime
    received_at: datetime
    summary: str
    details: dict[str, Any]
    role: str
    earlier: list[EarlierVersion] = field(default_factory=list)  # newest first


@dataclass(frozen=True)
class Chronology:
    entries: list[ChronologyEntry]
    capped: bool  # more entries matched than the limit


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


_ENTRY_FIELDS = (
    "version__event_id",
    "version__event__record_id",
    "version__version",
    "version__organisation_id",
    "version__agency",
    "version__type",
    "occurred_text",
    "reported_text",
    "received_text",
    "version__summary",
    "version__details",
    "role",
)
# The three moments come back as text and are parsed by datetime.fromisoformat (C), not the
# driver's Python parser for timestamps (ADR 0015).
_AS_TEXT = {
    "occurred_text": Cast("occurred_at", CharField()),
    "reported_text": Cast("version__reported_at", CharField()),
    "received_text": Cast("version__received_at", CharField()),
}


def _moment(text: str) -> datetime:
    """A timestamp as the database writes it: PostgreSQL "…+00", SQLite naive UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_EARLIER_FIELDS = (
    "event_id",
    "version",
    "type",
    "summary",
    "details",
    "occurred_at",
    "reported_at",
    "received_at",
    "superseded_at",
)


def chronology_for(  # noqa: C901  (one narrowing per filter the page offers, each a line)
    *,
    scope: Scope,
    person: Person,
    agency: str | None = None,
    type: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int | None = None,
    start: int = 0,
) -> Chronology:
    """The person's current events the scope may read, newest first, optionally narrowed by
    agency, event type and the day they happened (both ends inclusive, local time). Three
    queries: the entries, their organisations' names, and the earlier versions of those that
    were corrected. With `limit`, one page of entries from the `start`-th newest."""
    entries = events_visible(scope, person)
    if agency:
        entries = entries.filter(version__agency=agency)
    if type:
        entries = entries.filter(version__type=type)
    if date_from:
        entries = entries.filter(occurred_at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(occurred_at__lt=_day_start(date_to + timedelta(days=1)))
    entries = entries.order_by("-occurred_at", "-pk")
    if limit is not None:
        entries = entries[start : start + limit + 1]
    rows = []
    for row in entries.annotate(**_AS_TEXT).values_list(*_ENTRY_FIELDS):
        entry = ChronologyEntry(*row)
        entry.occurred_at = _moment(row[6])
        entry.reported_at = _moment(row[7])
        entry.received_at = _moment(row[8])
        rows.append(entry)
    # A person's events come from a handful of organisations: name them from one small query
    # rather than joining the organisation to every row.
    names = dict(
        Organisation.objects.filter(pk__in={r.organisation for r in rows}).values_list("pk", "name")
    )
    for row in rows:
        row.organisation = names[row.organisation]
    capped = limit is not None and len(rows) > limit
    if capped:
        rows = rows[:limit]

    corrected = {row.event_id: row for row in rows if row.version > 1}
    if corrected:
        for event_id, *values in (
            EventVersion.objects.filter(event_id__in=list(corrected), superseded_at__isnull=False)
            .order_by("event_id", "-version")
            .values_list(*_EARLIER_FIELDS)
        ):
            corrected[event_id].earlier.append(EarlierVersion(*values))
    return Chronology(rows, capped)


@dataclass(frozen=True)
class Involvement:
    organisation: Organisation
    events: int
    latest: datetime


@dataclass(frozen=True)
class Overview:
    """The person's chronology at a glance: which organisations sent how many events and when
    last (agencies involved), and which agencies and event types the filters can offer."""

    involved: list[Involvement]
    agencies: list[tuple[str, str]]
    types: list[tuple[str, str]]


def chronology_overview(*, scope: Scope, person: Person) -> Overview:
    """One aggregate over the events the scope may read, and one small query naming the
    organisations."""
    rows = list(
        events_visible(scope, person)
        .values_list("version__organisation_id", "version__agency", "version__type")
        .annotate(events=Count("pk"), latest=Max("occurred_at"))
        .order_by()
    )
    orgs = Organisation.objects.in_bulk({org for org, *_ in rows})
    per_org: dict[int, tuple[int, datetime]] = {}
    for org, _, _, events, latest in rows:
        count, last = per_org.get(org, (0, latest))
        per_org[org] = (count + events, max(last, latest))
    involved = sorted(
        (Involvement(orgs[org], count, last) for org, (count, last) in per_org.items()),
        key=lambda i: i.latest,
        reverse=True,
    )
    agencies = sorted({(a, AGENCIES.get(a, a)) for _, a, *_ in rows}, key=lambda p: p[1])
    types = sorted(
        {(t, f"{event_type_label(t)} ({AGENCIES.get(a, a)})") for _, a, t, *_ in rows},
        key=lambda p: p[1],
    )
    return Overview(involved, agencies, types)
