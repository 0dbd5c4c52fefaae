"""How the pages write dates, codes and event details, in GOV.UK style.

Plain functions, fast enough to call for every entry of a long chronology (ui.timeline does);
the template filters in templatetags/govuk.py are the same functions.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from joinedup.chronology.registry import EVENT_TYPES, DetailField

MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_LOCAL = ZoneInfo(settings.TIME_ZONE)


def govuk_date(value: date | None) -> str:
    """4 May 2026"""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(_LOCAL)
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def _time(local: datetime) -> str:
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def govuk_datetime(value: datetime | None) -> str:
    """4 May 2026 at 3:05pm"""
    if value is None:
        return ""
    local = value.astimezone(_LOCAL)
    return f"{local.day} {MONTHS[local.month]} {local.year} at {_time(local)}"


@lru_cache(maxsize=4096)
def humanise(code: str) -> str:
    """presenting_complaint -> Presenting complaint"""
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


_CODE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")


def _value(value: Any, detail: DetailField | None) -> str:  # noqa: C901  (one way to show each kind of detail)
    kind = detail.kind if detail else None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "":
        return ""
    if isinstance(value, dict):
        fields = {f.name: f for f in detail.fields} if detail else {}
        if kind == "object":  # "injury": {"kind": "burn", "site": "hand"} -> "Burn, hand"
            return ", ".join(t for t in (_value(v, fields.get(k)) for k, v in value.items()) if t)
        return "; ".join(f"{humanise(k)}: {_value(v, None)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v, None) for v in value)
    if kind == "date" and isinstance(value, str):
        try:
            return govuk_date(date.fromisoformat(value))
        except ValueError:
            return value
    if kind == "datetime" and isinstance(value, str):
        try:
            return govuk_datetime(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
    if kind == "enum" or (isinstance(value, str) and "_" in value and _CODE.fullmatch(value)):
        return humanise(value)  # "emergency_department" -> "Emergency department"
    return str(value)


@cache
def _declared(type_code: str) -> dict[str, DetailField]:
    event_type = EVENT_TYPES.get(type_code)
    return {f.name: f for f in event_type.details} if event_type else {}


def key_details(type_code: str, details: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs in the order the registry declares them, extensions after."""
    if not details:
        return []
    declared = _declared(type_code)
    ordered = [name for name in declared if name in details]
    ordered += [name for name in details if name not in declared]
    pairs = []
    for name in ordered:
        text = _value(details[name], declared.get(name))
        if text:
            pairs.append((humanise(name), text))
    return pairs
