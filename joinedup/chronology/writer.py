"""Recording one chunk of checked events with a handful of bulk queries.

`ChunkWriter.prepare` reads what the chunk needs and hands each event's subjects to people/'s
linker; `store` writes, inside a transaction: the events, their versions and subjects, what the
linker built, the access log, and the hook that wakes the listeners after commit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from joinedup.audit.actions import Action
from joinedup.audit.services import access_log_write_many
from joinedup.chronology.contract import EventIn
from joinedup.chronology.hooks import events_recorded
from joinedup.chronology.models import Event, EventSubject, EventVersion
from joinedup.chronology.results import (
    CORRECTED,
    CREATED,
    UNCHANGED,
    ItemResult,
    Sender,
    SubjectResult,
)
from joinedup.chronology.unfamiliar import Key, unfamiliar_values_count
from joinedup.core.bulk import bulk_insert, copy_rows, ids_allocate
from joinedup.core.models import Organisation
from joinedup.people.linker import Link, LinkerCarry, SubjectLinker, subjects_keys
from joinedup.people.models import Person

# An event's newest version in this chunk: (event, version number, body hash, the version).
Pending = tuple[Event, int, str, EventVersion | None]

_SUBJECT_COLUMNS = (
    "version_id",
    "person_id",
    "role",
    "ref",
    "match_outcome",
    "match_reasons",
    "is_current",
    "occurred_at",
)


def sending_organisation(
    sender: Sender, orgs: dict[str, Organisation], event: EventIn
) -> Organisation:
    """The registered organisation `intake` found (it refuses any other)."""
    return sender.organisation or orgs[event.organisation]


def identity_keys(
    parsed: list[tuple[int, EventIn]], sender: Sender, orgs: dict[str, Organisation]
) -> set[str]:
    """The keys a chunk's subjects could create a person by (`core.locks`), taken before the
    chunk is matched; no writer is needed to know them."""
    return subjects_keys(
        (subject, sending_organisation(sender, orgs, event))
        for _, event in parsed
        for subject in event.subjects
    )


@dataclass
class Carry:
    """What a chunk hands the next one, prepared before the chunk is stored (ADR 0011): its
    events' newest versions, the persons each version's subjects were linked to, and what its
    linker knows."""

    pending: dict[tuple[int, str], Pending]
    earlier: dict[int, dict[str, Person]]  # version id -> subject ref -> person
    people: LinkerCarry


class ChunkWriter:
    """Records one chunk of checked events: `prepare` reads and matches, `store` writes
    (inside a transaction)."""

    def __init__(
        self,
        sender: Sender,
        received_via: str,
        now: datetime,
        orgs: dict[str, Organisation],
        carry: Carry | None = None,
    ):
        self.sender = sender
        self.received_via = received_via
        self.now = now
        self.carried = carry
        self.orgs = orgs
        self.linker = SubjectLinker(now, carry.people if carry is not None else None)
        self.results: dict[int, ItemResult] = {}
        self.new_events: list[Event] = []
        self.versions: list[tuple[int, EventVersion, list[Link]]] = []
        self.superseded: list[int] = []
        self.events_of: dict[int, Event] = {}
        # Per (org, record id) in this chunk: the newest version, pending or stored.
        self.pending: dict[tuple[int, str], Pending] = {}
        self.linked_in_chunk: dict[int, dict[str, Person]] = {}  # version (id()) -> ref -> person
        self.earlier: dict[int, dict[str, Person]] = defaultdict(dict)
        self.unfamiliar: list[tuple[Key, EventVersion]] = []  # detail values not listed

    def _organisation(self, event: EventIn) -> Organisation:
        return sending_organisation(self.sender, self.orgs, event)

    def prepare(self, parsed: list[tuple[int, EventIn]]) -> None:
        """Read what the chunk needs, match its subjects, and build every row to write."""
        orgs = {position: self._organisation(event) for position, event in parsed}
        existing, latest = _stored_versions(parsed, orgs)
        self._earlier_links(latest)
        self.linker.prefetch((s, orgs[p]) for p, e in parsed for s in e.subjects)
        for position, event in parsed:
            self._version(position, event, orgs[position], existing, latest)
        self.linker.finish()

    def _earlier_links(self, latest: dict[int, EventVersion]) -> None:
        """A correction's subjects keep the persons the earlier version linked, where the
        matcher finds nothing better (a partner with no date of birth stays one person)."""
        for row in EventSubject.objects.filter(
            version_id__any=[v.pk for v in latest.values()]
        ).select_related("person"):
            self.earlier[row.version_id][row.ref] = row.person
        if self.carried is not None:  # the chunk before, which may not be stored yet
            self.pending.update(self.carried.pending)
            self.earlier.update(self.carried.earlier)

    def _version(
        self,
        position: int,
        event: EventIn,
        org: Organisation,
        existing: dict[tuple[int, str], Event],
        latest: dict[int, EventVersion],
    ) -> None:
        """One event: unchanged, or a new version (the first, or a correction) whose subjects
        are linked."""
        key = (org.pk, event.record_id)
        ev, number, body_hash, previous = self._newest(key, event, org, existing, latest)
        self.events_of[position] = ev  # its id is known once the chunk is stored
        if body_hash == event.body_hash:
            self.results[position] = ItemResult(
                position, UNCHANGED, version=number, warnings=list(event.warnings)
            )
            return
        if previous is not None and previous.pk:
            self.superseded.append(previous.pk)
        version = self._version_new(ev, number + 1, org, event)
        self.unfamiliar += [((org.pk, event.type, *word), version) for word in event.unfamiliar]
        if previous is not None and not previous.pk:  # superseded within this chunk
            previous.superseded_at = self.now
        if previous is None:
            earlier = {}
        elif previous.pk:
            earlier = self.earlier.get(previous.pk, {})
        else:
            earlier = self.linked_in_chunk[id(previous)]
        links = self.linker.link(
            event.subjects, org, version, event.occurred_at, earlier, known=self.sender.known
        )
        self.linked_in_chunk[id(version)] = {s.ref: person for s, _, person in links}
        self.versions.append((position, version, links))
        self.pending[key] = (ev, number + 1, event.body_hash, version)
        status = CORRECTED if number else CREATED
        self.results[position] = ItemResult(
            position, status, version=number + 1, warnings=list(event.warnings)
        )
        self.results[position].subjects = [
            SubjectResult(s.ref, s.role, person, match.outcome, match.reasons)
            for s, match, person in links
        ]

    def _newest(
        self,
        key: tuple[int, str],
        event: EventIn,
        org: Organisation,
        existing: dict[tuple[int, str], Event],
        latest: dict[int, EventVersion],
    ) -> Pending:
        """The record's newest version so far: in this chunk, stored, or none (a new event)."""
        if key in self.pending:
            return self.pending[key]
        if key in existing:
            ev = existing[key]
            stored = latest.get(ev.pk)
            if stored is None:
                return ev, 0, "", None
            return ev, stored.version, stored.body_hash, stored
        ev = Event(organisation=org, record_id=event.record_id, created_at=self.now)
        self.new_events.append(ev)
        return ev, 0, "", None

    def _version_new(
        self, ev: Event, number: int, org: Organisation, event: EventIn
    ) -> EventVersion:
        return EventVersion(
            event=ev,
            version=number,
            organisation=org,
            agency=event.agency,
            type=event.type,
            occurred_at=event.occurred_at,
            reported_at=event.reported_at or self.now,
            received_at=self.now,
            summary=event.summary,
            details=event.details,
            body=event.body,
            body_hash=event.body_hash,
            received_via=self.received_via,
        )

    def ids_allocate(self) -> None:
        """Give new persons, events and versions their ids now, and keep what `store` writes
        of the persons as it is now: the next chunk is prepared while this one is stored."""
        self.linker.ids_allocate()
        ids_allocate(Event, self.new_events)
        ids_allocate(EventVersion, [v for _, v, _ in self.versions])

    def carry(self) -> Carry:
        """What the next chunk starts from (after `ids_allocate`): the versions this chunk
        writes, not those it carried in, which are stored by now."""
        mine = {}
        earlier = {}
        for key, entry in self.pending.items():
            version = entry[3]
            if version is not None and id(version) in self.linked_in_chunk:
                mine[key] = entry
                earlier[version.pk] = self.linked_in_chunk[id(version)]
        return Carry(mine, earlier, self.linker.carry())

    def store(self) -> dict[int, ItemResult]:
        """Write everything `prepare` built; inside a transaction."""
        self.linker.store_persons()
        bulk_insert(Event, self.new_events)
        if self.superseded:
            EventVersion.objects.filter(pk__any=self.superseded).update(superseded_at=self.now)
            EventSubject.objects.filter(version_id__any=self.superseded).update(is_current=False)
        version_rows = [v for _, v, _ in self.versions]
        bulk_insert(EventVersion, version_rows)
        copy_rows(EventSubject, _SUBJECT_COLUMNS, self._subject_rows())
        self.linker.store_assertions()
        unfamiliar_values_count(self.unfamiliar, self.now)
        self._access_log()
        events_recorded([v.pk for v in version_rows])
        for position, result in self.results.items():
            result.event_id = self.events_of[position].pk
        return self.results

    def _subject_rows(self) -> list[tuple[Any, ...]]:
        return [
            (
                v,
                person,
                s.role,
                s.ref,
                match.outcome,
                list(match.reasons),
                v.superseded_at is None,
                v.occurred_at,
            )
            for _, v, links in self.versions
            for s, match, person in links
        ]

    def _access_log(self) -> None:
        """One entry per version recorded, in the same transaction."""
        access_log_write_many(
            actor=self.sender.actor,
            action=Action.EVENT_RECORDED,
            purpose="event received from " + (self.received_via or "an agency"),
            entries=[
                (
                    links[0][2].pk if links else None,
                    {
                        "event_version_id": v.pk,
                        "organisation": v.organisation.name,
                        "record_id": v.event.record_id,
                        "version": v.version,
                        "persons": sorted({p.pk for _, _, p in links}),
                    },
                )
                for _, v, links in self.versions
            ],
        )


def _stored_versions(
    parsed: list[tuple[int, EventIn]], orgs: dict[int, Organisation]
) -> tuple[dict[tuple[int, str], Event], dict[int, EventVersion]]:
    """The chunk's events already stored, by (organisation, record id), and their newest
    versions, by event id. Exact pairs grouped by organisation, so each arm is one range of the
    unique index; IN lists over both columns made PostgreSQL scan the table."""
    wanted: dict[int, set[str]] = defaultdict(set)
    for position, e in parsed:
        wanted[orgs[position].pk].add(e.record_id)
    same_source = Q()
    for org_id, record_ids in wanted.items():
        same_source |= Q(organisation_id=org_id, record_id__in=record_ids)
    existing = {(ev.organisation_id, ev.record_id): ev for ev in Event.objects.filter(same_source)}
    latest: dict[int, EventVersion] = {}
    if existing:
        for version in EventVersion.objects.filter(
            event_id__any=[e.pk for e in existing.values()], superseded_at__isnull=True
        ).only("id", "event_id", "version", "body_hash"):
            latest[version.event_id] = version
    return existing, latest
