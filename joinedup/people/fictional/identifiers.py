"""Identifiers for fictional people, in ranges no real person holds.

NHS numbers come from the 99x ranges (999 is NHS England's published test range; 998 and
below are unissued); UPNs carry the local authority code 999, which no authority has; PNC ids
are shaped like the Police National Computer's and mean nothing. Some are numbered (the same
person always has the same one), some drawn from the caller's stream.
"""

from __future__ import annotations

import random
import string
from datetime import date

from joinedup.people.identifiers import nhs_number_with_check, upn_check_letter

PER_PREFIX = 500_000  # people numbered in each 99x prefix, from 999 down
PNC_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # no I, O or S


def nhs_number_for(serial: int) -> str:
    """Person `serial`'s NHS number: the first valid of two adjacent nine-digit bases in the
    99x range (only one of two numbers differing in the last base digit can lack a check
    digit)."""
    prefix = 999 - serial // PER_PREFIX
    base = prefix * 1_000_000 + 2 * (serial % PER_PREFIX)
    number = nhs_number_with_check(f"{base:09d}") or nhs_number_with_check(f"{base + 1:09d}")
    assert number is not None
    return number


def nhs_number_at(prefix: int, serial: int) -> str | None:
    """The NHS number `prefix` then `serial` in six digits, or None where it has no check
    digit (about one in eleven)."""
    return nhs_number_with_check(f"{prefix:03d}{serial:06d}")


def nhs_number_drawn(rng: random.Random) -> str:
    """Any valid NHS number in the 999 range."""
    while True:
        number = nhs_number_with_check(f"999{rng.randrange(10**6):06d}")
        if number:
            return number


def upn_for(establishment: int, serial: int) -> str:
    """The `serial`-th pupil of a school (its establishment number) in authority 999."""
    tail = f"999{establishment:04d}{serial:05d}"
    return upn_check_letter(tail) + tail


def upn_drawn(rng: random.Random) -> str:
    """A UPN of any authority, school, year and pupil."""
    body = f"{rng.randint(201, 938):03d}{rng.randint(2000, 7999):04d}{rng.randint(5, 24):02d}"
    body += f"{rng.randrange(1000):03d}"
    return upn_check_letter(body) + body


def pnc_for(serial: int, year: int) -> str:
    """Person `serial`'s PNC id, first recorded in `year`."""
    letter = PNC_LETTERS[serial % 23]
    return f"{year}/{serial % 10_000_000:07d}{letter}"


def pnc_short(year: int, number: int, letter: int) -> str:
    """A PNC id with a two-digit year: "07/0123456K"."""
    return f"{year:02d}/{number:07d}{chr(65 + letter)}"


def pnc_drawn(rng: random.Random) -> str:
    """Any PNC id with a two-digit year."""
    return pnc_short(rng.randrange(26), rng.randrange(10**7), rng.randrange(26))


def pnc_drawn_after(rng: random.Random, dob: date) -> str:
    """A PNC id first recorded between the ages of 14 and 18."""
    year = (dob.year + 14 + rng.randint(0, 4)) % 100
    return f"{year:02d}/{rng.randrange(10**6):06d}{rng.choice(string.ascii_uppercase)}"
