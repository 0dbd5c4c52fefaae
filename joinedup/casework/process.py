"""The steps of the statutory process, declared once: what each records, who may record it, when
the child's page offers it, and which events it writes (England, Working Together to Safeguard
Children). The form, the API, the docs and the order checks all read these declarations.

A step writes one `social_care.*` event (and, for some outcomes, the events that follow from it:
a referral for assessment starts the assessment, a conference deciding on a plan starts the
plan). Its fields are the event's details; `summary` is the event's summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from joinedup.cases.selectors import CaseState

CHILD_SOCIAL_CARE = ("front_door", "social_worker", "team_manager")
WORKERS = ("social_worker", "team_manager")

# The DfE's reasons a case closes (CIN census), and its assessment factors (a selection;
# any code may be typed).
CLOSURE_REASONS = (
    ("RC1", "RC1 Adopted"),
    ("RC2", "RC2 Died"),
    ("RC3", "RC3 Child arrangements order"),
    ("RC4", "RC4 Special guardianship order"),
    ("RC5", "RC5 Transferred to services of another local authority"),
    ("RC6", "RC6 Transferred to adult social care services"),
    ("RC7", "RC7 Services ceased for any other reason, including child no longer in need"),
    ("RC8", "RC8 Case closed after assessment, no further action"),
    ("RC9", "RC9 Case closed after assessment, referred to early help"),
)
YES_NO = (("yes", "Yes"), ("no", "No"))


@dataclass(frozen=True)
class Field:
    """One question on a step's form. `kind`: text, words (a long answer), choice, yesno,
    date, moment, readers (partner users who may read the record). `detail`: whether the
    answer is one of the event's details (not so: the summary, the rationale, the readers)."""

    name: str
    label: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    hint: str = ""
    detail: bool = True  # stored in the event's details; False: summary or rationale


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    event_type: str
    roles: tuple[str, ...]
    fields: tuple[Field, ...]
    description: str = ""
    decision: bool = False  # asks for the rationale, and keeps what was known
    authorised: bool = False  # sent to a team manager, written once authorised
    # Dated when authorised (an assessment's authorisation date, the CIN census's), not when
    # the worker said it happened (a closure: the day the worker closed it).
    dated_by_authorisation: bool = False
    offered: Callable[[CaseState], bool] = field(default=lambda state: True)
    # The events that follow from the answers: (type, details) beside the step's own event.
    follows: Callable[[dict[str, Any]], list[tuple[str, dict[str, Any]]]] = field(
        default=lambda details: []
    )

    @property
    def slug(self) -> str:
        return self.code.replace("_", "-")


SUMMARY = "summary"
RATIONALE = "rationale"
READERS = "readers"  # partner users let read the step's record (access.grants)


def _summary(label: str, hint: str = "") -> Field:
    return Field(SUMMARY, label, "words", hint=hint, detail=False)


def _rationale(label: str = "Your reasons") -> Field:
    return Field(
        RATIONALE,
        label,
        "words",
        required=True,
        hint="In your words: what you weighed and why you decided so.",
        detail=False,
    )


def _agencies(label: str = "Who took part") -> Field:
    return Field(
        "agencies_present",
        label,
        hint="Name and agency, separated by commas. Police, health and education at least offered.",
    )


def _open(state: CaseState) -> bool:
    return state.open_case


def _referral_follows(details: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    if details.get("decision") in ("assessment", "s47", "strategy_discussion"):
        return [("social_care.assessment_started", {})]
    return []


def _strategy_follows(details: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [("social_care.s47_started", {})] if details.get("decision") == "s47" else []


def _conference_follows(details: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    category = {"category": details["category"]} if details.get("category") else {}
    if details.get("decision") == "plan":
        return [("social_care.child_protection_plan_started", category)]
    if details.get("decision") == "plan_ends":
        return [("social_care.child_protection_plan_ended", category)]
    return []


CP_CATEGORIES = (
    ("neglect", "Neglect"),
    ("physical", "Physical abuse"),
    ("sexual", "Sexual abuse"),
    ("emotional", "Emotional abuse"),
    ("multiple", "Multiple"),
)

STEPS: dict[str, Step] = {
    s.code: s
    for s in (
        Step(
            "contact",
            "Contact",
            "social_care.contact",
            CHILD_SOCIAL_CARE,
            (
                Field("contact_source", "Who made contact", required=True),
                Field("presenting_need", "What they are worried about", "words", required=True),
            ),
            description="Anyone may make contact; the front door decides within one working day.",
        ),
        Step(
            "referral",
            "Decision on the contact",
            "social_care.referral",
            CHILD_SOCIAL_CARE,
            (
                Field(
                    "decision",
                    "Decision",
                    "choice",
                    (
                        ("no_further_action", "No further action"),
                        ("information_and_advice", "Information and advice"),
                        ("early_help", "Early help"),
                        ("assessment", "Child and family assessment"),
                        ("strategy_discussion", "Strategy discussion"),
                    ),
                    required=True,
                ),
                Field("referral_source", "Referral source"),
                Field("presenting_need", "Presenting need", "words"),
                _rationale(),
            ),
            description="The front door's decision; an assessment or a strategy discussion "
            "opens the case and starts the assessment's clock.",
            decision=True,
            follows=_referral_follows,
        ),
        Step(
            "assessment",
            "Child and family assessment",
            "social_care.assessment_authorised",
            WORKERS,
            (
                Field(
                    "factors",
                    "Factors identified",
                    hint="DfE assessment factor codes, separated by commas, for example 2B, 3A.",
                ),
                _summary("Analysis", "What you found and what it means for the child."),
                Field("child_said", "What the child said", "words"),
                Field(
                    "outcome",
                    "Outcome",
                    "choice",
                    (
                        ("no_further_action", "No further action"),
                        ("cin_plan", "Child in need plan"),
                        ("strategy_discussion", "Strategy discussion"),
                        ("early_help", "Step down to early help"),
                    ),
                    required=True,
                ),
                _rationale(),
            ),
            description="Written by the worker, authorised by a team manager; dated when "
            "authorised.",
            decision=True,
            authorised=True,
            dated_by_authorisation=True,
            offered=lambda state: state.assessment is not None,
        ),
        Step(
            "strategy_discussion",
            "Strategy discussion",
            "social_care.strategy_discussion",
            CHILD_SOCIAL_CARE,
            (
                _agencies(),
                Field(
                    READERS,
                    "Partner participants who may read this record",
                    "readers",
                    hint="Those who took part from the police, health or a school: each may "
                    "then read this record, and nothing else of children's social care's.",
                    detail=False,
                ),
                _summary("Information shared"),
                Field(
                    "decision",
                    "Decision",
                    "choice",
                    (("s47", "Start a section 47 enquiry"), ("no_s47", "No section 47 enquiry")),
                    required=True,
                ),
                Field("immediate_safety", "Immediate safety actions", "words"),
                _rationale(),
            ),
            description="May be held at once, any day. Deciding on a section 47 enquiry starts "
            "it, and the initial conference's clock.",
            decision=True,
            follows=_strategy_follows,
        ),
        Step(
            "s47_concluded",
            "Section 47 enquiry: outcome",
            "social_care.s47_concluded",
            WORKERS,
            (
                Field("substantiated", "Were the concerns substantiated?", "yesno", YES_NO, True),
                Field("conference_needed", "Is a conference needed?", "yesno", YES_NO, True),
                _summary("Findings"),
                _rationale(),
            ),
            decision=True,
            offered=lambda state: state.s47 is not None,
        ),
        Step(
            "conference",
            "Child protection conference",
            "social_care.conference",
            WORKERS,
            (
                Field(
                    "kind",
                    "Conference",
                    "choice",
                    (("initial", "Initial"), ("review", "Review")),
                    required=True,
                ),
                _agencies("Who attended"),
                Field(
                    "decision",
                    "Decision",
                    "choice",
                    (
                        ("plan", "Child protection plan"),
                        ("no_plan", "No plan"),
                        ("plan_continues", "The plan continues"),
                        ("plan_ends", "The plan ends"),
                    ),
                    required=True,
                ),
                Field("category", "Category of abuse", "choice", (("", "None"), *CP_CATEGORIES)),
                _summary("The plan's outline and the core group"),
                _rationale(),
            ),
            description="Only a review conference ends a plan.",
            decision=True,
            offered=_open,
            follows=_conference_follows,
        ),
        Step(
            "core_group",
            "Core group meeting",
            "social_care.core_group",
            WORKERS,
            (_agencies(), _summary("What was agreed")),
            offered=lambda state: state.cp_plan_since is not None,
        ),
        Step(
            "visit",
            "Visit",
            "social_care.visit",
            WORKERS,
            (
                Field("child_seen", "Child seen", "yesno", YES_NO, True),
                Field("seen_alone", "Seen alone", "yesno", YES_NO, True),
                Field(
                    "setting",
                    "Where",
                    "choice",
                    (
                        ("home", "Home"),
                        ("school", "School"),
                        ("office", "Office"),
                        ("other", "Elsewhere"),
                    ),
                ),
                Field("child_said", "What the child said", "words"),
                _summary("What you saw"),
                Field("next_visit_on", "Next visit", "date"),
            ),
            offered=_open,
        ),
        Step(
            "cin_plan_started",
            "Child in need plan: start",
            "social_care.cin_plan_started",
            WORKERS,
            (_summary("The plan"),),
            offered=lambda state: state.open_case and state.cin_plan_since is None,
        ),
        Step(
            "cin_plan_ended",
            "Child in need plan: end",
            "social_care.cin_plan_ended",
            WORKERS,
            (_summary("Why it ends"), _rationale()),
            decision=True,
            offered=lambda state: state.cin_plan_since is not None,
        ),
        Step(
            "looked_after_started",
            "Looked after: start",
            "social_care.looked_after_started",
            WORKERS,
            (Field("legal_status", "Legal status", required=True, hint="The code, e.g. C2."),),
            offered=lambda state: state.looked_after_since is None,
        ),
        Step(
            "looked_after_ended",
            "Looked after: end",
            "social_care.looked_after_ended",
            WORKERS,
            (Field("legal_status", "Legal status at the end"),),
            offered=lambda state: state.looked_after_since is not None,
        ),
        Step(
            "case_closed",
            "Close the case",
            "social_care.case_closed",
            WORKERS,
            (
                Field("reason", "Reason", "choice", CLOSURE_REASONS, required=True),
                _summary("Summary at closure"),
                _rationale(),
            ),
            description="Authorised by a team manager. A child on a plan cannot be closed here: "
            "only a review conference ends a plan.",
            decision=True,
            authorised=True,
            offered=_open,
        ),
    )
}


def steps_offered(state: CaseState, role: str) -> list[Step]:
    """The steps the child's page offers a user in `role`, in the process's order."""
    return [s for s in STEPS.values() if role in s.roles and s.offered(state)]


def step_by_slug(slug: str) -> Step | None:
    return STEPS.get(slug.replace("-", "_"))
