"""The words of a signal's sentence: a child's pronouns and age, days, injuries, settings."""

from __future__ import annotations

from datetime import date, datetime

from joinedup.core.calendar import local_date
from joinedup.signals.facts import Child, Fact


def pronoun(child: Child) -> tuple[str, str]:
    return {"female": ("she", "her"), "male": ("he", "his")}.get(child.sex, ("they", "their"))


def age_words(child: Child, on: date) -> str:
    months = child.months_on(on)
    if months is None or months < 0:
        return "age not known"
    if months < 24:
        if months < 1:
            weeks = max((on - child.dob).days // 7, 0) if child.dob else 0
            return f"{weeks} week{'s' * (weeks != 1)} old"
        return f"{months} month{'s' * (months != 1)} old"
    return str(months // 12)


def intro(child: Child, on: date) -> str:
    return f"{child.name}, {age_words(child, on)}"


def day_words(day: date | datetime, ref: date | None = None) -> str:
    if isinstance(day, datetime):
        day = local_date(day)
    text = f"{day.day} {day:%B}"
    return text if ref is not None and ref.year == day.year else f"{text} {day.year}"


def kind_words(kind: str) -> str:
    return {"head_injury": "a head injury", "other": "an injury"}.get(
        kind, f"a {kind.replace('_', ' ')}"
    )


def injury_words(f: Fact, child: Child) -> str:
    injury = f.injury or {}
    what = kind_words(str(injury.get("kind") or "other"))
    site = injury.get("site")
    return f"{what} to {pronoun(child)[1]} {site}" if site else what


def setting_words(f: Fact) -> str:
    setting = str(f.details.get("setting") or "")
    short = {
        "emergency_department": "ED",
        "ed": "ED",
        "urgent_treatment_centre": "urgent treatment centre",
        "walk_in": "walk-in centre",
        "walk_in_centre": "walk-in centre",
        "minor_injuries": "minor injuries unit",
        "minor_injuries_unit": "minor injuries unit",
    }.get(setting.lower(), setting.replace("_", " "))
    return f"{f.organisation} {short}".strip()


def and_list(items: list[str]) -> str:
    """The items in words: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
