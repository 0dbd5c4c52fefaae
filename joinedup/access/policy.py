"""Who sees what: the only authorisation code in JoinedUp.

Every path from an id to a person goes through `person_for`, every list of people through
`persons_visible`, every list of events through `events_visible`. Risk signals and
notifications are filtered by `signals_open_to`, `signals_routed` and `notifications_to`, which
take the signals app's querysets: access sits below signals and names none of its models.
Out of scope is indistinguishable from absent: the same `Http404` for a person who does not
exist and for one the user may not see. Every view of a person is written to the access log in
the same transaction as the read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from joinedup.access.models import EventGrant, Profile
from joinedup.access.roles import ROLES, Role
from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write
from joinedup.chronology.models import EventSubject
from joinedup.core.models import Organisation
from joinedup.people.merges import (
    merge_groups,
    merges_active,
    person_ids_merged_into,
    person_ids_merged_into_known,
    survivors_of,
)
from joinedup.people.models import IdentityReview, Person, PersonAuthority, PersonOrganisation

User = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)  # a table of another app that access filters (signals, notifications)


@dataclass(frozen=True)
class Scope:
    """What a user may see, worked out once per request from their profile; or, with no
    user, what a partner system's token may read (`scope_for_system`)."""

    user_id: int | None
    label: str
    role: Role
    organisation: Organisation
    authority_id: int | None

    @property
    def actor(self) -> Actor:
        return Actor(label=self.label, user_id=self.user_id)

    @property
    def sees_all_agencies(self) -> bool:
        return self.role.scope == "authority"

    @property
    def is_partner(self) -> bool:
        return self.role.scope == "organisation"


def scope_for(user: User) -> Scope | None:
    """The user's scope, or None for anyone who may see no person (signed out, no profile)."""
    if not user.is_authenticated:
        return None
    try:
        profile = Profile.objects.select_related("organisation").get(user_id=user.pk)
    except Profile.DoesNotExist:
        return None
    role = ROLES.get(profile.role)
    if role is None:
        return None
    name = getattr(user, "get_full_name", lambda: "")() or user.get_username()
    return Scope(
        user_id=user.pk,
        label=f"{name} ({role.label}, {profile.organisation.name})",
        role=role,
        organisation=profile.organisation,
        authority_id=profile.organisation.authority_id,
    )


def scope_for_system(organisation: Organisation, label: str) -> Scope | None:
    """Whom a system's API token may read a child's case of: a children's social care
    system, the children its authority sees, as that authority's social workers do (ADR
    0019); any other organisation's, no one, so every child is absent to it. A system is no
    user: nothing is routed to it (`signals_routed_to`, `notifications_to` find nothing)."""
    if organisation.agency != "social_care" or organisation.authority_id is None:
        return None
    return Scope(
        user_id=None,
        label=label,
        role=ROLES["social_worker"],
        organisation=organisation,
        authority_id=organisation.authority_id,
    )


def person_visible(scope: Scope | None, ref: str = "pk") -> Q:
    """Whether the person whose id is in column `ref` of the rows being filtered is one the
    scope may see: a condition to filter any table by ("pk" for persons, "person_id" for
    signals, "candidate_id" for review items).

    Written as a correlated EXISTS on the row's own person id, never as `IN (every person the
    scope may see)`: each row costs one probe of an (authority, person) or (organisation,
    person) index, however many people the authority holds, and both SQLite and PostgreSQL
    plan it so with or without fresh statistics (ADR 0016).
    """
    return _visible(scope, ref, merged=merges_active().exists())


def _visible(scope: Scope | None, ref: str, *, merged: bool) -> Q:
    """`person_visible`, told whether any merge is active (when none is, the usual case, the
    condition is one EXISTS)."""
    if scope is None or scope.role.scope == "none":
        return Q(pk__in=[])
    if scope.sees_all_agencies:
        # Children's social care sees the people its authority recorded first or was shared
        # (ADR 0019), never those another authority holds and one of its schools sent about.
        if scope.authority_id is None:
            return Q(pk__in=[])
        links: QuerySet[Any] = PersonAuthority.objects.filter(
            person_id=OuterRef(ref), authority_id=scope.authority_id
        )
        via = {"absorbed__authorities__authority_id": scope.authority_id}
    else:  # a partner agency: the people its own organisation sent about
        links = PersonOrganisation.objects.filter(
            person_id=OuterRef(ref), organisation_id=scope.organisation.pk
        )
        via = {"absorbed__organisations__organisation_id": scope.organisation.pk}
        if scope.user_id is not None and _has_grants(scope.user_id):
            # ...and those with an event the user was let read (a strategy discussion)
            granted = EventGrant.objects.filter(person_id=OuterRef(ref), user_id=scope.user_id)
            return _merged(Q(Exists(links)) | Q(Exists(granted)), ref, via, merged=merged)
    return _merged(Q(Exists(links)), ref, via, merged=merged)


def _has_grants(user_id: int) -> bool:
    """Whether any event was granted to the user: most partners have none, and then their
    scope condition stays one EXISTS."""
    return EventGrant.objects.filter(user_id=user_id).exists()


def _merged(seen: Q, ref: str, via: dict[str, Any], *, merged: bool) -> Q:
    if not merged:
        return seen
    # A merge (ADR 0008) moves nothing: the survivor is seen by whoever saw a person merged
    # into it, and a person merged into another is not listed at all (its key leads, through
    # `person_for`, to the survivor).
    via_merge = merges_active().filter(survivor_id=OuterRef(ref), **via)
    absorbed = merges_active().filter(absorbed_id=OuterRef(ref))
    return (seen | Q(Exists(via_merge))) & ~Q(Exists(absorbed))


def persons_visible(scope: Scope | None) -> QuerySet[Person]:
    """Every person the scope may see, as a queryset to narrow further."""
    if scope is None or scope.role.scope == "none":
        return Person.objects.none()
    return Person.objects.filter(person_visible(scope))


def events_visible(scope: Scope, person: Person) -> QuerySet[EventSubject]:
    """The current event entries about a person (and anyone merged into them) that the scope
    may read."""
    ids = person_ids_merged_into(person)
    if len(ids) == 1:
        entries = EventSubject.objects.filter(person=person, is_current=True)
    else:
        entries = EventSubject.objects.filter(person_id__in=ids, is_current=True)
    if not scope.sees_all_agencies:
        own = Q(version__organisation_id=scope.organisation.pk)
        if scope.user_id is not None and _has_grants(scope.user_id):
            granted = EventGrant.objects.filter(user_id=scope.user_id, person_id__in=ids)
            own |= Q(version_id__in=granted.values("version_id"))
        entries = entries.filter(own)
    return entries


def person_for(scope: Scope | None, person_key: str, *, purpose: str) -> Person:
    """The one way from an id to a person. Logs the view in the caller's transaction."""
    try:
        key = uuid.UUID(str(person_key))
    except ValueError:
        raise Http404("No such person") from None
    visible = persons_visible(scope).annotate(
        has_absorbed=Exists(merges_active().filter(survivor_id=OuterRef("pk")))
    )
    person = visible.filter(key=key).first()
    if person is None:
        # The key of a person merged into another reads as the survivor (ADR 0008).
        absorbed = Person.objects.filter(key=key).values_list("pk", flat=True).first()
        survivor_id = survivors_of([absorbed]).get(absorbed) if absorbed else None
        person = visible.filter(pk=survivor_id).first() if survivor_id else None
    if person is None:
        raise Http404("No such person")
    if not person.has_absorbed:  # type: ignore[attr-defined]
        person_ids_merged_into_known(person, [person.pk])  # the reads below need no query
    assert scope is not None
    with transaction.atomic():
        access_log_write(
            actor=scope.actor,
            action=Action.VIEW_PERSON,
            purpose=purpose,
            person_id=person.pk,
        )
    return person


def social_care_involvement(scope: Scope, person: Person) -> list[Organisation]:
    """Children's social care organisations that hold records about a person the scope sees.

    The one deliberate read across organisations for partner agencies (the NHS CP-IS model):
    they learn *that* children's social care is involved and whom to call, never what it
    recorded. The caller has the person from `person_for`, so the person is in scope.
    """
    org_ids = (
        EventSubject.objects.filter(
            person_id__in=person_ids_merged_into(person),
            is_current=True,
            version__organisation__agency="social_care",
        )
        .values("version__organisation_id")
        .distinct()
    )
    return list(Organisation.objects.filter(pk__in=org_ids).order_by("name"))


def can_read_access_log(scope: Scope | None) -> bool:
    return scope is not None and scope.role.can_read_access_log


def sender_sees_matches(organisation: Organisation) -> bool:
    """Whether a partner system's reply may say how its subjects were matched. The outcome and
    its reasons ("linked, NHS number exact") tell what other agencies hold: children's social
    care's systems only."""
    return organisation.agency == "social_care"


# --- the child protection check (CP-IS model): for clinicians only ---------------------------


def can_check_flags(scope: Scope | None) -> bool:
    """The check answers with a child's name, plan and whom to call for any NHS number: health
    practitioners only (an API token of a health organisation, in api.views)."""
    return scope is not None and scope.role.can_check_flags


# --- identity review: only children's social care of the authority decides ---------------


def can_share_person(scope: Scope | None) -> bool:
    """Who may share a person's record with another authority (ADR 0019): the practitioners of
    children's social care of an authority that sees them (`person_for` checks the seeing)."""
    return can_decide_identity(scope)


def can_decide_identity(scope: Scope | None) -> bool:
    return scope is not None and scope.role.can_decide_identity and scope.authority_id is not None


def identity_reviews_visible(scope: Scope | None) -> QuerySet[IdentityReview]:
    """Review items about people of the scope's authority, for those who may decide them."""
    if not can_decide_identity(scope):
        return IdentityReview.objects.none()
    return IdentityReview.objects.filter(
        person_visible(scope, "candidate_id"), person_visible(scope, "person_id")
    )


def identity_review_for(
    scope: Scope | None, review_id: int | str, *, purpose: str
) -> IdentityReview:
    """The one way from an id to a review item; partners and outsiders get 404. Logged."""
    try:
        review = (
            identity_reviews_visible(scope)
            .select_related("candidate", "person")
            .get(pk=int(review_id))
        )
    except (ValueError, IdentityReview.DoesNotExist):
        raise Http404("No such review") from None
    assert scope is not None
    with transaction.atomic():
        access_log_write(
            actor=scope.actor,
            action=Action.VIEW_IDENTITY_REVIEW,
            purpose=purpose,
            person_id=review.candidate_id,
            detail={"review_id": review.pk, "person_id": review.person_id},
        )
    return review


# --- risk signals: routed to a person or their team, about people they may see --------------


def signals_routed_to(scope: Scope) -> Q:
    """Signals sent to the user, to their role at their organisation or authority, or, for a
    team manager, about the children their team holds. A system's scope: none."""
    if scope.user_id is None:
        return Q(pk__in=[])
    mine = Q(recipients__user_id=scope.user_id) | Q(
        recipients__user__isnull=True,
        recipients__role=scope.role.code,
        recipients__organisation=scope.organisation,
    )
    if scope.authority_id is not None:
        mine |= Q(
            recipients__user__isnull=True,
            recipients__role=scope.role.code,
            recipients__authority_id=scope.authority_id,
        )
    if scope.role.code == "team_manager":
        mine |= Q(person__allocations__manager_id=scope.user_id, person__allocations__ended_at=None)
        if merges_active().exists():  # the allocation may be held on a record merged with it
            held = Person.objects.filter(
                allocations__manager_id=scope.user_id, allocations__ended_at=None
            ).values_list("pk", flat=True)
            merged = {pk for group in merge_groups(held).values() for pk in group}
            if merged:
                mine |= Q(person_id__in=merged)
    return mine


# How deep a chain of merges (a record merged into one that was later merged itself) the
# signal and notification lists follow; reads of one person follow chains to the end.
MERGE_LEVELS = 3


def about_visible(scope: Scope) -> Q:
    """Rows about a person the scope may see, or about a record merged into one (ADR 0008: a
    signal raised on a record before it was merged belongs to the survivor's picture), each
    row checked on its own person id (`person_visible`)."""
    if not merges_active().exists():
        return _visible(scope, "person_id", merged=False)
    return _about(scope, "person_id", MERGE_LEVELS)


def _about(scope: Scope, ref: str, levels: int) -> Q:
    """The person in `ref` is visible, or is merged into one who is, up to `levels` deep."""
    about = _visible(scope, ref, merged=True)
    if not levels:
        return about
    into = merges_active().filter(
        _about(scope, "survivor_id", levels - 1), absorbed_id=OuterRef(ref)
    )
    return about | Q(Exists(into))


def signals_open_to(scope: Scope | None, signals: QuerySet[M]) -> QuerySet[M]:
    """Of `signals`, those the user may open: for children's social care, every signal of a
    child they may see (or of a record merged into one); for a partner agency, only those
    routed to them or their team (`signals_routed`)."""
    if scope is None or not scope.sees_all_agencies:
        return signals_routed(scope, signals)
    return signals.filter(about_visible(scope))


def signals_routed(scope: Scope | None, signals: QuerySet[M]) -> QuerySet[M]:
    """Of `signals`, those routed to the user or their team, about people they may see (an
    inbox), and about records merged into them."""
    if scope is None:
        return signals.none()
    return signals.filter(signals_routed_to(scope), about_visible(scope)).distinct()


def can_respond(scope: Scope, signal: QuerySet[Any]) -> bool:
    """Children's social care practitioners of the child's authority (`signal`, a queryset of
    the one signal, is one they can open), or the signal's recipients (a school's safeguarding
    lead answers its notice)."""
    return scope.role.can_respond_to_signals or signal.filter(signals_routed_to(scope)).exists()


def notifications_to(scope: Scope | None, notifications: QuerySet[M]) -> QuerySet[M]:
    """Of `notifications`, those to the user, or to their role in their authority, about people
    they may see (or records merged into them)."""
    if scope is None or scope.user_id is None:
        return notifications.none()
    mine = Q(user_id=scope.user_id)
    if scope.authority_id is not None:
        mine |= Q(user__isnull=True, role=scope.role.code, authority_id=scope.authority_id)
    return notifications.filter(mine, about_visible(scope))
