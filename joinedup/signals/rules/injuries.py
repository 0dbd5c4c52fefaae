"""Rules over injuries, from any agency: a baby not yet mobile, a young child injured again."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from joinedup.core.vocabulary import CHILD_ROLES
from joinedup.signals.facts import Child, Fact, Finding, Known, windows
from joinedup.signals.rules.declaration import Rule
from joinedup.signals.rules.words import and_list, day_words, injury_words, intro

NOT_MOBILE = re.compile(
    r"non[- _]?mobile|pre[- _]?mobile|immobile|not (yet )?(mobile|rolling|crawling|walking)|"
    r"(cannot|can't|can not|unable to|does not|doesn't|not (yet )?able to) (yet )?"
    r"(roll|crawl|walk|move|sit)",
    re.IGNORECASE,
)
MOBILE_FLAGS = ("mobile", "is_mobile")
NOT_MOBILE_FLAGS = ("non_mobile", "not_mobile", "immobile", "pre_mobile")


def _texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def not_mobile(f: Fact) -> bool:
    """Recorded as not yet mobile: a flag (`mobile: false`, `non_mobile: true`), a `mobility`
    value, or the words of the record ("cannot yet roll over", "non-mobile")."""
    d = f.details
    if any(d.get(k) is False for k in MOBILE_FLAGS):
        return True
    if any(d.get(k) is True for k in NOT_MOBILE_FLAGS):
        return True
    return bool(NOT_MOBILE.search(" ".join([f.summary, *_texts(d)])))


def _infant_injury_reason(child: Child, f: Fact, rule: Rule) -> str | None:
    months = child.months_on(f.day)
    if months is None or months < 0:
        return None
    if months < rule.p("under_months"):
        return f"under {rule.p('under_months')} months old"
    if months < rule.p("not_mobile_under_months") and not_mobile(f):
        return "not yet mobile"
    return None


def non_mobile_infant_injury(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    injuries = [
        f
        for f in known.where(lambda f: f.is_injury and f.role in CHILD_ROLES)
        if _infant_injury_reason(child, f, rule)
    ]
    episode = timedelta(days=rule.p("episode_days"))
    for i, f in enumerate(injuries):
        same = tuple(g for g in injuries[: i + 1] if f.occurred_at - g.occurred_at <= episode)
        reason = _infant_injury_reason(child, f, rule)
        yield Finding(
            rule.code,
            f"injury:{same[0].event_id}",
            key_facts=same,
            sentence=(
                f"{intro(child, f.day)}, {'not yet mobile, ' if reason == 'not yet mobile' else ''}"
                f"was recorded by {f.organisation} on "
                f"{day_words(f.day)} with {injury_words(f, child)}. Injuries to babies who are "
                f"not yet mobile are rare and need a same-day response."
            ),
        )


def repeat_injury(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    injuries = known.where(
        lambda f: (
            f.is_injury
            and f.role in CHILD_ROLES
            and (age := child.age_on(f.day)) is not None
            and age < rule.p("under_age_years")
        )
    )
    for f, window in windows(injuries, rule.p("window_days")):
        if len(window) < rule.p("min_injuries"):
            continue
        items = [
            f"{injury_words(g, child)} ({g.organisation}, {day_words(g.day, f.day)})"
            for g in window
        ]
        yield Finding(
            rule.code,
            f"injuries:{window[0].event_id}",
            key_facts=window,
            sentence=(
                f"{intro(child, f.day)}, has had {len(window)} injuries recorded within "
                f"{rule.p('window_days')} days: {and_list(items)}."
            ),
        )
