"""Writes about identity: deciding a review item, merging and unmerging people (ADR 0008),
and sharing a person's record with another authority (ADR 0019).

Each service checks, writes its fact and the access-log entry in one transaction. Nothing is
moved or deleted: a merge is a `PersonMerge` fact that reads follow (`people.merges`), an
unmerge a `PersonUnmerge` that ends it. The caller has checked that the actor may decide
(`access.policy.identity_review_for` / `person_for`).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write
from joinedup.core.errors import ApplicationError, FieldError
from joinedup.core.models import LocalAuthority
from joinedup.people.hooks import (
    person_shared,
    persons_merged,
    persons_unmerged,
    review_decided,
)
from joinedup.people.matching.blocking import blocking_keys
from joinedup.people.matching.store import people_records
from joinedup.people.merges import merges_active, survivors_of
from joinedup.people.models import (
    IdentityDecision,
    IdentityReview,
    IdentityReviewDue,
    MatchKey,
    Person,
    PersonAuthority,
    PersonMerge,
    PersonUnmerge,
)

DECIDE_PURPOSE = "Deciding whether two records are the same person"


def _reason_required(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            "Give a reason for the decision.",
            errors=[FieldError("reason", "Enter why you made this decision")],
        )
    return reason


def person_merge(
    *,
    actor: Actor,
    absorbed: Person,
    survivor: Person,
    reason: str,
    review: IdentityReview | None = None,
) -> PersonMerge:
    """From now, `absorbed` is read as part of `survivor` (each as currently read)."""
    reason = _reason_required(reason)
    with transaction.atomic():
        # Lock both people so two decisions about them are made one after the other.
        list(Person.objects.select_for_update().filter(pk__in=[absorbed.pk, survivor.pk]))
        read_as = survivors_of([absorbed.pk, survivor.pk])
        absorbed_id = read_as.get(absorbed.pk, absorbed.pk)
        survivor_id = read_as.get(survivor.pk, survivor.pk)
        if absorbed_id == survivor_id:
            raise ApplicationError("These records are already one person.", status=409)
        merge = PersonMerge.objects.create(
            absorbed_id=absorbed_id,
            survivor_id=survivor_id,
            review=review,
            reason=reason,
            decided_by=actor.label,
            decided_by_user_id=actor.user_id,
            decided_at=timezone.now(),
        )
        access_log_write(
            actor=actor,
            action=Action.PERSON_MERGED,
            purpose=DECIDE_PURPOSE,
            person_id=survivor_id,
            detail={"merge_id": merge.pk, "absorbed_id": absorbed_id, "reason": reason},
        )
        persons_merged(survivor_id)  # after commit: evaluate the survivor's signals again
    return merge


def person_unmerge(*, actor: Actor, merge: PersonMerge, reason: str) -> PersonUnmerge:
    """End a merge: both people are read apart again, each with everything recorded for it."""
    reason = _reason_required(reason)
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        if not merges_active().filter(pk=merge.pk).exists():
            raise ApplicationError("This merge has already been undone.", status=409)
        unmerge = PersonUnmerge.objects.create(
            merge=merge,
            reason=reason,
            undone_by=actor.label,
            undone_by_user_id=actor.user_id,
            undone_at=timezone.now(),
        )
        access_log_write(
            actor=actor,
            action=Action.PERSON_UNMERGED,
            purpose=DECIDE_PURPOSE,
            person_id=merge.survivor_id,
            detail={"merge_id": merge.pk, "absorbed_id": merge.absorbed_id, "reason": reason},
        )
        # after commit: each is evaluated alone again
        persons_unmerged(merge.survivor_id, merge.absorbed_id)
    return unmerge


def identity_review_decide(
    *, actor: Actor, review: IdentityReview, decision: str, reason: str
) -> IdentityDecision:
    """Link (merge the new person into the candidate) or keep apart, with a reason; once."""
    reason = _reason_required(reason)
    if decision not in IdentityDecision.Decision.values:
        raise ApplicationError(
            "Choose whether to link the records or keep them apart.",
            errors=[FieldError("decision", "Select link or keep apart")],
        )
    with transaction.atomic():
        review = IdentityReview.objects.select_for_update().get(pk=review.pk)
        if IdentityDecision.objects.filter(review=review).exists():
            raise ApplicationError("Someone has already decided this.", status=409)
        made = IdentityDecision.objects.create(
            review=review,
            decision=decision,
            reason=reason,
            decided_by=actor.label,
            decided_by_user_id=actor.user_id,
            decided_at=timezone.now(),
        )
        access_log_write(
            actor=actor,
            action=Action.IDENTITY_REVIEW_DECIDED,
            purpose=DECIDE_PURPOSE,
            person_id=review.candidate_id,
            detail={
                "review_id": review.pk,
                "decision": decision,
                "person_id": review.person_id,
                "reason": reason,
            },
        )
        if decision == IdentityDecision.Decision.LINK:
            person_merge(
                actor=actor,
                absorbed=review.person,
                survivor=review.candidate,
                reason=reason,
                review=review,
            )
        # After commit, and after the merge's listeners: a signal waiting on it is confirmed
        # (the merge's evaluation does that first) or withdrawn.
        review_decided(review.pk)
    return made


def identity_reviews_hasten(*, dues: list[tuple[int, datetime]], reason: str) -> int:
    """Each review item (id) is due by the time given, for the reason given (a danger waits on
    it), unless it is decided or already due as soon. In the caller's transaction. Returns the
    items hastened."""
    wanted: dict[int, datetime] = {}
    for pk, due in dues:
        wanted[pk] = min(due, wanted.get(pk, due))
    ids = list(wanted)
    decided = set(
        IdentityDecision.objects.filter(review_id__in=ids).values_list("review_id", flat=True)
    )
    soonest: dict[int, datetime] = {}
    for pk, due in IdentityReviewDue.objects.filter(review_id__in=ids).values_list(
        "review_id", "due_at"
    ):
        soonest[pk] = min(due, soonest.get(pk, due))
    now = timezone.now()
    rows = [
        IdentityReviewDue(review_id=pk, due_at=due, reason=reason, created_at=now)
        for pk, due in wanted.items()
        if pk not in decided and (pk not in soonest or due < soonest[pk])
    ]
    IdentityReviewDue.objects.bulk_create(rows)
    return len(rows)


def match_keys_backfill(*, batch: int = 2000) -> int:
    """Give every stored person the blocking keys the real-time scorer looks candidates up by
    (`matching.blocking_keys`), for people recorded before the scorer went live. Idempotent:
    only missing keys are written; one transaction per batch of people. Returns keys added."""
    added = 0
    last = 0
    while True:
        with transaction.atomic():
            people = list(Person.objects.filter(pk__gt=last).order_by("pk")[:batch])
            if not people:
                return added
            last = people[-1].pk
            have = set(
                MatchKey.objects.filter(person_id__in=[p.pk for p in people]).values_list(
                    "person_id", "key"
                )
            )
            rows = [
                MatchKey(person_id=int(record.ref), key=key)
                for record in people_records(Person.objects.filter(pk__in=[p.pk for p in people]))
                for key in blocking_keys(record)
                if (int(record.ref), key) not in have
            ]
            MatchKey.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
            added += len(rows)


def person_share(
    *, actor: Actor, person: Person, authority: LocalAuthority, reason: str
) -> PersonAuthority:
    """From now, `authority`'s staff see the person's record (ADR 0019), for the reason given;
    that authority's front door is told once it commits. The caller's authority sees the
    person (`access.policy.person_for`) and may share (`access.policy.can_share_person`)."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            "Give a reason for sharing.",
            errors=[FieldError("reason", "Enter why the other authority should see this record")],
        )
    with transaction.atomic():
        if PersonAuthority.objects.filter(person=person, authority=authority).exists():
            raise ApplicationError(f"{authority.name} can see this record already.", status=409)
        share = PersonAuthority.objects.create(
            person=person,
            authority=authority,
            via=PersonAuthority.Via.SHARE,
            since=timezone.now(),
            reason=reason,
            decided_by=actor.label,
            decided_by_user_id=actor.user_id,
        )
        access_log_write(
            actor=actor,
            action=Action.PERSON_SHARED,
            purpose="Sharing a record with another local authority",
            person_id=person.pk,
            detail={"authority": authority.code, "reason": reason},
        )
        person_shared(share.pk)
    return share
