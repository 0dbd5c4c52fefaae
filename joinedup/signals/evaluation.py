"""Evaluating the rules: after events or a merge commit, the catch-up, and the nightly sweep.

Evaluation reads a child's facts and asks every rule, at each moment the partnership's
knowledge changed (each `reported_at`), what was true then. The first moment a pattern is true
is its `raised_at`; a later finding of the same pattern (same key, or sharing the facts that
make it) only adds evidence (`raising`). So evaluating as events arrive, or once over a year of
history, raises the same signals with the same dates, and evaluating again raises nothing new.

Evaluation follows merges (ADR 0008): a survivor is evaluated over the facts of everyone merged
into it, and its signals are raised on it; a signal already held on a record merged into it is
the same signal (same rule and pattern, or sharing a key fact) and gains the evidence. A merge
is new knowledge: the survivor is evaluated again once it commits (`on_merge_recorded`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from joinedup.chronology.models import EventSubject, EventVersion
from joinedup.core.vocabulary import CHILD_ROLES
from joinedup.people.merges import MergeGroups
from joinedup.people.models import IdentityDecision, IdentityReview, PersonMerge, PersonUnmerge
from joinedup.signals.models import EvaluationMark, Signal
from joinedup.signals.notices import notices_sent_from_elsewhere
from joinedup.signals.probable import signals_evaluate_probable
from joinedup.signals.raising import signals_raise
from joinedup.signals.responses import signals_escalate
from joinedup.signals.rules import SCHEDULED_RULES, findings_for
from joinedup.signals.selectors import (
    ADULT_RISK_PREFIXES,
    ADULT_RISK_TYPES,
    child_facts_load,
    children_linked_to,
    is_child,
    versions_subjects,
)
from joinedup.signals.settling import signals_settle_reviews

SWEEP_BATCH = 1000  # children read and evaluated at a time by the sweep


def on_versions_recorded(version_ids: list[int]) -> None:
    """After-commit listener (chronology.hooks): evaluate the children these events touch."""
    signals_evaluate_versions(version_ids=version_ids)


def on_merge_recorded(survivor_id: int) -> None:
    """After-commit listener (people.hooks): a merge can join the dots, and an unmerge leave a
    record alone with a pattern the merged child's signal had covered, so evaluate again."""
    signals_evaluate_merged(survivor_ids=[survivor_id])


def on_review_decided(review_id: int) -> None:
    """After-commit listener (people.hooks), called after the merge's own listener on a link:
    the signals raised on the probable identity the review item asked about are confirmed
    (the merge's evaluation confirmed those it found again; `signals_settle_reviews` the rest)
    or withdrawn (kept apart)."""
    review = IdentityReview.objects.select_related("decision").get(pk=review_id)
    signals_settle_reviews(review_ids=[review_id])
    if review.decision.decision != IdentityDecision.Decision.LINK:
        # A pattern withdrawn here may rest on another review item of these people too (after
        # a link, the merge's evaluation has tried those already).
        people = [review.candidate_id, review.person_id]
        signals_evaluate_probable(people, MergeGroups(people))


def signals_evaluate_versions(*, version_ids: list[int]) -> int:
    """Evaluate the event rules for every child the versions touch, and what they would find
    were a probable identity of anyone the versions name confirmed (`probable`); tell an
    authority when another's organisation sends about a person it holds. Returns signals
    raised."""
    notices_sent_from_elsewhere(version_ids=version_ids)
    subjects = versions_subjects(version_ids)
    merged = MergeGroups()
    raised = _evaluate_subjects(subjects, merged)
    return raised + signals_evaluate_probable({row[0] for row in subjects}, merged)


def _evaluate_subjects(subjects: list[tuple], merged: MergeGroups) -> int:
    """The children among the subjects, and the children named with an adult whose risk the
    subjects record."""
    since: dict[int, datetime] = {}
    adults: dict[int, datetime] = {}
    for person_id, role, reported, typ, dob, as_child, occurred in subjects:
        # A school's event is news for any child it names, in any role: their school is known.
        named = role in CHILD_ROLES or typ.startswith("education.")
        if named and is_child(dob, as_child, occurred):
            since[person_id] = min(reported, since.get(person_id, reported))
        elif typ in ADULT_RISK_TYPES or typ.startswith(ADULT_RISK_PREFIXES):
            adults[person_id] = min(reported, adults.get(person_id, reported))
    if not since and not adults:
        return 0
    merged.learn([*since, *adults])
    if adults:  # an adult's risk event is news about the children named with them
        first = min(adults.values())
        for child_id in children_linked_to(adults, merged=merged):
            since[child_id] = min(first, since.get(child_id, first))
    if not since:
        return 0
    return signals_evaluate(since=since, merged=merged)


def signals_evaluate(
    *, since: Mapping[int, datetime | None], merged: MergeGroups | None = None
) -> int:
    """Evaluate the event rules for these children (each from its moment, None: all history).
    A child merged into another is evaluated as the survivor, over everyone merged into it."""
    if merged is None:
        merged = MergeGroups(since)
    else:
        merged.learn(since)
    read: dict[int, datetime | None] = {}
    for pk, moment in since.items():
        survivor = merged.read_as(pk)
        held = read.get(survivor, moment)
        read[survivor] = None if held is None or moment is None else min(held, moment)
    facts = child_facts_load(read, merged=merged)
    findings = {pk: findings_for(cf, since=read[pk]) for pk, cf in facts.items()}
    return signals_raise(findings, merged)


def signals_evaluate_merged(*, survivor_ids: list[int]) -> int:
    """Evaluate, over all their history, people who have just absorbed someone or been read
    apart again (an unmerge), and the children named with any of their records (an adult's
    merge can link a child to a risk)."""
    merged = MergeGroups(survivor_ids)
    survivors = {merged.read_as(pk) for pk in survivor_ids}
    since: dict[int, datetime | None] = dict.fromkeys(survivors)
    since.update(dict.fromkeys(children_linked_to(survivors, merged=merged)))
    raised = signals_evaluate(since=since, merged=merged)
    return raised + signals_evaluate_probable(survivors, merged)


# --- catching up what the after-commit hooks missed ----------------------------------------


def signals_catch_up(*, batch: int = 5000) -> int:
    """Evaluate the event rules for every version recorded, and every merge decided, since the
    last catch-up.

    The after-commit hooks normally do this as events arrive and merges are decided; the
    catch-up covers whatever they missed (a listener that failed, a process that stopped, the
    worker mode that has no listeners). Evaluation is idempotent, so versions and merges the
    hooks already evaluated cost time, never a second signal.
    """
    mark, _ = EvaluationMark.objects.get_or_create(pk=1, defaults={"version_id": 0})
    raised = _catch_up_versions(mark, batch)
    raised += _catch_up_merges(mark)
    raised += _catch_up_unmerges(mark)
    signals_settle_reviews()
    return raised


def _catch_up_versions(mark: EvaluationMark, batch: int) -> int:
    raised = 0
    while True:
        ids = list(
            EventVersion.objects.filter(pk__gt=mark.version_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return raised
        raised += signals_evaluate_versions(version_ids=ids)
        mark.version_id = ids[-1]
        mark.save(update_fields=["version_id"])


def _catch_up_merges(mark: EvaluationMark) -> int:
    merges = list(
        PersonMerge.objects.filter(pk__gt=mark.merge_id)
        .order_by("pk")
        .values_list("pk", "survivor_id", "unmerge")
    )
    if not merges:
        return 0
    raised = 0
    survivors = [survivor for _, survivor, undone in merges if undone is None]
    if survivors:
        raised = signals_evaluate_merged(survivor_ids=survivors)
    mark.merge_id = merges[-1][0]
    mark.save(update_fields=["merge_id"])
    return raised


def _catch_up_unmerges(mark: EvaluationMark) -> int:
    unmerges = list(
        PersonUnmerge.objects.filter(pk__gt=mark.unmerge_id)
        .order_by("pk")
        .values_list("pk", "merge__survivor_id", "merge__absorbed_id")
    )
    if not unmerges:
        return 0
    apart = [pk for _, survivor, absorbed in unmerges for pk in (survivor, absorbed)]
    raised = signals_evaluate_merged(survivor_ids=apart)
    mark.unmerge_id = unmerges[-1][0]
    mark.save(update_fields=["unmerge_id"])
    return raised


# --- the nightly sweep ---------------------------------------------------------------------


def signals_sweep(*, until: datetime, escalate: bool = True) -> dict[str, int]:
    """The scheduled job: rules that fire when something did not happen, up to `until`; then
    escalation of unanswered signals. Running it daily or once over history raises the same.
    Any events the after-commit hook did not evaluate are evaluated first."""
    caught_up = signals_catch_up()
    candidates = list(
        EventSubject.objects.filter(
            is_current=True,
            version__type="social_care.child_protection_plan_started",
            version__occurred_at__lte=until,
        )
        .values_list("person_id", flat=True)
        .distinct()
    )
    raised = 0
    merged = MergeGroups()
    done: set[int] = set()  # survivors evaluated (a survivor and a record merged into it)
    for i in range(0, len(candidates), SWEEP_BATCH):
        chunk = candidates[i : i + SWEEP_BATCH]
        merged.learn(chunk)
        survivors = [
            pk for pk in dict.fromkeys(merged.read_as(pk) for pk in chunk) if pk not in done
        ]
        done.update(survivors)
        raised += _sweep(survivors, until, merged)
    escalated = signals_escalate(now=until) if escalate else 0
    return {
        "children_on_plans": len(candidates),
        "raised_by_events": caught_up,
        "raised_by_schedule": raised,
        "escalated": escalated,
    }


def _sweep(survivors: list[int], until: datetime, merged: MergeGroups) -> int:
    """Raise what the scheduled rules find for these children up to `until`."""
    facts = child_facts_load(survivors, social_care_only=True, merged=merged)
    # A scheduled finding's evidence is fixed by its key (the plan, the last visit), so a key
    # already raised needs nothing more: skip it before any write is prepared. A key raised on
    # a record merged into the child counts as raised.
    held_on = merged.members(facts)
    raised_keys = {
        (held_on[person_id], rule, key)
        for person_id, rule, key in Signal.objects.filter(
            person_id__any=list(held_on), rule__in=[r.code for r in SCHEDULED_RULES]
        ).values_list("person_id", "rule", "pattern_key")
    }
    findings = {
        pk: [
            f
            for rule in SCHEDULED_RULES
            if rule.sweep
            for f in rule.sweep(cf, until, rule)
            if (pk, f.rule, f.pattern_key) not in raised_keys
        ]
        for pk, cf in facts.items()
    }
    return signals_raise(findings, merged, all_new=True)
