"""Reads about persons: search, identity, household, relationships, agencies involved.

Every read starts from the access policy: search only ever narrows `persons_visible(scope)`,
and the per-person reads take a person that `person_for` has already released (and logged).
Each function loads what it shows in a fixed, small number of queries, whatever the record's
size. Partner agencies (scope.is_partner) see what their own organisation said and nothing
derived from other agencies' assertions: household, relationships and agencies involved are
empty for them, identifiers and other names are their own organisation's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Max, Q, QuerySet

from joinedup.access.policy import Scope, events_visible, persons_visible
from joinedup.chronology.registry import RELATIONSHIPS, STRONG_IDENTIFIERS
from joinedup.core.models import Organisation
from joinedup.people.identifiers import (
    name_normalise,
    name_phonetic,
    nhs_number_normalise,
    postcode_normalise,
)
from joinedup.people.models import (
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonName,
    Relationship,
)

SEARCH_LIMIT = 50


# --- search -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    person: Person
    postcode: str  # the current address's postcode, formatted, or ""
    matched_name: str  # the alias or former name that matched, when not the displayed name


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    capped: bool  # more people matched than `limit`
    limit: int


def _prefix(field_name: str, prefix: str) -> Q:
    """`field LIKE 'prefix%'` as a range, so any btree index serves it whatever the collation.

    The normalised name columns hold only the letters a-z, which sort alike in every collation.
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field_name}__gte": prefix, f"{field_name}__lt": upper})


def _name_pair(given: str, family: str) -> Q:
    """A given and a family name, each matched by sound (NYSIIS) or by the start of its spelling.

    Written out as four alternatives so each is anchored on an index over the family name.
    """
    fp, gp = name_phonetic(family), name_phonetic(given)
    fn, gn = name_normalise(family), name_normalise(given)
    family_terms = [Q(family_phonetic=fp), _prefix("family_norm", fn)]
    given_terms = [Q(given_phonetic=gp), _prefix("given_norm", gn)]
    q = Q()
    for f in family_terms:
        for g in given_terms:
            q |= f & g
    return q


def name_query(name: str) -> Q | None:
    """PersonName rows that a typed name could mean; None when it has no letters.

    "Maya Brooks" and "Brooks, Maya" both work; middle names are ignored; one word is matched
    as a family name (by sound or start) or a given name (by sound).
    """
    if "," in name:
        family, _, given = name.partition(",")
        words = [w for w in (given.strip(), family.strip()) if name_normalise(w)]
        if len(words) == 2:
            return _name_pair(words[0], words[1])
    words = [w for w in name.split() if name_normalise(w)]
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        phonetic = name_phonetic(word)
        return (
            Q(family_phonetic=phonetic)
            | _prefix("family_norm", name_normalise(word))
            | Q(given_phonetic=phonetic)
        )
    given, family = words[0], words[-1]
    return _name_pair(given, family) | _name_pair(family, given)


def identifier_pairs(value: str) -> list[tuple[str, str]]:
    """The (scheme, stored value) pairs a typed identifier could be, as ingest stores them."""
    raw = value.strip()
    compact = nhs_number_normalise(raw)
    pairs: list[tuple[str, str]] = []
    if compact.isdigit() and len(compact) == 10:
        pairs.append(("nhs_number", compact))
    if len(compact) == 13:
        pairs.append(("upn", compact.upper()))
    for scheme in ("pnc_id", "la_child_id"):
        for candidate in (raw, raw.upper(), compact, compact.upper()):
            if candidate and (scheme, candidate) not in pairs:
                pairs.append((scheme, candidate))
    return pairs


def person_search(
    *,
    scope: Scope | None,
    name: str = "",
    dob: date | None = None,
    identifier: str = "",
    postcode: str = "",
    limit: int = SEARCH_LIMIT,
) -> SearchResults:
    """People the scope may see who match every criterion given. Each criterion uses an index."""
    people = persons_visible(scope)
    names: QuerySet[PersonName] | None = None
    criteria = 0
    if name.strip():
        q = name_query(name)
        if q is None:
            return SearchResults([], False, limit)
        names = PersonName.objects.filter(q)
        people = people.filter(pk__in=names.values("person_id"))
        criteria += 1
    if dob is not None:
        people = people.filter(dob=dob)
        criteria += 1
    if identifier.strip():
        pairs = identifier_pairs(identifier)
        q = Q()
        for scheme, value in pairs:
            q |= Q(scheme=scheme, value=value)
        people = people.filter(pk__in=PersonIdentifier.objects.filter(q).values("person_id"))
        criteria += 1
    if postcode.strip():
        norm = postcode_normalise(postcode)
        people = people.filter(
            pk__in=PersonAddress.objects.filter(postcode_norm=norm).values("person_id")
        )
        criteria += 1
    if not criteria:
        return SearchResults([], False, limit)

    found = list(people.order_by("family_name", "given_name", "dob", "pk")[: limit + 1])
    capped = len(found) > limit
    found = found[:limit]
    ids = [p.pk for p in found]
    postcodes = _current_postcodes(ids)
    matched: dict[int, str] = {}
    if names is not None and ids:
        displayed = {p.pk: p.display_name.lower() for p in found}
        for person_id, given, family in names.filter(person_id__in=ids).values_list(
            "person_id", "given", "family"
        ):
            full = " ".join(p for p in (given, family) if p)
            if full.lower() != displayed[person_id]:
                matched.setdefault(person_id, full)
            else:
                matched[person_id] = ""
    hits = [SearchHit(p, postcodes.get(p.pk, ""), matched.get(p.pk, "")) for p in found]
    return SearchResults(hits, capped, limit)


def postcode_display(norm: str) -> str:
    """ "RV24KS" -> "RV2 4KS": stored without the space, shown with it."""
    norm = norm.replace(" ", "").upper()
    return f"{norm[:-3]} {norm[-3:]}" if len(norm) > 4 else norm


def _current_postcodes(person_ids: list[int]) -> dict[int, str]:
    latest: dict[int, str] = {}
    rows = (
        PersonAddress.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "-applies_from", "-pk")
        .values_list("person_id", "postcode")
    )
    for person_id, postcode in rows:
        latest.setdefault(person_id, postcode_display(postcode) if postcode else "")
    return latest


# --- identity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentifierRow:
    label: str
    value: str


@dataclass(frozen=True)
class Identity:
    identifiers: list[IdentifierRow]
    other_names: list[str]  # aliases and earlier names
    address: PersonAddress | None  # the latest known address


def nhs_number_display(value: str) -> str:
    return f"{value[:3]} {value[3:6]} {value[6:]}" if len(value) == 10 else value


_SCHEME_ORDER = {scheme: i for i, scheme in enumerate(STRONG_IDENTIFIERS)}


def identity_for(*, scope: Scope, person: Person) -> Identity:
    """Identifiers, other names and current address; a partner sees only its own assertions."""
    own = Q() if scope.sees_all_agencies else Q(source__organisation_id=scope.organisation.pk)
    identifiers: dict[tuple[str, str], IdentifierRow] = {}
    rows = (
        PersonIdentifier.objects.filter(own, person=person)
        .select_related("organisation")
        .order_by("asserted_at", "pk")
    )
    for row in sorted(rows, key=lambda r: _SCHEME_ORDER.get(r.scheme, 99)):
        value = nhs_number_display(row.value) if row.scheme == "nhs_number" else row.value
        identifiers.setdefault((row.scheme, row.value), IdentifierRow(row.scheme_label, value))

    displayed = person.display_name.lower()
    other_names: list[str] = []
    for given, family in (
        PersonName.objects.filter(own, person=person)
        .order_by("-asserted_at", "-pk")
        .values_list("given", "family")
    ):
        full = " ".join(p for p in (given, family) if p)
        if full and full.lower() != displayed and full not in other_names:
            other_names.append(full)

    address = (
        PersonAddress.objects.filter(own, person=person).order_by("-applies_from", "-pk").first()
    )
    return Identity(list(identifiers.values()), other_names, address)


# --- household ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Residence:
    """Someone living at an address: since when, and which organisations said so."""

    person: Person
    since: datetime
    sources: list[str]


@dataclass(frozen=True)
class Household:
    address: PersonAddress | None
    since: datetime | None = None
    sources: list[str] = field(default_factory=list)
    members: list[Residence] = field(default_factory=list)


def _current_stay(addresses: list[PersonAddress]) -> tuple[datetime, list[str]] | None:
    """From a person's addresses (newest first): when they moved to the latest, who said so."""
    if not addresses:
        return None
    key = addresses[0].dwelling_key
    run = []
    for address in addresses:
        if address.dwelling_key != key:
            break
        run.append(address)
    sources: list[str] = []
    for address in reversed(run):
        if address.source is not None and address.source.organisation.name not in sources:
            sources.append(address.source.organisation.name)
    return run[-1].applies_from, sources


def _addresses_by_person(person_ids: Iterable[int]) -> dict[int, list[PersonAddress]]:
    grouped: dict[int, list[PersonAddress]] = defaultdict(list)
    for address in (
        PersonAddress.objects.filter(person_id__in=list(person_ids))
        .select_related("source__organisation")
        .defer("source__body", "source__details")
        .order_by("person_id", "-applies_from", "-pk")
    ):
        grouped[address.person_id].append(address)
    return grouped


def household_for(*, scope: Scope, person: Person) -> Household:
    """Who lives at the person's current address: everyone whose latest address is the same
    dwelling (same `dwelling_key`), among the people the scope may see. Four queries."""
    if not scope.sees_all_agencies:
        return Household(None)
    own = _addresses_by_person([person.pk]).get(person.pk, [])
    if not own:
        return Household(None)
    current = own[0]
    since, sources = _current_stay(own) or (None, [])
    if not current.dwelling_key:
        return Household(current, since, sources)
    candidates = (
        PersonAddress.objects.filter(dwelling_key=current.dwelling_key)
        .exclude(person_id=person.pk)
        .values("person_id")
    )
    people = {
        p.pk: p
        for p in persons_visible(scope).filter(pk__in=candidates).order_by("dob", "pk")[:200]
    }
    members = []
    for person_id, addresses in _addresses_by_person(people).items():
        if addresses[0].dwelling_key != current.dwelling_key:
            continue  # has moved on since
        stay = _current_stay(addresses)
        assert stay is not None
        members.append(Residence(people[person_id], stay[0], stay[1]))
    members.sort(key=lambda m: (m.person.dob is None, m.person.dob or date.min, m.person.pk))
    return Household(current, since, sources, members)


# --- relationships ------------------------------------------------------------------------


@dataclass(frozen=True)
class RelationshipRow:
    other: Person
    description: str  # "Mother's partner of Maya Brooks" / "Maya Brooks is their sibling"
    since: datetime
    sources: list[str]


def relationships_for(*, scope: Scope, person: Person) -> list[RelationshipRow]:
    """Relationships asserted in either direction, one row per (other person, kind, direction),
    with the earliest date and every organisation that said so. Two queries."""
    if not scope.sees_all_agencies:
        return []
    rows = list(
        Relationship.objects.filter(Q(person=person) | Q(other=person))
        .select_related("person", "other", "source__organisation")
        .defer("source__body", "source__details")
        .order_by("applies_from", "pk")
    )
    other_ids = {r.other_id if r.person_id == person.pk else r.person_id for r in rows}
    visible = set(persons_visible(scope).filter(pk__in=other_ids).values_list("pk", flat=True))
    grouped: dict[tuple[int, str, bool], tuple[Person, datetime, list[str]]] = {}
    for r in rows:
        outgoing = r.person_id == person.pk
        other = r.other if outgoing else r.person
        if other.pk not in visible or other.pk == person.pk:
            continue
        key = (other.pk, r.kind, outgoing)
        if key not in grouped:
            grouped[key] = (other, r.applies_from, [])
        sources = grouped[key][2]
        if r.source is not None and r.source.organisation.name not in sources:
            sources.append(r.source.organisation.name)
    result = []
    for (_, kind, outgoing), (other, since, sources) in grouped.items():
        label = RELATIONSHIPS.get(kind, kind)
        if outgoing:
            description = f"{person.display_name} is their {label.lower()}"
        else:
            description = f"{label} of {person.display_name}"
        result.append(RelationshipRow(other, description, since, sources))
    return result


# --- agencies involved --------------------------------------------------------------------


@dataclass(frozen=True)
class Involvement:
    organisation: Organisation
    events: int
    latest: datetime


def agencies_involved(*, scope: Scope, person: Person) -> list[Involvement]:
    """Organisations with current events about the person that the scope may read: how many,
    and the latest. Two queries."""
    rows = list(
        events_visible(scope, person)
        .values("version__organisation_id")
        .annotate(events=Count("pk"), latest=Max("occurred_at"))
        .order_by()
    )
    orgs = Organisation.objects.in_bulk([r["version__organisation_id"] for r in rows])
    involved = [
        Involvement(orgs[r["version__organisation_id"]], r["events"], r["latest"]) for r in rows
    ]
    involved.sort(key=lambda i: i.latest, reverse=True)
    return involved
