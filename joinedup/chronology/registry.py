"""The event types, declared once (shared/spec/events-v1.md).

Validation, the OpenAPI schema, the docs page and the chronology filters all read from here;
`joinedup docs-events` writes docs/events.md from the same declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from joinedup.core.vocabulary import AGENCIES

FieldKind = Literal["str", "bool", "int", "date", "datetime", "enum", "object"]


@dataclass(frozen=True)
class DetailField:
    name: str
    kind: FieldKind
    description: str = ""
    choices: tuple[str, ...] = ()
    fields: tuple[DetailField, ...] = ()  # for kind="object"
    required: bool = False
    future: bool = False  # a date that may be ahead (a visit booked), not only one that was


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    source: str  # the contract's "from" column, in words
    details: tuple[DetailField, ...] = ()
    is_concern: bool = False
    is_injury: bool = False
    description: str = ""
    # The agencies that may send it (the "from" column): its own prefix's unless declared.
    # `social_care.*` only from children's social care, so no partner can forge a plan.
    also_from: tuple[str, ...] = ()

    @property
    def agency(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def senders(self) -> tuple[str, ...]:
        return (self.agency, *self.also_from)


_INJURY = DetailField(
    "injury",
    "object",
    "What injury was seen.",
    fields=(
        DetailField(
            "kind",
            "enum",
            "Kind of injury.",
            choices=(
                "bruise",
                "fracture",
                "burn",
                "head_injury",
                "laceration",
                "bite",
                "scald",
                "other",
            ),
        ),
        DetailField("site", "str", "Where on the body."),
    ),
)
_OFFENCE = DetailField(
    "offence_category",
    "enum",
    "Category of offence.",
    choices=("violence", "sexual", "domestic_abuse", "weapons", "drugs", "other"),
)
_CONCERN = DetailField("concern", "str", "The concern in the reporter's words.")
_SEVERITY = DetailField("severity", "enum", "How serious.", choices=("low", "medium", "high"))
_CP_CATEGORY = DetailField(
    "category",
    "enum",
    "Category of abuse.",
    choices=("neglect", "physical", "sexual", "emotional", "multiple"),
)

_DELAY = DetailField(
    "delay_reason", "str", "Why this step came after its due date (asked when it is late)."
)

_AGENCIES_PRESENT = DetailField(
    "agencies_present",
    "str",
    "Who took part, from which agency, in the practitioner's words (comma separated).",
)
_CONFERENCE_KIND = DetailField(
    "kind",
    "enum",
    "Which conference: initial, or a review (inferred when absent).",
    ("initial", "review"),
)

# The statutory process (Working Together to Safeguard Children) recorded step by step, by
# JoinedUp itself or by a legacy system through the same contract (cases/process.py).
PROCESS_TYPES = (
    EventType(
        "social_care.contact",
        "Contact",
        "children's social care (the front door)",
        (
            DetailField("contact_source", "str", "Who made contact: agency or person."),
            DetailField("presenting_need", "str", "What was asked about, in brief."),
        ),
        description="A contact about a child, awaiting the front door's decision.",
    ),
    EventType(
        "social_care.assessment_started",
        "Assessment started",
        "children's social care",
        (_DELAY,),
    ),
    EventType(
        "social_care.assessment_authorised",
        "Assessment authorised",
        "children's social care",
        (
            DetailField(
                "outcome",
                "enum",
                "What the assessment led to.",
                ("no_further_action", "cin_plan", "strategy_discussion", "early_help"),
            ),
            DetailField(
                "factors", "str", "DfE assessment factor codes, comma separated (2B,3A,...)."
            ),
            DetailField("child_said", "str", "The child's own words."),
            _DELAY,
        ),
        description="A team manager authorised the child and family assessment.",
    ),
    EventType(
        "social_care.strategy_discussion",
        "Strategy discussion",
        "children's social care",
        (
            _AGENCIES_PRESENT,
            DetailField(
                "decision", "enum", "Whether a section 47 enquiry starts.", ("s47", "no_s47")
            ),
            DetailField("immediate_safety", "str", "Immediate actions to keep the child safe."),
            _DELAY,
        ),
    ),
    EventType(
        "social_care.s47_started",
        "Section 47 enquiry started",
        "children's social care",
        (_DELAY,),
    ),
    EventType(
        "social_care.s47_concluded",
        "Section 47 enquiry concluded",
        "children's social care",
        (
            DetailField("substantiated", "bool", "The concerns were substantiated."),
            DetailField("conference_needed", "bool", "An initial conference is needed."),
            _DELAY,
        ),
    ),
    EventType(
        "social_care.conference",
        "Child protection conference",
        "children's social care",
        (
            _CONFERENCE_KIND,
            DetailField(
                "decision",
                "enum",
                "What the conference decided.",
                ("plan", "no_plan", "plan_continues", "plan_ends"),
            ),
            _CP_CATEGORY,
            _AGENCIES_PRESENT,
            _DELAY,
        ),
        description="An initial or review conference; a plan starts or ends by its own event.",
    ),
    EventType(
        "social_care.core_group",
        "Core group meeting",
        "children's social care",
        (_AGENCIES_PRESENT, _DELAY),
    ),
    EventType(
        "social_care.cin_plan_started",
        "Child in need plan started",
        "children's social care",
        (_DELAY,),
    ),
    EventType(
        "social_care.cin_plan_ended",
        "Child in need plan ended",
        "children's social care",
        (),
    ),
)


EVENT_TYPES: dict[str, EventType] = {
    t.code: t
    for t in (
        EventType(
            "health.unscheduled_care_attendance",
            "Unscheduled care attendance",
            "ED, urgent treatment centre, walk-in, minor injuries",
            (
                DetailField("setting", "str", "Where the child was seen."),
                DetailField("presenting_complaint", "str", "Why they came."),
                _INJURY,
                DetailField("safeguarding_concern", "bool", "The clinician raised a concern."),
            ),
        ),
        EventType(
            "health.injury_observed",
            "Injury observed",
            "GP, health visitor, midwife, paediatrics",
            (
                _INJURY,
                DetailField("explanation", "str", "The explanation given."),
                DetailField(
                    "explanation_consistent", "bool", "Whether the explanation fits the injury."
                ),
            ),
            is_injury=True,
        ),
        EventType(
            "health.appointment_not_attended",
            "Appointment not attended",
            "any health service",
            (
                DetailField("service", "str", "Which service."),
                DetailField("appointment_at", "datetime", "When the appointment was."),
            ),
            description='For a child this is recorded as "was not brought".',
        ),
        EventType(
            "health.birth",
            "Birth",
            "maternity",
            (
                DetailField("gestation_weeks", "int", "Weeks of gestation."),
                DetailField("birth_weight_g", "int", "Birth weight in grams."),
            ),
        ),
        EventType(
            "police.domestic_abuse_incident",
            "Domestic abuse incident",
            "police",
            (
                DetailField("children_present", "bool", "Children were present."),
                DetailField(
                    "risk_level", "enum", "DASH risk level.", ("standard", "medium", "high")
                ),
            ),
        ),
        EventType(
            "police.child_concern",
            "Child concern notice",
            "police (public protection notice)",
            (_CONCERN,),
            is_concern=True,
        ),
        EventType("police.arrest", "Arrest", "police", (_OFFENCE,)),
        EventType("police.charge", "Charge", "police", (_OFFENCE,)),
        EventType("police.conviction", "Conviction", "police", (_OFFENCE,)),
        EventType(
            "education.safeguarding_concern",
            "Safeguarding concern",
            "school designated safeguarding lead",
            (_CONCERN,),
            is_concern=True,
        ),
        EventType(
            "education.absence",
            "Absence",
            "school",
            (
                DetailField("sessions_missed", "int", "Sessions missed in the period."),
                DetailField("sessions_possible", "int", "Sessions possible in the period."),
                DetailField("period_start", "date", "Start of the period."),
                DetailField("period_end", "date", "End of the period."),
            ),
        ),
        EventType(
            "education.child_missing_education",
            "Child missing education",
            "school, local authority",
            (DetailField("last_attended", "date", "Last day the child attended."),),
            also_from=("social_care",),
        ),
        EventType(
            "housing.household_change",
            "Household change",
            "housing, any agency",
            (
                DetailField(
                    "change",
                    "enum",
                    "What changed.",
                    ("adult_joined", "adult_left", "moved_address"),
                ),
            ),
            also_from=tuple(a for a in AGENCIES if a != "housing"),
        ),
        EventType(
            "probation.risk_notification",
            "Risk notification",
            "probation",
            (
                DetailField(
                    "risk_to_children",
                    "enum",
                    "Assessed risk to children.",
                    ("low", "medium", "high", "very_high"),
                ),
            ),
        ),
        EventType(
            "public.concern",
            "Concern from the public",
            "member of the public, anonymous allowed",
            (_CONCERN,),
            is_concern=True,
        ),
        EventType(
            "social_care.referral",
            "Referral",
            "children's social care",
            (
                DetailField(
                    "decision",
                    "enum",
                    "Decision on the referral.",
                    (
                        "no_further_action",
                        "early_help",
                        "assessment",
                        "s47",
                        "information_and_advice",
                        "strategy_discussion",
                    ),
                ),
                DetailField("referral_source", "str", "Who referred."),
                DetailField("presenting_need", "str", "What the referral is about, in brief."),
                _DELAY,
            ),
        ),
        EventType(
            "social_care.case_closed",
            "Case closed",
            "children's social care",
            (
                DetailField(
                    "reason",
                    "str",
                    "Why: no_further_action, step_down_early_help, moved_away, ..., or the "
                    "DfE reason code RC1 to RC9.",
                ),
            ),
        ),
        EventType(
            "social_care.child_protection_plan_started",
            "Child protection plan started",
            "children's social care",
            (_CP_CATEGORY,),
        ),
        EventType(
            "social_care.child_protection_plan_ended",
            "Child protection plan ended",
            "children's social care",
            (_CP_CATEGORY,),
        ),
        EventType(
            "social_care.looked_after_started",
            "Looked after: started",
            "children's social care",
            (DetailField("legal_status", "str", "Legal status code."),),
        ),
        EventType(
            "social_care.looked_after_ended",
            "Looked after: ended",
            "children's social care",
            (DetailField("legal_status", "str", "Legal status code."),),
        ),
        EventType(
            "social_care.visit",
            "Visit",
            "children's social care",
            (
                DetailField("child_seen", "bool", "The child was seen."),
                DetailField("seen_alone", "bool", "The child was seen alone."),
                DetailField(
                    "setting",
                    "enum",
                    "Where.",
                    ("home", "school", "office", "other"),
                ),
                DetailField("child_said", "str", "What the child said, in their words."),
                DetailField("observations", "str", "What the worker saw."),
                DetailField("next_visit_on", "date", "The next visit booked.", future=True),
                _DELAY,
            ),
        ),
        *PROCESS_TYPES,
    )
}

# `*.concern` from any agency: generated so each is an ordinary registry entry.
for _agency, _label in AGENCIES.items():
    EVENT_TYPES.setdefault(
        f"{_agency}.concern",
        EventType(
            f"{_agency}.concern",
            "Concern",
            f"{_label.lower()} (any agency may send `<agency>.concern`)",
            (_CONCERN, _SEVERITY),
            is_concern=True,
        ),
    )


def event_type_label(code: str) -> str:
    event_type = EVENT_TYPES.get(code)
    return event_type.label if event_type else code


def check_registry() -> list[str]:
    """Start-up validation: every declaration well formed. Returns problems, empty when sound."""
    problems = []
    for code, event_type in EVENT_TYPES.items():
        agency = code.split(".", 1)[0]
        if agency not in AGENCIES:
            problems.append(f"event type {code}: prefix {agency!r} is not an agency")
        names = [f.name for f in event_type.details]
        if len(names) != len(set(names)):
            problems.append(f"event type {code}: a detail field is declared twice")
        for detail in event_type.details:
            if detail.kind == "enum" and not detail.choices:
                problems.append(f"event type {code}: enum {detail.name} has no choices")
        unknown = [a for a in event_type.also_from if a not in AGENCIES]
        if unknown:
            problems.append(f"event type {code}: senders {unknown} are not agencies")
    return problems
