"""What the matcher knows about one record: normalised once, compared many times.

A `Record` is built from a CSV row (`record_from_fields`), an incoming subject
(`record_from_subject`) or a stored person (`matching.store.record_from_person`). It holds the raw
values for explanations and the normalised keys the comparisons and blocking keys read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from joinedup.people.identifiers import (
    name_normalise,
    name_phonetic,
    nhs_number_normalise,
    nhs_number_valid,
    postcode_normalise,
    postcode_valid,
    upn_normalise,
    upn_valid,
)
from joinedup.people.matching.nicknames import nickname_key
from joinedup.people.subject import SubjectIn

# Strong identifiers compared, strongest first: the first scheme both records carry decides.
SCHEMES = ("nhs_number", "upn", "pnc_id", "la_child_id")
# An identifier a bulk file carries beyond the contract's (a social security or national
# insurance number, another system's id): scheme "other:<column>", after SCHEMES. Nothing
# checks it, so agreement is evidence as a strong identifier's is, a difference none: a slip
# in an unchecked number is as likely as another person (ADR 0007).
OTHER = "other:"
# Checked against their check digit and normalised by the event contract.
_CHECKED = frozenset(("nhs_number", "upn"))


@dataclass(frozen=True, slots=True)
class Name:
    given: str  # as written, for explanations
    family: str
    given_norm: str
    family_norm: str
    given_first: str  # first word of the given name, normalised ("Mary Jane" -> "mary")
    given_phonetic: str
    family_phonetic: str
    given_key: str  # nickname family ("kev" -> "kevin")
    family_parts: tuple[str, ...]  # the words of a double-barrelled surname


@dataclass(frozen=True, slots=True)
class Record:
    ref: str
    names: tuple[Name, ...]  # the current name first, then aliases and former names
    dob: date | None = None
    dob_precision: str = "day"  # day / month / year
    # "20150312", for one-digit slips; also an impossible date as written ("20151503", with dob
    # None): no date, but a slip or a day/month swap of one, compared by its digits
    dob_digits: str = ""
    dob_ordinal: int = 0  # days, for approximate dates
    sex: str = ""  # female / male / "" when not known
    postcode: str = ""  # normalised, "" when missing or malformed
    address: str = ""  # first line, normalised: lower case letters and digits only
    address_raw: str = ""
    # (scheme, normalised value), valid only; SCHEMES in their order, then OTHER schemes
    identifiers: tuple[tuple[str, str], ...] = ()
    agency: str = ""

    @property
    def name(self) -> Name | None:
        return self.names[0] if self.names else None

    @property
    def sector(self) -> str:
        """Postcode sector: the outward code and the first digit of the inward ("SW1A1");
        "" for a postcode from abroad."""
        return self.postcode[:-2] if self.postcode and not self.postcode.isdigit() else ""

    def identifier(self, scheme: str) -> str:
        return next((v for s, v in self.identifiers if s == scheme), "")


_WORDS = re.compile(r"[\s\-]+")
# A postcode from abroad (Australia 2600, Germany 10115): compared as a whole, with no sector.
_NUMERIC_POSTCODE = re.compile(r"\d{4,5}")
_ADDRESS = re.compile(r"[^a-z0-9]")
_DIGITS = re.compile(r"\d{8}")


@lru_cache(maxsize=262144)
def make_name(given: str, family: str) -> Name:
    given, family = given.strip(), family.strip()
    first = next((w for w in _WORDS.split(given) if w), "")
    first_norm = name_normalise(first)
    parts = tuple(p for p in (name_normalise(w) for w in _WORDS.split(family)) if p)
    return Name(
        given=given,
        family=family,
        given_norm=name_normalise(given),
        family_norm=name_normalise(family),
        given_first=first_norm,
        given_phonetic=name_phonetic(first_norm),
        family_phonetic=name_phonetic(family),
        given_key=nickname_key(first_norm) if first_norm else "",
        family_parts=parts if len(parts) > 1 else (),
    )


@lru_cache(maxsize=262144)
def address_normalise(line: str) -> str:
    return _ADDRESS.sub("", line.lower())


_SEXES = {
    "f": "female",
    "female": "female",
    "2": "female",
    "m": "male",
    "male": "male",
    "1": "male",
}


def sex_normalise(value: str) -> str:
    """ "female"/"male" only: "other" and "unknown" carry no matching evidence. ISO/IEC 5218's
    codes too, as NHS systems export them: 1 male, 2 female (0 not known, 9 not applicable)."""
    return _SEXES.get(value.strip().lower(), "")


def identifier_normalise(scheme: str, value: str) -> str | None:
    """The normalised value, or None when it fails its check (an invalid id is no evidence)."""
    value = value.strip()
    if not value:
        return None
    if scheme == "nhs_number":
        return nhs_number_normalise(value) if nhs_number_valid(value) else None
    if scheme == "upn":
        return upn_normalise(value) if upn_valid(value) else None
    return re.sub(r"\s", "", value).upper()


def scheme_order(identifier: tuple[str, str]) -> tuple[int, str]:
    scheme = identifier[0]
    return (SCHEMES.index(scheme), "") if scheme in SCHEMES else (len(SCHEMES), scheme)


@lru_cache(maxsize=262144)
def _postcode(value: str) -> str:
    """Normalised, or "" when neither a UK postcode nor a numeric one from abroad."""
    pc = postcode_normalise(value)
    return pc if postcode_valid(pc) or _NUMERIC_POSTCODE.fullmatch(pc) else ""


@lru_cache(maxsize=65536)
def _dob_keys(dob: date) -> tuple[str, int]:
    return dob.strftime("%Y%m%d"), dob.toordinal()


def record_from_fields(
    ref: str,
    *,
    given: str = "",
    family: str = "",
    aliases: tuple[tuple[str, str], ...] = (),
    dob: date | None = None,
    dob_precision: str = "day",
    dob_impossible: str = "",
    sex: str = "",
    postcode: str = "",
    address: str = "",
    identifiers: tuple[tuple[str, str], ...] = (),
    identifiers_checked: bool = False,
    agency: str = "",
) -> Record:
    """`dob_impossible`: without `dob`, a date as written that is no real date, as 8 digits
    (yyyymmdd, "20151503"): kept to compare by its digits. `identifiers_checked`: the
    identifiers are already normalised and have passed their checks."""
    names = []
    for g, f in ((given, family), *aliases):
        if g.strip() or f.strip():
            name = make_name(g, f)
            if name not in names:
                names.append(name)
    ids = []
    for scheme, value in identifiers:
        norm = value if identifiers_checked else identifier_normalise(scheme, value)
        if norm and (scheme in SCHEMES or scheme.startswith(OTHER)):
            ids.append((scheme, norm))
    ids.sort(key=scheme_order)
    digits, ordinal = _dob_keys(dob) if dob else ("", 0)
    if dob is None and _DIGITS.fullmatch(dob_impossible):
        digits = dob_impossible
    return Record(
        ref=ref,
        names=tuple(names),
        dob=dob,
        dob_precision=dob_precision if dob else "day",
        dob_digits=digits,
        dob_ordinal=ordinal,
        sex=sex_normalise(sex),
        postcode=_postcode(postcode),
        address=address_normalise(address),
        address_raw=address.strip(),
        identifiers=tuple(ids),
        agency=agency.strip().lower(),
    )


def record_from_subject(subject: SubjectIn, *, agency: str = "") -> Record:
    """An incoming event's subject, as the matcher sees it. The contract has checked and
    normalised its NHS number and UPN; the other schemes are only stripped there."""
    address = subject.address
    ids = []
    for scheme, value in subject.identifiers:
        if scheme in _CHECKED:
            ids.append((scheme, value))
        elif scheme in SCHEMES and (norm := identifier_normalise(scheme, value)):
            ids.append((scheme, norm))
    return record_from_fields(
        subject.ref,
        given=subject.given,
        family=subject.family,
        aliases=subject.aliases,
        dob=subject.dob,
        dob_precision=subject.dob_precision,
        sex=subject.sex,
        postcode=address.postcode if address else "",
        address=address.line1 if address else "",
        identifiers=tuple(ids),
        identifiers_checked=True,
        agency=agency,
    )
