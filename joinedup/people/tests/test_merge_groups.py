"""`merge_groups` and `MergeGroups`: who many ids are read as, cheaply when nobody is merged."""

from __future__ import annotations

import pytest

from joinedup.audit.services import Actor
from joinedup.people.merges import MergeGroups, merge_groups
from joinedup.people.models import Person
from joinedup.people.services import person_merge, person_unmerge

pytestmark = pytest.mark.django_db

ACTOR = Actor(label="test operator")


def _people(*names: str) -> list[Person]:
    return [Person.objects.create(given_name=name, family_name="Quill") for name in names]


def _merge(absorbed: Person, survivor: Person):
    return person_merge(actor=ACTOR, absorbed=absorbed, survivor=survivor, reason="Same child")


def test_it_answers_nothing_in_one_query_when_no_id_is_merged(django_assert_num_queries):
    ana, ben, cal = _people("Ana", "Ben", "Cal")
    _merge(ben, cal)  # a merge elsewhere
    with django_assert_num_queries(1):
        assert merge_groups([ana.pk, *range(10**6, 10**6 + 3000)]) == {}


def test_it_reads_a_survivor_its_absorbed_records_and_a_chain_as_one_group():
    ana, ben, cal, dee = _people("Ana", "Ben", "Cal", "Dee")
    _merge(ben, ana)  # Ben is Ana
    _merge(ana, cal)  # and Ana (with Ben) is Cal
    group = (cal.pk, ana.pk, ben.pk)
    assert merge_groups([ben.pk]) == {ben.pk: group}
    assert merge_groups([cal.pk, dee.pk]) == {cal.pk: group}
    assert merge_groups([ana.pk, ben.pk, cal.pk]) == dict.fromkeys((ana.pk, ben.pk, cal.pk), group)


def test_it_reads_each_apart_after_an_unmerge():
    ana, ben = _people("Ana", "Ben")
    merge = _merge(ben, ana)
    assert merge_groups([ana.pk]) == {ana.pk: (ana.pk, ben.pk)}
    person_unmerge(actor=ACTOR, merge=merge, reason="Two children")
    assert merge_groups([ana.pk, ben.pk]) == {}


def test_it_costs_one_exists_for_a_whole_evaluation_when_no_merge_is_active(
    django_assert_num_queries,
):
    ana, ben = _people("Ana", "Ben")
    with django_assert_num_queries(1):
        merged = MergeGroups([ana.pk, ben.pk])
        merged.learn(range(10**6, 10**6 + 5000))
        assert merged.read_as(ben.pk) == ben.pk and not merged.any
    _merge(ben, ana)
    merged = MergeGroups([ben.pk])
    assert merged.any and merged.read_as(ben.pk) == ana.pk
    assert merged.members([ben.pk]) == {ana.pk: ana.pk, ben.pk: ana.pk}
