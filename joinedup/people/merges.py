"""Reads that follow merges: which person rows make up a person, and who absorbed whom.

A merge moves nothing (ADR 0008). A survivor is read as itself plus every person merged into
it (transitively, while the merges are active); an absorbed person is read as its survivor.
Each function is one indexed query per level of merging, and merges are rare: usually one
query returning nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

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


def survivor_of(person: Person) -> Person:
    survivor_id = survivors_of([person.pk]).get(person.pk)
    return person if survivor_id is None else Person.objects.get(pk=survivor_id)
