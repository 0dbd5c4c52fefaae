"""Parsing and checking one event against the contract (shared/spec/events-v1.md).

Pure functions, no database: `event_parse(raw)` returns an `EventIn` or raises
`ApplicationError` listing every field that is wrong, each by its path
(`subjects[0].identifiers.nhs_number`) and the reason in words.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from joinedup.chronology.characters import body_problems
from joinedup.chronology.registry import EVENT_TYPES, DetailField, EventType
from joinedup.core.bulk import EncodedJson
from joinedup.core.calendar import LONDON
from joinedup.core.errors import ApplicationError, FieldError
from joinedup.core.vocabulary import AGENCIES, RELATIONSHIPS, SEXES, SUBJECT_ROLES
from joinedup.people.identifiers import (
    nhs_number_normalise,
    nhs_number_valid,
    postcode_normalise,
    upn_normalise,
    upn_valid,
)
from joinedup.people.subject import AddressIn, SubjectIn

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=5)
MAX_TEXT = 10_000
MAX_NAME = 100
MAX_SUBJECTS = 50
MAX_KEY = 64


@dataclass(frozen=True)
class EventIn:
    agency: str
    organisation: str
    record_id: str
    type: str
    occurred_at: datetime
    reported_at: datetime | None
    subjects: tuple[SubjectIn, ...]
    details: dict[str, Any]
    summary: str
    body: dict[str, Any] = field(repr=False)
    body_hash: str = ""
    warnings: tuple[FieldError, ...] = ()  # values kept as sent, told to the sender
    unfamiliar: tuple[tuple[str, str], ...] = ()  # (path, value) of each, counted per sender


def event_decode(text: bytes | str, where: str = "$") -> Any:
    """One JSON value as sent (the API's body, or one line of a file), or ApplicationError
    (400) saying why it cannot be read: not JSON, not UTF-8, NaN or Infinity, or nested so
    deep the decoder gives up."""
    try:
        return json.loads(text, parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError) as exc:
        reason = f"not valid JSON: {exc}"
    except RecursionError:
        reason = "is nested too deeply to read"
    raise ApplicationError(
        "The body is not valid JSON.", errors=[FieldError(where, reason)], status=400
    )


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def canonical_json(body: dict[str, Any]) -> str:
    """The body's one text: keys sorted, no spaces. Its hash tells a re-send from a correction."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_hash(body: dict[str, Any], text: str | None = None) -> str:
    """`text`: the body's `canonical_json`, when the caller has it already."""
    return hashlib.sha256((canonical_json(body) if text is None else text).encode()).hexdigest()


class _Checker:
    """Collects every problem rather than stopping at the first, so senders fix all at once."""

    def __init__(self, now: datetime):
        self.errors: list[FieldError] = []
        self.warnings: list[FieldError] = []  # kept, and told to the sender
        self.unfamiliar: list[tuple[str, str]] = []  # (path, value): a detail's unknown word
        self.now = now

    def fail(self, path: str, reason: str) -> None:
        self.errors.append(FieldError(path, reason))

    def warn(self, path: str, reason: str) -> None:
        self.warnings.append(FieldError(path, reason))

    def string(
        self, obj: dict[str, Any], key: str, path: str, *, required: bool = False, limit: int = 200
    ) -> str:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(path, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(path, f"must be a string, not {_json_type(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(path, "must not be empty")
        if len(value) > limit:
            self.fail(path, f"is longer than {limit} characters")
            return ""
        return value

    def choice(
        self, obj: dict[str, Any], key: str, path: str, choices: dict[str, str] | tuple[str, ...]
    ) -> str:
        value = self.string(obj, key, path, required=True)
        if value and value not in choices:
            self.fail(path, f"{value!r} is not one of: {', '.join(choices)}")
            return ""
        return value

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(path, f"must be an object, not {_json_type(value)}")
            return None
        return value

    def moment(self, value: Any, path: str, *, required: bool) -> datetime | None:
        if value is None:
            if required:
                self.fail(path, "is required")
            return None
        if not isinstance(value, str):
            self.fail(path, f"must be an ISO 8601 date-time string, not {_json_type(value)}")
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(path, f"{value!r} is not an ISO 8601 date-time such as 2026-05-04T14:05:00Z")
            return None
        if parsed.tzinfo is None:  # a local time from an agency in England
            parsed = parsed.replace(tzinfo=LONDON)
        try:
            parsed = parsed.astimezone(UTC)
        except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the first moment there is
            self.fail(path, f"{value!r} is out of range")
            return None
        if parsed > self.now + CLOCK_SKEW:
            self.fail(path, "is in the future")
            return None
        if parsed < EARLIEST:
            self.fail(path, "is before 1900")
            return None
        return parsed

    def day(self, value: Any, path: str, *, future: bool = False) -> tuple[date | None, str]:
        if value is None:
            return None, "day"
        if not isinstance(value, str):
            self.fail(path, f"must be a date string, not {_json_type(value)}")
            return None, "day"
        precision = "day"
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}", text):
            text, precision = text + "-01", "month"
        elif re.fullmatch(r"\d{4}", text):
            text, precision = text + "-01-01", "year"
        try:
            parsed = date.fromisoformat(text)
        except ValueError:
            self.fail(path, f"{value!r} is not a date such as 2023-01-19 (or 2023-01, or 2023)")
            return None, "day"
        if parsed > self.now.date() and not future:
            self.fail(path, "is in the future")
            return None, "day"
        if parsed.year < 1900:
            self.fail(path, "is before 1900")
            return None, "day"
        return parsed, precision


def _agencies(codes: tuple[str, ...]) -> str:
    if len(codes) == len(AGENCIES):
        return "any agency"
    return " or ".join(AGENCIES[code].lower() for code in codes)


def _json_type(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), "null")


def _details(c: _Checker, raw: Any, specs: tuple[DetailField, ...], path: str) -> dict[str, Any]:
    obj = c.obj(raw, path)
    if obj is None:
        return {}
    for spec in specs:
        value = obj.get(spec.name)
        where = f"{path}.{spec.name}"
        if value is not None:
            _detail(c, spec, value, where)
        elif spec.required:
            c.fail(where, "is required")
    # Fields the contract does not name are kept as sent: agencies may extend compatibly.
    return dict(obj)


def _detail(c: _Checker, spec: DetailField, value: Any, where: str) -> None:
    """One detail against its declared kind."""
    if spec.kind == "bool" and not isinstance(value, bool):
        c.fail(where, f"must be true or false, not {_json_type(value)}")
    elif spec.kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        c.fail(where, f"must be a whole number, not {_json_type(value)}")
    elif spec.kind == "str" and not isinstance(value, str):
        c.fail(where, f"must be a string, not {_json_type(value)}")
    elif spec.kind == "enum" and value not in spec.choices:
        _detail_unknown(c, spec, value, where)
    elif spec.kind == "date":
        c.day(value, where, future=spec.future)
    elif spec.kind == "datetime":
        _detail_moment(c, value, where)
    elif spec.kind == "object":
        _details(c, value, spec.fields, where)


def _detail_unknown(c: _Checker, spec: DetailField, value: Any, where: str) -> None:
    """A value outside a detail's known vocabulary. For an optional detail it is stored as sent
    and the sender warned (events v1: an unfamiliar word never costs a safeguarding fact); a
    required one, or a value that is no word at all, is refused."""
    known = ", ".join(spec.choices)
    if spec.required:
        c.fail(where, f"{value!r} is not one of: {known}")
    elif not isinstance(value, str) or not value.strip():
        c.fail(where, f"must be a word, not {_json_type(value)}; known values: {known}")
    elif len(value) > MAX_KEY:
        c.fail(where, f"is longer than {MAX_KEY} characters")
    else:
        c.warn(where, f"{value!r} is not a known value ({known}); stored as sent")
        c.unfamiliar.append((where, value))


def _detail_moment(c: _Checker, value: Any, where: str) -> None:
    """A date-time detail: any moment, past or future (an appointment may be in the future
    relative to when it was booked, not to now)."""
    if not isinstance(value, str):
        c.fail(where, f"must be an ISO 8601 date-time string, not {_json_type(value)}")
        return
    try:
        datetime.fromisoformat(value)
    except ValueError:
        c.fail(where, f"{value!r} is not an ISO 8601 date-time")


def _subject(c: _Checker, raw: Any, index: int, refs: set[str]) -> SubjectIn | None:
    path = f"subjects[{index}]"
    if raw is None:
        c.fail(path, "must be an object, not null")
        return None
    obj = c.obj(raw, path)
    if obj is None:
        return None
    role = c.choice(obj, "role", f"{path}.role", SUBJECT_ROLES)
    ref = c.string(obj, "ref", f"{path}.ref", limit=MAX_KEY) or f"#{index}"
    given, family, aliases = _names(c, obj.get("name"), f"{path}.name")
    dob, precision = c.day(obj.get("dob"), f"{path}.dob")
    sex = c.choice(obj, "sex", f"{path}.sex", SEXES) if obj.get("sex") is not None else ""
    identifiers = _identifiers(c, obj.get("identifiers"), f"{path}.identifiers")
    address = _address(c, obj.get("address"), f"{path}.address")
    relations = _relations(c, obj.get("relationship_to"), path, ref, refs)
    if not (given or family or aliases or identifiers):
        c.fail(path, "has nothing to identify the person: give a name or an identifier")
    return SubjectIn(
        index=index,
        ref=ref,
        role=role,
        given=given,
        family=family,
        aliases=aliases,
        dob=dob,
        dob_precision=precision,
        sex=sex,
        identifiers=identifiers,
        address=address,
        relationship_to=relations,
    )


def _names(c: _Checker, raw: Any, path: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """(given, family, aliases), each alias split at its last space into (given, family)."""
    name = c.obj(raw, path)
    if name is None:
        return "", "", ()
    given = c.string(name, "given", f"{path}.given", limit=MAX_NAME)
    family = c.string(name, "family", f"{path}.family", limit=MAX_NAME)
    raw_aliases = name.get("aliases", [])
    if not isinstance(raw_aliases, list):
        c.fail(f"{path}.aliases", "must be a list of names")
        return given, family, ()
    aliases: list[tuple[str, str]] = []
    for i, alias in enumerate(raw_aliases):
        where = f"{path}.aliases[{i}]"
        if not isinstance(alias, str) or not alias.strip():
            c.fail(where, "must be a non-empty string")
        elif len(alias) > 2 * MAX_NAME:
            c.fail(where, f"is longer than {2 * MAX_NAME} characters")
        else:
            parts = alias.strip().rsplit(" ", 1)
            aliases.append((parts[0], parts[1]) if len(parts) == 2 else ("", parts[0]))
    return given, family, tuple(aliases)


def _identifiers(c: _Checker, raw: Any, path: str) -> tuple[tuple[str, str], ...]:
    """(scheme, value) pairs; NHS numbers and UPNs checked and normalised."""
    identifiers: list[tuple[str, str]] = []
    for scheme, value in (c.obj(raw, path) or {}).items():
        where = f"{path}.{scheme}"
        if not isinstance(value, str) or not value.strip():
            c.fail(where, "must be a non-empty string")
        elif len(scheme) > MAX_KEY or len(value) > MAX_KEY:
            c.fail(where, f"name and value must each be at most {MAX_KEY} characters")
        else:
            checked = _identifier(c, scheme, value, where)
            if checked is not None:
                identifiers.append((scheme, checked))
    return tuple(identifiers)


def _identifier(c: _Checker, scheme: str, value: str, where: str) -> str | None:
    """The value as stored, or None (and a failure) if a checked scheme's check fails."""
    if scheme == "nhs_number":
        if nhs_number_valid(value):
            return nhs_number_normalise(value)
        c.fail(where, "is not a valid NHS number (10 digits passing the modulus 11 check)")
        return None
    if scheme == "upn":
        if upn_valid(value):
            return upn_normalise(value)
        c.fail(where, "is not a valid UPN (13 characters with the DfE check letter)")
        return None
    return value.strip()


def _address(c: _Checker, raw: Any, path: str) -> AddressIn | None:
    obj = c.obj(raw, path)
    if obj is None:
        return None
    return AddressIn(
        line1=c.string(obj, "line1", f"{path}.line1"),
        line2=c.string(obj, "line2", f"{path}.line2"),
        town=c.string(obj, "town", f"{path}.town", limit=100),
        postcode=postcode_normalise(c.string(obj, "postcode", f"{path}.postcode", limit=10)),
    )


def _relations(
    c: _Checker, raw: Any, path: str, ref: str, refs: set[str]
) -> tuple[tuple[str, str], ...]:
    """(other subject's ref, relationship) pairs the subject states."""
    relations: list[tuple[str, str]] = []
    for other, kind in (c.obj(raw, f"{path}.relationship_to") or {}).items():
        where = f"{path}.relationship_to.{other}"
        if other not in refs:
            c.fail(where, f"names {other!r}, which is no subject's ref in this event")
        elif other == ref:
            c.fail(where, "a subject cannot be related to itself")
        elif kind not in RELATIONSHIPS:
            c.fail(where, f"{kind!r} is not one of: {', '.join(RELATIONSHIPS)}")
        else:
            relations.append((other, kind))
    return tuple(relations)


def event_parse(raw: Any, *, now: datetime) -> EventIn:
    """Check one decoded JSON value against the contract; raise ApplicationError if it fails."""
    c = _Checker(now)
    if not isinstance(raw, dict):
        raise ApplicationError(
            "The event must be a JSON object.",
            errors=[FieldError("$", f"must be an object, not {_json_type(raw)}")],
        )
    for where, reason in body_problems(raw):
        c.fail(where, reason)
    source = c.obj(raw.get("source"), "source")
    if source is None:
        c.fail("source", "is required")
        source = {}
    agency = c.choice(source, "agency", "source.agency", AGENCIES)
    organisation = c.string(source, "organisation", "source.organisation", required=True)
    record_id = c.string(source, "record_id", "source.record_id", required=True, limit=128)

    event_type = c.string(raw, "type", "type", required=True, limit=64)
    spec = _event_type(c, event_type, agency)

    occurred_at = c.moment(raw.get("occurred_at"), "occurred_at", required=True)
    reported_at = c.moment(raw.get("reported_at"), "reported_at", required=False)
    if occurred_at and reported_at and reported_at < occurred_at:
        c.fail("reported_at", "is earlier than occurred_at")

    summary = c.string(raw, "summary", "summary", limit=MAX_TEXT)
    details = _details(c, raw.get("details"), spec.details if spec else (), "details")

    subjects = _subjects(c, raw.get("subjects"))

    if c.errors:
        raise ApplicationError("The event does not meet the contract.", errors=c.errors)
    assert occurred_at is not None
    return EventIn(
        agency=agency,
        organisation=organisation,
        record_id=record_id,
        type=event_type,
        occurred_at=occurred_at,
        reported_at=reported_at,
        subjects=subjects,
        details=details,
        summary=summary,
        # Encoded once: for the hash here, and as the text the version is stored with.
        body=EncodedJson(raw, text := canonical_json(raw)),
        body_hash=canonical_hash(raw, text),
        warnings=tuple(c.warnings),
        unfamiliar=tuple(c.unfamiliar),
    )


def _event_type(c: _Checker, code: str, agency: str) -> EventType | None:
    """The declared type, if known and one the agency may send."""
    spec = EVENT_TYPES.get(code)
    if code and spec is None:
        c.fail("type", f"{code!r} is not a known event type (see /api/docs#event-types)")
    elif spec is not None and agency and agency not in spec.senders:
        c.fail("type", f"{code!r} is sent only by {_agencies(spec.senders)}, not {agency}")
    return spec


def _subjects(c: _Checker, raw: Any) -> tuple[SubjectIn, ...]:
    if raw is None:
        c.fail("subjects", "is required")
    elif not isinstance(raw, list):
        c.fail("subjects", f"must be a list, not {_json_type(raw)}")
    elif not raw:
        c.fail("subjects", "must name at least one person")
    elif len(raw) > MAX_SUBJECTS:
        c.fail("subjects", f"has more than {MAX_SUBJECTS} people")
    else:
        refs = [s.get("ref") for s in raw if isinstance(s, dict) and s.get("ref")]
        duplicates = {r for r in refs if refs.count(r) > 1}
        for ref in sorted(map(str, duplicates)):
            c.fail("subjects", f"ref {ref!r} is used by more than one subject")
        found = (_subject(c, item, i, {str(r) for r in refs}) for i, item in enumerate(raw))
        return tuple(subject for subject in found if subject is not None)
    return ()
