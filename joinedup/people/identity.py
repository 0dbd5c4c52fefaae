"""Identity resolution: which person is this subject?

The one interface ingest, the API and search use is `IdentityResolver.resolve(subject,
organisation=...)`, returning a `Match` with its outcome and reasons in words. A resolver lives
for one batch: it looks candidates up in bulk (`prefetch`) and remembers the people the batch
creates (`remember`), so the same new child twice in one file is one person.

In order: a valid strong identifier matches exactly; then a normalised full name with an exact
date of birth, unless a strong identifier of the same kind conflicts; then the Fellegi-Sunter
scorer (`people.matching`, ADR 0007) over every person sharing a blocking key, scored with the
active model: linked above the upper threshold, review between the thresholds (the caller
records the subject against a new person and queues the pair), new below. Likely twins and
siblings are capped at review by the scorer's relatives guard. Candidates come from the
`MatchKey` table in one indexed query per batch, and their names, identifiers, latest address
and stored keys in four more. A person merged into another (ADR 0008) resolves to the person
it was merged into.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from django.db.models import Max, Q
from django.utils import timezone

from joinedup.core.calendar import years_old
from joinedup.core.models import Organisation
from joinedup.core.vocabulary import (
    CHILD_ROLES,
    PARENT_ROLES,
    RELATIONSHIPS,
    STRONG_IDENTIFIERS,
)
from joinedup.people.identifiers import name_normalise
from joinedup.people.matching.blocking import MAX_BLOCK, blocking_keys
from joinedup.people.matching.comparisons import IDENTIFIER
from joinedup.people.matching.model import (
    LINKED,
    NEW,
    REVIEW,
    EventSays,
    ModelParameters,
    ScoredCandidate,
    decide,
    outcome_for,
    probability,
    score_candidates,
)
from joinedup.people.matching.records import (
    SCHEMES,
    Record,
    record_from_fields,
    record_from_subject,
)
from joinedup.people.matching.store import match_model_active
from joinedup.people.merges import merges_active, survivors_of
from joinedup.people.models import (
    ADULT_AGE,
    Person,
    Relationship,
)
from joinedup.people.reads import facts_read, match_keys_read, persons_read
from joinedup.people.subject import SubjectIn

IDENTIFIER_CONFLICTS = 1  # the identifier comparison's level for two different valid numbers

# Strongest first: when two identifiers disagree, the stronger one decides.
_STRENGTH = list(STRONG_IDENTIFIERS)


@dataclass(frozen=True)
class Related:
    """A relationship the event states between the subject and another of its subjects that
    is already linked: the subject is `kind` of `person` (`subject_is`), or `person` is `kind`
    of the subject ("Kev" is mother's partner of the linked child)."""

    kind: str
    person: Person
    subject_is: bool = True


# P(the store already records a relationship the event states | the candidate is the subject):
# not learnt (bulk files carry no relationships to train on); half is a modest guess.
RELATED_M = 0.5


@dataclass(frozen=True)
class Match:
    person: Person | None  # None: create a new person
    outcome: str  # linked / new / review
    reasons: tuple[str, ...]
    probability: float | None = None  # the scorer's, when it decided


def identifier_scheme(scheme: str, organisation: Organisation) -> str:
    """A subject's identifier key as stored: strong schemes as named, others per organisation."""
    return scheme if scheme in STRONG_IDENTIFIERS else f"org:{organisation.pk}:{scheme}"


def subject_keys(subject: SubjectIn, organisation: Organisation) -> list[tuple[str, str]]:
    keys = [(identifier_scheme(s, organisation), v) for s, v in subject.identifiers]
    return sorted(keys, key=lambda k: _STRENGTH.index(k[0]) if k[0] in _STRENGTH else 99)


def _name_key(given: str, family: str, dob: date | None, precision: str) -> str | None:
    """Full name with an exact date of birth; a year or month alone is too weak to link on."""
    g, f = name_normalise(given), name_normalise(family)
    return f"nd:{g}|{f}|{dob.isoformat()}" if g and f and dob and precision == "day" else None


def _name_keys(subject: SubjectIn) -> list[str]:
    keys = []
    for given, family in ((subject.given, subject.family), *subject.aliases):
        key = _name_key(given, family, subject.dob, subject.dob_precision)
        if key and key not in keys:
            keys.append(key)
    return keys


def identifier_key(scheme: str, value: str) -> str:
    return f"id:{scheme}:{value}"


def subject_match_keys(subject: SubjectIn, organisation: Organisation) -> list[str]:
    """Every blocking key a subject carries: its identifiers, and each name with the birth date."""
    return [identifier_key(s, v) for s, v in subject_keys(subject, organisation)] + _name_keys(
        subject
    )


@dataclass
class _Facts:
    """What the batch knows of one candidate person, to build its `Record` from."""

    ref: str
    given: str
    family: str
    dob: date | None
    dob_precision: str
    sex: str
    aliases: list[tuple[str, str]] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    postcode: str = ""
    address: str = ""
    record: Record | None = None

    def as_record(self) -> Record:
        if self.record is None:
            self.record = record_from_fields(
                self.ref,
                given=self.given,
                family=self.family,
                aliases=tuple(a for a in self.aliases if a != (self.given, self.family)),
                dob=self.dob,
                dob_precision=self.dob_precision,
                sex=self.sex,
                postcode=self.postcode,
                address=self.address,
                identifiers=tuple(self.identifiers),
            )
        return self.record


class IdentityResolver:
    def __init__(self, params: ModelParameters | None = None) -> None:
        self.params = params if params is not None else match_model_active()
        self._by_key: dict[str, list[Person]] = defaultdict(list)
        self._looked_up: set[str] = set()
        # Strong identifiers of candidates, by person (keyed by id() so unsaved persons count).
        self._strong: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        # Keys already stored, by person id; or added by this batch, by id() of the person. So
        # each key is written once per person.
        self.stored_keys: dict[int, set[str]] = defaultdict(set)
        self._added: dict[int, set[str]] = defaultdict(set)
        self._persons: dict[int, Person] = {}  # one instance per stored person
        self._facts: dict[int, _Facts] = {}  # by id() of the person
        self._survivor: dict[int, Person] = {}  # by id() of an absorbed person
        self._records: dict[int, Record] = {}  # by id() of the subject
        self._subject_keys: dict[int, tuple[Organisation, list[str]]] = {}  # by id() of subject
        self._blocked: set[str] = set()  # keys shared by too many people to compare on
        self._exact_count: dict[int, int] = {}  # by id() of a subject's key list
        self._keys_loaded: set[int] = set()  # person ids whose stored keys are known
        self._any_merges = merges_active().exists()  # none: no survivor to look up
        self._pending: dict[int, list[SubjectIn]] = defaultdict(list)  # by id() of the person
        self._remembered: dict[int, Person] = {}  # persons linked or created, by id()
        self._remembered_keys: list[tuple[str, Person]] = []  # the keys they were indexed under
        self._held: list[tuple[str, Person]] = []  # new keys of persons not yet read (remember)
        # Relationships this batch's events state (and the batch's before it, which may not be
        # stored yet), as (id() of the person, id() of the other, kind): the store's own.
        self._said: set[tuple[int, int, str]] = set()

    def carried(self) -> IdentityResolver:
        """A resolver for the next batch, prepared while this batch may still be being stored
        (ADR 0011): it keeps what this one knows of the persons it linked or created (their
        keys, strong identifiers, facts, and the keys this batch writes for them), because the
        database may not show them yet. Everything else the next batch reads afresh. Every
        person must have its primary key by now."""
        kept = self._remembered
        if any(p.pk is None for p in kept.values()):
            raise ValueError("carry a batch over only once its persons have their ids")
        pks = {p.pk for p in kept.values()}
        after = IdentityResolver(self.params)
        after._persons = {p.pk: p for p in kept.values()}
        # Their keys stored before this batch the next one reads again; these it may not see.
        for key, person in self._remembered_keys:
            if person not in after._by_key[key]:
                after._by_key[key].append(person)
        for pid in kept:
            if pid in self._strong:
                after._strong[pid] = self._strong[pid]
            if pid in self._facts:
                after._facts[pid] = self._facts[pid]
            if pid in self._pending:
                after._pending[pid] = self._pending[pid]
        after._added.update((pid, set(self._added[pid])) for pid in kept if pid in self._added)
        after.stored_keys.update(
            (pk, set(self.stored_keys[pk])) for pk in pks if pk in self.stored_keys
        )
        after._keys_loaded = set(pks)  # stored keys known, or (new persons) none stored
        after._said = {said for said in self._said if said[0] in kept and said[1] in kept}
        return after

    def relationship_said(self, person: Person, other: Person, kind: str) -> None:
        """An event of this batch states that `person` is `kind` of `other` (both linked or
        created by this resolver): evidence for the events after it, as a stored one is."""
        self._said.add((id(person), id(other), kind))

    def _subject_record(self, subject: SubjectIn) -> Record:
        record = self._records.get(id(subject))
        if record is None:
            record = self._records[id(subject)] = record_from_subject(subject)
        return record

    def _keys(
        self, subject: SubjectIn, organisation: Organisation, *, exact_only: bool = False
    ) -> list[str]:
        """The subject's exact keys (identifiers, name with birth date) first, then the
        scorer's blocking keys; `_exact_count[id(keys)]` says where the first end."""
        cached = self._subject_keys.get(id(subject))
        if cached is None or cached[0] is not organisation:
            exact = subject_match_keys(subject, organisation)
            fuzzy = [k for k in blocking_keys(self._subject_record(subject)) if k not in exact]
            keys = exact + fuzzy
            cached = self._subject_keys[id(subject)] = (organisation, keys)
            self._exact_count[id(keys)] = len(exact)
        keys = cached[1]
        return keys[: self._exact_count[id(keys)]] if exact_only else keys

    def prefetch(self, pairs: Iterable[tuple[SubjectIn, Organisation]]) -> None:
        """Load, in a handful of indexed queries, every candidate the given subjects could match:
        their stored keys for all, names, identifiers and address only for the candidates of
        subjects no exact key finds (the scorer's)."""
        pairs = list(pairs)
        self._prefetch_keys({k for s, o in pairs for k in self._keys(s, o, exact_only=True)})
        # The blocking keys only for subjects no exact key finds: most subjects are known.
        unfound = [
            keys
            for keys in (self._keys(s, o) for s, o in pairs)
            if not any(self._by_key.get(k) for k in keys[: self._exact_count[id(keys)]])
        ]
        self._prefetch_keys({k for keys in unfound for k in keys})
        exact: dict[int, Person] = {}
        fuzzy: dict[int, Person] = {}
        for subject, organisation in pairs:
            keys = self._keys(subject, organisation)
            n = self._exact_count[id(keys)]
            hits = [p for k in keys[:n] for p in self._by_key.get(k, ())]
            for person in hits or [p for k in keys[n:] for p in self._by_key.get(k, ())]:
                (exact if hits else fuzzy)[id(person)] = person
        # Stored keys only of exact candidates (their strong identifiers are read before
        # linking); of a person only the scorer found, once linked (`keys_held`).
        self._ensure_keys(exact.values())
        self._ensure_facts(list(fuzzy.values()))

    def _prefetch_keys(self, keys: set[str]) -> None:
        wanted = keys - self._looked_up
        if not wanted:
            return
        self._looked_up |= wanted
        rows = match_keys_read(column="key", values=list(wanted))
        per_key: dict[str, int] = defaultdict(int)
        for key, _ in rows:
            per_key[key] += 1
        self._blocked |= {
            k for k, n in per_key.items() if n > MAX_BLOCK and not k.startswith(("id:", "nd:"))
        }
        rows = [(k, pk) for k, pk in rows if k not in self._blocked]
        ids = {pk for _, pk in rows} - set(self._persons)
        if ids:
            self._persons.update(persons_read(ids))
            survivors = survivors_of(ids) if self._any_merges else {}
            missing = set(survivors.values()) - set(self._persons)
            if missing:
                self._persons.update(persons_read(missing))
            for absorbed, survivor_id in survivors.items():
                self._survivor[id(self._persons[absorbed])] = self._persons[survivor_id]
        for key, person_id in rows:
            person = self._persons[person_id]
            if person not in self._by_key[key]:
                self._by_key[key].append(person)

    def _ensure_keys(self, people: Iterable[Person]) -> None:
        """Stored keys of these people (so each is written once) and their strong identifiers."""
        todo = {p.pk: p for p in people if p.pk is not None and p.pk not in self._keys_loaded}
        if not todo:
            return
        self._keys_loaded |= set(todo)
        for key, person_id in match_keys_read(column="person_id", values=list(todo)):
            self.stored_keys[person_id].add(key)
            if key.startswith("id:"):
                _, scheme, value = key.split(":", 2)
                if scheme in STRONG_IDENTIFIERS:
                    self._strong[id(todo[person_id])][scheme].add(value)

    def _ensure_facts(self, people: Iterable[Person]) -> None:
        """What the scorer compares for stored candidates: every name, strong identifiers and
        the latest address, in three queries however many candidates."""
        todo = {p.pk: p for p in people if p.pk is not None and id(p) not in self._facts}
        if not todo:
            return
        addresses, names, identifiers = facts_read(set(todo))
        for pk, person in todo.items():
            postcode, line1 = addresses.get(pk, ("", ""))
            self._facts[id(person)] = _Facts(
                str(pk),
                person.given_name,
                person.family_name,
                person.dob,
                person.dob_precision,
                person.sex,
                postcode=postcode,
                address=line1,
            )
        for person_id, given, family in names:
            facts = self._facts[id(todo[person_id])]
            if (given, family) not in facts.aliases:
                facts.aliases.append((given, family))
        for person_id, scheme, value in identifiers:
            self._facts[id(todo[person_id])].identifiers.append((scheme, value))
        for person in todo.values():  # what this batch has said of them, not yet stored
            for subject in self._pending.pop(id(person), []):
                self._learn(self._facts[id(person)], person, subject)

    def _read_as(self, person: Person) -> Person:
        """The person a candidate is read as: itself, or the person it was merged into."""
        return self._survivor.get(id(person), person)

    def resolve(
        self,
        subject: SubjectIn,
        *,
        organisation: Organisation,
        related: tuple[Related, ...] = (),
        on: date | None = None,
    ) -> Match:
        """Which person `subject` is. `related`: what the event says of the subject and its
        other subjects already linked; a candidate the store records in that relationship is
        weighed up (`_with_relatives`). `on`: the day of the event (default today), on which
        the guard judges who was a child (`_event_says`)."""
        exact_keys = self._keys(subject, organisation, exact_only=True)
        self._prefetch_keys(set(exact_keys))
        keys = subject_keys(subject, organisation)
        self._ensure_keys(p for k in exact_keys for p in self._by_key.get(k, ()))
        found = [
            (scheme, self._read_as(self._by_key[identifier_key(scheme, value)][0]))
            for scheme, value in keys
            if self._by_key.get(identifier_key(scheme, value))
        ]
        if found:
            scheme, person = found[0]
            reasons = [f"{_label(scheme)} exact"]
            for other_scheme, other in found[1:]:
                if other is not person:
                    reasons.append(
                        f"{_label(other_scheme)} belongs to another person record "
                        f"({other.display_name}); {_label(scheme)} is stronger"
                    )
            return Match(person, LINKED, tuple(reasons))

        name_keys = _name_keys(subject)
        mine = {s: v for s, v in keys if s in STRONG_IDENTIFIERS}
        named = [p for key in name_keys for p in self._by_key.get(key, [])]
        for person in named:
            theirs = self._strong.get(id(person), {})
            if any(theirs.get(s) and v not in theirs[s] for s, v in mine.items()):
                continue
            how = (
                "full name exact"
                if person in self._by_key.get(name_keys[0], [])
                else ("a name the person is also known by, exact")
            )
            return Match(self._read_as(person), LINKED, (how, "date of birth exact"))
        return self._score(
            subject,
            organisation,
            named=bool(named),
            has_ids=bool(keys),
            related=related,
            on=on or timezone.localdate(),
        )

    def _score(
        self,
        subject: SubjectIn,
        organisation: Organisation,
        *,
        named: bool,
        has_ids: bool,
        related: tuple[Related, ...] = (),
        on: date,
    ) -> Match:
        """The probabilistic matcher over every person sharing a blocking key."""
        record = self._subject_record(subject)
        self._prefetch_keys(set(self._keys(subject, organisation)))  # done, for a batch
        people: dict[int, Person] = {}
        for key in self._keys(subject, organisation):
            for person in self._by_key.get(key, ()):
                people.setdefault(id(person), person)
        self._ensure_facts(people.values())
        scored = score_candidates(
            record,
            [self._facts[pid].as_record() for pid in people],
            self.params,
            says=self._event_says(subject, people, on),
        )
        by_ref = {self._facts[pid].ref: p for pid, p in people.items()}
        # One score per person as read: an absorbed record and its survivor are one person.
        seen: set[int] = set()
        kept = []
        for s in scored:
            if s.levels[IDENTIFIER] == IDENTIFIER_CONFLICTS:
                # Two valid numbers of one scheme: two people (ADR 0004), not even a review.
                continue
            person = self._read_as(by_ref[s.candidate.ref])
            if id(person) not in seen:
                seen.add(id(person))
                kept.append(s)
        best, outcome, reasons = decide(kept)
        if related and outcome != LINKED:
            kept = self._with_relatives(kept, by_ref, related)
            best, outcome, reasons = decide(kept)
        if best is not None and outcome in (LINKED, REVIEW):
            person = self._read_as(by_ref[best.candidate.ref])
            return Match(person, outcome, reasons, probability=best.probability)
        return Match(None, NEW, ("; ".join((_why_new(subject, named, has_ids), *reasons)),))

    def _event_says(
        self, subject: SubjectIn, people: dict[int, Person], on: date
    ) -> EventSays | None:
        """What the event says of who is a child, for the guard (`model.read_roles`): the
        subject named as a child (role "child", or another child's role with a date of birth
        under 18 on the event's day, and none saying 18 or over) or as a parent or carer, and
        the candidates who were children that day. None where it says neither."""
        young = None if subject.dob is None else years_old(subject.dob, on) < ADULT_AGE
        child = subject.role in CHILD_ROLES and (
            young if young is not None else subject.role == "child"
        )
        parent = subject.role in PARENT_ROLES
        if not (child or parent):
            return None
        children = frozenset(self._facts[pid].ref for pid, p in people.items() if p.is_child_on(on))
        return EventSays(subject_child=child, subject_parent=parent, children=children)

    def _with_relatives(
        self,
        scored: list[ScoredCandidate],
        by_ref: dict[str, Person],
        related: tuple[Related, ...],
    ) -> list[ScoredCandidate]:
        """The candidates rescored with what the event says of the subject's relatives.

        A candidate the store records in the relationship the event states (mother's partner
        of the child this event's child is linked to) gains log2(m/u). u is the chance that
        someone else is so recorded: a person's relationships over the people held. Among one
        person's few relatives a name match says much, so this undoes most of the prior. The
        relatives guard still applies (a twin is the mother's child too). One query, and only
        when some candidate could reach review with it.
        """
        weight = self._related_weight()
        if weight is None:
            return scored
        reach = self.params.review_weight - weight
        near = {s.candidate.ref: by_ref[s.candidate.ref] for s in scored if s.weight >= reach}
        if not near:
            return scored
        # What the store records, by primary key (one query), then what this batch has said,
        # by instance: a person created earlier in the batch has no key to look up yet.
        theirs = [r.person.pk for r in related if r.person.pk]
        ids = {q.pk for p in near.values() for q in (p, self._read_as(p)) if q.pk}
        recorded: set[tuple[int, int, str]] = set()
        if theirs and ids:
            recorded = set(
                Relationship.objects.filter(
                    Q(person_id__in=ids, other_id__in=theirs)
                    | Q(person_id__in=theirs, other_id__in=ids)
                ).values_list("person_id", "other_id", "kind")
            )

        def states(candidate: Person, r: Related) -> bool:
            """Whether the store, or this batch, records `candidate` in the relationship `r`
            states: by primary key in the store, by instance in the batch."""
            return any(
                me is not None
                and them is not None
                and ((me, them, r.kind) if r.subject_is else (them, me, r.kind)) in held
                for held, me, them in (
                    (recorded, candidate.pk, r.person.pk),
                    (self._said, id(candidate), id(r.person)),
                )
            )

        out = []
        for s in scored:
            person = near.get(s.candidate.ref)
            found = None
            if person is not None:
                found = next(
                    (r for r in related if states(person, r) or states(self._read_as(person), r)),
                    None,
                )
            if found is None:
                out.append(s)
                continue
            total = s.weight + weight
            words = RELATIONSHIPS.get(found.kind, found.kind).lower()
            said = (
                f"recorded as {words} of {found.person.display_name}, whom this event also names"
                if found.subject_is
                else f"{found.person.display_name}, whom this event also names, is recorded as "
                f"their {words}"
            )
            out.append(
                replace(
                    s,
                    weight=total,
                    probability=probability(total),
                    outcome=outcome_for(total, s.guard, self.params),
                    reasons=(*s.reasons, f"{said} ({weight:+.1f})"),
                )
            )
        out.sort(key=lambda s: (-s.weight, s.candidate.ref))
        return out

    def _related_weight(self) -> float | None:
        """log2(RELATED_M / u), u = 2 * relationships / persons**2, with those this batch has
        said; None before there are any."""
        persons, relationships = self._stored_counts
        relationships += len(self._said)
        if persons < 2 or not relationships:
            return None
        return math.log2(RELATED_M * persons**2 / (2 * relationships))

    @cached_property
    def _stored_counts(self) -> tuple[int, int]:
        """Persons and relationships stored. The highest ids stand in for the counts (nothing
        is deleted): one index read each, once per resolver (a store with none yet is not
        asked again for every subject)."""
        persons = Person.objects.aggregate(n=Max("pk"))["n"] or 0
        return persons, Relationship.objects.aggregate(n=Max("pk"))["n"] or 0

    @staticmethod
    def _learn(facts: _Facts, person: Person, subject: SubjectIn) -> None:
        facts.record = None
        facts.given, facts.family = person.given_name, person.family_name
        facts.dob, facts.dob_precision, facts.sex = person.dob, person.dob_precision, person.sex
        for name in ((subject.given, subject.family), *subject.aliases):
            if name not in facts.aliases:
                facts.aliases.append(name)
        for scheme, value in subject.identifiers:
            if scheme in SCHEMES and (scheme, value) not in facts.identifiers:
                facts.identifiers.append((scheme, value))
        if subject.address and (subject.address.postcode or subject.address.line1):
            facts.postcode, facts.address = subject.address.postcode, subject.address.line1

    def remember(
        self, subject: SubjectIn, person: Person, *, organisation: Organisation
    ) -> list[str]:
        """Index a person the batch linked or created; returns the keys not yet stored for them
        (for a stored person whose stored keys are not read yet, none: `keys_held` has them)."""
        self._remembered[id(person)] = person
        for scheme, value in subject_keys(subject, organisation):
            if scheme in STRONG_IDENTIFIERS:
                self._strong[id(person)][scheme].add(value)
        facts = self._facts.get(id(person))
        if facts is None and person.pk is not None:
            self._pending[id(person)].append(subject)  # learnt once its stored facts load
        else:
            if facts is None:
                facts = self._facts[id(person)] = _Facts(
                    f"new:{id(person)}", "", "", None, "day", ""
                )
            self._learn(facts, person, subject)
        new_keys = []
        stored = self.stored_keys.get(person.pk, ()) if person.pk is not None else ()
        added = self._added[id(person)]
        for key in self._keys(subject, organisation):
            if key not in self._blocked and person not in self._by_key[key]:
                self._by_key[key].append(person)
                self._remembered_keys.append((key, person))
            if key not in stored and key not in added:
                added.add(key)
                new_keys.append(key)
        if person.pk is not None and person.pk not in self._keys_loaded:
            # A stored person only the scorer found: its stored keys are not read yet.
            self._held.extend((key, person) for key in new_keys)
            return []
        return new_keys

    def keys_held(self) -> list[tuple[str, Person]]:
        """The keys `remember` held back for stored persons whose stored keys it had not read
        (persons only the scorer found), less those stored: read for all of them in one query,
        so a batch reads the keys of the persons it linked, not of every candidate it scored.
        Call once the batch has remembered everyone, before writing its keys."""
        held, self._held = self._held, []
        self._ensure_keys(person for _, person in held)
        return [(key, p) for key, p in held if key not in self.stored_keys.get(p.pk, ())]


def _why_new(subject: SubjectIn, named: bool, has_ids: bool) -> str:
    """Why the scorer found nobody, in words."""
    if named:
        return "name and date of birth match, but a strong identifier differs"
    if _name_keys(subject):
        return "no person with this identifier, or this name and birth date"
    why = "no identifier matched" if has_ids else "no strong identifier"
    if not subject.dob:
        return why + "; no date of birth to match on exactly"
    if subject.dob_precision != "day":
        return why + "; only an approximate date of birth to match on exactly"
    return why + "; no full name to match on exactly"


def _label(scheme: str) -> str:
    if scheme.startswith("org:"):
        return f"{scheme.split(':', 2)[2]} (the organisation's own key)"
    return STRONG_IDENTIFIERS.get(scheme, scheme)
