"""Recording events: the one write path for the API, the bulk endpoint and `joinedup ingest`.

`events_record(items=..., ...)` takes already-decoded JSON values, checks each against the
contract, and records the good ones in chunks, each chunk one transaction that also writes the
access log. A bad item is refused whole with its field errors; it never stops the good ones.
If the database refuses a chunk (a race on the same record id, say), the chunk is retried one
event at a time so only the event at fault is refused.
"""

from __future__ import annotations

import copy
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    connection,
    connections,
    transaction,
)
from django.db.models import Model, Q
from django.utils import timezone

from joinedup.audit.services import Actor, access_log_write_many
from joinedup.chronology.contract import EventIn, SubjectIn, event_parse
from joinedup.chronology.hooks import events_recorded
from joinedup.chronology.models import Event, EventSubject, EventVersion
from joinedup.core.bulk import bulk_insert, copy_rows, ids_allocate
from joinedup.core.errors import ApplicationError, FieldError
from joinedup.core.locks import SessionLocks, transaction_locks
from joinedup.core.models import Organisation
from joinedup.people.identifiers import address_key, name_normalise, name_phonetic
from joinedup.people.identity import (
    LINKED,
    REVIEW,
    IdentityResolver,
    Match,
    Related,
    identifier_scheme,
    keys_unheld,
    subject_match_keys,
)
from joinedup.people.models import (
    IdentityReview,
    MatchKey,
    Person,
    PersonAddress,
    PersonAuthority,
    PersonIdentifier,
    PersonName,
    PersonOrganisation,
    Relationship,
)

log = logging.getLogger(__name__)

CHUNK = 1000

CREATED = "created"
CORRECTED = "corrected"
UNCHANGED = "unchanged"
REFUSED = "refused"


@dataclass
class SubjectResult:
    ref: str
    role: str
    person: Person
    outcome: str
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "role": self.role,
            "person_id": str(self.person.key),
            "match": {"outcome": self.outcome, "reasons": list(self.reasons)},
        }


@dataclass
class ItemResult:
    position: int  # line number for a file, index for a list
    status: str
    errors: list[FieldError] = field(default_factory=list)
    event_id: int | None = None
    version: int | None = None
    subjects: list[SubjectResult] = field(default_factory=list)
    message: str = ""
    http_status: int = 200

    def as_dict(self) -> dict[str, Any]:
        if self.status == REFUSED:
            return {
                "position": self.position,
                "status": REFUSED,
                "message": self.message,
                "errors": [e.as_dict() for e in self.errors],
            }
        return {
            "position": self.position,
            "status": self.status,
            "event_id": self.event_id,
            "version": self.version,
            "subjects": [s.as_dict() for s in self.subjects],
        }


@dataclass(frozen=True)
class Sender:
    """Who is sending. An API token sends only as its own organisation; the operator as any."""

    actor: Actor
    organisation: Organisation | None = None  # None: any organisation, created if unknown


def refused(position: int, error: ApplicationError) -> ItemResult:
    return ItemResult(
        position, REFUSED, errors=error.errors, message=error.message, http_status=error.status
    )


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
    if overlap and connection.vendor == "postgresql" and not connection.in_atomic_block:
        yield from _record_overlapped(chunks, sender, received_via, orgs)
        return
    for chunk in chunks:
        now, results, parsed = _parse(chunk, sender, orgs)
        if parsed:
            results.update(_record_parsed(parsed, sender, received_via, now, orgs))
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


def _parse(
    chunk: list[tuple[int, Any]], sender: Sender, orgs: dict[str, Organisation]
) -> tuple[datetime, dict[int, ItemResult], list[tuple[int, EventIn]]]:
    """Check each item against the contract and its sender: (now, the refused, the good ones
    to record). `orgs` remembers the registered organisations found, by name."""
    now = timezone.now()
    results: dict[int, ItemResult] = {}
    parsed: list[tuple[int, EventIn]] = []
    for position, raw in chunk:
        if isinstance(raw, ApplicationError):
            results[position] = refused(position, raw)
            continue
        try:
            event = event_parse(raw, now=now)
        except ApplicationError as error:
            results[position] = refused(position, error)
            continue
        problem = _sender_problem(sender, event) or _organisation_problem(event, orgs)
        if problem:
            results[position] = refused(position, problem)
        else:
            parsed.append((position, event))
    return now, results, parsed


def _record_parsed(
    parsed: list[tuple[int, EventIn]],
    sender: Sender,
    received_via: str,
    now: datetime,
    orgs: dict[str, Organisation],
) -> dict[int, ItemResult]:
    """Record checked events in one transaction (`_stored`)."""

    def write() -> dict[int, ItemResult]:
        writer = _Writer(sender, received_via, now, orgs)
        # One writer at a time per identifying key, until this transaction commits: another
        # sending about the same new child waits, then finds it (issue 22).
        transaction_locks(writer.identity_keys(parsed))
        writer.prepare(parsed)
        return writer.store()

    return _stored(write, parsed, sender, received_via, now, orgs)[0]


def _stored(
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
            results.update(_record_parsed([item], sender, received_via, now, orgs))
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


@dataclass
class _InFlight:
    """A chunk handed to the storing thread: its items, its refused items, its writer."""

    chunk: list[tuple[int, Any]]
    results: dict[int, ItemResult]
    parsed: list[tuple[int, EventIn]]
    now: datetime
    writer: _Writer | None
    carry: _Carry | None  # what the next chunk starts from, taken before storing begins
    stored: Future[tuple[dict[int, ItemResult], bool]] | None
    locked: list[int] | None = None  # its identifying keys' locks, released once stored


def _record_overlapped(
    chunks: Iterator[list[tuple[int, Any]]],
    sender: Sender,
    received_via: str,
    orgs: dict[str, Organisation],
) -> Iterator[ItemResult]:
    """Chunk n+1 is read and matched on this thread while a second thread stores chunk n,
    each in its own transaction, in order (ADR 0011). What chunk n is writing may not be
    visible yet, so chunk n+1 starts from what chunk n knew (`_Carry`); if chunk n's
    transaction fails, it is recorded one event at a time and chunk n+1 is prepared again
    from the database alone."""

    def prepare(
        parsed: list[tuple[int, EventIn]], now: datetime, carry: _Carry | None
    ) -> _Writer | None:
        if not parsed:
            return None
        writer = _Writer(sender, received_via, now, orgs, carry=carry)
        writer.prepare(parsed)
        writer.ids_allocate()
        return writer

    def store(flight: _InFlight) -> tuple[dict[int, ItemResult], bool]:
        assert flight.writer is not None
        # A copy of the organisations: the other thread's prepare reads them meanwhile.
        return _stored(
            flight.writer.store, flight.parsed, sender, received_via, flight.now, dict(orgs)
        )

    def finish(flight: _InFlight) -> tuple[list[ItemResult], bool]:
        failed = False
        if flight.stored is not None:
            stored, failed = flight.stored.result()
            flight.results.update(stored)
        return [flight.results[position] for position, _ in flight.chunk], failed

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="joinedup-store")
    locks = SessionLocks()  # each chunk's identifying keys, from matching until it is stored
    flight: _InFlight | None = None
    try:
        for chunk in chunks:
            now, results, parsed = _parse(chunk, sender, orgs)
            keys = _Writer(sender, received_via, now, orgs).identity_keys(parsed)
            locked = locks.acquire(keys, wait=False)
            carry = flight.carry if flight is not None else None
            if locked is None:  # another writer has some: store ours, then wait holding none
                if flight is not None:
                    done, _ = finish(flight)
                    yield from done
                    locks.release(flight.locked)
                    flight, carry = None, None  # stored: the database knows what it wrote
                locked = locks.acquire(keys, wait=True)
            writer = prepare(parsed, now, carry)
            if flight is not None:
                done, failed = finish(flight)
                yield from done
                locks.release(flight.locked)
                if failed and carry is not None:  # what it carried over may not exist
                    writer = prepare(parsed, now, None)
            flight = _InFlight(chunk, results, parsed, now, writer, None, None, locked)
            if writer is not None:
                flight.carry = writer.carry()
                flight.stored = pool.submit(store, flight)
        if flight is not None:
            yield from finish(flight)[0]
            locks.release(flight.locked)
    finally:
        pool.submit(connections.close_all).result()  # the storing thread's connection
        pool.shutdown()
        locks.release(list(locks.held.elements()))  # a batch stopped halfway lets go


def _sender_problem(sender: Sender, event: EventIn) -> ApplicationError | None:
    org = sender.organisation
    if org is None:
        return None
    if event.organisation != org.name:
        return ApplicationError(
            "This token sends for one organisation only.",
            errors=[
                FieldError(
                    "source.organisation",
                    f"this token belongs to {org.name!r}, not {event.organisation!r}",
                )
            ],
            status=403,
        )
    if event.agency != org.agency:
        return ApplicationError(
            "The agency does not match the sending organisation.",
            errors=[FieldError("source.agency", f"{org.name!r} is a {org.agency} organisation")],
        )
    return None


def _organisation_problem(event: EventIn, orgs: dict[str, Organisation]) -> ApplicationError | None:
    """An event names a registered organisation of its own agency. A misspelt name once made a
    new organisation with no authority, whose events no social worker ever saw."""
    org = orgs.get(event.organisation)
    if org is None:
        org = Organisation.objects.filter(name=event.organisation).first()
        if org is None:
            return ApplicationError(
                "The sending organisation is not registered.",
                errors=[
                    FieldError(
                        "source.organisation",
                        f"{event.organisation!r} is not a registered organisation: check the "
                        "name, or register it (joinedup organisation add)",
                    )
                ],
            )
        orgs[event.organisation] = org
    if event.agency != org.agency:
        return ApplicationError(
            "The agency does not match the sending organisation.",
            errors=[FieldError("source.agency", f"{org.name!r} is a {org.agency} organisation")],
        )
    return None


_DISPLAY = (
    ("given_name", "text"),
    ("family_name", "text"),
    ("dob", "date"),
    ("dob_precision", "text"),
    ("sex", "text"),
    ("seen_as_child", "boolean"),
    ("name_asserted_at", "timestamptz"),
)


def _persons_display_update(persons: list[Person]) -> None:
    """The display fields of linked people, in one statement. On PostgreSQL one UPDATE from
    arrays: `bulk_update` builds a CASE per field and person in Python, which cost a fifth of a
    chunk once the scorer linked misspelt names (each changes the displayed name)."""
    if not persons:
        return
    fields = [name for name, _ in _DISPLAY]
    if connection.vendor != "postgresql":
        Person.objects.bulk_update(persons, fields)
        return
    table = Person._meta.db_table
    columns = ", ".join(f'"{name}" = v."{name}"' for name in fields)
    arrays = ", ".join(f"%s::{kind}[]" for _, kind in _DISPLAY)
    names = ", ".join(f'"{name}"' for name in fields)
    sql = (
        f'UPDATE "{table}" AS p SET {columns} '  # noqa: S608 (names from the code, values bound)
        f'FROM unnest(%s::bigint[], {arrays}) AS v("id", {names}) WHERE p."id" = v."id"'
    )
    params: list[list[Any]] = [[p.pk for p in persons]]
    params += [[getattr(p, name) for p in persons] for name in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# The columns of the rows `_Writer` builds as tuples, in their order (core.bulk.copy_rows).
_COLUMNS: dict[type[Model], tuple[str, ...]] = {
    EventSubject: (
        "version_id",
        "person_id",
        "role",
        "ref",
        "match_outcome",
        "match_reasons",
        "is_current",
        "occurred_at",
    ),
    PersonName: (
        "person_id",
        "kind",
        "given",
        "family",
        "given_norm",
        "family_norm",
        "given_phonetic",
        "family_phonetic",
        "source_id",
        "asserted_at",
    ),
    PersonIdentifier: (
        "person_id",
        "scheme",
        "organisation_id",
        "label",
        "value",
        "source_id",
        "asserted_at",
    ),
    PersonAddress: (
        "person_id",
        "line1",
        "line2",
        "town",
        "postcode",
        "postcode_norm",
        "dwelling_key",
        "applies_from",
        "source_id",
    ),
    Relationship: ("person_id", "other_id", "kind", "applies_from", "source_id"),
    PersonOrganisation: ("person_id", "organisation_id", "authority_id", "first_seen"),
    PersonAuthority: (
        "person_id",
        "authority_id",
        "via",
        "since",
        "reason",
        "decided_by",
        "decided_by_user_id",
    ),
}


def _identifiers_new(
    rows: list[tuple[Any, ...]], created: set[int], carried: set[tuple[int, str, str, int]]
) -> list[tuple[Any, ...]]:
    """Leave out what the same organisation already asserted of the same person: each
    organisation's assertion is kept once, so a partner sees the identifiers it sent. One query,
    for the linked people only (new people have asserted nothing yet), and `carried`: what the
    chunk before writes, which may not be stored yet. Rows are in the order of
    `_COLUMNS[PersonIdentifier]`: person, scheme, organisation, label, value, source, at.
    `created` holds the id() of the persons this chunk creates."""
    linked = {row[0].pk for row in rows if id(row[0]) not in created}
    if not linked:
        return rows
    said = set(carried)
    said.update(
        PersonIdentifier.objects.filter(person_id__any=linked).values_list(
            "person_id", "scheme", "value", "source__organisation_id"
        )
    )
    return [row for row in rows if id(row[0]) in created or _said(row) not in said]


def _said(row: tuple[Any, ...]) -> tuple[int, str, str, int]:
    """An identifier row's (person, scheme, value, organisation)."""
    return (row[0].pk, row[1], row[4], row[5].organisation_id)


def _person_orgs_new(
    rows: list[tuple[Person, Organisation]], created: set[int], carried: set[tuple[int, int]]
) -> list[tuple[Person, Organisation]]:
    """Leave out the organisations already known to hold a record of the person (in the
    database, or in `carried`: written by the chunk before)."""
    linked = {p.pk for p, _ in rows if id(p) not in created}
    known = set(carried)
    if linked:
        known.update(
            PersonOrganisation.objects.filter(person_id__any=linked).values_list(
                "person_id", "organisation_id"
            )
        )
    return [(p, o) for p, o in rows if id(p) in created or (p.pk, o.pk) not in known]


def _first_holders(
    rows: list[tuple[Person, Organisation]], created: set[int], carried: set[int]
) -> list[tuple[Person, int]]:
    """(person, authority) for each person this chunk is the first to record in a local
    authority (ADR 0019): the authority of the first organisation with one that records them,
    for a person no authority sees yet (new, or recorded so far only by organisations with no
    authority). A person some authority sees already is left as it is: sending about them
    gives another authority no sight. `carried`: persons the chunk before made seen."""
    linked = {p.pk for p, o in rows if id(p) not in created and o.authority_id}
    held = set(carried)
    if linked:
        held.update(
            PersonAuthority.objects.filter(person_id__any=linked).values_list(
                "person_id", flat=True
            )
        )
    first: dict[int, tuple[Person, int]] = {}
    for person, org in rows:
        mine = id(person) in created
        if org.authority_id is None or (not mine and person.pk in held):
            continue
        first.setdefault(id(person), (person, org.authority_id))
    return list(first.values())


@dataclass
class _Carry:
    """What a chunk hands the next one, prepared before the chunk is stored (ADR 0011): its
    events' newest versions, the persons each version's subjects were linked to, and its
    resolver's knowledge of the persons it linked or created."""

    pending: dict[tuple[int, str], tuple[Event, int, str, EventVersion | None]]
    earlier: dict[int, dict[str, Person]]  # version id -> subject ref -> person
    resolver: IdentityResolver
    identifiers: set[tuple[int, str, str, int]]  # (person, scheme, value, organisation) written
    person_orgs: set[tuple[int, int]]  # (person, organisation) written
    held: set[int]  # persons an authority sees from now (`_first_holders`)


class _Writer:
    """Records one chunk of checked events with a handful of bulk queries: `prepare` reads
    and matches, `store` writes (inside a transaction)."""

    def __init__(
        self,
        sender: Sender,
        received_via: str,
        now: datetime,
        orgs: dict[str, Organisation],
        carry: _Carry | None = None,
    ):
        self.sender = sender
        self.received_via = received_via
        self.now = now
        self.resolver = carry.resolver if carry is not None else IdentityResolver()
        self.carried = carry
        self.orgs = orgs
        self.new_persons: list[Person] = []
        self.touched: dict[int, Person] = {}  # existing persons whose display may change
        # Rows of the leaf tables as tuples in the column order of `_COLUMNS` (copy_rows).
        self.names: list[tuple[Any, ...]] = []
        self.identifiers: list[tuple[Any, ...]] = []
        self.addresses: list[tuple[Any, ...]] = []
        self.relationships: list[tuple[Any, ...]] = []
        self.match_keys: list[tuple[str, Person]] = []
        self.reviews: list[IdentityReview] = []
        self.person_orgs: set[tuple[int, int]] = set()
        self.person_org_rows: list[tuple[Person, Organisation]] = []
        self.holders: list[tuple[Person, int]] = []  # (person, authority) first to see them
        self.results: dict[int, ItemResult] = {}
        self.new_events: list[Event] = []
        self.versions: list[tuple[int, EventVersion, list[tuple[SubjectIn, Match, Person]]]] = []
        self.superseded: list[int] = []
        self.events_of: dict[int, Event] = {}
        # Per (org, record id) in this chunk: the newest version, pending or stored.
        self.pending: dict[tuple[int, str], tuple[Event, int, str, EventVersion | None]] = {}
        self.linked_in_chunk: dict[int, dict[str, Person]] = {}  # version (id()) -> ref -> person
        self.created: set[int] = set()  # id() of the persons in new_persons, as built

    def _organisation(self, event: EventIn) -> Organisation:
        """The registered organisation `_parse` found (it refuses any other)."""
        return self.sender.organisation or self.orgs[event.organisation]

    def identity_keys(self, parsed: list[tuple[int, EventIn]]) -> set[str]:
        """The keys a chunk's subjects could create a person by (`core.locks`): their
        identifiers and full names with dates of birth that no stored person holds yet."""
        return keys_unheld(
            key
            for _, event in parsed
            for subject in event.subjects
            for key in subject_match_keys(subject, self._organisation(event))
        )

    def prepare(self, parsed: list[tuple[int, EventIn]]) -> None:
        """Read what the chunk needs, match its subjects, and build every row to write."""
        orgs = {position: self._organisation(event) for position, event in parsed}
        existing: dict[tuple[int, str], Event] = {}
        # Exact (organisation, record id) pairs, grouped by organisation, so each arm is one
        # range of the unique index; IN lists over both columns made PostgreSQL scan the table.
        wanted: dict[int, set[str]] = defaultdict(set)
        for position, e in parsed:
            wanted[orgs[position].pk].add(e.record_id)
        same_source = Q()
        for org_id, record_ids in wanted.items():
            same_source |= Q(organisation_id=org_id, record_id__in=record_ids)
        for ev in Event.objects.filter(same_source):
            existing[(ev.organisation_id, ev.record_id)] = ev
        latest: dict[int, EventVersion] = {}
        if existing:
            for version in EventVersion.objects.filter(
                event_id__any=[e.pk for e in existing.values()], superseded_at__isnull=True
            ).only("id", "event_id", "version", "body_hash"):
                latest[version.event_id] = version

        # A correction's subjects keep the persons the earlier version linked, where the
        # matcher finds nothing better (a partner with no date of birth stays one person).
        self.earlier: dict[int, dict[str, Person]] = defaultdict(dict)
        for row in EventSubject.objects.filter(
            version_id__any=[v.pk for v in latest.values()]
        ).select_related("person"):
            self.earlier[row.version_id][row.ref] = row.person
        if self.carried is not None:  # the chunk before, which may not be stored yet
            self.pending.update(self.carried.pending)
            self.earlier.update(self.carried.earlier)
        self.resolver.prefetch((s, orgs[p]) for p, e in parsed for s in e.subjects)
        # Identifiers this chunk asserts, once each per person and organisation; those the
        # organisation asserted before are dropped before writing (`_identifiers_new`).
        self.asserted: set[tuple[int, str, str, int]] = set()

        results = self.results
        new_events = self.new_events
        versions = self.versions
        pending = self.pending
        superseded = self.superseded
        events_of = self.events_of
        linked_in_chunk = self.linked_in_chunk
        for position, event in parsed:
            org = orgs[position]
            key = (org.pk, event.record_id)
            if key in pending:
                ev, number, body_hash, previous = pending[key]
            elif key in existing:
                ev = existing[key]
                stored = latest.get(ev.pk)
                number = stored.version if stored else 0
                body_hash = stored.body_hash if stored else ""
                previous = stored
            else:
                ev = Event(organisation=org, record_id=event.record_id, created_at=self.now)
                new_events.append(ev)
                number, body_hash, previous = 0, "", None
            if body_hash == event.body_hash:
                results[position] = ItemResult(position, UNCHANGED, version=number)
                events_of[position] = ev  # its id is known once the chunk is stored
                continue
            if previous is not None and previous.pk:
                superseded.append(previous.pk)
            version = EventVersion(
                event=ev,
                version=number + 1,
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
            if previous is not None and not previous.pk:  # superseded within this chunk
                previous.superseded_at = self.now
            if previous is None:
                earlier = {}
            elif previous.pk:
                earlier = self.earlier.get(previous.pk, {})
            else:
                earlier = linked_in_chunk[id(previous)]
            links = self._link_subjects(event, org, version, earlier)
            linked_in_chunk[id(version)] = {s.ref: person for s, _, person in links}
            people_by_ref = {s.ref: person for s, _, person in links}
            said = [
                (person, people_by_ref[other_ref], kind)
                for s, _, person in links
                for other_ref, kind in s.relationship_to
            ]
            for person, other, kind in said:
                self.resolver.relationship_said(person, other, kind)
            self.relationships.extend(
                (person, other, kind, event.occurred_at, version) for person, other, kind in said
            )
            versions.append((position, version, links))
            pending[key] = (ev, number + 1, event.body_hash, version)
            status = CORRECTED if number else CREATED
            results[position] = ItemResult(position, status, version=number + 1)
            events_of[position] = ev
            results[position].subjects = [
                SubjectResult(s.ref, s.role, person, match.outcome, match.reasons)
                for s, match, person in links
            ]
        # Keys of persons only the scorer found, once their stored keys are read (one query).
        self.match_keys.extend(self.resolver.keys_held())
        # What linked persons already have: read here, not in `store`, whose thread is the
        # longer of the two (ADR 0011); what the chunk before writes comes with its carry.
        carried = self.carried
        self.identifiers = _identifiers_new(
            self.identifiers, self.created, carried.identifiers if carried else set()
        )
        self.person_org_rows = _person_orgs_new(
            self.person_org_rows, self.created, carried.person_orgs if carried else set()
        )
        self.holders = _first_holders(
            self.person_org_rows, self.created, carried.held if carried else set()
        )

    def ids_allocate(self) -> None:
        """Give new persons, events and versions their ids now, and keep what `store` writes
        of the persons as it is now: the next chunk is prepared while this one is stored, and
        may change a person's displayed name."""
        ids_allocate(Person, self.new_persons)
        ids_allocate(Event, self.new_events)
        ids_allocate(EventVersion, [v for _, v, _ in self.versions])
        self.new_persons = [copy.copy(p) for p in self.new_persons]
        self.touched = {pk: copy.copy(p) for pk, p in self.touched.items()}

    def carry(self) -> _Carry:
        """What the next chunk starts from (after `ids_allocate`): the versions this chunk
        writes, not those it carried in, which are stored by now."""
        mine = {}
        earlier = {}
        for key, entry in self.pending.items():
            version = entry[3]
            if version is not None and id(version) in self.linked_in_chunk:
                mine[key] = entry
                earlier[version.pk] = self.linked_in_chunk[id(version)]
        return _Carry(
            mine,
            earlier,
            self.resolver.carried(),
            {_said(row) for row in self.identifiers},
            {(p.pk, o.pk) for p, o in self.person_org_rows},
            {p.pk for p, _ in self.holders},
        )

    def store(self) -> dict[int, ItemResult]:
        """Write everything `prepare` built; inside a transaction."""
        results = self.results
        versions = self.versions
        superseded = self.superseded
        events_of = self.events_of
        bulk_insert(Person, self.new_persons)
        bulk_insert(Event, self.new_events)
        if superseded:
            EventVersion.objects.filter(pk__any=superseded).update(superseded_at=self.now)
            EventSubject.objects.filter(version_id__any=superseded).update(is_current=False)
        version_rows = [v for _, v, _ in versions]
        bulk_insert(EventVersion, version_rows)
        copy_rows(
            EventSubject,
            _COLUMNS[EventSubject],
            [
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
                for _, v, links in versions
                for s, match, person in links
            ],
        )
        copy_rows(PersonName, _COLUMNS[PersonName], self.names)
        copy_rows(PersonIdentifier, _COLUMNS[PersonIdentifier], self.identifiers)
        copy_rows(PersonAddress, _COLUMNS[PersonAddress], self.addresses)
        copy_rows(Relationship, _COLUMNS[Relationship], self.relationships)
        copy_rows(MatchKey, ("key", "person_id"), self.match_keys)
        bulk_insert(IdentityReview, self.reviews)
        copy_rows(
            PersonOrganisation,
            _COLUMNS[PersonOrganisation],
            [(p, o, o.authority_id, self.now) for p, o in self.person_org_rows],
        )
        copy_rows(
            PersonAuthority,
            _COLUMNS[PersonAuthority],
            [
                (p, authority, PersonAuthority.Via.FIRST_RECORD, self.now, "", "", None)
                for p, authority in self.holders
            ],
        )
        _persons_display_update(list(self.touched.values()))
        access_log_write_many(
            actor=self.sender.actor,
            action="event_recorded",
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
                for _, v, links in versions
            ],
        )
        events_recorded([v.pk for v in version_rows])
        for position, result in results.items():
            result.event_id = events_of[position].pk
        return results

    def _link_subjects(
        self,
        event: EventIn,
        org: Organisation,
        version: EventVersion,
        earlier: dict[str, Person],
    ) -> list[tuple[SubjectIn, Match, Person]]:
        """Each subject linked or created, in the event's order. Those carrying an identifier
        are resolved first: once linked, they are context for the others ("Kev", mother's
        partner of the child the NHS number found)."""
        subjects = event.subjects
        order = sorted(range(len(subjects)), key=lambda k: not subjects[k].identifiers)
        linked: dict[str, Person] = {}
        done: dict[int, tuple[SubjectIn, Match, Person]] = {}
        for k in order:
            subject = subjects[k]
            related = _related(subject, subjects, linked)
            match, person = self._link(subject, event, org, version, earlier, related)
            if match.outcome == LINKED:  # also to a person created earlier in the batch
                linked[subject.ref] = person
            done[k] = (subject, match, person)
        return [done[k] for k in range(len(subjects))]

    def _link(
        self,
        subject: SubjectIn,
        event: EventIn,
        org: Organisation,
        version: EventVersion,
        earlier: dict[str, Person],
        related: tuple[Related, ...] = (),
    ) -> tuple[Match, Person]:
        match = self.resolver.resolve(subject, organisation=org, related=related)
        if match.outcome != LINKED and subject.ref in earlier:
            match = Match(
                earlier[subject.ref],
                LINKED,
                ("the same subject in the earlier version of this record", *match.reasons),
            )
        if match.person is not None and match.outcome == LINKED:
            person = match.person
            self._update_display(person, subject, event)
        else:
            person = Person(
                given_name=subject.given,
                family_name=subject.family,
                dob=subject.dob,
                dob_precision=subject.dob_precision,
                sex=subject.sex,
                seen_as_child=subject.role == "child",
                name_asserted_at=event.occurred_at,
            )
            self.new_persons.append(person)
            self.created.add(id(person))
            if match.outcome == REVIEW and match.person is not None:
                # Recorded against a new person, so nothing is lost; the pair is queued.
                self.reviews.append(
                    IdentityReview(
                        candidate=match.person,
                        person=person,
                        probability=match.probability or 0.0,
                        reasons=list(match.reasons),
                        source=version,
                        created_at=self.now,
                    )
                )
        new_keys = self.resolver.remember(subject, person, organisation=org)
        self.match_keys.extend((key, person) for key in new_keys)
        self._assertions(person, subject, event, org, version)
        return match, person

    def _update_display(self, person: Person, subject: SubjectIn, event: EventIn) -> None:
        changed = False
        newer = person.name_asserted_at is None or event.occurred_at >= person.name_asserted_at
        if (subject.given or subject.family) and newer:
            if (person.given_name, person.family_name) != (subject.given, subject.family):
                person.given_name = subject.given or person.given_name
                person.family_name = subject.family or person.family_name
                changed = True
            person.name_asserted_at = event.occurred_at
        # A date of birth fills a gap or sharpens an approximate one, never replaces an exact one.
        better_dob = person.dob is None or (
            person.dob_precision != "day" and subject.dob_precision == "day"
        )
        if subject.dob and better_dob:
            person.dob, person.dob_precision = subject.dob, subject.dob_precision
            changed = True
        if subject.sex and not person.sex:
            person.sex = subject.sex
            changed = True
        if subject.role == "child" and not person.seen_as_child:
            person.seen_as_child = True
            changed = True
        if changed and person.pk:
            self.touched[person.pk] = person

    def _assertions(
        self,
        person: Person,
        subject: SubjectIn,
        event: EventIn,
        org: Organisation,
        version: EventVersion,
    ) -> None:
        at = event.occurred_at
        for kind, (given, family) in [
            (PersonName.Kind.NAME, (subject.given, subject.family)),
            *((PersonName.Kind.ALIAS, alias) for alias in subject.aliases),
        ]:
            if given or family:
                self.names.append(
                    (
                        person,
                        kind,
                        given,
                        family,
                        name_normalise(given),
                        name_normalise(family),
                        name_phonetic(given),
                        name_phonetic(family),
                        version,
                        at,
                    )
                )
        for label, value in subject.identifiers:
            scheme = identifier_scheme(label, org)
            said = (person.pk or -id(person), scheme, value, org.pk)
            if said in self.asserted:
                continue  # this organisation said so before; the event records it said so again
            self.asserted.add(said)
            self.identifiers.append(
                (
                    person,
                    scheme,
                    None if scheme == label else org,
                    "" if scheme == label else label,
                    value,
                    version,
                    at,
                )
            )
        if subject.address and (subject.address.line1 or subject.address.postcode):
            a = subject.address
            self.addresses.append(
                (
                    person,
                    a.line1,
                    a.line2,
                    a.town,
                    a.postcode,
                    a.postcode,
                    address_key(a.line1, a.postcode),
                    at,
                    version,
                )
            )
        key = (id(person), org.pk)
        if key not in self.person_orgs:
            self.person_orgs.add(key)
            self.person_org_rows.append((person, org))


def _related(
    subject: SubjectIn, subjects: Sequence[SubjectIn], linked: dict[str, Person]
) -> tuple[Related, ...]:
    """What the event says of `subject` and its other subjects already linked."""
    found = [
        Related(kind, linked[other], subject_is=True)
        for other, kind in subject.relationship_to
        if other in linked
    ]
    found += [
        Related(kind, linked[other.ref], subject_is=False)
        for other in subjects
        if other.ref in linked
        for ref, kind in other.relationship_to
        if ref == subject.ref
    ]
    return tuple(found)
