"""Turning selector results into what the templates print, in GOV.UK style.

The chronology can hold thousands of entries, so each is flattened here, in plain Python, into
a dict of ready-made strings: the template loop then does attribute lookups only (dicts are
the fastest thing Django's template engine resolves), no filters, no tags, no queries.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from joinedup.chronology.models import EventVersion
from joinedup.chronology.registry import EVENT_TYPES, DetailField
from joinedup.chronology.selectors import ChronologyEntry

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

# One GOV.UK tag colour per agency, so a long chronology can be scanned by source.
AGENCY_TAGS = {
    "health": "govuk-tag--green",
    "police": "",
    "education": "govuk-tag--purple",
    "social_care": "govuk-tag--pink",
    "housing": "govuk-tag--orange",
    "probation": "govuk-tag--teal",
    "early_help": "govuk-tag--turquoise",
    "voluntary": "govuk-tag--yellow",
    "public": "govuk-tag--grey",
}


def govuk_date(value: date | None) -> str:
    """4 May 2026"""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(_LOCAL)
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def govuk_time(value: datetime) -> str:
    """3:05pm, midday, midnight"""
    local = value.astimezone(_LOCAL)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def govuk_datetime(value: datetime | None) -> str:
    """4 May 2026 at 3:05pm"""
    if value is None:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


def humanise(code: str) -> str:
    """presenting_complaint -> Presenting complaint"""
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


_CODE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")


def _value(value: Any, detail: DetailField | None) -> str:
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
    if kind == "enum" or (isinstance(value, str) and _CODE.fullmatch(value)):
        return humanise(value)  # "emergency_department" -> "Emergency department"
    return str(value)


def key_details(type_code: str, details: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs in the order the registry declares them, extensions after."""
    if not details:
        return []
    event_type = EVENT_TYPES.get(type_code)
    declared = {f.name: f for f in event_type.details} if event_type else {}
    ordered = [name for name in declared if name in details]
    ordered += [name for name in details if name not in declared]
    pairs = []
    for name in ordered:
        text = _value(details[name], declared.get(name))
        if text:
            pairs.append((humanise(name), text))
    return pairs


def _earlier(version: EventVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "summary": version.summary,
        "occurred": govuk_datetime(version.occurred_at),
        "received": govuk_datetime(version.received_at),
        "superseded": govuk_datetime(version.superseded_at),
        "details": key_details(version.type, version.details),
    }


def timeline_items(entries: list[ChronologyEntry]) -> list[dict[str, Any]]:
    items = []
    for entry in entries:
        subject = entry.subject
        v = subject.version
        org = v.organisation
        items.append(
            {
                "id": f"event-{v.event_id}",
                "title": v.type_label,
                "organisation": org.name,
                "agency": v.agency_label,
                "tag": AGENCY_TAGS.get(v.agency, "govuk-tag--grey"),
                "iso": v.occurred_at.isoformat(),
                "occurred": govuk_datetime(v.occurred_at),
                "reported": govuk_datetime(v.reported_at),
                "received": govuk_datetime(v.received_at),
                "summary": v.summary,
                "details": key_details(v.type, v.details),
                "role": subject.role_label,
                "record_id": v.event.record_id,
                "version": v.version,
                "earlier": [_earlier(e) for e in entry.earlier],
            }
        )
    return items
