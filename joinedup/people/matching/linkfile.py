"""The bulk link file: its columns, reading it into records, writing the links out.

A file of records (CSV, one per row, the columns of `INPUT_COLUMNS`) is read into `Record`s,
refusing the file only for what cannot be used (another name for a contract column, a
misnamed identifier column) and ignoring what one row gets wrong, with a warning; the links
come back out as `OUTPUT_COLUMNS`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import IO, NamedTuple

from joinedup.core.collector import collector_paused
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
    asked = {c.strip().lower() for c in id_columns}
    identifier_columns = IDENTIFIER_COLUMNS | asked
    errors = _header_problems(header, asked, identifier_columns, warnings)
    if errors:
        raise InputError(errors)
    others = [(OTHER + h, i) for i, h in enumerate(header) if h in identifier_columns]
    out, failing = _rows(reader, header, others, errors, refused, warnings)
    if errors:
        raise InputError(errors)
    misnamed: list[str] = []
    if failing:
        out, misnamed = _misnamed_columns(out, failing, warnings)
    return _without_placeholders(out, warnings) if others or misnamed else out


def _header_problems(
    header: list[str],
    asked: set[str],
    identifier_columns: frozenset[str] | set[str],
    warnings: list[str] | None,
) -> list[str]:
    """What stops the file in its header; the columns it ignores go to `warnings`."""
    errors: list[str] = []
    for c in sorted(asked):
        if c in INPUT_COLUMNS:
            errors.append(f"--id-column {c!r}: a column of the contract, read as such already")
        elif c not in header:
            errors.append(f"--id-column {c!r}: the header has no such column")
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
    errors.extend(f"line 1, column {h!r}: appears more than once" for h in repeated)
    return errors


def _rows(
    reader: Iterator[list[str]],
    header: list[str],
    others: list[tuple[str, int]],
    errors: list[str],
    refused: list[str] | None,
    warnings: list[str] | None,
) -> tuple[list[Record], list[tuple[int, list[tuple[str, str]]]]]:
    """The records of the rows after the header, and (index, values failing their check) of
    those with identifiers failing. A row's problems go to `refused`, or to `errors` (which
    then stop the file, after MAX_ERRORS of them)."""
    at = [header.index(name) if name in header else None for name in INPUT_COLUMNS]
    width = len(header)
    seen: dict[str, int] = {}
    out: list[Record] = []
    failing: list[tuple[int, list[tuple[str, str]]]] = []
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
    return out, failing


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
            out.append(replace(record, identifiers=tuple(sorted(ids + added, key=scheme_order))))
        else:
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


def _record(  # noqa: C901, PLR0912  (one check per column of the contract, in its order)
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


def write_links(stream: IO[str], links: Iterable[Linked]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for x in links:
        writer.writerow((x.record_id, x.person_key, x.outcome, f"{x.match_probability:.6f}"))
