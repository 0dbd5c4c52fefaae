"""The risk rules of signals v1 (shared/spec/signals-v1.md), each declared once.

A rule is a code, a plain-English description, whom it routes to, its parameters and one pure
function over what the partnership knew about a child at a moment (`Known`, see facts.py). The
docs (`joinedup docs-signals`), the UI and the engine all read this registry. How to add a rule:
docs/signals.md, "Adding a rule".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from joinedup.cases.selectors import case_state_from
from joinedup.signals.calendar import add_working_days, local_date, start_of_day
from joinedup.signals.facts import Child, ChildFacts, Fact, Finding, Known, by_time

# Where a signal can go. Each rule names its routes; services.py resolves them to people.
ROUTES: dict[str, str] = {
    "social_worker": "the child's allocated social worker",
    "social_worker_or_front_door": "the allocated social worker, or the front door if none",
    "front_door_or_social_worker": "the front door, or the social worker if allocated",
    "front_door": "the front door (children's social care) of the child's local authority",
    "manager": "the social worker's team manager",
    "attending_clinician": "the attending clinician's organisation (health practitioners there)",
    "school_dsl": "the designated safeguarding lead of the child's school (from its events)",
    "health_named": "the health visitor or GP service named on the events",
    "social_worker_if_allocated": "the allocated social worker, if there is one",
}

# How soon a response is expected.
DUE: dict[str, str] = {
    "one_working_day": "within one working day",
    "same_day": "the same day",
    "next_school_day": "before the start of the next school day (08:30)",
}

ADULT_ROLES = frozenset(
    {
        "parent",
        "carer",
        "accompanying_adult",
        "household_member",
        "next_of_kin",
        "alleged_perpetrator",
    }
)
CHILD_ROLES = frozenset({"child", "subject", "victim", "witness"})


@dataclass(frozen=True)
class Param:
    name: str
    value: Any
    meaning: str


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    description: str
    routes: tuple[str, ...]
    params: tuple[Param, ...]
    kind: Literal["event", "scheduled"] = "event"
    due: str = "one_working_day"
    # Event rules: every finding true of what was known at `known.at`.
    evaluate: Callable[[Known, Rule], Iterable[Finding]] | None = None
    # Scheduled rules: every finding whose deadline passed by `until`.
    sweep: Callable[[ChildFacts, datetime, Rule], Iterable[Finding]] | None = None

    def p(self, name: str) -> Any:
        return next(p.value for p in self.params if p.name == name)

    @property
    def routes_text(self) -> str:
        return "; ".join(ROUTES[r] for r in self.routes)


# --- words -------------------------------------------------------------------------------


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


def _lst(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- the rules ---------------------------------------------------------------------------


def cp_plan_unscheduled_care(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    for a in known.of_type("health.unscheduled_care_attendance"):
        if a.role not in CHILD_ROLES:
            continue
        state = known.case_at(a.occurred_at)
        if state.cp_plan_fact is not None:
            basis, status = state.cp_plan_fact, "on a child protection plan"
        elif state.looked_after_fact is not None:
            basis, status = state.looked_after_fact, "looked after"
        else:
            continue
        ref = a.day
        why = f" with {injury_words(a, child)}" if a.is_injury else ""
        complaint = a.details.get("presenting_complaint")
        if not why and complaint:
            why = f" ({complaint})"
        she = pronoun(child)[0]
        verb = "have" if she == "they" else "has"
        yield Finding(
            rule.code,
            f"attendance:{a.event_id}",
            key_facts=(a,),
            context_facts=(basis,),
            sentence=(
                f"{intro(child, ref)}, attended {setting_words(a)} on {day_words(ref, ref)}{why};"
                f" {she} {verb} been {status} since {day_words(basis.occurred_at, ref)}."
            ),
            route_organisations=(a.organisation_id,),
        )


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


def _windows(facts: list[Fact], days: int) -> Iterable[tuple[Fact, tuple[Fact, ...]]]:
    """For each fact, the facts within `days` before it (itself included), oldest first."""
    for i, f in enumerate(facts):
        yield f, tuple(g for g in facts[: i + 1] if (f.day - g.day).days <= days)


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
    for f, window in _windows(injuries, rule.p("window_days")):
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
                f"{rule.p('window_days')} days: {_lst(items)}."
            ),
        )


def _adult_links(known: Known, *, exclude_roles: frozenset[str] = frozenset()) -> dict:
    """adult id -> the links naming them with the child, oldest known first."""
    found: dict[int, list] = {}
    for link in sorted(known.links, key=lambda k: (k.fact.reported_at, k.fact.version_id)):
        adult = known.adults.get(link.adult_id)
        if adult is None or not adult.is_adult_on(link.fact.day):
            continue
        if link.kind in ("sibling", "professional", "referrer", "witness", "victim", "child"):
            continue
        if link.kind in exclude_roles:
            continue
        found.setdefault(link.adult_id, []).append(link)
    return found


RELATION_WORDS = {
    "mothers_partner": "mother's partner",
    "fathers_partner": "father's partner",
    "step_parent": "step-parent",
    "other_relative": "relative",
    "next_of_kin": "named next of kin",
    "accompanying_adult": "an adult who accompanied them",
    "household_member": "a household member",
    "alleged_perpetrator": "named in an incident with them",
    "family_friend": "family friend",
}


def _relation(links: list, child: Child) -> str:
    relations = [lk.kind for lk in links if lk.kind not in ADULT_ROLES]
    kind = relations[0] if relations else links[0].kind
    words = RELATION_WORDS.get(kind, kind.replace("_", " "))
    if words.startswith(("a ", "an ", "named")):
        return words.replace("them", "her" if child.sex == "female" else "him")
    return f"{pronoun(child)[1]} {words}"


OFFENCE_WORDS = {
    "police.arrest": "was arrested",
    "police.charge": "was charged",
    "police.conviction": "was convicted",
}


def _risky(f: Fact, rule: Rule) -> str | None:
    if f.type in OFFENCE_WORDS:
        category = f.details.get("offence_category")
        if category in rule.p("offence_categories"):
            what = {"domestic_abuse": "a domestic abuse", "sexual": "a sexual"}.get(
                str(category), "a violent"
            )
            return f"{OFFENCE_WORDS[f.type]} for {what} offence on {day_words(f.day)}"
    if f.type == "probation.risk_notification":
        risk = f.details.get("risk_to_children")
        if risk in rule.p("probation_risk_levels"):
            return (
                f"was assessed by {f.organisation} on {day_words(f.day)} as a "
                f"{str(risk).replace('_', ' ')} risk to children"
            )
    return None


def risky_adult_linked(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    for adult_id, links in _adult_links(known).items():
        adult = known.adults[adult_id]
        risky = [
            (f, w) for f in by_time(known.adult_facts.get(adult_id, [])) if (w := _risky(f, rule))
        ]
        if not risky:
            continue
        link = links[0]
        yield Finding(
            rule.code,
            f"adult:{adult_id}",
            key_facts=tuple(f for f, _ in risky),
            context_facts=(link.fact,),
            sentence=(
                f"{intro(child, local_date(known.at))}: {adult.name}, {_relation(links, child)} "
                f"(named with {child.name.split()[0]} by "
                f"{link.fact.organisation} on {day_words(link.fact.day)}), "
                f"{'; '.join(w for _, w in risky)}."
            ),
        )


APPEARANCE_ROLES = frozenset({"accompanying_adult", "next_of_kin", "household_member"})


def unknown_adult_in_household(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    links = [
        lk
        for lk in known.links
        if (adult := known.adults.get(lk.adult_id)) is not None and adult.is_adult_on(lk.fact.day)
    ]
    appearances: dict[int, list] = {}
    for lk in sorted(links, key=lambda k: (k.fact.occurred_at, k.fact.version_id)):
        joined = (
            lk.fact.type == "housing.household_change"
            and lk.fact.details.get("change") == "adult_joined"
            and lk.kind not in ("professional", "referrer")
        )
        if lk.kind not in APPEARANCE_ROLES and not joined:
            continue
        state = known.case_at(lk.fact.occurred_at)
        if not state.open_case or state.open_since is None:
            continue
        on_record = any(
            other.adult_id == lk.adult_id
            and other.fact.occurred_at <= lk.fact.occurred_at
            and other.fact.version_id != lk.fact.version_id
            and (
                other.fact.type.startswith("social_care.")
                or other.fact.occurred_at < state.open_since
            )
            for other in links
        )
        if not on_record:
            appearances.setdefault(lk.adult_id, []).append((lk, state))
    for adult_id, seen in appearances.items():
        adult = known.adults[adult_id]
        first, state = seen[0]
        facts = tuple(dict.fromkeys(lk.fact for lk, _ in seen))
        him = {"she": "her", "he": "him"}.get(pronoun(child)[0], "them")
        how = {
            "accompanying_adult": f"accompanied {him}",
            "next_of_kin": f"was named as {pronoun(child)[1]} next of kin",
            "household_member": f"was recorded as living in {pronoun(child)[1]} household",
        }.get(first.kind, "joined the household")
        if first.fact.type == "housing.household_change":
            how = "joined the household"
        yield Finding(
            rule.code,
            f"adult:{adult_id}",
            key_facts=facts,
            context_facts=(state.referral_fact,) if state.referral_fact is not None else (),
            sentence=(
                f"{intro(child, first.fact.day)}, has an open case; {adult.name}, who is not on "
                f"{pronoun(child)[1]} record as a known household member, {how} "
                f"({first.fact.organisation}, {day_words(first.fact.day)})."
            ),
        )


def _wnb_day(f: Fact) -> date:
    raw = f.details.get("appointment_at")
    if isinstance(raw, str):
        try:
            return local_date(datetime.fromisoformat(raw.replace("Z", "+00:00")))
        except ValueError:
            pass
    return f.day


def was_not_brought(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    missed = sorted(
        (
            f
            for f in known.facts
            if f.type == "health.appointment_not_attended" and f.role in CHILD_ROLES
        ),
        key=lambda f: (_wnb_day(f), f.version_id),
    )
    days = rule.p("window_days")
    for i, f in enumerate(missed):
        window = tuple(g for g in missed[: i + 1] if (_wnb_day(f) - _wnb_day(g)).days <= days)
        if len(window) < rule.p("min_missed"):
            continue
        items = [
            f"{g.details.get('service') or g.organisation} on {day_words(_wnb_day(g), _wnb_day(f))}"
            for g in window
        ]
        yield Finding(
            rule.code,
            f"missed:{window[0].event_id}",
            key_facts=window,
            sentence=(
                f"{intro(child, f.day)}, was not brought to {len(window)} health appointments "
                f"within {days} days: {_lst(items)}."
            ),
            route_organisations=tuple(dict.fromkeys(g.organisation_id for g in window)),
        )


def multi_agency_concern(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    concerns = known.where(lambda f: f.is_concern and f.role in CHILD_ROLES)
    for f, window in _windows(concerns, rule.p("window_days")):
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
                f"{rule.p('window_days')} days ({_lst(items)}), and there is no open referral."
            ),
        )


def domestic_abuse_school_notice(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    schools = known.where(lambda f: f.agency == "education")
    for f in known.of_type("police.domestic_abuse_incident"):
        if f.role not in CHILD_ROLES or f.details.get("children_present") is False:
            continue
        age = child.age_on(f.day)
        if age is None or not rule.p("min_age") <= age <= rule.p("max_age"):
            continue
        school = [s for s in schools if s.occurred_at <= f.reported_at or s.reported_at <= known.at]
        yield Finding(
            rule.code,
            f"incident:{f.event_id}",
            key_facts=(f,),
            sentence=(
                f"{intro(child, f.day)}, was present at a domestic abuse incident attended by "
                f"{f.organisation} on {day_words(f.day)}. "
                f"{pronoun(child)[1].capitalize()} school should know before the next school day."
            ),
            route_organisations=(school[-1].organisation_id,) if school else (),
        )


def re_referral(known: Known, rule: Rule) -> Iterable[Finding]:
    child = known.child
    for r in known.of_type("social_care.referral"):
        before = case_state_from(
            [
                f
                for f in known.facts
                if f.version_id != r.version_id and f.occurred_at <= r.occurred_at
            ]
        )
        if before.open_case or before.last_closure is None or before.last_closure_at is None:
            continue
        gap = (r.day - local_date(before.last_closure_at)).days
        if gap > rule.p("within_days"):
            continue
        closure = before.last_closure
        how = (
            "closed with no further action"
            if closure.type == "social_care.referral"
            else f"closed ({closure.details.get('reason') or 'no reason given'})".replace("_", " ")
        )
        yield Finding(
            rule.code,
            f"referral:{r.event_id}",
            key_facts=(r,),
            context_facts=(closure,),
            sentence=(
                f"{intro(child, r.day)}, was referred again on {day_words(r.day)}, {gap} days "
                f"after {pronoun(child)[1]} previous referral was {how} on "
                f"{day_words(closure.occurred_at, r.day)}."
            ),
        )


def child_not_seen(facts: ChildFacts, until: datetime, rule: Rule) -> Iterable[Finding]:
    child = facts.child
    social = by_time(f for f in facts.facts if f.type.startswith("social_care."))
    for plan in (f for f in social if f.type == "social_care.child_protection_plan_started"):
        ended = next(
            (
                f
                for f in social
                if f.occurred_at > plan.occurred_at
                and f.type in ("social_care.child_protection_plan_ended", "social_care.case_closed")
            ),
            None,
        )
        later_plan = next(
            (f for f in social if f.type == plan.type and f.occurred_at > plan.occurred_at),
            None,
        )
        for test, days, key, what in (
            ("child_seen", rule.p("seen_within_working_days"), "seen", "seen"),
            ("seen_alone", rule.p("alone_within_working_days"), "alone", "seen alone"),
        ):
            visits = [
                f
                for f in social
                if f.type == "social_care.visit"
                and f.details.get(test) is True
                and f.occurred_at >= plan.occurred_at
            ]
            base, base_fact, i = plan.day, None, 0
            while True:
                deadline_day = add_working_days(base, days)
                passed = start_of_day(deadline_day + timedelta(days=1))
                if passed > until:
                    break
                if ended is not None and ended.occurred_at < passed and ended.reported_at <= passed:
                    break
                if later_plan is not None and later_plan.occurred_at < passed:
                    break
                while i < len(visits) and visits[i].day <= base:
                    i += 1
                in_time = None
                for v in visits[i:]:
                    if v.occurred_at >= passed:
                        break
                    if v.reported_at <= passed:
                        in_time = v
                        break
                if in_time is not None:
                    base, base_fact = in_time.day, in_time
                    continue
                since = (
                    f"since the plan started on {day_words(plan.day)}"
                    if base_fact is None
                    else f"since {day_words(base)}"
                )
                yield Finding(
                    rule.code,
                    f"{key}:{plan.event_id}:{base.isoformat()}",
                    key_facts=(),  # the pattern is the key: plan, what and since
                    context_facts=(plan,) if base_fact is None else (plan, base_fact),
                    sentence=(
                        f"{intro(child, deadline_day)}, on a child protection plan, has not been "
                        f"{what} by a social worker {since}: {days} working days passed on "
                        f"{day_words(deadline_day)}."
                    ),
                    raised_at=max(passed, plan.reported_at),
                )
                if i >= len(visits):
                    break
                base, base_fact = visits[i].day, visits[i]


# --- the registry --------------------------------------------------------------------------

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
                Param("seen_within_working_days", 10, "working days without the child seen"),
                Param("alone_within_working_days", 20, "working days without being seen alone"),
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
