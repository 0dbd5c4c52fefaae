"""Bulk linkage: deduplicate a file of records among themselves (migrations, evaluation).

Blocking gives candidate pairs, the model scores them, and clustering joins records linked
above the link threshold, strongest first, never joining two clusters that hold a pair the
relatives guard stopped (likely twins or siblings) or a conflicting strong identifier: so twins
cannot meet through a third record. (Unless the guard stopped the pair only for want of a
birth date or given name that another record of the cluster carries, and it agrees.) Each
record gets a person key (the first record id of its cluster), an outcome and a match
probability.
"""

from __future__ import annotations

import gc
import os
from array import array
from collections.abc import Callable, Iterator, Sequence
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.pool import Pool
from operator import itemgetter

import numpy as np

from joinedup.core.collector import collector_paused
from joinedup.people.matching.blocking import MAX_BLOCK, all_keys, key_parts
from joinedup.people.matching.comparisons import FAMILY, GIVEN, compare
from joinedup.people.matching.linkfile import Linked
from joinedup.people.matching.model import (
    KEYSTROKE,
    LINKED,
    NEW,
    REVIEW,
    SETTLED_BY_OTHERS,
    ModelParameters,
    born_there,
    lacks,
    pair_guard,
    probability,
    same_value,
    second_child,
    two_people,
)
from joinedup.people.matching.records import (
    OTHER,
    Record,
)


def candidate_pairs(
    records: Sequence[Record], *, max_block: int = MAX_BLOCK, pool: Pool | None = None
) -> np.ndarray:
    """Each pair of record indexes sharing a blocking key, once, encoded as i * n + j (i < j).

    A key shared by more than `max_block` records is skipped, unless it is a strong
    identifier's. Keys are grouped by their hash: two keys that collide make one block, which
    costs at most a few extra comparisons, each scored on its merits. With a `pool` whose
    workers share `records` (`link_records`), one of them hashes the second half's keys.
    """
    n = len(records)
    half = n // 2 if pool is not None else n
    other = pool.apply_async(_key_hashes_shared, (half, n)) if pool is not None else None
    mine = _key_hashes(records, 0, half)
    theirs = other.get() if other is not None else _key_hashes(records, half, n)
    strong, strong_owners, fuzzy, fuzzy_owners = (
        np.concatenate((np.frombuffer(x, dtype=np.int64), np.frombuffer(y, dtype=np.int64)))
        for x, y in zip(mine, theirs, strict=True)
    )
    found = [
        *_block_pairs(strong, strong_owners, n, max_block=0),
        *_block_pairs(fuzzy, fuzzy_owners, n, max_block=max_block),
    ]
    if not found:
        return np.empty(0, dtype=np.int64)
    every = np.concatenate(found)
    # Each pair once, in the order its blocks gave it: the records of one block are compared
    # together while they are in the processor's cache (ascending order took a quarter longer).
    _, first = np.unique(every, return_index=True)
    return every[np.sort(first)]


def _key_hashes(records: Sequence[Record], start: int, stop: int) -> tuple[bytes, ...]:
    """The hashes of the keys of records[start:stop] and whose they are: strong identifiers'
    (hash, owner), then the fuzzy keys'; each as the bytes of an int64 array."""
    fuzzy, fuzzy_owners = array("q"), array("q")
    strong, strong_owners = array("q"), array("q")
    for index in range(start, stop):
        record = records[index]
        keys = all_keys(key_parts(record))
        # all_keys puts one key per identifier first; one outside the contract's schemes is
        # unchecked, and its blocks are capped as the fuzzy keys' are (a placeholder repeats)
        ids = len(record.identifiers)
        if ids and record.identifiers[-1][0].startswith(OTHER):  # those come last
            ids = sum(1 for scheme, _ in record.identifiers if not scheme.startswith(OTHER))
        if ids:
            strong.extend(map(hash, keys[:ids]))
            strong_owners.extend([index] * ids)
        fuzzy.extend(map(hash, keys[ids:]))
        fuzzy_owners.extend([index] * (len(keys) - ids))
    return strong.tobytes(), strong_owners.tobytes(), fuzzy.tobytes(), fuzzy_owners.tobytes()


def _block_pairs(key: np.ndarray, owner: np.ndarray, n: int, *, max_block: int) -> list[np.ndarray]:
    """The pairs within each block of records sharing a key hash; `max_block` 0: no limit.

    The owners come in ascending order, so a stable sort by key leaves each block's members
    ascending: the pairs come out as (smaller, larger).
    """
    if len(key) < 2:
        return []
    order = np.argsort(key, kind="stable")
    key, owner = key[order], owner[order]
    again = np.zeros(len(key), dtype=bool)  # a record holding the same key twice
    again[1:] = (key[1:] == key[:-1]) & (owner[1:] == owner[:-1])
    key, owner = key[~again], owner[~again]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    sizes = np.diff(np.append(starts, len(key)))
    found = []
    for size in np.unique(sizes).tolist():
        if size < 2 or (max_block and size > max_block):
            continue
        members = owner[starts[sizes == size][:, None] + np.arange(size)]
        first, second = np.triu_indices(size, 1)
        found.append((members[:, first] * n + members[:, second]).ravel())
    return found


# How a scored pair is kept apart: not, by the guard (or a conflicting strong identifier), or
# by a guard resting on a value one record lacks (`SETTLED_BY_OTHERS`, in order, from
# SETTLED_CODE): the file's other records may settle it (`settle_guards`), and a cluster that
# holds the value may tell it (`_linked`). `KEYSTROKE_CODE`: twins' names one keystroke apart,
# which the file's other records born that day at that home settle (`settle_guards`), to
# `TOGETHER` or `APART`, before clustering.
TOGETHER, APART = 0, 1
SETTLED_CODE = 2
_CODES = {guard: SETTLED_CODE + k for k, guard in enumerate(SETTLED_BY_OTHERS)}
KEYSTROKE_CODE = _CODES[KEYSTROKE] = SETTLED_CODE + len(SETTLED_BY_OTHERS)


def score_pairs(
    records: Sequence[Record], pairs: np.ndarray, params: ModelParameters
) -> Iterator[tuple[int, int, float, int]]:
    """(i, j, weight, kept apart) for each candidate pair (`candidate_pairs`) at or above the
    review threshold, or kept apart: `APART` (the guard stopped it, or a strong identifier
    conflicts) or the code of a guard resting on a value one record lacks, which the file's
    other records may settle (`settle_guards`) or a cluster tell (`_linked`)."""
    n = len(records)
    weights = params.weights
    prior = params.prior_weight
    review = params.review_weight
    tf = bool(params.tf)
    for i, j in zip((pairs // n).tolist(), (pairs % n).tolist(), strict=True):
        a, b = records[i], records[j]
        levels = compare(a, b)
        w = prior
        for table, level in zip(weights, levels, strict=True):
            if level >= 0:
                w += table[level]
        if tf and (levels[GIVEN] == 0 or levels[FAMILY] == 0):  # rare names weigh more
            w = params.weight(levels, a, b)
        guard = pair_guard(a, b, levels, params)
        apart = TOGETHER if guard is None else _CODES.get(guard, APART)
        if w >= review or apart:
            yield i, j, w, apart


Trainer = Callable[[Sequence[Record]], ModelParameters]
# Below this many records one process is quicker than starting others.
PARALLEL_AT_LEAST = 50_000
SCORE_CHUNK = 200_000  # candidate pairs a worker scores at a time
# The records the worker processes read: set before they are forked, so each worker shares the
# parent's copy instead of receiving one.
_shared: Sequence[Record] = ()


def _train_shared(trainer: Trainer) -> ModelParameters:
    return trainer(_shared)


def _key_hashes_shared(start: int, stop: int) -> tuple[bytes, ...]:
    return _key_hashes(_shared, start, stop)


def _score_shared(pairs: np.ndarray, params: ModelParameters) -> tuple[bytes, ...]:
    """A chunk's scored pairs as the bytes of four arrays (i, j, weight, kept apart): a
    million tuples cost seconds to send back one by one."""
    i, j, w, apart = array("q"), array("q"), array("d"), array("b")
    for x, y, weight, kept_apart in score_pairs(_shared, pairs, params):
        i.append(x)
        j.append(y)
        w.append(weight)
        apart.append(kept_apart)
    return i.tobytes(), j.tobytes(), w.tobytes(), apart.tobytes()


def _unpack(chunks: list[tuple[bytes, ...]]) -> list[tuple[int, int, float, int]]:
    i, j, w, apart = (
        array(code, b"".join(chunk[k] for chunk in chunks)).tolist()
        for k, code in enumerate("qqdb")
    )
    return list(zip(i, j, w, apart, strict=True))


def link_records(
    records: Sequence[Record],
    params: ModelParameters | Trainer,
    *,
    workers: int | None = None,
    parallel_at_least: int = PARALLEL_AT_LEAST,
) -> list[Linked]:
    """Link the records among themselves with `params`, or with the parameters a trainer
    (`functools.partial(train, seed=0)`) learns from them.

    On a large file (`parallel_at_least` records) this uses every core (`workers`, default
    all): forked worker processes, which share the parent's records, train the model while the
    parent finds the candidate pairs, then score the pairs in chunks. The result is the same as
    in one process: the same pairs in the same order, scored by the same code.
    """
    with collector_paused():
        return _link(records, params, workers or os.cpu_count() or 1, parallel_at_least)


def _link(
    records: Sequence[Record], params: ModelParameters | Trainer, workers: int, at_least: int
) -> list[Linked]:
    if workers < 2 or len(records) < at_least or "fork" not in get_all_start_methods():
        if not isinstance(params, ModelParameters):
            params = params(records)
        return _linked(
            records, params, list(score_pairs(records, candidate_pairs(records), params))
        )
    global _shared
    _shared = records
    # The workers share the parent's objects until they write to them: a collection in a
    # worker would write to every one of them (their collector is paused too, and these are
    # set aside for good measure).
    gc.freeze()
    try:
        with get_context("fork").Pool(workers) as pool:
            training = (
                None
                if isinstance(params, ModelParameters)
                else pool.apply_async(_train_shared, (params,))
            )
            pairs = candidate_pairs(records, pool=pool)
            if training is not None:
                params = training.get()
            assert isinstance(params, ModelParameters)
            chunks = [
                (pairs[start : start + SCORE_CHUNK], params)
                for start in range(0, len(pairs), SCORE_CHUNK)
            ]
            scored = _unpack(pool.starmap(_score_shared, chunks, chunksize=1))
    finally:
        _shared = ()
        gc.unfreeze()
    return _linked(records, params, scored)


def settle_guards(
    records: Sequence[Record],
    params: ModelParameters,
    scored: list[tuple[int, int, float, int]],
) -> None:
    """Each pair a guard of `SETTLED_BY_OTHERS` kept apart that the data allows to give way
    (`ModelParameters.may_settle`), in place: `TOGETHER` unless a record of the pair lacking
    the value has mates in the file (its other pairs the same guard kept apart, carrying the
    value) that carry two people's. As the real-time path settles them from the candidates
    (`model.settle_guards`). And each `KEYSTROKE` pair (`_settle_keystrokes`)."""
    _settle_keystrokes(records, scored)
    settling = {
        SETTLED_CODE + k for k, guard in enumerate(SETTLED_BY_OTHERS) if params.may_settle(guard)
    }
    coded = [k for k, s in enumerate(scored) if s[3] in settling]  # none, mostly
    mates: dict[tuple[int, int], list[int]] = {}  # (record lacking, code) -> records carrying
    for i, j, _w, code in (scored[k] for k in coded):
        guard = SETTLED_BY_OTHERS[code - SETTLED_CODE]
        for x, y in ((i, j), (j, i)):
            if lacks(records[x], guard) and not lacks(records[y], guard):
                mates.setdefault((x, code), []).append(y)
    two = {
        key
        for key, found in mates.items()
        if len(found) > 1
        and two_people(
            SETTLED_BY_OTHERS[key[1] - SETTLED_CODE], [records[y] for y in found], params
        )
    }
    for k in coded:
        i, j, w, code = scored[k]
        guard = SETTLED_BY_OTHERS[code - SETTLED_CODE]
        lacking = [x for x in (i, j) if lacks(records[x], guard)]
        if lacking and not any((x, code) in two for x in lacking):
            scored[k] = (i, j, w, TOGETHER)


def _settle_keystrokes(
    records: Sequence[Record], scored: list[tuple[int, int, float, int]]
) -> None:
    """Each pair of twins' names one keystroke apart, all else the same (`KEYSTROKE`), in
    place: `TOGETHER` where the file's other records born that day at that home (those in a
    scored pair with either) all carry one of the two spellings, the other then read as its
    slip; `APART` where they show a second child (`model.second_child`): a third name, or both
    spellings again. In real time the candidates are persons, so the subject's is the slip."""
    pairs = [k for k, s in enumerate(scored) if s[3] == KEYSTROKE_CODE]  # none, mostly
    if not pairs:
        return
    ends = {x for k in pairs for x in scored[k][:2]}
    near: dict[int, set[int]] = {x: set() for x in ends}
    for i, j, _w, _code in scored:
        if i in ends:
            near[i].add(j)
        if j in ends:
            near[j].add(i)
    for k in pairs:
        i, j, w, _code = scored[k]
        others = [
            records[x]
            for x in sorted((near[i] | near[j]) - {i, j})
            if born_there(compare(records[i], records[x]))
        ]
        one = not second_child(records[i], others) or not second_child(records[j], others)
        scored[k] = (i, j, w, TOGETHER if one else APART)


class _Guards:
    """The pairs kept apart (by the relatives guard, or conflicting identifiers), and whether
    two clusters may join despite them."""

    def __init__(self, records: Sequence[Record], scored: list[tuple[int, int, float, int]]):
        self.records = records
        self.apart: dict[int, dict[int, int]] = {}  # record -> {record kept apart from it: how}
        for i, j, _w, how in scored:
            if how:
                self.apart.setdefault(i, {})[j] = how
                self.apart.setdefault(j, {})[i] = how

    def kept_apart(self, group_a: list[int], group_b: list[int]) -> bool:
        in_a, in_b = set(group_a), set(group_b)
        for x in group_b:
            for y, how in self.apart.get(x, {}).items():
                if y in in_a and (
                    how == APART or not (self.told(x, y, how, in_b) or self.told(y, x, how, in_a))
                ):
                    return True
        return False

    def told(self, x: int, y: int, code: int, group: set[int]) -> bool:
        """Whether the cluster `group` of x (not y's) tells what one of the pair lacks: the
        guard that kept them apart stands no more where another of x's records carries the
        value x lacks, and carries y's."""
        records = self.records
        guard = SETTLED_BY_OTHERS[code - SETTLED_CODE]
        if not lacks(records[x], guard) or lacks(records[y], guard):
            return False
        return any(
            c != x and not lacks(records[c], guard) and same_value(guard, records[c], records[y])
            for c in group
        )


def _linked(
    records: Sequence[Record],
    params: ModelParameters,
    scored: list[tuple[int, int, float, int]],
) -> list[Linked]:
    """Cluster the scored pairs; each record's person key, outcome and probability."""
    settle_guards(records, params, scored)
    n = len(records)
    link = params.link_weight
    parent = list(range(n))
    members: dict[int, list[int]] = {}
    guards = _Guards(records, scored)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best = [float("-inf")] * n  # strongest weight joining the record to its cluster
    flagged = [float("-inf")] * n  # strongest weight of a review pair
    # Strongest first; equal weights in the order they were scored (a stable sort).
    links = sorted(
        (s for s in scored if s[2] >= link and not s[3]), key=itemgetter(2), reverse=True
    )
    for i, j, w, _ in links:
        a, b = find(i), find(j)
        if a == b:
            best[i], best[j] = max(best[i], w), max(best[j], w)
            continue
        group_a, group_b = members.get(a, [a]), members.get(b, [b])
        if len(group_a) < len(group_b):
            a, b, group_a, group_b = b, a, group_b, group_a
        if guards.kept_apart(group_a, group_b):
            flagged[i], flagged[j] = max(flagged[i], w), max(flagged[j], w)
            continue
        parent[b] = a
        members[a] = group_a + group_b
        members.pop(b, None)
        best[i], best[j] = max(best[i], w), max(best[j], w)
    for i, j, w, _ in scored:
        if w < link or find(i) != find(j):
            flagged[i], flagged[j] = max(flagged[i], w), max(flagged[j], w)

    return _outcomes(records, find, members, best, flagged)


def _outcomes(
    records: Sequence[Record],
    find: Callable[[int], int],
    members: dict[int, list[int]],
    best: list[float],
    flagged: list[float],
) -> list[Linked]:
    """Each record's person key (its cluster's first record id), outcome and probability:
    linked if a link joined it, review if only a review pair or a guard touched it, else new."""
    out = []
    keys: dict[int, str] = {}
    for x, record in enumerate(records):
        root = find(x)
        key = keys.get(root)
        if key is None:
            key = keys[root] = records[min(members.get(root, [root]))].ref
        if best[x] > float("-inf"):
            outcome, weight = LINKED, best[x]
        elif flagged[x] > float("-inf"):
            outcome, weight = REVIEW, flagged[x]
        else:
            outcome, weight = NEW, float("-inf")
        p = 0.0 if weight == float("-inf") else probability(weight)
        out.append(Linked(record.ref, key, outcome, p))
    return out
