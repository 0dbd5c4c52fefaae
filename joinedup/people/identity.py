"""Identity resolution: which person is this subject?

The one interface ingest, the API and search use is `IdentityResolver.resolve(subject,
organisation=...)`, returning a `Match` with its outcome and reasons in words. A resolver lives
for one batch: it looks candidates up in bulk (`prefetch`) and remembers the people the batch
creates (`remember`), so the same new child twice in one file is one person.

First cut (deterministic): a strong identifier matches exactly; otherwise normalised full name
and exact date of birth, unless a strong identifier of the same kind conflicts; otherwise a new
person. The probabilistic matcher replaces the inside of `resolve` without touching callers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from joinedup.chronology.contract import SubjectIn
from joinedup.chronology.registry import STRONG_IDENTIFIERS
from joinedup.core.models import Organisation
from joinedup.people.identifiers import name_normalise
from joinedup.people.models import MatchKey, Person

LINKED = "linked"
NEW = "new"
REVIEW = "review"

# Strongest first: when two identifiers disagree, the stronger one decides.
_STRENGTH = list(STRONG_IDENTIFIERS)


@dataclass(frozen=True)
class Match:
    person: Person | None  # None: create a new person
    outcome: str  # linked / new / review
    reasons: tuple[str, ...]


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


class IdentityResolver:
    def __init__(self) -> None:
        self._by_key: dict[str, list[Person]] = defaultdict(list)
        self._looked_up: set[str] = set()
        # Strong identifiers of candidates, by person (keyed by id() so unsaved persons count).
        self._strong: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        # Keys already stored (by person id) or added by this batch (by id() of the person), so
        # each key is written once per person.
        self.stored_keys: set[tuple[int, str]] = set()
        self._added: set[tuple[int, str]] = set()
        self._persons: dict[int, Person] = {}  # one instance per stored person

    def prefetch(self, pairs: Iterable[tuple[SubjectIn, Organisation]]) -> None:
        """Load, in two indexed queries, every candidate the given subjects could match."""
        self._prefetch_keys({key for s, o in pairs for key in subject_match_keys(s, o)})

    def _prefetch_keys(self, keys: set[str]) -> None:
        wanted = keys - self._looked_up
        if not wanted:
            return
        self._looked_up |= wanted
        candidates: dict[int, Person] = {}
        for row in MatchKey.objects.filter(key__in=wanted).select_related("person"):
            person = self._persons.setdefault(row.person_id, row.person)
            candidates[row.person_id] = person
            if person not in self._by_key[row.key]:
                self._by_key[row.key].append(person)
        new = [pk for pk in candidates if (pk, "") not in self.stored_keys]
        if new:
            for person_id, key in MatchKey.objects.filter(person_id__in=new).values_list(
                "person_id", "key"
            ):
                self.stored_keys.add((person_id, key))
                if key.startswith("id:"):
                    _, scheme, value = key.split(":", 2)
                    if scheme in STRONG_IDENTIFIERS:
                        self._strong[id(candidates[person_id])][scheme].add(value)
            self.stored_keys.update((pk, "") for pk in new)

    def candidate_ids(self) -> list[int]:
        """Ids of every stored person the lookups so far have found."""
        return list(self._persons)

    def resolve(self, subject: SubjectIn, *, organisation: Organisation) -> Match:
        self._prefetch_keys(set(subject_match_keys(subject, organisation)))
        keys = subject_keys(subject, organisation)
        found = [
            (scheme, self._by_key[identifier_key(scheme, value)][0])
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
        if not name_keys:
            why = "no identifier matched" if keys else "no strong identifier"
            if not subject.dob:
                missing = "no date of birth"
            elif subject.dob_precision != "day":
                missing = "only an approximate date of birth"
            else:
                missing = "no full name"
            return Match(None, NEW, (f"{why}; {missing} to match on",))
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
            return Match(person, LINKED, (how, "date of birth exact"))
        if named:
            return Match(
                None, NEW, ("name and date of birth match, but a strong identifier differs",)
            )
        return Match(None, NEW, ("no person with this identifier, or this name and birth date",))

    def remember(
        self, subject: SubjectIn, person: Person, *, organisation: Organisation
    ) -> list[str]:
        """Index a person the batch linked or created; returns the keys not yet stored for them."""
        for scheme, value in subject_keys(subject, organisation):
            if scheme in STRONG_IDENTIFIERS:
                self._strong[id(person)][scheme].add(value)
        new_keys = []
        for key in subject_match_keys(subject, organisation):
            if person not in self._by_key[key]:
                self._by_key[key].append(person)
            stored = person.pk is not None and (person.pk, key) in self.stored_keys
            if not stored and (id(person), key) not in self._added:
                self._added.add((id(person), key))
                new_keys.append(key)
        return new_keys


def _label(scheme: str) -> str:
    if scheme.startswith("org:"):
        return f"{scheme.split(':', 2)[2]} (the organisation's own key)"
    return STRONG_IDENTIFIERS.get(scheme, scheme)
