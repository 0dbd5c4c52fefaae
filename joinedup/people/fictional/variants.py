"""The slips and variants real records carry, made on purpose: nicknames, misspelt and mistyped
surnames, a birth date read the American way round or with a digit wrong.

The demo's agencies hold a child by the name a school uses (`KNOWN_AS`) and misspell surnames
as people mishear them (`misspell`); the identity benchmark's records carry typos, nicknames
and date slips (`typo`, `nickname`, `dob_slip`).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from joinedup.people.matching.nicknames import NICKNAMES

# What a school or a friend calls a child; the health record keeps the registered name.
KNOWN_AS = {
    "Kevin": "Kev",
    "Madison": "Maddie",
    "William": "Billy",
    "Alexander": "Alex",
    "Thomas": "Tommy",
    "Samuel": "Sam",
    "Benjamin": "Ben",
    "Joshua": "Josh",
    "Daniel": "Danny",
    "Jessica": "Jess",
    "Isabella": "Bella",
    "Elizabeth": "Lizzie",
    "Olivia": "Liv",
    "Charlotte": "Lottie",
    "Matthew": "Matty",
    "Jacob": "Jake",
    "Frederick": "Freddie",
    "Alfred": "Alfie",
    "Oliver": "Ollie",
    "Gabriella": "Gabby",
    "Abigail": "Abby",
    "Katherine": "Katie",
    "Jakub": "Kuba",
    "Zofia": "Zosia",
    "Mohammed": "Mo",
    "Nathan": "Nate",
    "Callum": "Cal",
}

# How a surname is commonly misheard or mistyped.
SURNAME_VARIANTS = {
    "Thompson": "Thomson",
    "Clarke": "Clark",
    "Reid": "Reed",
    "Phillips": "Philips",
    "Hughes": "Hewes",
    "Stevens": "Stephens",
    "Byrne": "Burne",
    "McCarthy": "MacCarthy",
    "O'Brien": "OBrian",
    "Wójcik": "Wojcik",
    "Okafor": "Okafur",
    "Mensah": "Mensa",
    "Chowdhury": "Choudhury",
    "Hussain": "Hussein",
    "Popescu": "Popesku",
    "Gallagher": "Gallacher",
    "Lawson": "Lauson",
    "Shaw": "Shore",
    "Pearce": "Pierce",
    "Francis": "Frances",
}


def misspell(family: str, pick: int) -> str:
    """A plausible misspelling, chosen by `pick` (any int), never the name itself."""
    if family in SURNAME_VARIANTS and pick % 3:
        return SURNAME_VARIANTS[family]
    edits = []
    for i in range(1, len(family) - 1):
        a, b = family[i], family[i + 1]
        if a.isalpha() and b.isalpha() and a != b:
            edits.append(family[:i] + b + a + family[i + 2 :])  # two letters swapped
    for i in range(1, len(family)):
        if family[i] == family[i - 1]:
            edits.append(family[:i] + family[i + 1 :])  # a double letter single
    for i, ch in enumerate(family):
        if ch in "aeiou":
            other = {"a": "e", "e": "a", "i": "y", "o": "u", "u": "o"}[ch]
            edits.append(family[:i] + other + family[i + 1 :])  # a vowel misheard
    edits = [e for e in edits if e != family]
    return edits[pick % len(edits)] if edits else family + "e"


def swap_day_month(day: int, month: int) -> tuple[int, int] | None:
    """The day and month read the American way round, where that is still a date and differs."""
    if day <= 12 and day != month:
        return month, day
    return None


_KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm"


def typo(rng: random.Random, word: str) -> str:
    """A letter dropped, two swapped, a neighbour on the keyboard hit, or a vowel added."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1 :]
    if kind < 0.55 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.8:
        row = _KEYBOARD.find(word[i].lower())
        near = _KEYBOARD[max(row - 1, 0) : row + 2].replace(" ", "") or "e"
        return word[:i] + rng.choice(near) + word[i + 1 :]
    return word[:i] + rng.choice("aeiou") + word[i:]


def dob_slip(rng: random.Random, dob: date) -> date:
    """The day and month swapped, or one digit wrong (still a date before 2026), or a few
    weeks out."""
    kind = rng.random()
    if kind < 0.4 and dob.day <= 12 and dob.day != dob.month:
        return date(dob.year, dob.day, dob.month)
    for _ in range(10):
        text = dob.strftime("%Y%m%d")
        i = rng.choice((2, 3, 5, 6, 7))
        text = text[:i] + str(rng.randrange(10)) + text[i + 1 :]
        try:
            slipped = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            continue
        if slipped != dob and slipped < date(2026, 1, 1):
            return slipped
    return dob + timedelta(days=rng.choice((-1, 1)) * rng.randint(1, 40))


def nickname(rng: random.Random, given: str) -> str:
    """A short form of a formal name, or the formal name of a short one (the matcher's own
    table of nicknames); the name itself if it has neither."""
    shorts = NICKNAMES.get(given.lower())
    if shorts:
        return rng.choice(shorts).capitalize()
    for formal, forms in NICKNAMES.items():
        if given.lower() in forms:
            return formal.capitalize()
    return given
