"""docs/process.md, written from the declarations the forms, the order checks and the clocks
read (`joinedup docs-process`): the steps (`casework.process.STEPS`) and the clocks
(`cases.clocks.clocks()`)."""

from __future__ import annotations

from typing import Any

from joinedup.access.roles import ROLES
from joinedup.cases.clocks import OWNERS, Clock, When, clocks
from joinedup.casework.process import RATIONALE, STEPS, SUMMARY, Field, Step
from joinedup.chronology.registry import EVENT_TYPES

INTRO = """\
The statutory child protection process in England, as Working Together to Safeguard Children
sets it out, recorded step by step:

contact → decision on the contact (the referral) → child and family assessment → strategy
discussion → section 47 enquiry → initial child protection conference → child protection
plan → core groups → visits → review conferences → closure.

- **The machine keeps the clocks.** Each step writes `social_care.*` events to the child's
  chronology; the clocks below are read from those events alone, whichever system sent them,
  so a case recorded here and the same history sent by a legacy system keep the same clocks.
- **A deadline never blocks.** A clock says what is due, due soon, overdue, met or met late;
  nothing is refused for being late. A step that meets an overdue clock asks for the reason
  (`delay_reason`, kept in the event's details).
- **Late recording keeps both times.** Every step asks when it happened (`occurred_at`, which
  the clocks run on); when it was written down (`reported_at`) is kept beside it, and the
  accountability views show both.
- **Decisions keep their reasons.** A decision asks for the rationale, in the decider's words,
  and keeps with it what was known at that moment: the event versions, risk signals and
  merges the decider could see, by id.
- **A team manager authorises.** An assessment and a closure are sent to a team manager and
  written only once authorised (or returned with comments). The first answer stands: a
  second gets "already authorised by X on T" (or "already returned").
- **Out of order.** A step out of order is refused with an error naming the field, or, where
  practice allows it, accepted with a warning kept with the record
  (`joinedup/casework/checks.py`).
"""

# The kinds of a step's fields, in words.
_KINDS = {
    "text": "text",
    "words": "a long answer",
    "choice": "a choice",
    "yesno": "yes or no",
    "date": "a date",
    "moment": "a date and time",
    "readers": "partner agency users of the authority, who may then read this event",
}


def _roles(step: Step) -> str:
    return ", ".join(ROLES[code].label for code in step.roles)


def _type(code: str) -> str:
    return f"`{code}` ({EVENT_TYPES[code].label})"


def _sample(field: Field) -> Any:
    """A value for a field the step's `follows` may read."""
    values = [value for value, _ in field.choices if value]
    return values[0] if values else "…"


def _follows(step: Step) -> list[str]:
    """What follows from the step's answers, in words: found by asking `follows` about each
    value of each choice, and which answers the events that follow carry."""
    sample = {f.name: _sample(f) for f in step.fields}
    found: dict[str, dict[str, list[str]]] = {}  # event type -> field label -> answers
    carried: dict[str, set[str]] = {}
    for code, _ in step.follows({}):
        found.setdefault(code, {})
    for field in step.fields:
        for value, label in field.choices:
            for code, _ in step.follows({field.name: value}):
                answers = found.setdefault(code, {}).setdefault(field.label.lower(), [])
                answers.append(f"“{label}” (`{value}`)")
                for again, details in step.follows({**sample, field.name: value}):
                    if again == code:
                        carried.setdefault(code, set()).update(details)
    said = []
    for code, by_field in found.items():
        with_ = ", with the " + " and ".join(sorted(carried[code])) if carried.get(code) else ""
        when = " and ".join(f"{name} is " + " or ".join(a) for name, a in by_field.items())
        said.append(_type(code) + with_ + (f", when {when}" if when else ""))
    return said


def _events(step: Step) -> str:
    follows = _follows(step)
    return "<br>".join([_type(step.event_type), *(f"then {said}" for said in follows)])


def _decision(step: Step) -> str:
    return "yes: the rationale and what was known are kept" if step.decision else "no"


def _field(field: Field) -> str:
    if field.name == SUMMARY:
        where = "the event's summary"
    elif field.name == RATIONALE:
        where = "the rationale, kept with the record"
    elif field.kind == "readers":
        where = "kept as grants to read, not in the event"
    else:
        where = f"`{field.name}`"
    said = f"- {field.label} ({where}; {_KINDS.get(field.kind, field.kind)}"
    said += ", required)" if field.required else ")"
    choices = [(value, label) for value, label in field.choices if value]
    if choices and field.kind == "choice":
        said += ": " + ", ".join(f"{label} (`{value}`)" for value, label in choices)
    if field.hint:
        said += f". {field.hint}"
    return said


def _when(whens: tuple[When, ...]) -> str:
    return "; or ".join(w.words() for w in whens)


def _clock(clock: Clock) -> str:
    starts = _when(clock.starts) + (", while the child is on a plan" if clock.on_plan else "")
    warn = clock.warn_working_days
    period = f"{clock.period}; due soon {warn} working day{'s' if warn != 1 else ''} before"
    return (
        f"| `{clock.code}`<br>{clock.label} | {starts} | {period} | {_when(clock.meets)} "
        f"| {_when(clock.stops)} | {OWNERS[clock.owner]} | {clock.basis} |"
    )


def process_markdown() -> str:
    out = [
        "# The child protection process",
        "",
        "Generated by `joinedup docs-process` from `joinedup/casework/process.py` (the steps)",
        "and `joinedup/cases/clocks.py` (the clocks), the declarations the forms, the order",
        "checks and the clocks read. Do not edit by hand: a test fails when this file and the",
        "declarations differ. The event types are in [events.md](events.md).",
        "",
        INTRO,
        "## Steps",
        "",
        "| step | who may record it | events written | a decision | authorised by a team "
        "manager | about it |",
        "|---|---|---|---|---|---|",
    ]
    for step in STEPS.values():
        out.append(
            f"| {step.label} | {_roles(step)} | {_events(step)} | {_decision(step)} "
            f"| {'yes' if step.authorised else 'no'} | {step.description or '—'} |"
        )
    out += ["", "## What each step asks", ""]
    for step in STEPS.values():
        out += [f"### {step.label}", "", *(_field(f) for f in step.fields), ""]
    out += [
        "## Clocks",
        "",
        "A clock runs from the day its starting event happened (London time) and is met by the",
        "first meeting event after it; a stopping event ends it with nothing due, and a clock",
        "started again before it is met runs from the newer start. Working days are England's",
        "(weekends and bank holidays excluded). A detail `None` is one the event leaves out.",
        "",
        "| clock | starts | period | met by | stops | owner | basis |",
        "|---|---|---|---|---|---|---|",
        *(_clock(c) for c in clocks()),
    ]
    return "\n".join(out) + "\n"
