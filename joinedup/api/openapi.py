"""The OpenAPI 3.1 document, generated from the same registry the validator reads."""

from __future__ import annotations

from typing import Any

from joinedup.cases.clocks import (
    DUE_SOON,
    MET,
    MET_LATE,
    OVERDUE,
    OWNERS,
    RUNNING,
    STOPPED,
    clocks,
)
from joinedup.casework.process import STEPS
from joinedup.chronology.registry import EVENT_TYPES, DetailField
from joinedup.core.vocabulary import AGENCIES, RELATIONSHIPS, SEXES, SUBJECT_ROLES
from joinedup.people.matching.model import MatchOutcome

_OUTCOMES = sorted(str(o) for o in MatchOutcome)

_KIND = {
    "str": {"type": "string"},
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
}


def _field_schema(spec: DetailField) -> dict[str, Any]:
    if spec.kind == "enum" and spec.required:
        schema: dict[str, Any] = {"type": "string", "enum": list(spec.choices)}
    elif spec.kind == "enum":  # known values; any other is kept and answered with a warning
        schema = {"type": "string", "examples": list(spec.choices), "x-known": list(spec.choices)}
    elif spec.kind == "object":
        schema = {
            "type": "object",
            "properties": {f.name: _field_schema(f) for f in spec.fields},
        }
    else:
        schema = dict(_KIND[spec.kind])
    if spec.description:
        schema["description"] = spec.description
    if spec.kind == "enum" and not spec.required:
        schema["description"] = (
            f"{spec.description} Known values: {', '.join(spec.choices)}. Any other is stored "
            "as sent and answered with a warning."
        ).strip()
    return schema


def _problem() -> dict[str, Any]:
    return {
        "description": "Refused; nothing was stored.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _moment(description: str) -> dict[str, Any]:
    return {"type": ["string", "null"], "format": "date-time", "description": description}


def _case() -> dict[str, Any]:
    """A child's case and its clocks (`GET /api/v1/people/{key}/case`)."""
    owners = "; ".join(f"{code}: {words}" for code, words in OWNERS.items())
    clock = {
        "type": "object",
        "required": [
            "code",
            "label",
            "owner",
            "started_at",
            "due_on",
            "status",
            "met_at",
            "delay_reason",
        ],
        "properties": {
            "code": {"type": "string", "enum": [c.code for c in clocks()]},
            "label": {"type": "string"},
            "owner": {
                "type": "string",
                "enum": list(OWNERS),
                "description": f"Who must act: {owners}.",
            },
            "started_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the event that started this run happened.",
            },
            "due_on": {"type": "string", "format": "date"},
            "status": {
                "type": "string",
                "enum": [MET, MET_LATE, STOPPED, OVERDUE, DUE_SOON, RUNNING],
                "description": "On today's date in London. Stopped: the case closed or the "
                "plan ended first, so nothing is due.",
            },
            "met_at": _moment("When the event that met it happened; null until met."),
            "delay_reason": {
                "type": "string",
                "description": "Why it was met late, as recorded; empty when none was given.",
            },
        },
    }
    return {
        "type": "object",
        "required": [
            "open",
            "open_since",
            "child_protection_plan",
            "child_in_need_plan_since",
            "looked_after_since",
            "clocks",
        ],
        "properties": {
            "open": {"type": "boolean"},
            "open_since": _moment("When the open case began; null when none is open."),
            "child_protection_plan": {
                "type": ["object", "null"],
                "required": ["since", "category"],
                "properties": {
                    "since": {"type": "string", "format": "date-time"},
                    "category": {
                        "type": "string",
                        "description": "Category of abuse; empty when none was recorded.",
                    },
                },
            },
            "child_in_need_plan_since": _moment("null when there is no child in need plan."),
            "looked_after_since": _moment("null when the child is not looked after."),
            "clocks": {
                "type": "array",
                "description": "Every run of every statutory clock, met or not, in the order "
                "they started (docs/process.md).",
                "items": clock,
            },
        },
        "description": "Read from every children's social care event about the child, "
        "whichever system sent it; times are when things happened.",
    }


def openapi_schema() -> dict[str, Any]:
    details_by_type = {
        code: {
            "type": "object",
            "description": f"{t.label}. From: {t.source}.",
            "properties": {f.name: _field_schema(f) for f in t.details},
        }
        for code, t in EVENT_TYPES.items()
    }
    subject = {
        "type": "object",
        "required": ["role"],
        "properties": {
            "ref": {
                "type": "string",
                "description": "Local to the event; named by relationship_to.",
            },
            "role": {"type": "string", "enum": list(SUBJECT_ROLES)},
            "name": {
                "type": "object",
                "properties": {
                    "given": {"type": "string"},
                    "family": {"type": "string"},
                    "aliases": {"type": "array", "items": {"type": "string"}},
                },
            },
            "dob": {
                "type": "string",
                "description": "YYYY-MM-DD, or YYYY-MM / YYYY when only approximate.",
            },
            "sex": {"type": "string", "enum": list(SEXES)},
            "identifiers": {
                "type": "object",
                "description": "nhs_number (mod-11 checked), upn (check letter checked), pnc_id, "
                "la_child_id, or any key the agency holds, under its own name.",
                "additionalProperties": {"type": "string"},
            },
            "address": {
                "type": "object",
                "properties": {
                    k: {"type": "string"} for k in ("line1", "line2", "town", "postcode")
                },
            },
            "relationship_to": {
                "type": "object",
                "description": "Other subject's ref -> how this subject relates to them.",
                "additionalProperties": {"type": "string", "enum": list(RELATIONSHIPS)},
            },
        },
        "description": "At least a name or an identifier is required.",
    }
    event = {
        "type": "object",
        "required": ["source", "type", "occurred_at", "subjects"],
        "properties": {
            "source": {
                "type": "object",
                "required": ["agency", "organisation", "record_id"],
                "properties": {
                    "agency": {"type": "string", "enum": list(AGENCIES)},
                    "organisation": {"type": "string"},
                    "record_id": {"type": "string"},
                },
            },
            "type": {"type": "string", "enum": list(EVENT_TYPES)},
            "occurred_at": {"type": "string", "format": "date-time"},
            "reported_at": {
                "type": "string",
                "format": "date-time",
                "description": "Defaults to the time of receipt.",
            },
            "subjects": {"type": "array", "minItems": 1, "items": subject},
            "details": {
                "type": "object",
                "description": "Fields depend on type: see x-details-by-type.",
            },
            "summary": {"type": "string"},
        },
        "x-details-by-type": details_by_type,
    }
    result = {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["created", "corrected", "unchanged"]},
            "event_id": {"type": "integer"},
            "version": {"type": "integer"},
            "warnings": {
                "type": "array",
                "description": "Values kept as sent that the contract does not know (an "
                "unfamiliar detail value): present only when there are some.",
                "items": {
                    "type": "object",
                    "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
                },
            },
            "subjects": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "ref": {"type": "string"},
                        "role": {"type": "string"},
                        "person_id": {"type": "string", "format": "uuid"},
                        "match": {
                            "type": "object",
                            "description": "How the subject was matched: in replies to "
                            "children's social care systems only.",
                            "properties": {
                                "outcome": {
                                    "type": "string",
                                    "enum": sorted(str(o) for o in MatchOutcome),
                                },
                                "reasons": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    },
                },
            },
        },
    }
    problem = {
        "type": "object",
        "required": ["error", "message", "errors"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
                },
            },
        },
    }
    errors = {code: _problem() for code in ("400", "401", "403", "413", "415", "422")}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "JoinedUp partner API",
            "version": "1",
            "description": "Agencies send what they saw as multi-agency events (events v1). "
            "Each organisation has its own bearer token. Re-sending the same organisation and "
            "record id is idempotent; a changed body is kept as a new version.",
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Event": event, "Result": result, "Case": _case(), "Problem": problem},
        },
        "security": [{"token": []}],
        "paths": {
            "/api/v1/events": {
                "post": {
                    "summary": "Record one event",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Event"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Recorded (created, or a corrected new version).",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Result"}
                                }
                            },
                        },
                        "200": {"description": "Already recorded with this exact body."},
                        **errors,
                    },
                }
            },
            "/api/v1/events/bulk": {
                "post": {
                    "summary": "Record many events: a JSON array or JSON lines",
                    "description": "Good events are kept when others are refused; each result "
                    "names its position (array index, or line number for JSON lines).",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Event"},
                                }
                            },
                            "application/x-ndjson": {"schema": {"type": "string"}},
                        },
                    },
                    "responses": {"200": {"description": "One result per event."}, **errors},
                }
            },
            "/api/v1/events/{event_id}": {
                "get": {
                    "summary": "Read back an event your organisation sent, with every version",
                    "parameters": [
                        {
                            "name": "event_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": {"description": "The event."}, "404": _problem()},
                }
            },
            "/api/v1/people/{key}/case": {
                "get": {
                    "summary": "Read a child's case and its statutory clocks",
                    "description": "For children's social care systems only: a token of "
                    "children's social care of an authority that sees the child. Any other "
                    "token, of a partner agency or of another authority, is answered 404, "
                    "as if the child did not exist. Every read is logged.",
                    "parameters": [
                        {
                            "name": "key",
                            "in": "path",
                            "required": True,
                            "description": "The person_id an event's reply gave.",
                            "schema": {"type": "string", "format": "uuid"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The case.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Case"}
                                }
                            },
                        },
                        "401": _problem(),
                        "404": _problem(),
                    },
                }
            },
            "/api/v1/people/{key}/steps/{step}": _step_path(),
        },
    }


def _step_path() -> dict[str, Any]:
    """Recording a step of the statutory process (casework.process.STEPS) for a practitioner."""
    steps = {
        s.slug: {
            "type": "object",
            "description": f"{s.label}. Who may record it: {', '.join(s.roles)}."
            + (" Sent to a team manager to authorise." if s.authorised else ""),
            "properties": {
                "practitioner": {"type": "string", "description": "Their username."},
                "occurred_at": {"type": "string", "format": "date-time"},
                "delay_reason": {"type": "string"},
                **{
                    f.name: {"type": "boolean"}
                    if f.kind == "yesno"
                    else {"type": "string", "enum": [c for c, _ in f.choices]}
                    if f.choices
                    else {"type": "string", "format": "date"}
                    if f.kind == "date"
                    else {"type": "string"}
                    for f in s.fields
                },
            },
            "required": [
                "practitioner",
                "occurred_at",
                *(f.name for f in s.fields if f.required),
            ],
        }
        for s in STEPS.values()
    }
    return {
        "post": {
            "summary": "Record a step of the statutory process for one of your practitioners",
            "description": "For children's social care systems only (any other token: 404). "
            "The same checks as the page: a step out of order is refused naming the field "
            "(422), or kept with a warning; an overdue step asks for `delay_reason`. The body "
            "for each step is in x-steps.",
            "parameters": [
                {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                for n in ("key", "step")
            ],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "x-steps": steps,
            "responses": {
                "201": {
                    "description": 'Recorded ("status": "recorded", "event_id") or sent for '
                    'authorisation ("status": "sent_for_authorisation", "submission_id"), '
                    "with any warnings kept."
                },
                "401": _problem(),
                "404": _problem(),
                "422": _problem(),
            },
        }
    }
