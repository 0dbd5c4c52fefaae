"""Identifier checks and the normalised keys that names, dates and postcodes are matched on."""

from __future__ import annotations

import functools
import re
import unicodedata

import jellyfish

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S


def nhs_number_normalise(value: str) -> str:
    return re.sub(r"[\s-]", "", value)


def nhs_number_valid(value: str) -> bool:
    """Modulus 11 over the first nine digits, weights 10..2; a check of 10 is never valid."""
    digits = nhs_number_normalise(value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    return nhs_number_with_check(digits[:9]) == digits


def nhs_number_with_check(nine_digits: str) -> str | None:
    """Complete nine digits into a valid NHS number, or None where no check digit exists."""
    total = sum(int(d) * w for d, w in zip(nine_digits, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else nine_digits + str(check)


def upn_normalise(value: str) -> str:
    return value.strip().upper()


def upn_check_letter(last_twelve: str) -> str:
    total = 0
    for weight, char in enumerate(last_twelve, start=2):
        total += (int(char) if char.isdigit() else _UPN_LETTERS.index(char)) * weight
    return _UPN_LETTERS[total % 23]


def upn_valid(value: str) -> bool:
    """DfE unique pupil number: check letter, 11 digits, then a digit or (temporary) a letter."""
    upn = upn_normalise(value)
    letter = f"[{_UPN_LETTERS}]"
    if not re.fullmatch(rf"{letter}\d{{11}}(\d|{letter})", upn):
        return False
    return upn_check_letter(upn[1:]) == upn[0]


_NON_LETTERS = re.compile(r"[^a-z]")


@functools.lru_cache(maxsize=65536)
def name_normalise(value: str) -> str:
    """Lower case, accents folded, all but letters dropped: "O'Neil-Smith" -> "oneilsmith"."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return _NON_LETTERS.sub("", folded.lower())


@functools.lru_cache(maxsize=65536)
def name_phonetic(value: str) -> str:
    """A spelling-tolerant key: NYSIIS of the normalised name ("Lawson" and "Lauson" agree)."""
    norm = name_normalise(value)
    return jellyfish.nysiis(norm) if norm else ""


def postcode_normalise(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


def postcode_valid(value: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}", postcode_normalise(value)))


_NON_ALNUM = re.compile(r"[^a-z0-9]")


def address_key(line1: str, postcode: str) -> str:
    """Two addresses with the same key are the same dwelling: postcode and first line, letters
    and digits only ("Flat 12, Beacon House" and "flat 12 beacon house" agree; flat 17 does not).
    """
    folded = unicodedata.normalize("NFKD", line1).encode("ascii", "ignore").decode().lower()
    return f"{postcode_normalise(postcode)}|{_NON_ALNUM.sub('', folded)}" if postcode else ""
