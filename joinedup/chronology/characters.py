"""Characters no event may carry, and how deep it may nest: checked on every string of the body.

- NUL (U+0000): PostgreSQL cannot store it in text or JSON, so an event carrying one was
  refused by the database with "send it again", which could never succeed.
- Other control characters (C0 but tab, newline and carriage return; C1): invisible, they make
  two names that look the same differ, and a terminal or log may act on them.
- Bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069): a
  right-to-left override makes "Maya" display as "ayaM" wherever the name is shown.
- Unpaired surrogates (U+D800 to U+DFFF, which JSON's \\uXXXX escapes allow): no UTF-8 text can
  hold one, so storing it fails.

Each is refused naming the field (`subjects[0].name.family`), never stripped: a name changed
silently would be a different person's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# Deeper than any field of the contract (details.injury.kind is three levels) by a margin.
MAX_DEPTH = 32

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def character_problem(text: str) -> str:
    """Why `text` cannot be taken, or "" when it can."""
    if "\x00" in text:
        return "contains a NUL character (U+0000)"
    if found := _SURROGATE.search(text):
        return f"contains an unpaired surrogate (U+{ord(found.group()):04X})"
    if found := _CONTROL.search(text):
        return f"contains a control character (U+{ord(found.group()):04X})"
    if found := _BIDI.search(text):
        return f"contains a bidirectional control character (U+{ord(found.group()):04X})"
    return ""


def body_problems(value: Any, path: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    """(field path, reason) for every string (or field name) of a decoded JSON value that
    `character_problem` refuses, and for nesting deeper than MAX_DEPTH."""
    if depth > MAX_DEPTH:
        yield path or "$", f"is nested more than {MAX_DEPTH} levels deep"
        return
    if isinstance(value, str):
        if problem := character_problem(value):
            yield path or "$", problem
    elif isinstance(value, dict):
        for key, item in value.items():
            name = str(key)
            if problem := character_problem(name):  # named with the character escaped
                name = name.encode("unicode_escape").decode("ascii")
                yield (f"{path}.{name}" if path else name), f"the field's name {problem}"
                continue
            yield from body_problems(item, f"{path}.{name}" if path else name, depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from body_problems(item, f"{path}[{i}]", depth + 1)
