"""Blocking: the keys that decide which pairs are compared at all.

Each record gets a handful of exact keys, tolerant by construction: names by phonetic code and
nickname family, dates of birth with day and month sorted (so a swap keeps the key), and each
key leaving one field out so that one error in it still meets. The real-time path stores the
same strings in `MatchKey` and looks candidates up by them in one indexed query; the batch path
groups by them. Strong identifiers use the `id:<scheme>:<value>` keys identity.py already writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from joinedup.people.identifiers import name_phonetic
from joinedup.people.matching.records import Record

MAX_BLOCK = 150  # a key shared by more records than this says too little to compare on

KINDS = ("id", "bd", "bg", "bn", "bm", "bp", "bs", "bh", "ba")
# Batch groups one pass of kinds at a time; the small kinds share one.
PASSES = (("id",), ("bd",), ("bg",), ("bn",), ("bm",), ("bp",), ("bs", "bh", "ba"))


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


def _parts(record: Record) -> _Parts:
    names = tuple(
        (name_phonetic(n.given_key) if n.given_key else "", n.family_phonetic) for n in record.names
    )
    year = record.dob_digits[:4]
    return _day_month(record), year, names, record.postcode, record.identifiers, record.address


def _keys(parts: _Parts, kind: str) -> list[str]:
    dm, year, names, postcode, identifiers, address = parts
    if kind == "id":
        return [f"id:{scheme}:{value}" for scheme, value in identifiers]
    keys = []
    for given, family in names:
        if kind == "bd" and dm and family:
            keys.append(f"bd:{year}{dm}|{family}")
        elif kind == "bg" and dm and given:
            keys.append(f"bg:{year}{dm}|{given}")
        elif kind == "bn" and given and family and year:
            keys.append(f"bn:{given}|{family}|{year}")
        elif kind == "bm" and given and family and dm:
            keys.append(f"bm:{given}|{family}|{dm}")
        elif kind == "bp" and given and postcode:
            keys.append(f"bp:{postcode}|{given}")
        elif kind == "ba" and given and address:
            keys.append(f"ba:{address}|{given}")
        elif kind == "bs" and given and family and dm:
            low, high = sorted((given, family))
            keys.append(f"bs:{year}{dm}|{low}|{high}")
    if kind == "bh" and postcode and dm:
        keys.append(f"bh:{postcode}|{year}{dm}")
    return keys


def blocking_keys(record: Record) -> list[str]:
    """Every blocking key of a record, each once.

    id: strong identifier; bd: birth date and surname; bg: birth date and given name;
    bn: name and birth year; bm: name and day/month of birth; bp: postcode and given name;
    bs: birth date and both names in either order (given name and surname swapped);
    bh: postcode and birth date (a name changed or misspelt at home); ba: address line and
    given name (a postcode mistyped or changed, a birth date missing).
    """
    parts = _parts(record)
    return list(dict.fromkeys(k for kind in KINDS for k in _keys(parts, kind)))


def candidate_pairs(records: Sequence[Record], *, max_block: int = MAX_BLOCK) -> Iterator[int]:
    """Each pair of record indexes sharing a blocking key, once, encoded as i * n + j (i < j).

    Groups one pass of kinds at a time so memory holds that pass's groups, not every key.
    """
    n = len(records)
    parts = [_parts(record) for record in records]
    seen: set[int] = set()
    for kinds in PASSES:
        groups: dict[str, list[int]] = {}
        for index, part in enumerate(parts):
            for kind in kinds:
                for key in _keys(part, kind):
                    members = groups.get(key)
                    if members is None:
                        groups[key] = [index]
                    elif members[-1] != index:
                        members.append(index)
        exact = kinds == ("id",)
        for members in groups.values():
            size = len(members)
            if size < 2 or (size > max_block and not exact):
                continue
            for x in range(size):
                i = members[x]
                for y in range(x + 1, size):
                    pair = i * n + members[y]
                    if pair not in seen:
                        seen.add(pair)
                        yield pair
        del groups
