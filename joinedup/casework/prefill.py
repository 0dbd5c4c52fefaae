"""Nothing asked that the record already knows: each form starts from what the child's record
says (the contact's source and need, who came last time, the plan's category, when the next
visit falls due), so the worker types only what is new."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.conf import settings

from joinedup.cases.selectors import CaseState, SocialCareFact
from joinedup.casework.process import Step
from joinedup.core.calendar import add_working_days


def _last(facts: Sequence[SocialCareFact], *types: str) -> Any:
    found = [f for f in facts if f.type in types]
    return max(found, key=lambda f: (f.occurred_at, f.version_id)) if found else None


def _referral(state: CaseState, facts: Sequence[SocialCareFact], today: date) -> dict[str, Any]:
    contact = state.contact
    if contact is None:
        return {}
    return {
        "referral_source": contact.details.get("contact_source", ""),
        "presenting_need": contact.details.get("presenting_need", ""),
    }


def _agencies(facts: Sequence[SocialCareFact], *types: str) -> dict[str, Any]:
    last = _last(facts, *types)
    present = last.details.get("agencies_present") if last is not None else None
    return {"agencies_present": present} if present else {}


def _conference(state: CaseState, facts: Sequence[SocialCareFact], today: date) -> dict[str, Any]:
    initial: dict[str, Any] = {"kind": "review" if state.cp_plan_since else "initial"}
    if state.cp_plan_fact is not None and state.cp_plan_fact.details.get("category"):
        initial["category"] = state.cp_plan_fact.details["category"]
    if state.cp_plan_since:
        initial["decision"] = "plan_continues"
    return {**initial, **_agencies(facts, "social_care.conference", "social_care.core_group")}


def _core_group(state: CaseState, facts: Sequence[SocialCareFact], today: date) -> dict[str, Any]:
    return _agencies(facts, "social_care.core_group", "social_care.conference")


def _visit(state: CaseState, facts: Sequence[SocialCareFact], today: date) -> dict[str, Any]:
    every = int(getattr(settings, "CASE_VISIT_WORKING_DAYS", 10))
    return {"setting": "home", "next_visit_on": add_working_days(today, every)}


def _closure(state: CaseState, facts: Sequence[SocialCareFact], today: date) -> dict[str, Any]:
    done = state.assessment_done
    outcome = done.details.get("outcome") if done is not None else None
    reason = {"no_further_action": "RC8", "early_help": "RC9"}.get(str(outcome))
    return {"reason": reason} if reason else {}


_PREFILL: dict[str, Callable[[CaseState, Sequence[SocialCareFact], date], dict[str, Any]]] = {
    "referral": _referral,
    "conference": _conference,
    "core_group": _core_group,
    "visit": _visit,
    "case_closed": _closure,
}


def prefill(
    step: Step, state: CaseState, facts: Sequence[SocialCareFact], today: date
) -> dict[str, Any]:
    """The form's starting answers for this child, from their record."""
    found = _PREFILL.get(step.code)
    return found(state, facts, today) if found else {}
