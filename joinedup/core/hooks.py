"""Listeners that run after a transaction commits, one registry type for every app.

An app that records something declares an `AfterCommit` and calls `after_commit(value)` inside
the recording transaction; apps above it register listeners at start-up (an AppConfig.ready).
A listener that fails is logged: it never undoes or blocks what was recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import transaction

log = logging.getLogger(__name__)

T = TypeVar("T")


class AfterCommit(Generic[T]):
    def __init__(self, what: str) -> None:
        self.what = what  # "events were recorded": for the log when a listener fails
        self.listeners: list[Callable[[T], None]] = []

    def register(self, listener: Callable[[T], None]) -> Callable[[T], None]:
        """Add a listener (once); usable as a decorator."""
        if listener not in self.listeners:
            self.listeners.append(listener)
        return listener

    def call(self, value: T) -> None:
        """Run every listener now, each failure logged."""
        for listener in list(self.listeners):
            try:
                listener(value)
            except Exception:
                log.exception("listener %s failed after %s", listener, self.what)

    def after_commit(self, *values: T) -> None:
        """Call from inside the transaction: once it commits, the listeners run for each value
        in turn (nothing runs if it rolls back)."""
        if not self.listeners:
            return

        def each() -> None:
            for value in values:
                self.call(value)

        transaction.on_commit(each)
