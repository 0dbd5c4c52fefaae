"""What runs after events are committed (signal evaluation, notifications).

A listener is registered once, at start-up (an AppConfig.ready), and is called after the
transaction that recorded the versions commits, with the ids of the new event versions. A
listener that fails is logged; it never undoes or blocks recording.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

log = logging.getLogger(__name__)

Listener = Callable[[list[int]], None]
_listeners: list[Listener] = []


def on_events_recorded(listener: Listener) -> Listener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def _notify(version_ids: list[int]) -> None:
    for listener in list(_listeners):
        try:
            listener(version_ids)
        except Exception:
            log.exception("listener %s failed after events were recorded", listener)


def events_recorded(version_ids: list[int]) -> None:
    """Call from inside the recording transaction; listeners run once it commits."""
    if version_ids and _listeners:
        transaction.on_commit(lambda: _notify(list(version_ids)))
