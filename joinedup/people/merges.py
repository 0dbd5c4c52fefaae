"""Reads that follow merges: which person rows make up a person, and who absorbed whom.

A merge moves nothing (ADR 0008). A survivor is read as itself plus every person merged into
it (transitively, while the merges are active); an absorbed person is read as its survivor.
Each function is one indexed query per level of merging, and merges are rare: usually one
query returning nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from joinedup.people.models import Person, PersonMerge


def merges_active() -> QuerySet[PersonMerge]:
    return PersonMerge.objects.filter(unmerge__isnull=True)


def person_ids_merged_into(person: Person | int) -> list[int]:
    """The person's own id first, then every person absorbed into it, however deep."""
    known = getattr(person, "_merged_ids", None)
    if known is not None:
        return list(known)
    root = person if isinstance(person, int) else person.pk
    ids = [root]
    frontier = [root]
    while frontier:
        frontier = [
            pk
            for pk in merges_active()
            .filter(survivor_id__in=frontier)
            .values_list("absorbed_id", flat=True)
            if pk not in ids
        ]
        ids.extend(frontier)
    return ids


def person_ids_merged_into_known(person: Person, ids: list[int]) -> None:
    """Tell later reads in this request what `person_ids_merged_into` would find: the access
    gate learns it in the query that loads the person, so the page's reads cost no query."""
    person._merged_ids = tuple(ids)  # type: ignore[attr-defined]


def survivors_of(person_ids: Iterable[int]) -> dict[int, int]:
    """Each id that has been absorbed, mapped to the person it is now read as (the end of the
    chain). Ids not absorbed are left out."""
    parent: dict[int, int] = {}
    frontier = set(person_ids)
    while frontier:
        rows = dict(
            merges_active()
            .filter(absorbed_id__any=frontier)
            .values_list("absorbed_id", "survivor_id")
        )
        parent.update(rows)
        frontier = {s for s in rows.values() if s not in parent}
    result = {}
    for pk in parent:
        end, seen = pk, set()
        while end in parent and end not in seen:
            seen.add(end)
            end = parent[end]
        result[pk] = end
    return result


# Ids per query in `merge_groups` (SQLite binds each; it takes at most 32,766 values).
CHUNK = 10_000


def merge_groups(person_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:  # noqa: C901  (a walk of the merge forest up and down, in one pass)
    """For each id that is part of an active merge (absorbed, or a survivor that absorbed
    someone), every id its survivor is read as: the survivor first, then everyone merged into
    it, however deep. Ids in no active merge are left out (each is read as itself).

    One query when none of the ids is in a merge (per 10,000 ids, each list bound as one array
    on PostgreSQL); when some are, one more per level of merging."""
    ids = sorted(set(person_ids))
    near: list[tuple[int, int]] = []
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        near += (
            merges_active()
            .filter(Q(absorbed_id__any=chunk) | Q(survivor_id__any=chunk))
            .values_list("absorbed_id", "survivor_id")
        )
    if not near:
        return {}
    asked = set(ids)
    absorbed = {a for a, _ in near if a in asked}
    read_as = survivors_of(absorbed) if absorbed else {}
    # The ends of the chains: an absorbed id's survivor, or an id asked that absorbed someone.
    tops = {read_as.get(pk, pk) for pk in absorbed} | {s for _, s in near if s in asked} - absorbed
    below: dict[int, list[int]] = {}
    seen = set(tops)
    for a, s in sorted(near):  # what the first query found below the ends asked about
        if s in tops and s in asked and a not in seen:
            seen.add(a)
            below.setdefault(s, []).append(a)
    frontier = {t for t in tops if t not in asked} | {a for t in tops for a in below.get(t, [])}
    while frontier:
        rows = list(
            merges_active()
            .filter(survivor_id__any=list(frontier))
            .order_by("absorbed_id")
            .values_list("absorbed_id", "survivor_id")
        )
        frontier = set()
        for a, s in rows:
            if a not in seen:
                seen.add(a)
                below.setdefault(s, []).append(a)
                frontier.add(a)
    groups: dict[int, tuple[int, ...]] = {}
    for top in tops:
        members, stack = [top], list(reversed(below.get(top, [])))
        while stack:
            pk = stack.pop()
            members.append(pk)
            stack.extend(reversed(below.get(pk, [])))
        if len(members) > 1:
            group = tuple(members)
            groups.update((pk, group) for pk in group)
    return {pk: groups[pk] for pk in ids if pk in groups}


class MergeGroups:
    """Who each of many ids is read as, for one evaluation: looked up as ids appear (in bulk)
    and remembered. When no merge is active at all, the whole evaluation costs one query
    (`merges_active().exists()`) and every id is read as itself."""

    def __init__(self, person_ids: Iterable[int] = ()) -> None:
        self.active = merges_active().exists()
        self._groups: dict[int, tuple[int, ...]] = {}
        self._asked: set[int] = set()
        self.learn(person_ids)

    def learn(self, person_ids: Iterable[int]) -> None:
        """Look up the ids not seen yet (one query for all of them, more only for merged ones)."""
        if not self.active:
            return
        new = set(person_ids) - self._asked
        if not new:
            return
        found = merge_groups(new)
        self._asked |= new
        for group in found.values():
            self._groups.update((pk, group) for pk in group)
            self._asked.update(group)

    def group(self, pk: int) -> tuple[int, ...]:
        """The ids `pk` is read as (its survivor first); `(pk,)` for a person in no merge.
        Only for ids already learnt."""
        return self._groups.get(pk, (pk,))

    def read_as(self, pk: int) -> int:
        """The survivor `pk` is read as (itself when not absorbed)."""
        return self.group(pk)[0]

    def members(self, person_ids: Iterable[int]) -> dict[int, int]:
        """Every id the given ids are read as, each mapped to its survivor."""
        return {member: self.read_as(pk) for pk in person_ids for member in self.group(pk)}

    @property
    def any(self) -> bool:
        """Whether any id learnt so far is in a merge."""
        return bool(self._groups)
