"""Rules over concerns several agencies raise, and the incidents a school must hear of."""

from __future__ import annotations

from collections.abc import Iterable

from joinedup.core.vocabulary import CHILD_ROLES
from joinedup.signals.facts import Finding, Known, windows
from joinedup.signals.rules.declaration import Rule
from joinedup.signals.rules.words import and_list, day_words, intro, pronoun


def multi_agency_concern(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    concerns = known.where(lambda f: f.is_concern and f.role in CHILD_ROLES)
    for f, window in windows(concerns, rule.p("window_days")):
        agencies = list(dict.fromkeys(g.agency for g in window))
        if len(agencies) < rule.p("min_agencies"):
            continue
        if known.case_at(f.occurred_at).open_case:
            continue
        items = [f"{g.organisation} ({day_words(g.day, f.day)})" for g in window]
        yield Finding(
            rule.code,
            f"concerns:{window[0].event_id}",
            key_facts=window,
            sentence=(
                f"{intro(child, f.day)}: {len(agencies)} agencies raised concerns within "
                f"{rule.p('window_days')} days ({and_list(items)}), and there is no open referral."
            ),
        )


def domestic_abuse_school_notice(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    school = known.school()
    for f in known.of_type("police.domestic_abuse_incident"):
        if f.role not in CHILD_ROLES or f.details.get("children_present") is False:
            continue
        age = child.age_on(f.day)
        if age is None or not rule.p("min_age") <= age <= rule.p("max_age"):
            continue
        yield Finding(
            rule.code,
            f"incident:{f.event_id}",
            key_facts=(f,),
            sentence=(
                f"{intro(child, f.day)}, was present at a domestic abuse incident attended by "
                f"{f.organisation} on {day_words(f.day)}. "
                f"{pronoun(child)[1].capitalize()} school should know before the next school day."
            ),
            route_organisations=(school,) if school is not None else (),
        )
