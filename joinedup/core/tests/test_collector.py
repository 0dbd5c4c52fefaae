"""The cycle collector paused through a batch, and run by hand every so many items."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from joinedup.core.collector import CollectEvery, collector_paused


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """The generation of each collection that starts while the collector is paused. (One may
    start as the block is entered, before it pauses the collector: that is not the block's.)"""
    started: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start" and not gc.isenabled():
            started.append(info["generation"])

    gc.callbacks.append(seen)
    yield started
    gc.callbacks.remove(seen)


def test_it_pauses_the_collector_and_restores_it_as_it_was():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it as the outer one set it
    assert gc.isenabled()


def test_it_restores_the_collector_when_the_block_fails():
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a batch failed")
    assert gc.isenabled()


def test_no_automatic_collection_runs_while_paused(full_collections):
    with collector_paused():
        assert not gc.isenabled()  # else the fixture, which counts paused collections, sees none
        junk = [[i] for i in range(50_000)]  # well past the 700 allocations that trigger one
        del junk
    assert full_collections == []


def test_it_collects_every_so_many_items_and_frees_cycles(full_collections):
    collect = CollectEvery(3)
    with collector_paused():
        cycle: list = []
        cycle.append(cycle)
        del cycle
        collect.tick()
        collect.tick()
        assert full_collections == []
        collect.tick()
        assert full_collections == [2]  # a full collection, of every generation
        collect.tick(2)
        assert full_collections == [2]
        collect.tick(5)  # counted in bulk (a batch of ids)
        assert full_collections == [2, 2]
