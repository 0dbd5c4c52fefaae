"""Training the model on the data itself: no labelled pairs needed.

u (how often different people agree by chance) is counted on random pairs, nearly all of which
are different people. m (how often the same person agrees with themselves) comes from
expectation-maximisation on blocked pairs, in two sessions so that every comparison is learnt
where it was not used to pick the pairs: pairs born on the same day teach the names, pairs with
the same name teach the date of birth; the rest is averaged over both. The prior follows from
how many same-day pairs the model believes are one person. Every random choice comes from one
seeded generator, so the same records and seed give the same parameters.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from operator import attrgetter

from joinedup.people.matching.comparisons import (
    COMPARISONS,
    DOB,
    FAMILY,
    GIVEN,
    IDENTIFIER,
    NULL,
    compare,
    identifier_for_chance,
)
from joinedup.people.matching.model import (
    LINK_THRESHOLD,
    REVIEW_THRESHOLD,
    TF_COMPARISONS,
    ModelParameters,
    TermFrequencies,
    relatives_shares,
)
from joinedup.people.matching.records import Record

FLOOR = 1e-6
MIN_M = 1e-3  # no disagreement is impossible for one person: sex and identifiers are miskeyed too
# A valid identifier (check digit and all) keyed as another valid one is rare: whatever EM makes
# of relatives with conflicting numbers, one person's records conflict at most this often.
MAX_M_CONFLICT = 0.01
Pattern = tuple[int, ...]
Table = list[list[float]]


FINGERPRINT_CHUNK = 50_000  # records hashed in one update


def fingerprint(records: Sequence[Record]) -> str:
    """sha256 of each record's reference and what it is trained on, one line each."""
    digest = hashlib.sha256()
    for start in range(0, len(records), FINGERPRINT_CHUNK):  # one update a chunk, not a record
        lines = (_fingerprint_line(r) for r in records[start : start + FINGERPRINT_CHUNK])
        digest.update("".join(lines).encode())
    return "sha256:" + digest.hexdigest()


def _fingerprint_line(r: Record) -> str:
    name = r.names[0] if r.names else None
    ids = ",".join(v for _, v in r.identifiers) if r.identifiers else ""
    given, family = (name.given_norm, name.family_norm) if name else ("", "")
    return f"{r.ref}|{given}|{family}|{r.dob_digits}|{r.postcode}|{ids}\n"


def estimate_u(records: Sequence[Record], rng: random.Random, pairs: int) -> Table:
    """Per comparison and level, the share of random pairs that fall in it."""
    n = len(records)
    counts = [[0] * len(c.levels) for c in COMPARISONS]
    if n < 2:
        return [[1 / len(c.levels)] * len(c.levels) for c in COMPARISONS]
    for _ in range(pairs):
        i = rng.randrange(n)
        j = rng.randrange(n - 1)
        j += j >= i
        a, b = records[i], records[j]
        for c, compared in enumerate(compare(a, b)):
            level = identifier_for_chance(a, b) if c == IDENTIFIER else compared
            if level != NULL:
                counts[c][level] += 1
    return [_shares(row) for row in counts]


def without_matches(u: Table, m: Table, prior: float) -> Table:
    """u with the random pairs that were one person taken out, now the prior is known.

    A random pair is one person with chance `prior`, so a level's share among random pairs is
    prior * m + (1 - prior) * u. Beside most shares the first term is nothing, but where
    strangers almost never agree it is most of the share: two records with one identifier are
    nearly always one person, and counting those pairs as chance agreement made an agreeing
    identifier weigh only as much as the prior weighs against (FEBRL4's soc_sec_id: p 0.55).
    """
    corrected = []
    for shares, ms in zip(u, m, strict=True):
        row = [max((s - prior * mi) / (1 - prior), FLOOR) for s, mi in zip(shares, ms, strict=True)]
        corrected.append(_normalised(row))
    return corrected


def _shares(counts: list[int] | list[float], floor: float = FLOOR) -> list[float]:
    # Half a count for a level never seen: rare, not impossible.
    smoothed = [max(float(c), 0.5) for c in counts]
    total = sum(smoothed)
    return _normalised([max(c / total, floor) for c in smoothed])


def _normalised(shares: list[float]) -> list[float]:
    total = sum(shares)
    return [s / total for s in shares]


def blocked_patterns(
    records: Sequence[Record],
    key: Callable[[Record], str],
    rng: random.Random,
    max_pairs: int,
) -> tuple[Counter[Pattern], int]:
    """Comparison patterns of pairs sharing `key`, counted; and how many such pairs exist.

    Where there are more than `max_pairs`, whole blocks are sampled, each with the same chance.
    """
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        k = key(record)
        if k:
            groups.setdefault(k, []).append(index)
    total = sum(len(g) * (len(g) - 1) // 2 for g in groups.values())
    keep = min(1.0, max_pairs / total) if total else 1.0
    patterns: Counter[Pattern] = Counter()
    for members in groups.values():
        if len(members) < 2 or (keep < 1 and rng.random() >= keep):
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                patterns[compare(records[i], records[j])] += 1
    return patterns, total


def expectation_maximisation(
    patterns: Counter[Pattern],
    free: Sequence[int],
    m: Table,
    u: Table,
    *,
    iterations: int = 200,
    tolerance: float = 1e-6,
) -> tuple[Table, float, int]:
    """m for the `free` comparisons and the share of matches, u held fixed.

    Returns (m, lambda, iterations run).
    """
    m = [list(row) for row in m]
    items = list(patterns.items())
    lam = 0.1
    for iteration in range(1, iterations + 1):
        sums = [[0.0] * len(m[c]) for c in range(len(m))]
        matched = total = 0.0
        for pattern, count in items:
            pm, pu = lam, 1 - lam
            for c in free:
                level = pattern[c]
                if level != NULL:
                    pm *= m[c][level]
                    pu *= u[c][level]
            r = pm / (pm + pu)
            weight = count * r
            matched += weight
            total += count
            for c in free:
                level = pattern[c]
                if level != NULL:
                    sums[c][level] += weight
        new_lam = matched / total if total else lam
        change = abs(new_lam - lam)
        for c in free:
            row = _shares(sums[c], MIN_M) if sum(sums[c]) > 0 else m[c]
            change = max(change, *(abs(a - b) for a, b in zip(row, m[c], strict=True)))
            m[c] = row
        lam = min(max(new_lam, FLOOR), 1 - FLOOR)
        if change < tolerance:
            return m, lam, iteration
    return m, lam, iterations


TF_KEEP = 5000  # the commonest values listed by name in the parameters; the rest share one figure


def term_frequencies(records: Sequence[Record], comparison: str) -> TermFrequencies | None:
    """Each normalised given name (or surname) as a share of the records carrying one.

    Values seen more than once are listed, the commonest `TF_KEEP`; every other value is given
    the average frequency of the values not listed, weighted as they occur (what a value not
    listed is expected to be).
    """
    value = attrgetter("given_norm" if comparison == "given" else "family_norm")
    # Each value once a record (aliases may repeat it); counted in one pass, in C.
    counts: Counter[str] = Counter(
        v
        for r in records
        for v in ((value(r.names[0]),) if len(r.names) == 1 else {value(n) for n in r.names})
        if v
    )
    total = sum(counts.values())
    if not total:
        return None
    listed = [(v, c) for v, c in counts.most_common(TF_KEEP) if c > 1]
    names = {v for v, _ in listed}
    rest = [c for v, c in counts.items() if v not in names]
    if rest:
        other = sum(c * c for c in rest) / (total * sum(rest))
    else:
        other = min(c for _, c in listed) / total
    return TermFrequencies(values={v: c / total for v, c in listed}, other=other)


def _initial_m() -> Table:
    table = []
    for c in COMPARISONS:
        k = len(c.levels)
        table.append([0.8] + [0.2 / (k - 1)] * (k - 1))
    return table


def _dob_key(r: Record) -> str:
    return r.dob_digits if r.dob is not None and r.dob_precision == "day" else ""


def _name_key(r: Record) -> str:
    name = r.name
    return f"{name.given_norm}|{name.family_norm}" if name and name.given_norm else ""


def train(
    records: Sequence[Record],
    *,
    seed: int = 0,
    version: int = 0,
    random_pairs: int = 300_000,
    max_pairs: int = 300_000,
    link_threshold: float = LINK_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
) -> ModelParameters:
    """Fit m, u and the prior to unlabelled records (deduplication among themselves)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    n = len(records)
    if n < 50:
        raise ValueError(f"training needs at least 50 records, not {n}")
    random_pairs = min(random_pairs, n * (n - 1) // 2 * 4)
    u = estimate_u(records, rng, random_pairs)

    by_dob, dob_pairs = blocked_patterns(records, _dob_key, rng, max_pairs)
    by_name, name_pairs = blocked_patterns(records, _name_key, rng, max_pairs)
    everything = range(len(COMPARISONS))
    m_dob, lam_dob, it_dob = expectation_maximisation(
        by_dob, [c for c in everything if c != DOB], _initial_m(), u
    )
    m_name, _lam_name, it_name = expectation_maximisation(
        by_name, [c for c in everything if c not in (GIVEN, FAMILY)], _initial_m(), u
    )
    m: Table = []
    for c in everything:
        if c == DOB:
            m.append(m_name[c])
        elif c in (GIVEN, FAMILY):
            m.append(m_dob[c])
        else:
            m.append(_normalised([(a + b) / 2 for a, b in zip(m_dob[c], m_name[c], strict=True)]))

    ident = COMPARISONS.index(next(c for c in COMPARISONS if c.name == "identifier"))
    if m[ident][1] > MAX_M_CONFLICT:
        m[ident] = [1 - MAX_M_CONFLICT, MAX_M_CONFLICT]

    # Matches among same-day pairs, over the share of all matches that are same-day pairs.
    with_day = sum(1 for r in records if _dob_key(r)) / n
    share_same_day = max(m[DOB][0] * with_day * with_day, FLOOR)
    matches = lam_dob * dob_pairs / share_same_day
    prior = min(max(matches / (n * (n - 1) / 2), 1e-12), 0.5)

    u = without_matches(u, m, prior)

    tf = {name: t for name in TF_COMPARISONS if (t := term_frequencies(records, name))}
    shares = relatives_shares(by_dob, by_name)
    return ModelParameters(
        version=version,
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        data_fingerprint=fingerprint(records),
        seed=seed,
        prior=prior,
        m={c.name: tuple(m[i]) for i, c in enumerate(COMPARISONS)},
        u={c.name: tuple(u[i]) for i, c in enumerate(COMPARISONS)},
        link_threshold=link_threshold,
        review_threshold=review_threshold,
        training={
            "records": n,
            "random_pairs": random_pairs,
            "same_birth_date_pairs": dob_pairs,
            "same_name_pairs": name_pairs,
            "patterns": [len(by_dob), len(by_name)],
            "em_iterations": [it_dob, it_name],
            "estimated_matches": round(matches),
            **{k: v for k, v in shares.items() if k.endswith("_pairs")},
            "seconds": round(time.perf_counter() - started, 2),
        },
        tf=tf,
        relatives={k: float(v) for k, v in shares.items() if not k.endswith("_pairs")},
    )
