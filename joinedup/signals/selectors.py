"""Reads: the facts the rules need (in bulk), a user's signals, one signal, the CLI listing."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.timezone import localtime

from joinedup.access.policy import Scope
from joinedup.cases.models import Allocation
from joinedup.chronology.models import EventSubject
from joinedup.core.calendar import local_date, years_old
from joinedup.core.lookups import in_ids
from joinedup.core.models import Organisation
from joinedup.core.vocabulary import CHILD_ROLES
from joinedup.people.merges import MergeGroups, person_ids_merged_into, survivors_of
from joinedup.people.models import (
    ADULT_AGE,
    Person,
    PersonAuthority,
    PersonIdentifier,
    Relationship,
)
from joinedup.signals.facts import Adult, Child, ChildFacts, Fact, Link
from joinedup.signals.models import Signal, SignalEvidence, SignalRecipient, SignalResponse
from joinedup.signals.visibility import notifications_visible, signals_inbox, signals_visible

# Events of a linked adult that a rule reads (risky_adult_linked).
ADULT_RISK_TYPES = ("police.arrest", "police.charge", "police.conviction")
ADULT_RISK_PREFIXES = ("probation.",)
BATCH = 500

# The rules' reads run after every event is recorded, so they are plain SQL: building the same
# five ORM queries cost more than the database took to answer them (ADR 0009).
_FACT_COLUMNS = """s.person_id, s.role, s.version_id, v.event_id, v.type, v.agency,
    v.organisation_id, o.name, e.record_id, v.occurred_at, v.reported_at, v.details, v.summary"""
_PERSON_COLUMNS = "p.given_name, p.family_name, p.dob, p.sex, p.seen_as_child"
_FACT_TABLES = """chronology_eventsubject s
    JOIN chronology_eventversion v ON v.id = s.version_id
    JOIN chronology_event e ON e.id = v.event_id
    JOIN core_organisation o ON o.id = v.organisation_id"""
# `IN {ids}` becomes one array parameter on PostgreSQL (`core.lookups.in_ids`), elsewhere
# one placeholder per id; every value is bound, never formatted in.
_VERSIONS_SUBJECTS = """
    SELECT s.person_id, s.role, v.reported_at, v.type, p.dob, p.seen_as_child, v.occurred_at
    FROM chronology_eventsubject s
    JOIN chronology_eventversion v ON v.id = s.version_id
    JOIN people_person p ON p.id = s.person_id
    WHERE s.version_id IN {ids}"""
# A child's statutory status comes only from children's social care of an authority that
# sees the child (ADR 0019): another authority's record about them counts once it is shared.
_CHILD_FACTS = f"""
    SELECT {_FACT_COLUMNS}, {_PERSON_COLUMNS}
    FROM {_FACT_TABLES} JOIN people_person p ON p.id = s.person_id
    WHERE s.person_id IN {{ids}} AND s.is_current AND s.role IN {{more}}
      AND (v.agency <> 'social_care' OR EXISTS (
        SELECT 1 FROM people_personauthority pa
        WHERE pa.person_id = s.person_id AND pa.authority_id = o.authority_id))"""  # noqa: S608 (bound values)
_CHILD_FACTS_SOCIAL_CARE = _CHILD_FACTS + " AND v.type LIKE 'social_care.%%'"
_CO_SUBJECTS = f"""
    SELECT s.version_id, s.person_id, s.role, {_PERSON_COLUMNS}
    FROM chronology_eventsubject s JOIN people_person p ON p.id = s.person_id
    WHERE s.version_id IN {{ids}}"""  # noqa: S608 (bound values)
_ADULT_RISK = " OR ".join(  # from the constants above, never from input
    [f"v.type = '{t}'" for t in ADULT_RISK_TYPES]
    + [f"v.type LIKE '{p}%%'" for p in ADULT_RISK_PREFIXES]
)
# Every event a school (an organisation of the education agency) sent naming these people, in
# any role: where the child is known to a school, whoever the event was about.
# The schools' ids are bound (`{more}`), not joined: joined, PostgreSQL's planner may start
# from the schools and hash every event they ever sent (seen at 1,000,000 events).
_SCHOOL_EVENTS = """
    SELECT s.person_id, v.organisation_id, v.occurred_at, v.reported_at
    FROM chronology_eventsubject s
    JOIN chronology_eventversion v ON v.id = s.version_id
    WHERE s.person_id IN {ids} AND s.is_current AND v.organisation_id IN {more}"""
_ADULT_RISK_FACTS = f"""
    SELECT {_FACT_COLUMNS} FROM {_FACT_TABLES}
    WHERE s.person_id IN {{ids}} AND s.is_current AND ({_ADULT_RISK})"""  # noqa: S608


def _in(values: Collection[Any]) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def _select(template: str, ids: Collection[int], more: Collection[Any] = ()) -> list[tuple]:
    """Rows of one of the templates above, for `ids` (and the values of `{more}`); the ids go
    as `core.lookups.in_ids` sends them (one array parameter on PostgreSQL)."""
    ids_sql, params = in_ids(ids)
    sql = template.replace("IN {ids}", ids_sql).format(more=_in(more))
    params += list(more)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes from raw SQL; PostgreSQL aware ones."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _fact(row: tuple) -> Fact:
    person_id, role, vid, eid, typ, agency, org_id, org, record, occ, rep, details, summary = row[
        :13
    ]
    if isinstance(details, str):
        details = json.loads(details)
    return Fact(
        version_id=vid,
        event_id=eid,
        person_id=person_id,
        role=role,
        type=typ,
        agency=agency,
        organisation_id=org_id,
        organisation=org,
        record_id=record,
        occurred_at=_aware(occ),
        reported_at=_aware(rep),
        details=details or {},
        summary=summary or "",
    )


def _chunks(ids: list[int], size: int = BATCH) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def versions_subjects(version_ids: Collection[int]) -> list[tuple]:
    """(person id, role, reported_at, type, dob, seen as child, occurred_at) of every subject
    of these versions: who an evaluation after recording has to look at."""
    rows = []
    for chunk in _chunks(sorted(version_ids)):
        rows += _select(_VERSIONS_SUBJECTS, chunk)
    return [(*row[:2], _aware(row[2]), *row[3:6], _aware(row[6])) for row in rows]


def child_facts_load(
    person_ids: Iterable[int],
    *,
    social_care_only: bool = False,
    merged: MergeGroups | None = None,
) -> dict[int, ChildFacts]:
    """Everything the rules read about each child, in two to four queries per 500 children.

    Keyed by the person each id is read as (ADR 0008): a survivor's facts are its own and those
    of everyone merged into it, each fact still naming the person it was recorded against.
    `merged` says who is read as whom (one query to find out if not given). A child with no
    current entry as a child is left out: no rule can find anything there.
    """
    asked = set(person_ids)
    if merged is None:
        merged = MergeGroups(asked)
    else:
        merged.learn(asked)
    follow = merged.any  # else every row is its own child's, as it was before merges
    survivors = sorted({merged.read_as(pk) for pk in asked}) if follow else sorted(asked)
    result: dict[int, ChildFacts] = {}
    roles = sorted(CHILD_ROLES)
    for chunk in _chunks(survivors):
        ids = [member for pk in chunk for member in merged.group(pk)] if follow else chunk
        template = _CHILD_FACTS_SOCIAL_CARE if social_care_only else _CHILD_FACTS
        seen: set[tuple[int, int]] = set()  # (child, version): an event naming two merged records
        # A record without a date of birth, merged with one that has it, is as old as they are.
        births = _group_births(chunk, merged) if follow else {}
        for row in _select(template, ids, roles):
            fact = _fact(row)
            given, family, dob, sex, as_child = row[13:]
            child_id = merged.read_as(fact.person_id) if follow else fact.person_id
            dob = dob or births.get(child_id)
            if not is_child(dob, as_child, fact.occurred_at):  # a child when it happened
                continue
            if follow:
                if (child_id, fact.version_id) in seen:
                    continue
                seen.add((child_id, fact.version_id))
            cf = result.get(child_id)
            if cf is None:
                name = " ".join(p for p in (given, family) if p) or "Name not known"
                cf = result[child_id] = ChildFacts(Child(child_id, name, dob, sex), [])
            cf.facts.append(fact)
        if follow:
            _survivors_as_themselves({pk: result[pk] for pk in chunk if pk in result}, merged)
        if not social_care_only:
            _links_load({pk: result[pk] for pk in chunk if pk in result}, merged)
            _schools_load({pk: result[pk] for pk in chunk if pk in result}, merged)
    return result


def _group_births(survivors: list[int], merged: MergeGroups) -> dict[int, date]:
    """The date of birth of each merged group among `survivors`: its first record's that has
    one (as `_survivors_as_themselves` names the child)."""
    groups = {pk: merged.group(pk) for pk in survivors if len(merged.group(pk)) > 1}
    if not groups:
        return {}
    dobs = dict(
        Person.objects.filter(
            pk__in=[m for group in groups.values() for m in group], dob__isnull=False
        ).values_list("pk", "dob")
    )
    births = {}
    for pk, group in groups.items():
        dob = next((dobs[m] for m in group if m in dobs), None)
        if dob is not None:
            births[pk] = dob
    return births


def _survivors_as_themselves(children: dict[int, ChildFacts], merged: MergeGroups) -> None:
    """A merged child is named as its survivor is (the page's name), its date of birth and
    sex taken from the first of its records that has one."""
    groups = {pk: merged.group(pk) for pk in children if len(merged.group(pk)) > 1}
    if not groups:
        return
    people: dict[int, tuple[str, str, date | None, str]] = {
        pk: (given, family, dob, sex)
        for pk, given, family, dob, sex in Person.objects.filter(
            pk__in=[m for group in groups.values() for m in group]
        ).values_list("pk", "given_name", "family_name", "dob", "sex")
    }
    for pk, group in groups.items():
        given, family = people[pk][:2]
        dob = next((people[m][2] for m in group if people[m][2] is not None), None)
        sex = next((people[m][3] for m in group if people[m][3]), "")
        name = " ".join(p for p in (given, family) if p) or "Name not known"
        children[pk].child = Child(pk, name, dob, sex)


def _links_load(children: dict[int, ChildFacts], merged: MergeGroups) -> None:
    """The adults named with each child in its events, their risks, and the relationships the
    events state between them (a few queries for every child at once)."""
    by_version: dict[int, list[tuple[int, Fact]]] = defaultdict(list)
    for pk, cf in children.items():
        for f in cf.facts:
            by_version[f.version_id].append((pk, f))
    if not by_version:
        return
    links, adults = _co_subjects(by_version, merged)
    if not links:  # the child alone in every event: nobody linked
        return
    adult_facts = _adult_risks(adults, merged)
    # Relationships asserted in the child's events ("mother's partner") name the link in the
    # words of a risky adult's signal; both people are co-subjects above, so each relationship
    # only adds a kind to a link that exists. Read them only when a linked adult has a risk.
    if adult_facts:
        links += _relationship_links(by_version, adults, merged)
    for child_id, link in links:
        cf = children[child_id]
        cf.links.append(link)
        cf.adults[link.adult_id] = adults[link.adult_id]
        if link.adult_id in adult_facts:
            cf.adult_facts[link.adult_id] = adult_facts[link.adult_id]


def _schools_load(children: dict[int, ChildFacts], merged: MergeGroups) -> None:
    """The schools that know each child (`ChildFacts.schools`), from any of their records."""
    schools = list(Organisation.objects.filter(agency="education").values_list("pk", flat=True))
    if not schools or not children:
        return
    ids = sorted({member for pk in children for member in merged.group(pk)})
    for chunk in _chunks(ids):
        for person_id, organisation_id, occurred, reported in _select(
            _SCHOOL_EVENTS, chunk, schools
        ):
            child = merged.read_as(person_id) if merged.any else person_id
            if child in children:
                children[child].schools.append(
                    (_aware(reported), _aware(occurred), organisation_id)
                )


def _co_subjects(
    by_version: dict[int, list[tuple[int, Fact]]], merged: MergeGroups
) -> tuple[list[tuple[int, Link]], dict[int, Adult]]:
    """(child, link) for every other subject of each child's events, and those adults."""
    links: list[tuple[int, Link]] = []
    adults: dict[int, Adult] = {}
    co_subjects = []
    for chunk in _chunks(sorted(by_version), 2000):
        co_subjects += _select(_CO_SUBJECTS, chunk)
    # An adult merged into another is read as that survivor, with the risks recorded on both.
    merged.learn(row[1] for row in co_subjects)
    follow = merged.any
    for vid, person_id, role, given, family, dob, _sex, as_child in co_subjects:
        other = merged.read_as(person_id) if follow else person_id
        for child_id, f in by_version[vid]:
            if other != child_id:  # not the child, nor a record merged into the child
                links.append((child_id, Link(other, role, f)))
                if other not in adults:
                    name = " ".join(p for p in (given, family) if p) or "Name not known"
                    adults[other] = Adult(other, name, dob, as_child)
    return links, adults


def _adult_risks(adults: dict[int, Adult], merged: MergeGroups) -> dict[int, list[Fact]]:
    """The risk facts recorded about each adult (or a record merged into them)."""
    adult_facts: dict[int, list[Fact]] = defaultdict(list)
    adult_ids = sorted({member for pk in adults for member in merged.group(pk)})
    for chunk in _chunks(adult_ids):
        for row in _select(_ADULT_RISK_FACTS, chunk):
            adult_facts[merged.read_as(row[0]) if merged.any else row[0]].append(_fact(row))
    return adult_facts


def _relationship_links(
    by_version: dict[int, list[tuple[int, Fact]]], adults: dict[int, Adult], merged: MergeGroups
) -> list[tuple[int, Link]]:
    """(child, link) for each relationship a child's event states between the child and an
    adult linked to it, in either direction."""
    links: list[tuple[int, Link]] = []
    follow = merged.any
    for said_of, said_to, kind, source_id in Relationship.objects.filter(
        source_id__any=sorted(by_version)
    ).values_list("person_id", "other_id", "kind", "source_id"):
        person_id, other_id = (
            (merged.read_as(said_of), merged.read_as(said_to)) if follow else (said_of, said_to)
        )
        for child_id, f in by_version[source_id]:
            if other_id == child_id and person_id in adults:
                links.append((child_id, Link(person_id, kind, f)))
            elif person_id == child_id and other_id in adults:
                links.append((child_id, Link(other_id, kind, f)))
    return links


def children_linked_to(adult_ids: Iterable[int], *, merged: MergeGroups | None = None) -> set[int]:
    """Children named in any current event together with one of these adults (or a record
    merged with one), each as the person it is read as."""
    adults = set(adult_ids)
    if merged is not None:
        merged.learn(adults)
        adults = set(merged.members(adults))
    versions = EventSubject.objects.filter(person_id__any=list(adults), is_current=True).values(
        "version_id"
    )
    rows = (
        EventSubject.objects.filter(version_id__in=versions, role__in=CHILD_ROLES)
        .exclude(person_id__any=list(adults))
        .values_list("person_id", "occurred_at", "person__dob", "person__seen_as_child")
    )
    children = {pk for pk, occurred, dob, as_child in rows if is_child(dob, as_child, occurred)}
    if merged is None:
        return children
    merged.learn(children)
    return {merged.read_as(pk) for pk in children}


def is_child(dob: date | None, seen_as_child: bool, on: datetime) -> bool:
    """Under 18 on the day (London), or seen as a child when the date of birth is not known."""
    if dob is None:
        return seen_as_child
    day = local_date(on)
    return years_old(dob, day) < ADULT_AGE


def child_authority(person_id: int, *, merged: MergeGroups | None = None) -> int | None:
    return child_authorities([person_id], merged=merged)[person_id]


def child_authorities(
    person_ids: Iterable[int], *, merged: MergeGroups | None = None
) -> dict[int, int | None]:
    """The local authority each child belongs to, in one query: the one that first recorded
    them (ADR 0019), never one that only sent about them or was shared the record. A child
    merged with others (ADR 0008) belongs to the first to record any of them."""
    ids = set(person_ids)
    if merged is None:
        merged = MergeGroups(ids)
    else:
        merged.learn(ids)
    asked_for: dict[int, list[int]] = defaultdict(list)  # the person held -> ids asked
    for pk in ids:
        for member in merged.group(pk):
            asked_for[member].append(pk)
    found: dict[int, int | None] = dict.fromkeys(ids)
    for person_id, authority_id in (
        PersonAuthority.objects.filter(
            person_id__any=list(asked_for), via=PersonAuthority.Via.FIRST_RECORD
        )
        .order_by("-since", "-pk")  # the earliest last: it stands
        .values_list("person_id", "authority_id")
    ):
        for pk in asked_for[person_id]:
            found[pk] = authority_id
    return found


def allocations_for(
    person_ids: Iterable[int], *, merged: MergeGroups | None = None
) -> dict[int, Allocation]:
    """The current allocation of each child (held on it or on anyone merged with it)."""
    from joinedup.cases.selectors import allocations_current_for

    ids = set(person_ids)
    if merged is None:
        return allocations_current_for(ids)
    merged.learn(ids)
    return allocations_current_for(ids, groups={pk: merged.group(pk) for pk in ids})


# --- for people ----------------------------------------------------------------------------


def read_as_now(items: list[Any]) -> list[Any]:
    """Name each signal or notification by the person its child is read as now.

    A signal raised on a record that has since been merged into another (ADR 0008) is about
    the merged child: `child` is that person, and `raised_on` the record it was raised on
    (None when it is the same). Both are set on each item; one query, or two with merges.
    """
    survivors = survivors_of({item.person_id for item in items})
    people = Person.objects.in_bulk(set(survivors.values())) if survivors else {}
    for item in items:
        survivor = survivors.get(item.person_id)
        item.child = people[survivor] if survivor is not None else item.person
        item.raised_on = item.person if survivor is not None else None
    return items


def signals_for_scope(scope: Scope | None, *, answered: bool = False) -> QuerySet[Signal]:
    """The user's inbox: signals routed to them or their team, for people they may see."""
    signals = signals_inbox(scope)
    if not answered:
        signals = signals.exclude(status__in=[Signal.Status.ANSWERED, Signal.Status.WITHDRAWN])
    return signals.select_related("person").order_by("-raised_at", "-pk")


def signal_for(scope: Scope | None, signal_id: int) -> Signal:
    """One signal the user may open (`visibility.signals_visible`); anything else is
    absent (404)."""
    if scope is None:
        raise Http404("No such signal")
    visible = signals_visible(scope)
    signal = (
        visible.filter(pk=signal_id)
        .select_related("person", "review", "withdrawal")
        .prefetch_related(
            Prefetch(
                "evidence",
                SignalEvidence.objects.select_related(
                    "version__organisation", "version__event", "person"
                ).order_by("version__occurred_at", "pk"),
            ),
            Prefetch("recipients", SignalRecipient.objects.select_related("user").order_by("pk")),
            Prefetch(
                "responses", SignalResponse.objects.select_related("user").order_by("at", "pk")
            ),
        )
        .first()
    )
    if signal is None:
        raise Http404("No such signal")
    return read_as_now([signal])[0]


# --- for the command line ------------------------------------------------------------------


def signals_list(*, until: datetime | None = None) -> list[dict[str, Any]]:
    """Every signal raised up to `until`, as plain data (for `joinedup signals --json`)."""
    signals = Signal.objects.select_related("person", "withdrawal").order_by("raised_at", "pk")
    if until is not None:
        signals = signals.filter(raised_at__lte=until)
    signals = signals.prefetch_related(
        Prefetch(
            "evidence",
            SignalEvidence.objects.select_related(
                "version__organisation", "version__event"
            ).order_by("version__occurred_at", "pk"),
        ),
        Prefetch("recipients", SignalRecipient.objects.select_related("user").order_by("pk")),
    )
    rows = read_as_now(list(signals))
    identifiers: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for person_id, scheme, value in PersonIdentifier.objects.filter(
        person_id__in={s.child.pk for s in rows}, organisation__isnull=True
    ).values_list("person_id", "scheme", "value"):
        if value not in identifiers[person_id][scheme]:
            identifiers[person_id][scheme].append(value)
    return [
        {
            "id": s.pk,
            "rule": s.rule,
            "child": {
                "person_id": str(s.child.key),
                "name": s.child.display_name,
                "dob": s.child.dob.isoformat() if s.child.dob else None,
                "identifiers": {k: v for k, v in identifiers[s.child.pk].items()},
            },
            # the record the signal was raised on, when it has since been merged into `child`
            **({"raised_on": {"person_id": str(s.raised_on.key)}} if s.raised_on else {}),
            "pattern": s.pattern_key,
            "raised_at": localtime(s.raised_at).isoformat(),
            "due_at": localtime(s.due_at).isoformat(),
            "sentence": s.sentence,
            "evidence": [
                {
                    "agency": e.version.agency,
                    "organisation": e.version.organisation.name,
                    "record_id": e.version.event.record_id,
                    "version": e.version.version,
                    "type": e.version.type,
                    "occurred_at": localtime(e.version.occurred_at).isoformat(),
                    "reported_at": localtime(e.version.reported_at).isoformat(),
                }
                for e in s.evidence.all()
            ],
            "routed_to": [r.label for r in s.recipients.all()],
            "status": s.state,
            # signals v1: false while it rests on a match still in review (ADR 0022)
            "identity_confirmed": s.review_id is None or s.confirmed_at is not None,
            **({"review": {"id": s.review_id}} if s.review_id is not None else {}),
            **(
                {"withdrawn": {"at": localtime(w.at).isoformat(), "reason": w.reason}}
                if (w := getattr(s, "withdrawal", None)) is not None
                else {}
            ),
        }
        for s in rows
    ]


def user_label(user: AbstractBaseUser | AnonymousUser) -> str:
    full = getattr(user, "get_full_name", lambda: "")()
    return full or user.get_username()


def notifications_for_scope(scope: Scope | None, *, limit: int = 50) -> list[Any]:
    return read_as_now(
        list(notifications_visible(scope).select_related("person").order_by("-created_at")[:limit])
    )


def signals_for_person(scope: Scope | None, person: Person) -> list[Signal]:
    """A child's signals for the child page's panel: every one for children's social care of
    the child's authority, only those sent to them for a partner agency; with those raised on
    records merged into the child (ADR 0008). Call it after `access.person_for` has let the
    user see the child."""
    ids = person_ids_merged_into(person)
    signals = signals_visible(scope)
    signals = signals.filter(person=person) if len(ids) == 1 else signals.filter(person_id__in=ids)
    return list(signals.order_by("-raised_at", "-pk"))
