"""The comparisons the model weighs, each a short list of levels from strongest to weakest.

`compare(a, b)` returns one level index per comparison (`NULL` where either record lacks the
value: no evidence either way). Address and postcode are one comparison, household evidence,
because they are not independent. The functions are plain Python over precomputed keys: the
real-time path and the batch path call the same code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jellyfish import jaro_winkler_similarity as _jw

from joinedup.people.matching.nicknames import are_nicknames
from joinedup.people.matching.records import OTHER, Name, Record, make_name

NULL = -1
SIMILAR = 0.90  # Jaro-Winkler at or above: one slip of the pen ("Lawson"/"Lauson")
CLOSE = 0.85  # at or above, or the same phonetic key: sounds alike
APPROXIMATE_DAYS = 62


@dataclass(frozen=True)
class Comparison:
    name: str
    label: str  # in words, as explanations start: "surname"
    levels: tuple[str, ...]  # strongest first; the last is "different"
    words: tuple[str, ...]  # each level in words


IDENTIFIER, GIVEN, FAMILY, DOB, SEX, HOUSEHOLD, AGENCY = range(7)

COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "identifier",
        "strong identifier",
        ("exact", "conflicting"),
        ("exact", "conflicts"),
    ),
    Comparison(
        "given",
        "given name",
        ("exact", "nickname", "similar", "phonetic", "initial", "different"),
        ("exact", "short form or nickname", "similar", "sounds alike", "initial only", "differs"),
    ),
    Comparison(
        "family",
        "surname",
        ("exact", "similar", "phonetic", "part", "different"),
        ("exact", "similar", "sounds alike", "part of a double-barrelled name", "differs"),
    ),
    Comparison(
        "dob",
        "date of birth",
        ("exact", "swap", "slip", "approximate", "same_year", "different"),
        (
            "exact",
            "day and month swapped",
            "one digit differs",
            "within two months",
            "same year",
            "differs",
        ),
    ),
    Comparison("sex", "sex", ("agree", "different"), ("agrees", "differs")),
    Comparison(
        "household",
        "address",
        ("address", "postcode", "street", "sector", "different"),
        (
            "same",
            "differs but same postcode",
            "line same, postcode differs",
            "differs but same postcode sector",
            "differs",
        ),
    ),
    Comparison("agency", "agency", ("same", "different"), ("same agency", "another agency")),
)


def _given(a: Name, b: Name) -> int:
    if not a.given_norm or not b.given_norm:
        return NULL
    if a.given_norm == b.given_norm:
        return 0
    if a.given_first == b.given_first or are_nicknames(a.given_first, b.given_first):
        return 1
    jw = _jw(a.given_norm, b.given_norm)
    if jw >= SIMILAR:
        return 2
    if jw >= CLOSE or a.given_phonetic == b.given_phonetic:
        return 3
    if (len(a.given_first) == 1 or len(b.given_first) == 1) and (
        a.given_first[0] == b.given_first[0]
    ):
        return 4
    return 5


def _family(a: Name, b: Name) -> int:
    if not a.family_norm or not b.family_norm:
        return NULL
    if a.family_norm == b.family_norm:
        return 0
    jw = _jw(a.family_norm, b.family_norm)
    if jw >= SIMILAR:
        return 1
    if jw >= CLOSE or a.family_phonetic == b.family_phonetic:
        return 2
    if a.family_norm in b.family_parts or b.family_norm in a.family_parts:
        return 3
    return 4


def _swapped(name: Name) -> Name:
    return make_name(name.family, name.given)


def _pair_levels(a: Name, b: Name) -> tuple[int, int]:
    """Given-name and surname levels; given name and surname written the other way round count
    as written the right way when both then agree at least closely ("Fynn Allard"/"Allard
    Fynn"), as a form filled in the wrong boxes."""
    given, family = _given(a, b), _family(a, b)
    if (
        given in (4, 5)
        and family == 4
        and a.given_norm[:1] == b.family_norm[:1]
        and a.family_norm[:1] == b.given_norm[:1]
    ):
        other = _swapped(b)
        swapped_given, swapped_family = _given(a, other), _family(a, other)
        if swapped_given in (0, 1, 2) and swapped_family in (0, 1):
            return swapped_given, swapped_family
    return given, family


def _names(a: Record, b: Record) -> tuple[int, int]:
    """Best given-name and surname levels over every name either record carries (aliases)."""
    if len(a.names) == 1 and len(b.names) == 1:
        return _pair_levels(a.names[0], b.names[0])
    given = family = NULL
    for x in a.names:
        for y in b.names:
            g, f = _pair_levels(x, y)
            if g != NULL and (given == NULL or g < given):
                given = g
            if f != NULL and (family == NULL or f < family):
                family = f
    return given, family


def _one_digit(x: str, y: str) -> bool:
    """One digit differs, or two adjacent digits are transposed (yyyymmdd, equal length)."""
    diffs = [i for i in range(len(x)) if x[i] != y[i]]
    if len(diffs) == 1:
        return True
    if len(diffs) != 2:
        return False
    i, j = diffs
    return j == i + 1 and x[i] == y[j] and x[j] == y[i]


def _impossible_dob(a: Record, b: Record) -> int:
    """Where one date as written is no real date ("19871503"): compared by its digits, as the
    slip or day/month swap it most likely is; the year when the other is imprecise."""
    x, y = a.dob_digits, b.dob_digits
    if any(r.dob is not None and r.dob_precision != "day" for r in (a, b)):
        return 4 if x[:4] == y[:4] else 5
    if x == y:
        return 0
    if x[:4] == y[:4] and x[4:6] == y[6:] and x[6:] == y[4:6]:
        return 1
    if _one_digit(x, y):
        return 2
    return 4 if x[:4] == y[:4] else 5


def _dob(a: Record, b: Record) -> int:
    if a.dob is None or b.dob is None:
        if a.dob_digits and b.dob_digits:  # one is written but impossible
            return _impossible_dob(a, b)
        return NULL
    if a.dob_precision == "day" and b.dob_precision == "day":
        if a.dob_digits == b.dob_digits:
            return 0
        da, db = a.dob, b.dob
        if da.year == db.year and da.month == db.day and da.day == db.month:
            return 1
        if _one_digit(a.dob_digits, b.dob_digits):
            return 2
        if abs(a.dob_ordinal - b.dob_ordinal) <= APPROXIMATE_DAYS:
            return 3
        return 4 if da.year == db.year else 5
    if a.dob.year != b.dob.year:
        return 5
    if "year" not in (a.dob_precision, b.dob_precision) and a.dob.month == b.dob.month:
        return 3
    return 4


@lru_cache(maxsize=65536)
def _house_number(address: str) -> str:
    return "".join(re.findall(r"\d+", address))


def _household(a: Record, b: Record) -> int:
    if not (a.postcode or a.address) or not (b.postcode or b.address):
        return NULL
    same_line = bool(a.address and b.address) and (
        a.address == b.address
        or (
            _house_number(a.address) == _house_number(b.address)
            and _jw(a.address, b.address) >= SIMILAR
        )
    )
    if a.postcode and a.postcode == b.postcode:
        return 0 if same_line else 1
    if same_line:
        return 2
    pa, pb = a.postcode, b.postcode
    if pa and pb and pa[:-2] == pb[:-2] and not pa.isdigit():  # same sector (UK postcodes)
        return 3
    return 4


def _identifier(a: Record, b: Record) -> int:
    return _deciding_identifier(a, b)[0]


def identifier_for_chance(a: Record, b: Record) -> int:
    """The identifier level as chance agreement is counted (`training.estimate_u`): two
    different values of an unchecked scheme count as conflicting. The level itself leaves them
    out (they are no evidence against), but an agreement is weighed against how seldom two
    people's values agree, not against how seldom they are compared at all."""
    level = _identifier(a, b)
    if level == NULL and a.identifiers and b.identifiers:
        theirs = dict(b.identifiers)
        if any(s in theirs for s, _ in a.identifiers):
            return 1
    return level


def _deciding_identifier(a: Record, b: Record) -> tuple[int, str, str, str]:
    """(level, scheme, value, other value) of the identifier that decides: the strongest
    scheme both records carry; a scheme outside the contract's (`records.OTHER`) only where
    its values agree, since nothing checks them."""
    if not a.identifiers or not b.identifiers:
        return NULL, "", "", ""
    theirs = dict(b.identifiers)
    for scheme, value in a.identifiers:  # strongest first
        other = theirs.get(scheme)
        if other is None:
            continue
        if other == value:
            return 0, scheme, value, other
        if not scheme.startswith(OTHER):
            return 1, scheme, value, other
    return NULL, "", "", ""


def compare(a: Record, b: Record) -> tuple[int, ...]:
    """One level index per comparison, in the order of `COMPARISONS`."""
    given, family = _names(a, b)
    sex = NULL if not a.sex or not b.sex else (0 if a.sex == b.sex else 1)
    agency = NULL if not a.agency or not b.agency else (0 if a.agency == b.agency else 1)
    return (_identifier(a, b), given, family, _dob(a, b), sex, _household(a, b), agency)


def shared_value(a: Record, b: Record, comparison: int) -> str:
    """The normalised name both records carry, for an exact given-name or surname level."""
    if len(a.names) == 1 and len(b.names) == 1:
        x = a.names[0]
        return x.given_norm if comparison == GIVEN else x.family_norm
    theirs = {(n.given_norm if comparison == GIVEN else n.family_norm) for n in b.names}
    for n in a.names:
        value = n.given_norm if comparison == GIVEN else n.family_norm
        if value and value in theirs:
            return value
    return ""


def shown_values(a: Record, b: Record, comparison: int) -> str:
    """The two values compared, as written, for an explanation ("Lawson/Lauson")."""
    if comparison in (GIVEN, FAMILY):
        pairs = [(x, y) for x in a.names for y in b.names]
        if not pairs:
            return ""
        rank = _given if comparison == GIVEN else _family

        def level(p: tuple[Name, Name]) -> int:
            r = rank(*p)
            return 99 if r == NULL else r

        x, y = min(pairs, key=level)
        return _pair(x.given, y.given) if comparison == GIVEN else _pair(x.family, y.family)
    if comparison == DOB:
        return _pair(_dob_shown(a), _dob_shown(b))
    if comparison == SEX:
        return _pair(a.sex, b.sex)
    if comparison == HOUSEHOLD:
        return _pair(
            ", ".join(p for p in (a.address_raw, a.postcode) if p),
            ", ".join(p for p in (b.address_raw, b.postcode) if p),
        )
    if comparison == IDENTIFIER:
        found, scheme, value, other = _deciding_identifier(a, b)
        return "" if found == NULL else f"{scheme.removeprefix(OTHER)} {_pair(value, other)}"
    return _pair(a.agency, b.agency)


def _dob_shown(r: Record) -> str:
    if r.dob:
        return r.dob.isoformat()
    d = r.dob_digits  # as written, impossible
    return f"{d[:4]}-{d[4:6]}-{d[6:]}" if d else ""


def _pair(x: str, y: str) -> str:
    if not x or not y:
        return ""
    return x if x == y else f"{x}/{y}"
