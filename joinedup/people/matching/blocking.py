"""Blocking: the keys that decide which pairs are compared at all.

Each record gets a handful of exact keys, tolerant by construction: names by phonetic code and
nickname family, dates of birth with day and month sorted (so a swap keeps the key), and each
key leaving one field out so that one error in it still meets. The real-time path stores the
same strings in `MatchKey` and looks candidates up by them in one indexed query; the batch path
groups by them. Strong identifiers use the `id:<scheme>:<value>` keys identity.py already writes.
"""

from __future__ import annotations

from joinedup.people.identifiers import name_phonetic
from joinedup.people.matching.records import Record

MAX_BLOCK = 150  # a key shared by more records than this says too little to compare on

KINDS = ("id", "bd", "bg", "bn", "bm", "bp", "bs", "bh", "ba")


def _day_month(record: Record) -> str:
    """Month and day, the smaller first; from the digits of an impossible date as written
    ("19871503" as "0315"), so that a day/month swap still meets the real date."""
    if record.dob_precision != "day" or not record.dob_digits:
        return ""
    digits = record.dob_digits
    return "".join(sorted((digits[4:6], digits[6:])))


# What the keys are made of, worked out once per record: (day/month, year, the phonetic
# codes of each name, postcode, identifiers).
_Parts = tuple[str, str, tuple[tuple[str, str], ...], str, tuple[tuple[str, str], ...], str]


def key_parts(record: Record) -> _Parts:
    names = tuple(
        (name_phonetic(n.given_key) if n.given_key else "", n.family_phonetic) for n in record.names
    )
    year = record.dob_digits[:4]
    return _day_month(record), year, names, record.postcode, record.identifiers, record.address


def all_keys(parts: _Parts) -> list[str]:
    """Every key of every kind, strong identifiers first, in one pass over the names."""
    dm, year, names, postcode, identifiers, address = parts
    keys = [f"id:{scheme}:{value}" for scheme, value in identifiers]
    born = year + dm if dm else ""
    for given, family in names:
        if born and family:
            keys.append(f"bd:{born}|{family}")
        if born and given:
            keys.append(f"bg:{born}|{given}")
        if given and family:
            if year:
                keys.append(f"bn:{given}|{family}|{year}")
            if dm:
                keys.append(f"bm:{given}|{family}|{dm}")
                low, high = sorted((given, family))
                keys.append(f"bs:{born}|{low}|{high}")
        if given and postcode:
            keys.append(f"bp:{postcode}|{given}")
        if given and address:
            keys.append(f"ba:{address}|{given}")
    if postcode and dm:
        keys.append(f"bh:{postcode}|{born}")
    return keys


def blocking_keys(record: Record) -> list[str]:
    """Every blocking key of a record, each once.

    id: strong identifier; bd: birth date and surname; bg: birth date and given name;
    bn: name and birth year; bm: name and day/month of birth; bp: postcode and given name;
    bs: birth date and both names in either order (given name and surname swapped);
    bh: postcode and birth date (a name changed or misspelt at home); ba: address line and
    given name (a postcode mistyped or changed, a birth date missing).
    """
    return list(dict.fromkeys(all_keys(key_parts(record))))
