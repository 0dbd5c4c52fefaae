"""Reads of the multi-agency chronology, always through `access.policy.events_visible`.

`chronology_for` loads a person's entries newest first in one query (each entry with its
version and organisation) and every earlier version of the corrected ones in one more, however
long the record. The raw body an agency sent is never loaded here: the chronology shows the
fields the contract extracted from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from joinedup.access.policy import Scope, events_visible
from joinedup.chronology.models import EventSubject, EventVersion
from joinedup.chronology.registry import AGENCIES, event_type_label
from joinedup.core.models import Organisation
from joinedup.people.models import Person


@dataclass
class ChronologyEntry:
    """One current event about the person, their role in it, and what it said before."""

    subject: EventSubject
    earlier: list[EventVersion] = field(default_factory=list)  # newest first

    @property
    def version(self) -> EventVersion:
        return self.subject.version


@dataclass(frozen=True)
class Chronology:
    entries: list[ChronologyEntry]
    capped: bool  # more entries matched than the limit


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def chronology_for(
    *,
    scope: Scope,
    person: Person,
    agency: str | None = None,
    type: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int | None = None,
) -> Chronology:
    """The person's current events the scope may read, newest first, optionally narrowed by
    agency, event type and the day they happened (both ends inclusive, local time)."""
    entries = events_visible(scope, person)
    if agency:
        entries = entries.filter(version__agency=agency)
    if type:
        entries = entries.filter(version__type=type)
    if date_from:
        entries = entries.filter(occurred_at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(occurred_at__lt=_day_start(date_to + timedelta(days=1)))
    entries = (
        entries.select_related("version__organisation", "version__event")
        .defer("match_reasons", "version__body", "version__body_hash", "version__received_via")
        .order_by("-occurred_at", "-pk")
    )
    rows = list(entries[: limit + 1] if limit is not None else entries)
    capped = limit is not None and len(rows) > limit
    if capped:
        rows = rows[:limit]

    earlier: dict[int, list[EventVersion]] = defaultdict(list)
    corrected = [s.version.event_id for s in rows if s.version.version > 1]
    if corrected:
        for version in (
            EventVersion.objects.filter(event_id__in=corrected, superseded_at__isnull=False)
            .only(
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
            .order_by("event_id", "-version")
        ):
            earlier[version.event_id].append(version)
    return Chronology(
        [ChronologyEntry(s, earlier.get(s.version.event_id, [])) for s in rows], capped
    )


@dataclass(frozen=True)
class Facets:
    """What the filters can offer: the agencies and event types in the person's chronology."""

    agencies: list[tuple[str, str]]
    types: list[tuple[str, str]]


def chronology_facets(*, scope: Scope, person: Person) -> Facets:
    pairs = set(
        events_visible(scope, person)
        .values_list("version__agency", "version__type")
        .order_by()
        .distinct()
    )
    agencies = sorted({(a, AGENCIES.get(a, a)) for a, _ in pairs}, key=lambda p: p[1])
    types = sorted(
        {(t, f"{event_type_label(t)} ({AGENCIES.get(a, a)})") for a, t in pairs},
        key=lambda p: p[1],
    )
    return Facets(agencies, types)


def social_care_contacts(*, person: Person) -> list[Organisation]:
    """Children's social care organisations that have sent anything about the person.

    For partner agencies, who may not read those events: they learn only *that* children's
    social care is involved and whom to call (the NHS CP-IS model), never what was recorded.
    """
    org_ids = (
        EventSubject.objects.filter(person=person, version__organisation__agency="social_care")
        .values("version__organisation_id")
        .distinct()
    )
    return list(Organisation.objects.filter(pk__in=org_ids).order_by("name"))
