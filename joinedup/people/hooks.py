"""What runs after a merge is committed (signal evaluation: a merge can join the dots).

The same pattern as `chronology.hooks`: a listener is registered once, at start-up (an
AppConfig.ready), and is called after the transaction that recorded the merge commits, with
the survivor's id. A listener that fails is logged; it never undoes or blocks the merge (the
signals catch-up evaluates merges it has not seen, so nothing is lost).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

log = logging.getLogger(__name__)

Listener = Callable[[int], None]
_listeners: list[Listener] = []


def on_persons_merged(listener: Listener) -> Listener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def _notify(survivor_id: int) -> None:
    for listener in list(_listeners):
        try:
            listener(survivor_id)
        except Exception:
            log.exception("listener %s failed after a merge was recorded", listener)


def persons_merged(survivor_id: int) -> None:
    """Call from inside the merge's transaction; listeners run once it commits."""
    if _listeners:
        transaction.on_commit(lambda: _notify(survivor_id))
