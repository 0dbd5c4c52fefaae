"""What runs after a merge or an unmerge is committed (signal evaluation: a merge can join
the dots; an unmerge can leave a record alone with a pattern only the merge had covered).

The same pattern as `chronology.hooks`: a listener is registered once, at start-up (an
AppConfig.ready), and is called after the transaction that recorded the merge commits, with
the survivor's id; after an unmerge, with each of the two people's ids. A listener that fails
is logged; it never undoes or blocks the merge or unmerge (the signals catch-up evaluates
merges and unmerges it has not seen, so nothing is lost).
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


def persons_unmerged(survivor_id: int, absorbed_id: int) -> None:
    """Call from inside the unmerge's transaction; listeners run for each once it commits."""
    if _listeners:

        def both() -> None:
            _notify(survivor_id)
            _notify(absorbed_id)

        transaction.on_commit(both)


# --- after a person's record is shared with another authority -----------------------------

ShareListener = Callable[[int], None]
_share_listeners: list[ShareListener] = []


def on_person_shared(listener: ShareListener) -> ShareListener:
    """Register a listener called with a `PersonAuthority` share's id once it commits (the
    receiving authority is told)."""
    if listener not in _share_listeners:
        _share_listeners.append(listener)
    return listener


def person_shared(share_id: int) -> None:
    """Call from inside the share's transaction; listeners run once it commits."""

    def tell() -> None:
        for listener in list(_share_listeners):
            try:
                listener(share_id)
            except Exception:
                log.exception("listener %s failed after a share was recorded", listener)

    if _share_listeners:
        transaction.on_commit(tell)
