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

import csv
import gc
import os
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.pool import Pool
from operator import itemgetter
from typing import IO, NamedTuple

import numpy as np

from joinedup.core.collector import collector_paused
from joinedup.people.matching.blocking import MAX_BLOCK, all_keys, key_parts
from joinedup.people.matching.comparisons import FAMILY, GIVEN, compare
from joinedup.people.matching.model import (
    LINKED,
    NEW,
    REVIEW,
    SETTLED_BY_OTHERS,
    ModelParameters,
    lacks,
    pair_guard,
    probability,
    same_value,
    two_people,
)
from joinedup.people.matching.records import (
    OTHER,
    Record,
    identifier_normalise,
    record_from_fields,
    scheme_order,
)

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
STRONG_COLUMNS = ("nhs_number", "upn", "pnc_id")  # the last of INPUT_COLUMNS, in this order
OUTPUT_COLUMNS = ("record_id", "person_key", "outcome", "match_probability")
# Spellings agencies use; only female and male are evidence (records.sex_normalise).
SEXES = {
    *("", "f", "m", "female", "male", "other", "unknown", "u", "not known", "n/k", "nk"),
    *("not specified", "not stated", "indeterminate", "x"),
    *("0", "1", "2", "9"),  # ISO/IEC 5218, as NHS systems export it: 1 male, 2 female
}
MAX_ERRORS = 20
# Columns outside the contract read as identifiers of their own scheme ("other:<column>"),
# compared exactly as written: people's numbers partners' files carry. More with --id-column.
IDENTIFIER_COLUMNS = frozenset(
    (
        *("soc_sec_id", "ssn", "social_security_number"),
        *("ni_number", "nino", "national_insurance_number"),
        *("chi_number", "hospital_number", "mrn"),
    )
)
# Other names for the contract's columns. A file using one is refused, naming the contract's:
# read as any other unknown column (ignored), it would under-link every record.
OTHER_NAMES = {
    **dict.fromkeys(("surname", "last_name", "lastname", "family", "familyname"), "family_name"),
    **dict.fromkeys(
        ("forename", "forenames", "first_name", "firstname", "given", "givenname"), "given_name"
    ),
    **dict.fromkeys(("date_of_birth", "birth_date", "dateofbirth", "birthdate", "d_o_b"), "dob"),
    **dict.fromkeys(("gender",), "sex"),
    **dict.fromkeys(("post_code", "postal_code", "zip"), "postcode"),
    **dict.fromkeys(("address_1", "address1", "address_line_1", "street"), "address"),
    **dict.fromkeys(("nhs_no", "nhsnumber", "nhs"), "nhs_number"),
    **dict.fromkeys(("upn_number",), "upn"),
    **dict.fromkeys(("pnc", "pnc_number", "pncid"), "pnc_id"),
    **dict.fromkeys(("recordid", "record_ref"), "record_id"),
}
# An unchecked identifier's value on more records than this is a placeholder, not a person's.
PLACEHOLDER_RECORDS = 20
# A checked column with at least this many values failing the check, and more failing than
# passing, holds another kind of number (`_misnamed_columns`).
MISNAMED_AT_LEAST = 20
_FAILS = " fails its check; ignored"
# A Police National Computer id: year of issue (2 or 4 digits), "/", serial, check letter.
_PNC_ID = re.compile(r"(\d{2}|\d{4})/\d{1,7}[A-Z]")


class InputError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


class Linked(NamedTuple):  # a tuple: a million of them are made in a few seconds less
    record_id: str
    person_key: str
    outcome: str
    match_probability: float


# How exports write "no date of birth known": taken as an empty cell.
NOT_KNOWN = frozenset(("n/k", "nk", "not known", "unknown", "null", "none", "n/a", "na", "nan"))
# A date written day first, as in the UK, with a four-digit year: 12/03/2015, 12-03-2015,
# 12.03.2015. A two-digit year is refused: 12-03-15 could be 1915 or 2015.
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
# A day, a month by name and a four-digit year, as people and spreadsheets write them:
# 12 Mar 2015, 12 March 2015, 12-Mar-2015.
_MONTH_NAMED = re.compile(r"(\d{1,2})([ -])([A-Za-z]{3,9})\.?\2(\d{4})")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# ISO or year first with slashes, optionally with a time of day as databases export a date
# column (2015-03-12 00:00:00, 2015-03-12T00:00:00Z): the time is not part of a birth date.
_YEAR_FIRST = re.compile(
    r"(\d{4})([-/])(\d{2})\2(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


@lru_cache(maxsize=65536)  # birth dates repeat: a bulk file holds each many times
def parse_dob(text: str) -> tuple[date | None, str, str]:
    """(date, precision, impossible) from ISO (2015-03-12, 2015-03, 2015, or a date-time whose
    date is that), compact (20150312), UK day-first (12/03/2015, 12-03-2015, 12.03.2015, 12 Mar
    2015, 12-Mar-2015) or year-first (2015/03/12) dates; (None, "day", "") for "not known"
    and its usual spellings.

    A date in one of the day forms that is no real date (20151503, 2015-02-30, 30/02/2015) is
    (None, "day", "20151503"): records carry such slips and day/month swaps, and its digits
    still say much ("19871503" is 15 March 1987 swapped). ValueError for anything else.
    """
    text = text.strip()
    if text.lower() in NOT_KNOWN:
        return None, "day", ""
    if m := _DAY_FIRST.fullmatch(text):
        return _day(m[4], m[3].zfill(2), m[1].zfill(2))
    if re.fullmatch(r"\d{8}", text):
        return _day(text[:4], text[4:6], text[6:])
    if m := _YEAR_FIRST.fullmatch(text):
        return _day(m[1], m[3], m[4])
    if (m := _MONTH_NAMED.fullmatch(text)) and m[3].lower() in _MONTHS:
        return _day(m[4], f"{_MONTHS[m[3].lower()]:02d}", m[1].zfill(2))
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


def read_records(
    stream: IO[str],
    *,
    warnings: list[str] | None = None,
    id_columns: Iterable[str] = (),
    refused: list[str] | None = None,
) -> list[Record]:
    """Records from CSV text; every problem is named by line and column.

    The header's problems stop the file: no record_id column, a column under another usual
    name for one of the contract's (`surname` for family_name), a column read twice, an
    `id_columns` that is the contract's or missing. A row's problems (a malformed date or
    sex, an empty or repeated record_id, a wrong number of cells) leave that row out, each
    named in `refused`; without `refused`, they stop the file (up to 20 listed). Nothing of a
    row left out is read. An identifier failing its check is no evidence: it is dropped with
    a warning naming its line and column. Other columns are ignored with a warning, except
    people's numbers (`IDENTIFIER_COLUMNS`, and `id_columns`), read as identifiers outside
    the contract's schemes: agreement is evidence, a difference none; a value on more than
    PLACEHOLDER_RECORDS records, or one character repeated, is a placeholder and dropped.
    """
    reader = csv.reader(stream)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(["line 1: the file is empty; expected a header row"]) from None
    errors: list[str] = []
    asked = {c.strip().lower() for c in id_columns}
    for c in sorted(asked):
        if c in INPUT_COLUMNS:
            errors.append(f"--id-column {c!r}: a column of the contract, read as such already")
        elif c not in header:
            errors.append(f"--id-column {c!r}: the header has no such column")
    identifier_columns = IDENTIFIER_COLUMNS | asked
    for h in header:
        if h in INPUT_COLUMNS or h in identifier_columns:
            continue
        if h in OTHER_NAMES and OTHER_NAMES[h] not in header:
            errors.append(
                f"line 1, column {h!r}: the contract calls this column {OTHER_NAMES[h]!r}; "
                f"rename it (columns: {', '.join(INPUT_COLUMNS)})"
            )
        elif warnings is not None:
            warnings.append(f"line 1, column {h!r}: not a column identity link reads; ignored")
    if "record_id" not in header:
        errors.append("line 1: the header has no record_id column")
    read_as = (*INPUT_COLUMNS, *identifier_columns)
    repeated = sorted({h for h in header if h in read_as and header.count(h) > 1})
    for h in repeated:
        errors.append(f"line 1, column {h!r}: appears more than once")
    if errors:
        raise InputError(errors)
    at = [header.index(name) if name in header else None for name in INPUT_COLUMNS]
    others = [(OTHER + h, i) for i, h in enumerate(header) if h in identifier_columns]
    width = len(header)
    seen: dict[str, int] = {}
    out: list[Record] = []
    failing: list[tuple[int, list[tuple[str, str]]]] = []  # (index in out, values failing)
    problems = errors if refused is None else refused  # a row's, that leave it out
    with collector_paused():
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != width:
                problems.append(f"line {line}: {len(row)} columns, the header has {width}")
            else:
                values = [row[i].strip() if i is not None else "" for i in at]
                extra = [(scheme, row[i]) for scheme, i in others]
                failed: list[tuple[str, str]] = []
                record = _record(values, extra, line, seen, problems, warnings, failed)
                if record is not None:
                    if failed:
                        failing.append((len(out), failed))
                    out.append(record)
            if refused is None and len(errors) >= MAX_ERRORS:
                errors.append("... stopped after 20 problems")
                break
    if errors:
        raise InputError(errors)
    misnamed: list[str] = []
    if failing:
        out, misnamed = _misnamed_columns(out, failing, warnings)
    return _without_placeholders(out, warnings) if others or misnamed else out


def _misnamed_columns(
    records: list[Record],
    failing: list[tuple[int, list[tuple[str, str]]]],
    warnings: list[str] | None,
) -> tuple[list[Record], list[str]]:
    """A checked column most of whose values fail the check (at least MISNAMED_AT_LEAST of
    them) holds another kind of number: a partner's own ids under `nhs_number`, FEBRL's
    soc_sec_id put there. Its values are all read as unchecked identifiers instead (agreement
    is evidence, a difference none), with one warning for the column in place of one a line.
    In a column of real numbers a failure is a slip, and stays no evidence."""
    failed = Counter(scheme for _, values in failing for scheme, _ in values)
    valid = Counter(scheme for r in records for scheme, _ in r.identifiers)
    misnamed = sorted(s for s, n in failed.items() if n >= MISNAMED_AT_LEAST and n > valid[s])
    if not misnamed:
        return records, []
    if warnings is not None:
        said = tuple(f"column {s!r}: " for s in misnamed)
        warnings[:] = [
            w for w in warnings if not (w.endswith(_FAILS) and any(x in w for x in said))
        ]
        for s in misnamed:
            warnings.append(
                f"column {s!r}: {failed[s]} of {failed[s] + valid[s]} values fail its check, so "
                "they are not what the column says; all compared as another identifier, "
                "exactly as written (agreement is evidence, a difference none)"
            )
    extra = {
        index: [
            (OTHER + s, norm)
            for s, v in values
            if s in misnamed and (norm := _unchecked(OTHER + s, v))
        ]
        for index, values in failing
    }
    out = []
    for index, record in enumerate(records):
        added = extra.get(index, [])
        if added or any(s in misnamed for s, _ in record.identifiers):
            ids = [(OTHER + s if s in misnamed else s, v) for s, v in record.identifiers]
            record = replace(record, identifiers=tuple(sorted(ids + added, key=scheme_order)))
        out.append(record)
    return out, misnamed


def _unchecked(scheme: str, value: str) -> str:
    """An unchecked identifier's value as compared; "" for none or "not known"."""
    norm = identifier_normalise(scheme, value) or ""
    return "" if norm.lower() in NOT_KNOWN else norm


def _without_placeholders(records: list[Record], warnings: list[str] | None) -> list[Record]:
    """The records with every unchecked identifier value that is a placeholder dropped: one on
    more than PLACEHOLDER_RECORDS records ("0000000" for not known), or one character repeated."""
    counts = Counter(i for r in records for i in r.identifiers if i[0].startswith(OTHER))
    dropped = {
        i for i, count in counts.items() if count > PLACEHOLDER_RECORDS or len(set(i[1])) == 1
    }
    if not dropped:
        return records
    if warnings is not None:
        for scheme, value in sorted(dropped):
            warnings.append(
                f"column {scheme.removeprefix(OTHER)!r}: {value!r} is on {counts[scheme, value]} "
                "records; taken for a placeholder, not evidence"
            )
    return [
        replace(r, identifiers=tuple(i for i in r.identifiers if i not in dropped))
        if any(i in dropped for i in r.identifiers)
        else r
        for r in records
    ]


def _record(
    values: list[str],
    extra: list[tuple[str, str]],
    line: int,
    seen: dict[str, int],
    errors: list[str],
    warnings: list[str] | None,
    failed: list[tuple[str, str]],
) -> Record | None:
    """One row's record, its values in the order of INPUT_COLUMNS and `extra` unchecked
    identifiers as (scheme, value); None if it has errors. Identifiers failing their check
    are added to `failed` as (scheme, value)."""
    rid, agency, given, family, dob_text, sex, postcode, address, _town, *strong = values
    bad = False
    if not rid:
        errors.append(f"line {line}, column 'record_id': is empty")
        bad = True
    elif rid in seen:
        errors.append(f"line {line}, column 'record_id': {rid!r} is already on line {seen[rid]}")
        bad = True
    dob, precision, impossible = None, "day", ""
    if dob_text:
        try:
            dob, precision, impossible = parse_dob(dob_text)
        except ValueError:
            errors.append(
                f"line {line}, column 'dob': {dob_text!r} is not a date such as 2015-03-12, "
                "20150312 or 12/03/2015 (or empty, or 'not known')"
            )
            bad = True
        if impossible and warnings is not None:
            warnings.append(
                f"line {line}, column 'dob': {dob_text!r} is no real date; compared by its "
                "digits (a slip, or day and month swapped)"
            )
    if sex.lower() not in SEXES:
        errors.append(f"line {line}, column 'sex': {sex!r} is not female, male, other or unknown")
        bad = True
    ids = []
    for scheme, value in zip(STRONG_COLUMNS, strong, strict=True):
        if value:
            norm = identifier_normalise(scheme, value)
            if scheme == "pnc_id" and norm is not None and not _PNC_ID.fullmatch(norm):
                norm = None  # no check character we can compute, but the form is known
            if norm is None:
                failed.append((scheme, value))
                if warnings is not None:
                    warnings.append(f"line {line}, column {scheme!r}: {value!r}{_FAILS}")
            else:
                ids.append((scheme, norm))
    for scheme, value in extra:
        if norm := _unchecked(scheme, value):
            ids.append((scheme, norm))
    if bad:
        return None
    seen[rid] = line
    return record_from_fields(
        rid,
        given=given,
        family=family,
        dob=dob,
        dob_precision=precision,
        dob_impossible=impossible,
        sex=sex,
        postcode=postcode,
        address=address,
        identifiers=tuple(ids),
        identifiers_checked=True,
        agency=agency,
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
# holds the value may tell it (`_linked`).
TOGETHER, APART = 0, 1
SETTLED_CODE = 2
_CODES = {guard: SETTLED_CODE + k for k, guard in enumerate(SETTLED_BY_OTHERS)}


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
    (`model.settle_guards`)."""
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
    apart: dict[int, dict[int, int]] = {}  # record -> {record kept apart from it: how}
    for i, j, _w, how in scored:
        if how:
            apart.setdefault(i, {})[j] = how
            apart.setdefault(j, {})[i] = how

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def told(x: int, y: int, code: int, group: set[int]) -> bool:
        """Whether the cluster `group` of x (not y's) tells what one of the pair lacks: the
        guard that kept them apart stands no more where another of x's records carries the
        value x lacks, and carries y's."""
        guard = SETTLED_BY_OTHERS[code - SETTLED_CODE]
        if not lacks(records[x], guard) or lacks(records[y], guard):
            return False
        return any(
            c != x and not lacks(records[c], guard) and same_value(guard, records[c], records[y])
            for c in group
        )

    def kept_apart(group_a: list[int], group_b: list[int]) -> bool:
        in_a, in_b = set(group_a), set(group_b)
        for x in group_b:
            for y, how in apart.get(x, {}).items():
                if y in in_a and (
                    how == APART or not (told(x, y, how, in_b) or told(y, x, how, in_a))
                ):
                    return True
        return False

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
        if kept_apart(group_a, group_b):
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
    keys: dict[int, str] = {}  # a cluster's person key: its first record's id
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


def write_links(stream: IO[str], links: Iterable[Linked]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for x in links:
        writer.writerow((x.record_id, x.person_key, x.outcome, f"{x.match_probability:.6f}"))
