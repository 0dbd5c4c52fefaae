"""Reads about a person a user may see: identity, household, relationships, the review queue.

The per-person reads take a person that `person_for` has already released (and logged). Each
loads what it shows in a fixed, small number of queries, whatever the record's size. Partner
agencies (scope.is_partner) see what their own organisation said and nothing derived from other
agencies' assertions: household and relationships are empty for them, identifiers, other names
and address are their own organisation's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from joinedup.access.policy import (
    Scope,
    events_visible,
    identity_reviews_visible,
    persons_visible,
)
from joinedup.core.vocabulary import RELATIONSHIPS, STRONG_IDENTIFIERS
from joinedup.people.merges import (
    merges_active,
    person_ids_merged_into,
    survivors_of,
)
from joinedup.people.models import (
    IdentityDecision,
    IdentityReview,
    Person,
    PersonAddress,
    PersonAuthority,
    PersonIdentifier,
    PersonMerge,
    PersonName,
    Relationship,
)

# --- identity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentifierRow:
    scheme: str
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
    own &= Q(person_id__in=person_ids_merged_into(person))  # and anyone merged into them
    identifiers: dict[tuple[str, str], IdentifierRow] = {}
    rows = (
        PersonIdentifier.objects.filter(own)
        .select_related("organisation")
        .order_by("asserted_at", "pk")
    )
    for row in sorted(rows, key=lambda r: _SCHEME_ORDER.get(r.scheme, 99)):
        value = nhs_number_display(row.value) if row.scheme == "nhs_number" else row.value
        identifiers.setdefault(
            (row.scheme, row.value), IdentifierRow(row.scheme, row.scheme_label, value)
        )

    displayed = person.display_name.lower()
    other_names: list[str] = []
    for given, family, _ in (
        PersonName.objects.filter(own)
        .values_list("given", "family")
        .annotate(last=Max("asserted_at"))
        .order_by("-last")
    ):
        full = " ".join(p for p in (given, family) if p)
        if full and full.lower() != displayed and full not in other_names:
            other_names.append(full)

    address = PersonAddress.objects.filter(own).order_by("-applies_from").first()
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


_EPOCH = datetime(1, 1, 1, tzinfo=UTC)


def household_for(*, scope: Scope, person: Person) -> Household:
    """Who lives at the person's current address: everyone whose latest address is the same
    dwelling (same `dwelling_key`), among the people the scope may see; since when (the first
    assertion of that address after their last one elsewhere), and who said so: the
    organisation that first said it and the one that said it most recently.

    Two queries, each row's facts found by index-ordered subqueries that read one row: a child
    with thousands of events (each repeating the address) costs what one with a handful does.
    """
    if not scope.sees_all_agencies:
        return Household(None)
    # Newest first by (person, applies_from), the index's order: LIMIT 1 reads one row.
    ids = person_ids_merged_into(person)
    current = PersonAddress.objects.filter(person_id__in=ids).order_by("-applies_from").first()
    if current is None:
        return Household(None)
    key = current.dwelling_key
    if not key:
        return Household(current, current.applies_from, [])

    at_key = PersonAddress.objects.filter(dwelling_key=key)
    addresses = PersonAddress.objects.filter(person=OuterRef("pk")).order_by("-applies_from")
    moved_in = at_key.filter(
        person=OuterRef("pk"),
        applies_from__gt=Coalesce(OuterRef("left_elsewhere"), Value(_EPOCH)),
    ).order_by("applies_from")
    residents = list(
        persons_visible(scope)
        # The person is among them: their latest address is at the key. (No OR here: it would
        # cost PostgreSQL its index and a scan of everyone in the authority.)
        .filter(pk__in=at_key.values("person_id"))
        .annotate(
            latest_key=Subquery(addresses.values("dwelling_key")[:1]),
            latest_source=Subquery(addresses.values("source__organisation__name")[:1]),
            left_elsewhere=Subquery(addresses.exclude(dwelling_key=key).values("applies_from")[:1]),
        )
        .filter(latest_key=key)
        .annotate(
            since=Subquery(moved_in.values("applies_from")[:1]),
            since_source=Subquery(moved_in.values("source__organisation__name")[:1]),
        )
        .order_by("dob", "pk")[:200]
    )

    def stay(p: Any) -> tuple[datetime, list[str]]:
        said = [n for n in dict.fromkeys((p.since_source, p.latest_source)) if n]
        return p.since, said

    members = [Residence(p, *stay(p)) for p in residents if p.pk != person.pk]
    own = next((p for p in residents if p.pk == person.pk), None)
    since, sources = stay(own) if own is not None else (current.applies_from, [])
    return Household(current, since, sources, members)


# --- relationships ------------------------------------------------------------------------


@dataclass(frozen=True)
class RelationshipRow:
    other: Person
    description: str  # "Mother's partner of Maya Brooks" / "Maya Brooks is their sibling"
    since: datetime
    sources: list[str]


def relationships_for(*, scope: Scope, person: Person) -> list[RelationshipRow]:
    """Relationships asserted in either direction, one row per (other person, kind, direction):
    since the first assertion, and who said so (the organisation that first said it and the one
    that said it most recently). Three queries, aggregated in the database however often each
    relationship was repeated."""
    if not scope.sees_all_agencies:
        return []
    ids = person_ids_merged_into(person)  # the person and anyone merged into them
    if len(ids) == 1:
        either = Relationship.objects.filter(Q(person=person) | Q(other=person))
    else:
        either = Relationship.objects.filter(Q(person_id__in=ids) | Q(other_id__in=ids))
    groups = list(
        either.values_list("person_id", "other_id", "kind")
        .annotate(first=Min("applies_from"), last=Max("applies_from"))
        .order_by("first")
    )
    other_ids = {other if who in ids else who for who, other, *_ in groups}
    read_as = survivors_of(other_ids)  # a relative merged into another is read as the survivor
    others_by_id = (
        persons_visible(scope).exclude(pk=person.pk).in_bulk(set(read_as.values()) | other_ids)
    )
    others = {pk: others_by_id.get(read_as.get(pk, pk)) for pk in other_ids}
    said: dict[tuple[int, int, str, datetime], str] = {}
    moments = {g[3] for g in groups} | {g[4] for g in groups}
    for who, other_id, kind, at, organisation in either.filter(
        applies_from__in=moments, source__isnull=False
    ).values_list("person_id", "other_id", "kind", "applies_from", "source__organisation__name"):
        said.setdefault((who, other_id, kind, at), organisation)
    result = []
    for who, other_id, kind, first, last in groups:
        outgoing = who in ids
        other = others.get(other_id if outgoing else who)
        if other is None:
            continue  # out of the scope's sight
        label = RELATIONSHIPS.get(kind, kind)
        if outgoing:
            description = f"{person.display_name} is their {label.lower()}"
        else:
            description = f"{label} of {person.display_name}"
        sources = [
            n
            for n in dict.fromkeys(
                (said.get((who, other_id, kind, first)), said.get((who, other_id, kind, last)))
            )
            if n
        ]
        result.append(RelationshipRow(other, description, first, sources))
    return result


# --- identity review and merges -----------------------------------------------------------


def identity_reviews_open(*, scope: Scope) -> QuerySet[IdentityReview]:
    """Review items not yet decided, with both people (one query a page): those a danger waits
    on first, soonest due (`due`), then the rest oldest first."""
    return (
        identity_reviews_visible(scope)
        .filter(decision__isnull=True)
        .annotate(due=Min("dues__due_at"))
        .select_related("candidate", "person", "source__organisation")
        .order_by(F("due").asc(nulls_last=True), "created_at", "pk")
    )


@dataclass(frozen=True)
class ComparedPerson:
    person: Person
    identity: Identity
    events: int
    agencies: list[str]  # organisations that sent events about them, by name


@dataclass(frozen=True)
class Comparison:
    review: IdentityReview
    decision: IdentityDecision | None
    candidate: ComparedPerson
    person: ComparedPerson


def _compared(scope: Scope, person: Person) -> ComparedPerson:
    rows = (
        events_visible(scope, person)
        .values_list("version__organisation__name")
        .annotate(n=Count("pk"))
        .order_by("version__organisation__name")
    )
    counts = list(rows)
    return ComparedPerson(
        person,
        identity_for(scope=scope, person=person),
        sum(n for _, n in counts),
        [name for name, _ in counts],
    )


def identity_comparison(*, scope: Scope, review: IdentityReview) -> Comparison:
    """The two records side by side, as the scope may see them, and the decision if made."""
    decision = IdentityDecision.objects.filter(review=review).first()
    return Comparison(
        review,
        decision,
        _compared(scope, review.candidate),
        _compared(scope, review.person),
    )


def authorities_seeing(*, person: Person) -> list[PersonAuthority]:
    """The local authorities whose staff see the person (ADR 0019): the one that recorded them
    first, then those it shared them with, each with who decided and why."""
    return list(
        PersonAuthority.objects.filter(person_id__in=person_ids_merged_into(person))
        .select_related("authority")
        .order_by("since", "pk")
    )


def merges_into(*, person: Person) -> list[PersonMerge]:
    """Active merges whose survivor is the person, newest first, with who was absorbed."""
    return list(
        merges_active()
        .filter(survivor=person)
        .select_related("absorbed")
        .order_by("-decided_at", "-pk")
    )
