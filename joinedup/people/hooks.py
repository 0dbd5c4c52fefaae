"""What runs after a merge or an unmerge is committed (signal evaluation: a merge can join
the dots; an unmerge can leave a record alone with a pattern only the merge had covered).

A listener is registered once, at start-up (an
AppConfig.ready), and is called after the transaction that recorded the merge commits, with
the survivor's id; after an unmerge, with each of the two people's ids. A listener that fails
is logged; it never undoes or blocks the merge or unmerge (the signals catch-up evaluates
merges and unmerges it has not seen, so nothing is lost).
"""

from __future__ import annotations

from collections.abc import Callable

from joinedup.core.hooks import AfterCommit

Listener = Callable[[int], None]
_merged: AfterCommit[int] = AfterCommit("a merge or an unmerge was recorded")
_shared: AfterCommit[int] = AfterCommit("a share was recorded")
_decided: AfterCommit[int] = AfterCommit("an identity review was decided")


def on_persons_merged(listener: Listener) -> Listener:
    """Register a listener called with a survivor's id once a merge commits, and with each of
    the two people's ids once an unmerge commits."""
    return _merged.register(listener)


def persons_merged(survivor_id: int) -> None:
    """Call from inside the merge's transaction; listeners run once it commits."""
    _merged.after_commit(survivor_id)


def persons_unmerged(survivor_id: int, absorbed_id: int) -> None:
    """Call from inside the unmerge's transaction; listeners run for each once it commits."""
    _merged.after_commit(survivor_id, absorbed_id)


def on_person_shared(listener: Listener) -> Listener:
    """Register a listener called with a `PersonAuthority` share's id once it commits (the
    receiving authority is told)."""
    return _shared.register(listener)


def person_shared(share_id: int) -> None:
    """Call from inside the share's transaction; listeners run once it commits."""
    _shared.after_commit(share_id)


def on_review_decided(listener: Listener) -> Listener:
    """Register a listener called with an `IdentityReview`'s id once its decision commits (a
    signal raised on the probable identity is confirmed or withdrawn)."""
    return _decided.register(listener)


def review_decided(review_id: int) -> None:
    """Call from inside the decision's transaction; listeners run once it commits."""
    _decided.after_commit(review_id)
