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
from joinedup.people.models import Person, PersonIdentifier, PersonName

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


def _name_key(given: str, family: str, dob: date | None) -> tuple[str, str, date] | None:
    g, f = name_normalise(given), name_normalise(family)
    return (g, f, dob) if g and f and dob else None


class IdentityResolver:
    def __init__(self) -> None:
        self._by_identifier: dict[tuple[str, str], Person] = {}
        self._by_name: dict[tuple[str, str, date], list[Person]] = defaultdict(list)
        self._strong: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._looked_up_ids: set[tuple[str, str]] = set()
        self._looked_up_names: set[tuple[str, str, date]] = set()

    def prefetch(self, pairs: Iterable[tuple[SubjectIn, Organisation]]) -> None:
        """Load, in a few queries, every candidate the given subjects could match."""
        id_keys: set[tuple[str, str]] = set()
        name_keys: set[tuple[str, str, date]] = set()
        for subject, organisation in pairs:
            id_keys.update(subject_keys(subject, organisation))
            key = _name_key(subject.given, subject.family, subject.dob)
            if key:
                name_keys.add(key)
        id_keys -= self._looked_up_ids
        name_keys -= self._looked_up_names
        self._looked_up_ids |= id_keys
        self._looked_up_names |= name_keys
        candidates: dict[int, Person] = {}
        if id_keys:
            identifiers = PersonIdentifier.objects.filter(
                scheme__in={s for s, _ in id_keys}, value__in={v for _, v in id_keys}
            ).select_related("person")
            for identifier in identifiers:
                if (identifier.scheme, identifier.value) in id_keys:
                    person = candidates.setdefault(identifier.person_id, identifier.person)
                    self._by_identifier.setdefault((identifier.scheme, identifier.value), person)
        if name_keys:
            names = PersonName.objects.filter(
                family_norm__in={f for _, f, _ in name_keys},
                given_norm__in={g for g, _, _ in name_keys},
                person__dob__in={d for _, _, d in name_keys},
            ).select_related("person")
            for name in names:
                dob = name.person.dob
                if dob is None or (name.given_norm, name.family_norm, dob) not in name_keys:
                    continue
                person = candidates.setdefault(name.person_id, name.person)
                found = self._by_name[(name.given_norm, name.family_norm, dob)]
                if person not in found:
                    found.append(person)
        new_ids = [pid for pid in candidates if pid not in self._strong]
        if new_ids:
            for scheme, value, person_id in PersonIdentifier.objects.filter(
                person_id__in=new_ids, scheme__in=_STRENGTH
            ).values_list("scheme", "value", "person_id"):
                self._strong[person_id][scheme].add(value)

    def resolve(self, subject: SubjectIn, *, organisation: Organisation) -> Match:
        self.prefetch([(subject, organisation)])
        keys = subject_keys(subject, organisation)
        found = [(k, self._by_identifier[k]) for k in keys if k in self._by_identifier]
        if found:
            (scheme, _), person = found[0]
            reasons = [f"{_label(scheme)} exact"]
            for (other_scheme, _), other in found[1:]:
                if other is not person:
                    reasons.append(
                        f"{_label(other_scheme)} belongs to another person record "
                        f"({other.display_name}); {_label(scheme)} is stronger"
                    )
            return Match(person, LINKED, tuple(reasons))

        key = _name_key(subject.given, subject.family, subject.dob)
        if key is None:
            why = "no identifier matched" if keys else "no strong identifier"
            missing = "date of birth" if not subject.dob else "full name"
            return Match(None, NEW, (f"{why}; no {missing} to match on",))
        mine = {s: v for s, v in keys if s in STRONG_IDENTIFIERS}
        for person in self._by_name.get(key, []):
            theirs = self._strong.get(person.pk, {}) if person.pk else {}
            conflict = [s for s, v in mine.items() if theirs.get(s) and v not in theirs[s]]
            if conflict:
                continue
            return Match(person, LINKED, ("full name exact", "date of birth exact"))
        if self._by_name.get(key):
            return Match(
                None,
                NEW,
                ("name and date of birth match, but a strong identifier differs",),
            )
        return Match(None, NEW, ("no person with this identifier, or this name and birth date",))

    def remember(self, subject: SubjectIn, person: Person, *, organisation: Organisation) -> None:
        """Index a person the batch has linked or created, so later subjects find them."""
        for key in subject_keys(subject, organisation):
            self._by_identifier.setdefault(key, person)
            if key[0] in STRONG_IDENTIFIERS and person.pk:
                self._strong[person.pk][key[0]].add(key[1])
        for given, family in ((subject.given, subject.family), *subject.aliases):
            name_key = _name_key(given, family, subject.dob)
            if name_key and person not in self._by_name[name_key]:
                self._by_name[name_key].append(person)


def _label(scheme: str) -> str:
    if scheme.startswith("org:"):
        return f"{scheme.split(':', 2)[2]} (the organisation's own key)"
    return STRONG_IDENTIFIERS.get(scheme, scheme)
