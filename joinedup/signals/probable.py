"""Signals on probable identities (ADR 0022): a danger is not hidden because a match is only
probable.

A subject the matcher could neither link nor call new waits in the review queue as a record of
its own (`people.IdentityReview`). While it waits, each review item touching the people an
evaluation looks at is tried as if confirmed: the rules are read over the two records as one
(`ProbableGroups`), and what they find that the records apart do not is raised now, marked
"identity not confirmed", routed to the front door (`routing.PROBABLE_ROUTES`), and the review
item made due the same working day. Deciding the item confirms the signals or withdraws them
(`settling`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from joinedup.people.merges import MergeGroups
from joinedup.people.models import IdentityReview
from joinedup.signals.facts import Finding
from joinedup.signals.raising import signals_raise
from joinedup.signals.rules import findings_for
from joinedup.signals.selectors import child_facts_load, children_linked_to


class ProbableGroups(MergeGroups):
    """Who each id is read as, were the review item's two records one person: the records
    merged with either, read as the held candidate's survivor; everyone else as `base` says."""

    def __init__(self, base: MergeGroups, candidate_id: int, person_id: int) -> None:
        self.base = base
        self.active = True
        base.learn([candidate_id, person_id])
        held, doubtful = base.group(candidate_id), base.group(person_id)
        self.joined = held + tuple(pk for pk in doubtful if pk not in held)
        self._joined_ids = frozenset(self.joined)

    def learn(self, person_ids: Iterable[int]) -> None:
        self.base.learn(person_ids)

    def group(self, pk: int) -> tuple[int, ...]:
        return self.joined if pk in self._joined_ids else self.base.group(pk)

    @property
    def any(self) -> bool:
        return True


def reviews_open_touching(person_ids: Iterable[int]) -> list[tuple[int, int, int]]:
    """(review id, candidate id, person id) of every undecided review item either of whose
    records is among `person_ids`."""
    ids = list(set(person_ids))
    if not ids:
        return []
    return list(
        IdentityReview.objects.filter(
            Q(person_id__any=ids) | Q(candidate_id__any=ids), decision__isnull=True
        )
        .order_by("pk")
        .values_list("pk", "candidate_id", "person_id")
    )


def signals_evaluate_probable(person_ids: Iterable[int], merged: MergeGroups) -> int:
    """Raise, marked "identity not confirmed", what the rules would find were each undecided
    review item touching these people (or records merged with them) confirmed. Returns the
    signals raised."""
    ids = set(person_ids)
    merged.learn(ids)
    raised = 0
    for review, candidate, person in reviews_open_touching(merged.members(ids)):
        probable = ProbableGroups(merged, candidate, person)
        if len(probable.joined) == len(merged.group(candidate)):
            continue  # already read as one person
        found = _found_only_together(probable, merged)
        if found:
            raised += signals_raise(found, probable, review=review)
    return raised


def _found_only_together(probable: ProbableGroups, merged: MergeGroups) -> dict[int, list[Finding]]:
    """What the rules find for the children of the two records (either record, or a child named
    with either) read as one, that they do not find reading the records apart."""
    children = {probable.joined[0]} | children_linked_to(probable.joined, merged=probable)
    together = child_facts_load(children, merged=probable)
    if not together:
        return {}
    # The same children read apart: the joined child is its two records again.
    apart_ids = {merged.read_as(m) for pk in together for m in probable.group(pk)}
    apart = child_facts_load(apart_ids, merged=merged)
    known: dict[int, list[Finding]] = defaultdict(list)
    for pk, cf in apart.items():
        known[probable.read_as(pk)] += findings_for(cf)
    out: dict[int, list[Finding]] = {}
    for pk, cf in together.items():
        new = [f for f in findings_for(cf) if not _covered(f, known[pk])]
        if new:
            out[pk] = new
    return out


def _covered(finding: Finding, known: list[Finding]) -> bool:
    """Whether the records apart find this pattern already (same key, or a key fact shared)."""
    events = {f.event_id for f in finding.key_facts}
    return any(
        k.rule == finding.rule
        and (k.pattern_key == finding.pattern_key or events & {f.event_id for f in k.key_facts})
        for k in known
    )
