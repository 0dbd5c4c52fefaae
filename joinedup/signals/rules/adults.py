"""Rules over the adults named with a child: one who poses a risk, one not known to the case."""

from __future__ import annotations

from collections.abc import Iterable

from joinedup.cases.selectors import CaseState
from joinedup.core.calendar import local_date
from joinedup.signals.facts import ADULT_ROLES, Child, Fact, Finding, Known, Link, by_time
from joinedup.signals.rules.declaration import Rule
from joinedup.signals.rules.words import day_words, intro, pronoun


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
    for adult_id, seen in _unknown_appearances(known).items():
        adult = known.adults[adult_id]
        first, state = seen[0]
        facts = tuple(dict.fromkeys(lk.fact for lk, _ in seen))
        yield Finding(
            rule.code,
            f"adult:{adult_id}",
            key_facts=facts,
            context_facts=(state.referral_fact,) if state.referral_fact is not None else (),
            sentence=(
                f"{intro(child, first.fact.day)}, has an open case; {adult.name}, who is not on "
                f"{pronoun(child)[1]} record as a known household member, "
                f"{_appearance_words(first, child)} "
                f"({first.fact.organisation}, {day_words(first.fact.day)})."
            ),
        )


def _unknown_appearances(known: Known) -> dict[int, list[tuple[Link, CaseState]]]:
    """adult id -> each time they appeared with the child while the case was open, oldest
    first, not yet on the child's record (named in a social care event, or with the child
    before the case opened)."""
    links = [
        lk
        for lk in known.links
        if (adult := known.adults.get(lk.adult_id)) is not None and adult.is_adult_on(lk.fact.day)
    ]
    appearances: dict[int, list[tuple[Link, CaseState]]] = {}
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
    return appearances


def _appearance_words(first: Link, child: Child) -> str:
    him = {"she": "her", "he": "him"}.get(pronoun(child)[0], "them")
    how = {
        "accompanying_adult": f"accompanied {him}",
        "next_of_kin": f"was named as {pronoun(child)[1]} next of kin",
        "household_member": f"was recorded as living in {pronoun(child)[1]} household",
    }.get(first.kind, "joined the household")
    if first.fact.type == "housing.household_change":
        how = "joined the household"
    return how
