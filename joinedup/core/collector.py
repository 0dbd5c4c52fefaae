"""Pausing Python's cycle collector through long batches, and running it by hand instead.

A batch (a file ingest, the signal evaluation alongside it, bulk linkage) makes millions of
short-lived objects while thousands stay alive. The collector runs every 700 allocations and,
every so often, walks every live object, while the interpreter lock stops every other thread
(measured in ADR 0014). Almost nothing a batch makes forms a cycle (reference counting frees
the rest), so a
batch pauses the collector and runs a full collection itself once in a while, which bounds
what cycles could ever hold on a file of any size.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collections inside the block; the collector as it was after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class CollectEvery:
    """A full collection after every `items` items counted: `tick(n)` after each n items."""

    def __init__(self, items: int) -> None:
        self.items = items
        self._since = 0

    def tick(self, count: int = 1) -> None:
        self._since += count
        if self._since >= self.items:
            self._since = 0
            gc.collect()
