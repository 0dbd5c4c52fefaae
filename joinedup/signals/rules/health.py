"""Rules over what health services record: unscheduled care while on a plan or looked after,
appointments a child was not brought to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from joinedup.core.calendar import local_date
from joinedup.core.vocabulary import CHILD_ROLES
from joinedup.signals.facts import Fact, Finding, Known
from joinedup.signals.rules.declaration import Rule
from joinedup.signals.rules.words import (
    and_list,
    day_words,
    injury_words,
    intro,
    pronoun,
    setting_words,
)


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
                f"within {days} days: {and_list(items)}."
            ),
            route_organisations=tuple(dict.fromkeys(g.organisation_id for g in window)),
        )
