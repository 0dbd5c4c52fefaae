"""Bulk linkage: deduplicate a file of records among themselves (migrations, evaluation).

Blocking gives candidate pairs, the model scores them, and clustering joins records linked
above the link threshold, strongest first, never joining two clusters that hold a pair the
relatives guard stopped (likely twins or siblings) or a conflicting strong identifier: so twins
cannot meet through a third record. Each record gets a person key (the first record id of its
cluster), an outcome and a match probability.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import IO

from joinedup.people.matching.blocking import candidate_pairs
from joinedup.people.matching.comparisons import FAMILY, GIVEN, compare
from joinedup.people.matching.model import (
    LINKED,
    NEW,
    REVIEW,
    ModelParameters,
    pair_guard,
    probability,
)
from joinedup.people.matching.records import Record, identifier_normalise, record_from_fields

INPUT_COLUMNS = (
    "record_id",
    "agency",
    "given_name",
    "family_name",
    "dob",
    "sex",
    "postcode",
    "address",
    "town",
    "nhs_number",
    "upn",
    "pnc_id",
)
OUTPUT_COLUMNS = ("record_id", "person_key", "outcome", "match_probability")
SEXES = {"", "f", "m", "female", "male", "other", "unknown", "u", "not known"}
MAX_ERRORS = 20


class InputError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Linked:
    record_id: str
    person_key: str
    outcome: str
    match_probability: float


@lru_cache(maxsize=65536)  # birth dates repeat: a bulk file holds each many times
def parse_dob(text: str) -> tuple[date | None, str, str]:
    """(date, precision, impossible) from ISO (2015-03-12, 2015-03, 2015), compact (20150312)
    or UK (12/03/2015) dates.

    A date in one of the day forms that is no real date (20151503, 2015-02-30, 30/02/2015) is
    (None, "day", "20151503"): records carry such slips and day/month swaps, and its digits
    still say much ("19871503" is 15 March 1987 swapped). ValueError for anything else.
    """
    text = text.strip()
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        return _day(m[3], m[2].zfill(2), m[1].zfill(2))
    if re.fullmatch(r"\d{8}", text):
        return _day(text[:4], text[4:6], text[6:])
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return _day(m[1], m[2], m[3])
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return date.fromisoformat(text + "-01"), "month", ""
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1), "year", ""
    return date.fromisoformat(text), "day", ""


def _day(year: str, month: str, day: str) -> tuple[date | None, str, str]:
    try:
        return date(int(year), int(month), int(day)), "day", ""
    except ValueError:
        return None, "day", year + month + day


def read_records(stream: IO[str], *, warnings: list[str] | None = None) -> list[Record]:
    """Records from CSV text; every problem is named by line and column.

    A malformed date or sex, a missing or repeated record_id, or an unknown column stop the
    file (all problems are listed, up to 20). An identifier failing its check is no evidence:
    it is dropped with a warning naming its line and column.
    """
    reader = csv.reader(stream)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(["line 1: the file is empty; expected a header row"]) from None
    errors: list[str] = []
    unknown = [h for h in header if h not in INPUT_COLUMNS]
    for h in unknown:
        errors.append(f"line 1, column {h!r}: not a known column ({', '.join(INPUT_COLUMNS)})")
    if "record_id" not in header:
        errors.append("line 1: the header has no record_id column")
    if errors:
        raise InputError(errors)
    col = {name: header.index(name) for name in INPUT_COLUMNS if name in header}
    width = len(header)
    seen: dict[str, int] = {}
    out: list[Record] = []
    get = _getter(col)
    for line, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != width:
            errors.append(f"line {line}: {len(row)} columns, the header has {width}")
        else:
            record = _record(row, line, get, seen, errors, warnings)
            if record is not None:
                out.append(record)
        if len(errors) >= MAX_ERRORS:
            errors.append("... stopped after 20 problems")
            break
    if errors:
        raise InputError(errors)
    return out


def _getter(col: dict[str, int]):  # type: ignore[no-untyped-def]
    def get(row: list[str], name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None else ""

    return get


def _record(row, line, get, seen, errors, warnings) -> Record | None:  # type: ignore[no-untyped-def]
    rid = get(row, "record_id")
    bad = False
    if not rid:
        errors.append(f"line {line}, column 'record_id': is empty")
        bad = True
    elif rid in seen:
        errors.append(f"line {line}, column 'record_id': {rid!r} is already on line {seen[rid]}")
        bad = True
    else:
        seen[rid] = line
    dob, precision, impossible = None, "day", ""
    if text := get(row, "dob"):
        try:
            dob, precision, impossible = parse_dob(text)
        except ValueError:
            errors.append(
                f"line {line}, column 'dob': {text!r} is not a date such as 2015-03-12, "
                "20150312 or 12/03/2015"
            )
            bad = True
        if impossible and warnings is not None:
            warnings.append(
                f"line {line}, column 'dob': {text!r} is no real date; compared by its digits "
                "(a slip, or day and month swapped)"
            )
    sex = get(row, "sex")
    if sex.lower() not in SEXES:
        errors.append(f"line {line}, column 'sex': {sex!r} is not female, male, other or unknown")
        bad = True
    ids = []
    for scheme in ("nhs_number", "upn", "pnc_id"):
        if value := get(row, scheme):
            if identifier_normalise(scheme, value) is None:
                if warnings is not None:
                    warnings.append(
                        f"line {line}, column {scheme!r}: {value!r} fails its check; ignored"
                    )
            else:
                ids.append((scheme, value))
    if bad:
        return None
    return record_from_fields(
        rid,
        given=get(row, "given_name"),
        family=get(row, "family_name"),
        dob=dob,
        dob_precision=precision,
        dob_impossible=impossible,
        sex=sex,
        postcode=get(row, "postcode"),
        address=get(row, "address"),
        identifiers=tuple(ids),
        agency=get(row, "agency"),
    )


def score_pairs(
    records: Sequence[Record], pairs: Iterable[int], params: ModelParameters
) -> Iterator[tuple[int, int, float, bool]]:
    """(i, j, weight, kept apart) for each candidate pair at or above the review threshold,
    or kept apart (the guard stopped it, or a strong identifier conflicts)."""
    n = len(records)
    weights = params.weights
    prior = params.prior_weight
    review = params.review_weight
    tf = bool(params.tf)
    for pair in pairs:
        i, j = divmod(pair, n)
        a, b = records[i], records[j]
        levels = compare(a, b)
        w = prior
        for table, level in zip(weights, levels, strict=True):
            if level >= 0:
                w += table[level]
        if tf and (levels[GIVEN] == 0 or levels[FAMILY] == 0):  # rare names weigh more
            w = params.weight(levels, a, b)
        apart = pair_guard(a, b, levels, params) is not None
        if w >= review or apart:
            yield i, j, w, apart


def link_records(records: Sequence[Record], params: ModelParameters) -> list[Linked]:
    n = len(records)
    scored = list(score_pairs(records, candidate_pairs(records), params))
    link = params.link_weight
    parent = list(range(n))
    members: dict[int, list[int]] = {}
    apart: dict[int, set[int]] = {}
    for i, j, _w, kept_apart in scored:
        if kept_apart:
            apart.setdefault(i, set()).add(j)
            apart.setdefault(j, set()).add(i)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best = [float("-inf")] * n  # strongest weight joining the record to its cluster
    flagged = [float("-inf")] * n  # strongest weight of a review pair
    links = sorted((s for s in scored if s[2] >= link and not s[3]), key=lambda s: -s[2])
    for i, j, w, _ in links:
        a, b = find(i), find(j)
        if a == b:
            best[i], best[j] = max(best[i], w), max(best[j], w)
            continue
        group_a, group_b = members.get(a, [a]), members.get(b, [b])
        if len(group_a) < len(group_b):
            a, b, group_a, group_b = b, a, group_b, group_a
        in_a = set(group_a)
        if any(other in in_a for x in group_b for other in apart.get(x, ())):
            flagged[i], flagged[j] = max(flagged[i], w), max(flagged[j], w)
            continue
        parent[b] = a
        members[a] = group_a + group_b
        members.pop(b, None)
        best[i], best[j] = max(best[i], w), max(best[j], w)
    for i, j, w, _ in scored:
        if w < link or find(i) != find(j):
            flagged[i], flagged[j] = max(flagged[i], w), max(flagged[j], w)

    out = []
    for x, record in enumerate(records):
        root = find(x)
        key = records[min(members.get(root, [root]))].ref
        if best[x] > float("-inf"):
            outcome, weight = LINKED, best[x]
        elif flagged[x] > float("-inf"):
            outcome, weight = REVIEW, flagged[x]
        else:
            outcome, weight = NEW, float("-inf")
        p = 0.0 if weight == float("-inf") else probability(weight)
        out.append(Linked(record.ref, key, outcome, p))
    return out


def write_links(stream: IO[str], links: Iterable[Linked]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for x in links:
        writer.writerow((x.record_id, x.person_key, x.outcome, f"{x.match_probability:.6f}"))
