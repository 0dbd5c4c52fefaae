"""Linking one chunk's subjects to people, and recording what agencies asserted about them.

The event write path (`chronology.services`) hands each event's subjects here, with the event
version that asserted them (`source`), and stores its own tables around this module's two
store steps. Everything written to people/'s tables on ingest is written here: new persons,
names, identifiers, addresses, relationships, the organisations and authorities that hold a
record of someone, match keys and review items.

`prepare` reads and matches (outside the transaction when a file is ingested, ADR 0011);
`store_persons` and `store_assertions` write, inside the transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model

from joinedup.core.bulk import bulk_insert, copy_rows, ids_allocate, rows_update
from joinedup.core.models import Organisation
from joinedup.people.identifiers import address_key, name_normalise, name_phonetic
from joinedup.people.identity import (
    LINKED,
    REVIEW,
    IdentityResolver,
    Match,
    Related,
    identifier_scheme,
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
from joinedup.people.reads import keys_unheld
from joinedup.people.subject import SubjectIn

Link = tuple[SubjectIn, Match, Person]
# The event version that asserted what is recorded: chronology's model, above this layer, so
# only ever passed through to the rows that point at it.
Source = Any

# The display fields of a person an event may change (`_update_display`).
_DISPLAY = (
    "given_name",
    "family_name",
    "dob",
    "dob_precision",
    "sex",
    "seen_as_child",
    "name_asserted_at",
)


def subjects_keys(subjects: Iterable[tuple[SubjectIn, Organisation]]) -> set[str]:
    """The keys subjects could create a person by (`core.locks`): their identifiers and full
    names with dates of birth that no stored person holds yet."""
    return keys_unheld(key for subject, org in subjects for key in subject_match_keys(subject, org))


@dataclass
class LinkerCarry:
    """What a chunk's linker hands the next chunk's, before it is stored (ADR 0011): its
    resolver's knowledge of the persons it linked or created, and what it writes."""

    resolver: IdentityResolver
    identifiers: set[tuple[int, str, str, int]]  # (person, scheme, value, organisation) written
    person_orgs: set[tuple[int, int]]  # (person, organisation) written
    held: set[int]  # persons an authority sees from now (`_first_holders`)


class SubjectLinker:
    """Links the subjects of one chunk of events and builds the rows that record them."""

    def __init__(self, now: datetime, carry: LinkerCarry | None = None):
        self.now = now
        self.carried = carry
        self.resolver = carry.resolver if carry is not None else IdentityResolver()
        self.new_persons: list[Person] = []
        self.created: set[int] = set()  # id() of the persons in new_persons, as built
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
        # Identifiers this chunk asserts, once each per person and organisation; those the
        # organisation asserted before are dropped before writing (`_identifiers_new`).
        self.asserted: set[tuple[int, str, str, int]] = set()

    def prefetch(self, subjects: Iterable[tuple[SubjectIn, Organisation]]) -> None:
        """Read in a few queries what matching the chunk's subjects needs."""
        self.resolver.prefetch(subjects)

    def link(
        self,
        subjects: Sequence[SubjectIn],
        org: Organisation,
        source: Source,
        at: datetime,
        earlier: dict[str, Person],
        known: Mapping[str, Person] | None = None,
    ) -> list[Link]:
        """Each subject of one event linked or created, in the event's order, and what the
        event says of them recorded (`source`: the event version; `at`: when it happened).
        Subjects carrying an identifier are resolved first: once linked, they are context for
        the others ("Kev", mother's partner of the child the NHS number found). `earlier`:
        the persons an earlier version of the same record linked, by subject ref. `known`: the
        persons a practitioner recorded it against in JoinedUp, by ref: linked, never matched."""
        order = sorted(range(len(subjects)), key=lambda k: not subjects[k].identifiers)
        linked: dict[str, Person] = {}
        done: dict[int, Link] = {}
        for k in order:
            subject = subjects[k]
            related = _related(subject, subjects, linked)
            if known and subject.ref in known:
                match, person = self._link_known(subject, org, source, at, known[subject.ref])
            else:
                match, person = self._link_one(subject, org, source, at, earlier, related)
            if match.outcome == LINKED:  # also to a person created earlier in the batch
                linked[subject.ref] = person
            done[k] = (subject, match, person)
        links = [done[k] for k in range(len(subjects))]
        self._relationships(links, source, at)
        return links

    def finish(self) -> None:
        """After the last event: the keys of persons only the scorer found, and leave out what
        linked persons already have. Read here, not while storing, whose thread is the longer
        of the two (ADR 0011); what the chunk before writes comes with its carry."""
        self.match_keys.extend(self.resolver.keys_held())
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
        """Give new persons their ids now, and keep what is stored of the persons as it is
        now: the next chunk is linked while this one is stored, and may change a person's
        displayed name."""
        ids_allocate(Person, self.new_persons)
        self.new_persons = [copy.copy(p) for p in self.new_persons]
        self.touched = {pk: copy.copy(p) for pk, p in self.touched.items()}

    def carry(self) -> LinkerCarry:
        """What the next chunk's linker starts from (after `ids_allocate`)."""
        return LinkerCarry(
            self.resolver.carried(),
            {_said(row) for row in self.identifiers},
            {(p.pk, o.pk) for p, o in self.person_org_rows},
            {p.pk for p, _ in self.holders},
        )

    def store_persons(self) -> None:
        """Write the new persons (inside the transaction, before what refers to them)."""
        bulk_insert(Person, self.new_persons)

    def store_assertions(self) -> None:
        """Write what the chunk's events asserted about people, the review items and the
        changed display fields (inside the transaction, after the event versions)."""
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
        rows_update(Person, list(self.touched.values()), _DISPLAY)

    def _relationships(self, links: list[Link], source: Source, at: datetime) -> None:
        """The relationships the event states between its subjects: evidence for the resolver
        from now on, and rows to write."""
        people_by_ref = {s.ref: person for s, _, person in links}
        said = [
            (person, people_by_ref[other_ref], kind)
            for s, _, person in links
            for other_ref, kind in s.relationship_to
        ]
        for person, other, kind in said:
            self.resolver.relationship_said(person, other, kind)
        self.relationships.extend((person, other, kind, at, source) for person, other, kind in said)

    def _link_one(
        self,
        subject: SubjectIn,
        org: Organisation,
        source: Source,
        at: datetime,
        earlier: dict[str, Person],
        related: tuple[Related, ...] = (),
    ) -> tuple[Match, Person]:
        match = self.resolver.resolve(subject, organisation=org, related=related, on=at.date())
        if match.outcome != LINKED and subject.ref in earlier:
            match = Match(
                earlier[subject.ref],
                LINKED,
                ("the same subject in the earlier version of this record", *match.reasons),
            )
        if match.person is not None and match.outcome == LINKED:
            person = match.person
            self._update_display(person, subject, at)
        else:
            person = self._person_new(subject, at)
            if match.outcome == REVIEW and match.person is not None:
                # Recorded against a new person, so nothing is lost; the pair is queued.
                self.reviews.append(
                    IdentityReview(
                        candidate=match.person,
                        person=person,
                        probability=match.probability or 0.0,
                        reasons=list(match.reasons),
                        source=source,
                        created_at=self.now,
                    )
                )
        new_keys = self.resolver.remember(subject, person, organisation=org)
        self.match_keys.extend((key, person) for key in new_keys)
        self._assertions(person, subject, org, source, at)
        return match, person

    def _link_known(
        self, subject: SubjectIn, org: Organisation, source: Source, at: datetime, person: Person
    ) -> tuple[Match, Person]:
        match = Match(person, LINKED, ("recorded in JoinedUp on this person's record",))
        new_keys = self.resolver.remember(subject, person, organisation=org)
        self.match_keys.extend((key, person) for key in new_keys)
        self._assertions(person, subject, org, source, at)
        return match, person

    def _person_new(self, subject: SubjectIn, at: datetime) -> Person:
        person = Person(
            given_name=subject.given,
            family_name=subject.family,
            dob=subject.dob,
            dob_precision=subject.dob_precision,
            sex=subject.sex,
            seen_as_child=subject.role == "child",
            name_asserted_at=at,
        )
        self.new_persons.append(person)
        self.created.add(id(person))
        return person

    def _update_display(self, person: Person, subject: SubjectIn, at: datetime) -> None:
        changed = False
        newer = person.name_asserted_at is None or at >= person.name_asserted_at
        if (subject.given or subject.family) and newer:
            if (person.given_name, person.family_name) != (subject.given, subject.family):
                person.given_name = subject.given or person.given_name
                person.family_name = subject.family or person.family_name
                changed = True
            person.name_asserted_at = at
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
        org: Organisation,
        source: Source,
        at: datetime,
    ) -> None:
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
                        source,
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
                    source,
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
                    source,
                )
            )
        key = (id(person), org.pk)
        if key not in self.person_orgs:
            self.person_orgs.add(key)
            self.person_org_rows.append((person, org))


# The columns of the rows the linker builds as tuples, in their order (core.bulk.copy_rows).
_COLUMNS: dict[type[Model], tuple[str, ...]] = {
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
