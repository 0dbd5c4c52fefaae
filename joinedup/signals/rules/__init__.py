"""The risk rules of signals v1 (shared/spec/signals-v1.md), each declared once: the registry.

A rule is a code, a plain-English description, whom it routes to, its parameters and one pure
function over what the partnership knew about a child at a moment (`Known`, see facts.py):
`declaration.py` says what a rule declares, and the functions live by family (`health.py`,
`injuries.py`, `adults.py`, `concerns.py`, `social_care.py`), their sentences' words in
`words.py`. The docs (`joinedup docs-signals`), the UI and the engine all read this registry.
How to add a rule: docs/signals.md, "Adding a rule".
"""

from __future__ import annotations

import re
from datetime import datetime

from joinedup.cases.clocks import clock
from joinedup.signals.facts import ChildFacts, Finding
from joinedup.signals.rules.adults import risky_adult_linked, unknown_adult_in_household
from joinedup.signals.rules.concerns import domestic_abuse_school_notice, multi_agency_concern
from joinedup.signals.rules.declaration import DUE, ROUTES, Param, Rule
from joinedup.signals.rules.health import cp_plan_unscheduled_care, was_not_brought
from joinedup.signals.rules.injuries import non_mobile_infant_injury, repeat_injury
from joinedup.signals.rules.social_care import child_not_seen, re_referral

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule(
            "cp_plan_unscheduled_care",
            "Unscheduled care while on a plan or looked after",
            "A child with an open child protection plan, or who is looked after, attends "
            "unscheduled health care (emergency department, urgent treatment centre, walk-in, "
            "minor injuries).",
            ("social_worker_or_front_door", "attending_clinician"),
            (),
            evaluate=cp_plan_unscheduled_care,
        ),
        Rule(
            "non_mobile_infant_injury",
            "Injury to a baby who is not yet mobile",
            "Any injury (bruise, fracture, burn, head injury...) is recorded for a child under "
            "6 months, or under 12 months and recorded as not yet mobile. Records of the same "
            "injury within a few days are one signal.",
            ("front_door",),
            (
                Param("under_months", 6, "any injury below this age in months"),
                Param("not_mobile_under_months", 12, "below this age, if recorded as not mobile"),
                Param("episode_days", 7, "injury records this close together are one episode"),
            ),
            due="same_day",
            evaluate=non_mobile_infant_injury,
        ),
        Rule(
            "repeat_injury",
            "Repeated injuries to a young child",
            "Two or more injury events for a child under 5 within 90 days, from any agencies.",
            ("front_door_or_social_worker",),
            (
                Param("under_age_years", 5, "the child's age in years, below"),
                Param("window_days", 90, "days between the injuries, at most"),
                Param("min_injuries", 2, "injury events, at least"),
            ),
            evaluate=repeat_injury,
        ),
        Rule(
            "risky_adult_linked",
            "An adult linked to the child poses a risk",
            "An adult linked to the child (household member, parent's partner, next of kin, "
            "accompanying adult) has a police arrest, charge or conviction for a violent, sexual "
            "or domestic abuse offence, or a probation risk to children of medium or above.",
            ("social_worker_or_front_door",),
            (
                Param(
                    "offence_categories",
                    ("violence", "sexual", "domestic_abuse"),
                    "police offence categories that count",
                ),
                Param(
                    "probation_risk_levels",
                    ("medium", "high", "very_high"),
                    "probation risk to children that counts",
                ),
            ),
            evaluate=risky_adult_linked,
        ),
        Rule(
            "unknown_adult_in_household",
            "An adult not known to the case appears with the child",
            "An adult who is not on the child's record as a known household member (named in "
            "a social care event, or with the child before the case opened) appears with the "
            "child (accompanying adult, named next of kin, household member, household change) "
            "while the child has an open case.",
            ("social_worker_or_front_door",),
            (),
            evaluate=unknown_adult_in_household,
        ),
        Rule(
            "was_not_brought",
            "Not brought to health appointments",
            "Two or more health appointments not attended by a child within 180 days.",
            ("health_named", "social_worker_if_allocated"),
            (
                Param("window_days", 180, "days between the missed appointments, at most"),
                Param("min_missed", 2, "missed appointments, at least"),
            ),
            evaluate=was_not_brought,
        ),
        Rule(
            "child_not_seen",
            "Child on a plan not seen",
            "A child on a child protection plan has not been seen by a social worker within 10 "
            "working days of the plan starting or of the last visit at which they were seen, or "
            "not seen alone within 20 working days (England working days: weekends and bank "
            "holidays excluded). Raised the moment the deadline passes: at midnight after the "
            "last working day allowed.",
            ("social_worker_or_front_door", "manager"),
            (
                # The visit clocks' own periods (cases.clocks): one declaration of each.
                Param(
                    "seen_within_working_days",
                    clock("visit").working_days,
                    "working days without the child seen",
                ),
                Param(
                    "alone_within_working_days",
                    clock("seen_alone").working_days,
                    "working days without being seen alone",
                ),
            ),
            kind="scheduled",
            sweep=child_not_seen,
        ),
        Rule(
            "multi_agency_concern",
            "Concerns from several agencies",
            "Concerns (any `*.concern`, `*.safeguarding_concern`, `police.child_concern`, an "
            "injury, or an attendance where the clinician raised a safeguarding concern) about a "
            "child come from three or more different agencies within 60 days, and there is no "
            "open referral.",
            ("front_door",),
            (
                Param("window_days", 60, "days spanned by the concerns, at most"),
                Param("min_agencies", 3, "different agencies, at least"),
            ),
            evaluate=multi_agency_concern,
        ),
        Rule(
            "domestic_abuse_school_notice",
            "Domestic abuse incident: tell the school",
            "Police attended a domestic abuse incident at which a school-age child (4 to 17) "
            "was present. Each incident is its own notice (Operation Encompass).",
            ("school_dsl",),
            (
                Param("min_age", 4, "youngest age in years (reception)"),
                Param("max_age", 17, "oldest age in years"),
            ),
            due="next_school_day",
            evaluate=domestic_abuse_school_notice,
        ),
        Rule(
            "re_referral",
            "Re-referral within a year",
            "A referral for a child within 12 months of the previous referral's closure (a case "
            "closed, or a referral decided no further action or early help).",
            ("front_door",),
            (Param("within_days", 365, "days since the closure, at most"),),
            evaluate=re_referral,
        ),
    )
}

EVENT_RULES = tuple(r for r in RULES.values() if r.kind == "event")
SCHEDULED_RULES = tuple(r for r in RULES.values() if r.kind == "scheduled")


def check_rules() -> list[str]:
    """Start-up validation of the registry. Returns the problems, empty when sound."""
    problems = []
    for code, rule in RULES.items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
            problems.append(f"rule {code}: the code must be snake_case")
        for route in rule.routes:
            if route not in ROUTES:
                problems.append(f"rule {code}: unknown route {route!r}")
        if rule.due not in DUE:
            problems.append(f"rule {code}: unknown due {rule.due!r}")
        if rule.kind == "event" and rule.evaluate is None:
            problems.append(f"rule {code}: an event rule needs an evaluate function")
        if rule.kind == "scheduled" and rule.sweep is None:
            problems.append(f"rule {code}: a scheduled rule needs a sweep function")
        names = [p.name for p in rule.params]
        if len(names) != len(set(names)):
            problems.append(f"rule {code}: a parameter is declared twice")
    return problems


def findings_for(cf: ChildFacts, *, since: datetime | None = None) -> list[Finding]:
    """What the event rules find for a child, moment by moment, from `since` (or all history)."""
    moments = cf.moments()
    if since is not None:
        moments = [m for m in moments if m >= since]
    found: list[Finding] = []
    for moment in moments:
        known = cf.known_at(moment)
        for rule in EVENT_RULES:
            assert rule.evaluate is not None
            found.extend(rule.evaluate(known, rule))
    return found
