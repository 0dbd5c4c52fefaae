"""Writes: evaluating the rules and raising signals, routing, responses, escalation.

Evaluation reads a child's facts and asks every rule, at each moment the partnership's
knowledge changed (each `reported_at`), what was true then. The first moment a pattern is true
is its `raised_at`; a later finding of the same pattern (same key, or sharing the facts that
make it) only adds evidence. So evaluating as events arrive, or once over a year of history,
raises the same signals with the same dates, and evaluating again raises nothing new.

Evaluation follows merges (ADR 0008): a survivor is evaluated over the facts of everyone merged
into it, and its signals are raised on it; a signal already held on a record merged into it is
the same signal (same rule and pattern, or sharing a key fact) and gains the evidence. A merge
is new knowledge: the survivor is evaluated again once it commits (`on_merge_recorded`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.access.policy import Scope
from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write_many
from joinedup.cases.models import Allocation
from joinedup.chronology.models import EventSubject, EventVersion
from joinedup.core.bulk import bulk_insert
from joinedup.core.errors import ApplicationError
from joinedup.core.models import LocalAuthority, Organisation
from joinedup.people.merges import MergeGroups, person_ids_merged_into_known
from joinedup.people.models import Person, PersonAuthority, PersonMerge, PersonUnmerge
from joinedup.signals.calendar import (
    local_date,
    one_working_day_after,
    school_day_start_after,
    start_of_day,
)
from joinedup.signals.facts import ChildFacts, Finding
from joinedup.signals.models import (
    EvaluationMark,
    Notification,
    Signal,
    SignalEvidence,
    SignalRecipient,
    SignalResponse,
)
from joinedup.signals.rules import CHILD_ROLES, EVENT_RULES, RULES, SCHEDULED_RULES
from joinedup.signals.selectors import (
    ADULT_RISK_PREFIXES,
    ADULT_RISK_TYPES,
    allocations_for,
    child_authorities,
    child_authority,
    child_facts_load,
    children_linked_to,
    is_child,
    versions_subjects,
)

log = logging.getLogger(__name__)

ENGINE = Actor(label="JoinedUp risk signals")


# --- evaluation ----------------------------------------------------------------------------


def findings_for(cf: ChildFacts, *, since: datetime | None = None) -> list[Finding]:
    """What the event rules find, moment by moment, from `since` (or all history)."""
    moments = cf.moments()
    if since is not None:
        moments = [m for m in moments if m >= since]
    found: list[Finding] = []
    for moment in moments:
        known = cf.known_at(moment)
        for rule in EVENT_RULES:
            assert rule.evaluate is not None
            found.extend(rule.evaluate(known, rule))
    return found


def on_versions_recorded(version_ids: list[int]) -> None:
    """After-commit listener (chronology.hooks): evaluate the children these events touch."""
    signals_evaluate_versions(version_ids=version_ids)


def on_share_recorded(share_id: int) -> None:
    """After-commit listener (people.hooks): tell the authority a record was shared with."""
    share = PersonAuthority.objects.select_related("person", "authority").get(pk=share_id)
    Notification.objects.create(
        person=share.person,
        role="front_door",
        authority=share.authority,
        kind="record_shared",
        text=(
            f"{share.decided_by} shared {share.person.display_name}'s record with "
            f"{share.authority.name}: {share.reason}"
        ),
        created_at=timezone.now(),
    )


def notices_sent_from_elsewhere(*, version_ids: list[int]) -> int:
    """Tell each authority that sees a person when an organisation of another authority first
    sends about them (ADR 0019): that authority sees nothing more, and the one holding the
    record decides whether to share it. Idempotent: told once per person and organisation.
    Returns the notices made."""
    sent: dict[tuple[int, int], tuple[str, int, str]] = {}
    for person_id, org_id, org_name, authority_id, authority_name in EventSubject.objects.filter(
        version_id__any=version_ids, version__organisation__authority__isnull=False
    ).values_list(
        "person_id",
        "version__organisation_id",
        "version__organisation__name",
        "version__organisation__authority_id",
        "version__organisation__authority__name",
    ):
        sent[(person_id, org_id)] = (org_name, authority_id, authority_name)
    if not sent:
        return 0
    holders: dict[int, set[int]] = defaultdict(set)
    for person_id, authority_id in PersonAuthority.objects.filter(
        person_id__any=list({p for p, _ in sent})
    ).values_list("person_id", "authority_id"):
        holders[person_id].add(authority_id)
    now = timezone.now()
    made = 0
    for (person_id, _org_id), (org_name, authority_id, authority_name) in sorted(sent.items()):
        held_by = holders.get(person_id, set())
        if not held_by or authority_id in held_by:
            continue
        person = Person.objects.get(pk=person_id)
        text = (
            f"{org_name} ({authority_name}) sent a record about {person.display_name}. Staff "
            f"of {authority_name} cannot see this record: share it from the person's page if "
            "they should."
        )
        for holder in sorted(held_by):
            _, created = Notification.objects.get_or_create(
                person_id=person_id,
                role="front_door",
                authority_id=holder,
                kind="sent_from_elsewhere",
                text=text,
                defaults={"created_at": now},
            )
            made += created
    return made


def on_merge_recorded(survivor_id: int) -> None:
    """After-commit listener (people.hooks): a merge can join the dots, and an unmerge leave a
    record alone with a pattern the merged child's signal had covered, so evaluate again."""
    signals_evaluate_merged(survivor_ids=[survivor_id])


def signals_evaluate_versions(*, version_ids: list[int]) -> int:
    """Evaluate the event rules for every child the versions touch, and tell an authority
    when another's organisation sends about a person it holds. Returns signals raised."""
    notices_sent_from_elsewhere(version_ids=version_ids)
    rows = versions_subjects(version_ids)
    since: dict[int, datetime] = {}
    adults: dict[int, datetime] = {}
    for person_id, role, reported, typ, dob, as_child, occurred in rows:
        if role in CHILD_ROLES and is_child(dob, as_child, occurred):
            since[person_id] = min(reported, since.get(person_id, reported))
        elif typ in ADULT_RISK_TYPES or typ.startswith(ADULT_RISK_PREFIXES):
            adults[person_id] = min(reported, adults.get(person_id, reported))
    if not since and not adults:
        return 0
    merged = MergeGroups([*since, *adults])
    if adults:
        first = min(adults.values())
        for child_id in children_linked_to(adults, merged=merged):
            since[child_id] = min(first, since.get(child_id, first))
    if not since:
        return 0
    return signals_evaluate(since=since, merged=merged)


def signals_evaluate(
    *, since: Mapping[int, datetime | None], merged: MergeGroups | None = None
) -> int:
    """Evaluate the event rules for these children (each from its moment, None: all history).
    A child merged into another is evaluated as the survivor, over everyone merged into it."""
    if merged is None:
        merged = MergeGroups(since)
    else:
        merged.learn(since)
    read: dict[int, datetime | None] = {}
    for pk, moment in since.items():
        survivor = merged.read_as(pk)
        held = read.get(survivor, moment)
        read[survivor] = None if held is None or moment is None else min(held, moment)
    facts = child_facts_load(read, merged=merged)
    findings = {pk: findings_for(cf, since=read[pk]) for pk, cf in facts.items()}
    return _apply(findings, facts, merged)


def signals_evaluate_merged(*, survivor_ids: list[int]) -> int:
    """Evaluate, over all their history, people who have just absorbed someone or been read
    apart again (an unmerge), and the children named with any of their records (an adult's
    merge can link a child to a risk)."""
    merged = MergeGroups(survivor_ids)
    survivors = {merged.read_as(pk) for pk in survivor_ids}
    since: dict[int, datetime | None] = dict.fromkeys(survivors)
    since.update(dict.fromkeys(children_linked_to(survivors, merged=merged)))
    return signals_evaluate(since=since, merged=merged)


def signals_catch_up(*, batch: int = 5000) -> int:
    """Evaluate the event rules for every version recorded, and every merge decided, since the
    last catch-up.

    The after-commit hooks normally do this as events arrive and merges are decided; the
    catch-up covers whatever they missed (a listener that failed, a process that stopped, the
    worker mode that has no listeners). Evaluation is idempotent, so versions and merges the
    hooks already evaluated cost time, never a second signal.
    """
    mark, _ = EvaluationMark.objects.get_or_create(pk=1, defaults={"version_id": 0})
    raised = 0
    while True:
        ids = list(
            EventVersion.objects.filter(pk__gt=mark.version_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        raised += signals_evaluate_versions(version_ids=ids)
        mark.version_id = ids[-1]
        mark.save(update_fields=["version_id"])
    merges = list(
        PersonMerge.objects.filter(pk__gt=mark.merge_id)
        .order_by("pk")
        .values_list("pk", "survivor_id", "unmerge")
    )
    if merges:
        survivors = [survivor for _, survivor, undone in merges if undone is None]
        if survivors:
            raised += signals_evaluate_merged(survivor_ids=survivors)
        mark.merge_id = merges[-1][0]
        mark.save(update_fields=["merge_id"])
    unmerges = list(
        PersonUnmerge.objects.filter(pk__gt=mark.unmerge_id)
        .order_by("pk")
        .values_list("pk", "merge__survivor_id", "merge__absorbed_id")
    )
    if unmerges:
        apart = [pk for _, survivor, absorbed in unmerges for pk in (survivor, absorbed)]
        raised += signals_evaluate_merged(survivor_ids=apart)
        mark.unmerge_id = unmerges[-1][0]
        mark.save(update_fields=["unmerge_id"])
    return raised


def signals_sweep(*, until: datetime, escalate: bool = True) -> dict[str, int]:
    """The scheduled job: rules that fire when something did not happen, up to `until`; then
    escalation of unanswered signals. Running it daily or once over history raises the same.
    Any events the after-commit hook did not evaluate are evaluated first."""
    caught_up = signals_catch_up()
    candidates = list(
        EventSubject.objects.filter(
            is_current=True,
            version__type="social_care.child_protection_plan_started",
            version__occurred_at__lte=until,
        )
        .values_list("person_id", flat=True)
        .distinct()
    )
    raised = 0
    merged = MergeGroups()
    done: set[int] = set()  # survivors evaluated (a survivor and a record merged into it)
    for i in range(0, len(candidates), 1000):
        chunk = candidates[i : i + 1000]
        merged.learn(chunk)
        survivors = [
            pk for pk in dict.fromkeys(merged.read_as(pk) for pk in chunk) if pk not in done
        ]
        done.update(survivors)
        facts = child_facts_load(survivors, social_care_only=True, merged=merged)
        # A scheduled finding's evidence is fixed by its key (the plan, the last visit), so a
        # key already raised needs nothing more: skip it before any write is prepared. A key
        # raised on a record merged into the child counts as raised.
        held_on = merged.members(facts)
        raised_keys = {
            (held_on[person_id], rule, key)
            for person_id, rule, key in Signal.objects.filter(
                person_id__any=list(held_on), rule__in=[r.code for r in SCHEDULED_RULES]
            ).values_list("person_id", "rule", "pattern_key")
        }
        findings: dict[int, list[Finding]] = {}
        for pk, cf in facts.items():
            findings[pk] = [
                f
                for rule in SCHEDULED_RULES
                if rule.sweep
                for f in rule.sweep(cf, until, rule)
                if (pk, f.rule, f.pattern_key) not in raised_keys
            ]
        raised += _apply(findings, facts, merged, all_new=True)
    escalated = signals_escalate(now=until) if escalate else 0
    return {
        "children_on_plans": len(candidates),
        "raised_by_events": caught_up,
        "raised_by_schedule": raised,
        "escalated": escalated,
    }


@dataclass
class _Open:
    signal: Signal
    versions: set[int] = field(default_factory=set)


def _apply(
    findings: dict[int, list[Finding]],
    facts: dict[int, ChildFacts],
    merged: MergeGroups,
    *,
    all_new: bool = False,
) -> int:
    if not any(findings.values()):
        return 0
    # Most evaluations re-find patterns already raised with all their evidence: check that
    # without a transaction (on SQLite, a write lock) and write only when there is news. The
    # sweep has already dropped what was raised (`all_new`), so it skips the check.
    if not all_new and not _apply_once(findings, facts, merged, write=False):
        return 0
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _apply_once(findings, facts, merged)
        except IntegrityError:  # the same pattern raised at the same time by another worker
            if attempt == 2:
                raise
            log.info("signal raised concurrently; evaluating again")
    return 0


def _apply_once(
    findings: dict[int, list[Finding]],
    facts: dict[int, ChildFacts],
    merged: MergeGroups,
    *,
    write: bool = True,
) -> int:
    children = [pk for pk, found in findings.items() if found]
    now = timezone.now()
    by_key: dict[tuple[int, str, str], _Open] = {}
    by_fact: dict[tuple[int, str, int], _Open] = {}  # (child, rule, event id of a key fact)
    rules = {f.rule for pk in children for f in findings[pk]}
    # A child's signals may be held on it or on a record merged into it (ADR 0008): they are
    # the child's, keyed by the child, so a pattern already raised there is not raised again.
    held_on = merged.members(children)
    opened: dict[int, _Open] = {}
    for s in Signal.objects.filter(person_id__any=list(held_on), rule__in=rules).order_by("pk"):
        child = held_on[s.person_id]
        opened[s.pk] = _Open(s)
        if (child, s.rule, s.pattern_key) not in by_key or s.person_id == child:
            by_key[(child, s.rule, s.pattern_key)] = opened[s.pk]
    for signal_id, person_id, rule, vid, eid, is_key in SignalEvidence.objects.filter(
        signal__person_id__any=list(held_on), signal__rule__in=rules
    ).values_list(
        "signal_id",
        "signal__person_id",
        "signal__rule",
        "version_id",
        "version__event_id",
        "is_key",
    ):
        held = opened[signal_id]
        held.versions.add(vid)
        if is_key:
            by_fact[(held_on[person_id], rule, eid)] = held
    new: list[tuple[Signal, Finding]] = []
    evidence: list[SignalEvidence] = []
    reopened: dict[int, Signal] = {}
    resentenced: dict[int, Signal] = {}
    for pk in children:
        for finding in sorted(findings[pk], key=lambda f: f.knowledge_time):
            entry = by_key.get((pk, finding.rule, finding.pattern_key)) or next(
                (
                    by_fact[(pk, finding.rule, f.event_id)]
                    for f in finding.key_facts
                    if (pk, finding.rule, f.event_id) in by_fact
                ),
                None,
            )
            if entry is None:
                signal = _signal_new(pk, finding, now)
                entry = by_key[(pk, finding.rule, finding.pattern_key)] = _Open(signal)
                new.append((signal, finding))
            keys = {f.version_id for f in finding.key_facts}
            added = False
            for f in finding.evidence:
                if f.version_id in entry.versions:
                    continue
                entry.versions.add(f.version_id)
                evidence.append(
                    SignalEvidence(
                        signal=entry.signal,
                        version_id=f.version_id,
                        person_id=f.person_id,
                        is_key=f.version_id in keys,
                        added_at=now,
                    )
                )
                added = added or f.version_id in keys
                if f.version_id in keys:
                    by_fact[(pk, finding.rule, f.event_id)] = entry
            if added and entry.signal.pk is not None:
                entry.signal.sentence = finding.sentence
                resentenced[entry.signal.pk] = entry.signal
                if entry.signal.status == Signal.Status.ANSWERED:
                    entry.signal.status = Signal.Status.OPEN
                    reopened[entry.signal.pk] = entry.signal
    if not write:
        return len(new) + len(evidence)
    # Routed before they are stored, so each signal is written once with its recipients' names.
    recipients = _route([(s, f) for s, f in new], facts, now, merged)
    labels: dict[int, list[str]] = defaultdict(list)
    for r in recipients:
        labels[id(r.signal)].append(r.label)
    for s, _ in new:
        s.routed_label = "; ".join(labels[id(s)])
    bulk_insert(Signal, [s for s, _ in new])
    bulk_insert(SignalEvidence, evidence)
    bulk_insert(SignalRecipient, recipients)
    if resentenced:
        Signal.objects.bulk_update(list(resentenced.values()), ["sentence", "status"])
    entries: list[tuple[int | None, dict[str, Any]]] = [
        (s.person_id, {"signal_id": s.pk, "rule": s.rule, "pattern": s.pattern_key}) for s, _ in new
    ]
    entries += [
        (s.person_id, {"signal_id": s.pk, "rule": s.rule, "evidence_added": True})
        for s in resentenced.values()
    ]
    access_log_write_many(
        actor=ENGINE,
        action=Action.SIGNAL_RAISED,
        purpose="risk rules evaluated on the events agencies sent",
        entries=entries,
    )
    return len(new)


def _signal_new(person_id: int, finding: Finding, now: datetime) -> Signal:
    raised = finding.knowledge_time
    rule = RULES[finding.rule]
    if rule.due == "same_day":
        due = start_of_day(local_date(raised) + timedelta(days=1))
    elif rule.due == "next_school_day":
        due = school_day_start_after(raised)
    else:
        due = one_working_day_after(raised)
    return Signal(
        rule=finding.rule,
        person_id=person_id,
        pattern_key=finding.pattern_key,
        raised_at=raised,
        due_at=due,
        escalate_at=one_working_day_after(max(raised, now)),
        sentence=finding.sentence,
        created_at=now,
    )


# --- routing -------------------------------------------------------------------------------


def _label(user: AbstractBaseUser) -> str:
    return getattr(user, "get_full_name", lambda: "")() or user.get_username()


def _route(
    new: list[tuple[Signal, Finding]],
    facts: dict[int, ChildFacts],
    now: datetime,
    merged: MergeGroups,
) -> list[SignalRecipient]:
    """Whom each new signal goes to: the allocation and authority are those of the child and
    of every record merged into it."""
    if not new:
        return []
    allocations = allocations_for({s.person_id for s, _ in new}, merged=merged)
    authorities = child_authorities({s.person_id for s, _ in new}, merged=merged)
    names: dict[int, str] = {}
    orgs = {
        o.pk: o
        for o in Organisation.objects.filter(
            pk__in={o for _, f in new for o in f.route_organisations}
        )
    }
    out: list[SignalRecipient] = []

    def authority(person_id: int) -> int | None:
        if person_id not in authorities:
            authorities[person_id] = child_authority(person_id, merged=merged)
        return authorities[person_id]

    def front_door(signal: Signal, note: str = "") -> SignalRecipient:
        a = authority(signal.person_id)
        if a is not None and a not in names:
            names[a] = LocalAuthority.objects.get(pk=a).name
        where = names.get(a, "authority not known") if a is not None else "authority not known"
        return SignalRecipient(
            signal=signal,
            role="front_door",
            authority_id=a,
            label=f"Front door, {where}{note}",
            added_at=now,
        )

    def worker(signal: Signal, allocation: Allocation) -> SignalRecipient:
        return SignalRecipient(
            signal=signal,
            user=allocation.worker,
            label=f"{_label(allocation.worker)} (allocated social worker)",
            added_at=now,
        )

    for signal, finding in new:
        allocation = allocations.get(signal.person_id)
        for route in RULES[signal.rule].routes:
            if route in ("social_worker_or_front_door", "front_door_or_social_worker"):
                out.append(worker(signal, allocation) if allocation else front_door(signal))
            elif route in ("social_worker", "social_worker_if_allocated"):
                if allocation:
                    out.append(worker(signal, allocation))
                elif route == "social_worker":
                    out.append(front_door(signal))
            elif route == "front_door":
                out.append(front_door(signal))
            elif route == "manager":
                out.extend(_managers(signal, allocation, authority(signal.person_id), now))
            elif route in ("attending_clinician", "health_named", "school_dsl"):
                role = "school_dsl" if route == "school_dsl" else "health_practitioner"
                targets = [orgs[o] for o in finding.route_organisations if o in orgs]
                if not targets and route == "school_dsl":
                    out.append(front_door(signal, " (the child's school is not known)"))
                for org in targets:
                    what = {
                        "school_dsl": "designated safeguarding lead",
                        "health_named": "health visitor / GP",
                        "attending_clinician": "attending clinician",
                    }[route]
                    out.append(
                        SignalRecipient(
                            signal=signal,
                            role=role,
                            organisation=org,
                            label=f"{org.name} ({what})",
                            added_at=now,
                        )
                    )
    return out


def _managers(
    signal: Signal, allocation: Allocation | None, authority_id: int | None, now: datetime
) -> list[SignalRecipient]:
    if allocation is not None and allocation.manager is not None:
        return [
            SignalRecipient(
                signal=signal,
                user=allocation.manager,
                label=f"{_label(allocation.manager)} (team manager)",
                added_at=now,
            )
        ]
    return [
        SignalRecipient(
            signal=signal,
            role="team_manager",
            authority_id=authority_id,
            label="Team managers, children's social care",
            added_at=now,
        )
    ]


# --- people acting on signals --------------------------------------------------------------


def signal_acknowledge(*, scope: Scope, signal: Signal) -> SignalResponse:
    """The recipient says they have seen it. Answering is still required."""
    return _respond(scope, signal, SignalResponse.Kind.ACKNOWLEDGED, "")


def signal_respond(*, scope: Scope, signal: Signal, kind: str, text: str) -> SignalResponse:
    """The recorded response: the action taken, or why none is needed."""
    if kind not in (SignalResponse.Kind.ACTION_TAKEN, SignalResponse.Kind.NO_ACTION):
        raise ApplicationError("Choose whether action was taken or why none is needed.")
    if not text.strip():
        raise ApplicationError(
            "Say what action was taken, or why none is needed."
            if kind == SignalResponse.Kind.ACTION_TAKEN
            else "Say why no action is needed."
        )
    return _respond(scope, signal, kind, text.strip())


@transaction.atomic
def _respond(scope: Scope, signal: Signal, kind: str, text: str) -> SignalResponse:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    response = SignalResponse.objects.create(
        signal=signal,
        user_id=scope.user_id,
        actor_label=scope.label,
        kind=kind,
        text=text,
        at=timezone.now(),
    )
    if kind == SignalResponse.Kind.ACKNOWLEDGED:
        if signal.status == Signal.Status.OPEN:
            signal.status = Signal.Status.ACKNOWLEDGED
    else:
        signal.status = Signal.Status.ANSWERED
    signal.save(update_fields=["status"])
    access_log_write_many(
        actor=scope.actor,
        action=Action(f"signal_{kind}"),
        purpose="respond to a risk signal",
        entries=[(signal.person_id, {"signal_id": signal.pk, "response_id": response.pk})],
    )
    return response


def signals_escalate(*, now: datetime) -> int:
    """Unanswered signals past one working day go to the manager as well."""
    due = list(
        Signal.objects.filter(
            escalated_at__isnull=True,
            escalate_at__lte=now,
            status__in=[Signal.Status.OPEN, Signal.Status.ACKNOWLEDGED],
        ).order_by("pk")
    )
    if not due:
        return 0
    stamp = timezone.now()
    with transaction.atomic():
        merged = MergeGroups({s.person_id for s in due})
        allocations = allocations_for({s.person_id for s in due}, merged=merged)
        authorities = child_authorities({s.person_id for s in due}, merged=merged)
        recipients: list[SignalRecipient] = []
        for signal in due:
            signal.escalated_at = now
            for r in _managers(
                signal, allocations.get(signal.person_id), authorities[signal.person_id], stamp
            ):
                r.escalation = True
                r.label += " (escalated: unanswered after one working day)"
                recipients.append(r)
        Signal.objects.bulk_update(due, ["escalated_at"])
        SignalRecipient.objects.bulk_create(recipients)
        access_log_write_many(
            actor=ENGINE,
            action=Action.SIGNAL_ESCALATED,
            purpose="unanswered risk signal escalated to the manager",
            entries=[(s.person_id, {"signal_id": s.pk}) for s in due],
        )
    return len(due)


# --- the clinician's lookup notifies the social worker --------------------------------------


def notification_lookup(*, actor: Actor, person: Person, who: str) -> list[Notification]:
    """Tell the child's social worker (else the front door) that a clinician looked them up.

    Called inside the lookup's transaction, which also writes the access log.
    """
    now = timezone.now()
    allocation = allocations_for([person.pk]).get(person.pk)
    text = f"{who} looked up {person.display_name}'s child protection status at {now:%H:%M}."
    if allocation is not None:
        notes = [
            Notification(person=person, user=allocation.worker, kind="flags_lookup", text=text)
        ]
    else:
        notes = [
            Notification(
                person=person,
                role="front_door",
                authority_id=child_authority(person.pk),
                kind="flags_lookup",
                text=text,
            )
        ]
    for n in notes:
        n.created_at = now
    return Notification.objects.bulk_create(notes)


# --- the clinician's view: child protection information sharing (CP-IS model) -------------


@dataclass(frozen=True)
class Flags:
    person: Person
    cp_plan_since: datetime | None
    looked_after_since: datetime | None
    contact_name: str
    contact_role: str
    contact_phone: str
    contact_organisation: str

    @property
    def flagged(self) -> bool:
        return self.cp_plan_since is not None or self.looked_after_since is not None

    def as_dict(self) -> dict[str, Any]:
        def day(moment: datetime | None) -> str | None:
            return local_date(moment).isoformat() if moment else None

        return {
            "person_id": str(self.person.key),
            "name": self.person.display_name,
            "dob": self.person.dob.isoformat() if self.person.dob else None,
            "child_protection_plan": {
                "active": self.cp_plan_since is not None,
                "since": day(self.cp_plan_since),
            },
            "looked_after": {
                "active": self.looked_after_since is not None,
                "since": day(self.looked_after_since),
            },
            "contact": {
                "name": self.contact_name,
                "role": self.contact_role,
                "phone": self.contact_phone,
                "organisation": self.contact_organisation,
            },
        }


@transaction.atomic
def flags_lookup(*, actor: Actor, nhs_number: str, who: str) -> Flags | None:
    """Is there a child protection plan or looked-after status for this NHS number, since when,
    and whom to call. Every lookup is logged; a lookup of a flagged child notifies the child's
    social worker (or the front door) that a clinician asked. None: nothing recorded."""
    from joinedup.cases.selectors import allocation_current, case_state
    from joinedup.people.identifiers import nhs_number_normalise
    from joinedup.people.models import PersonIdentifier

    number = nhs_number_normalise(nhs_number) or ""
    held_by = (
        PersonIdentifier.objects.filter(scheme="nhs_number", value=number)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .first()
    )
    person, merged = None, None
    if held_by is not None:
        # The number may be held on a record merged into another: the answer is the survivor's,
        # read over every record merged into it (ADR 0008).
        merged = MergeGroups([held_by])
        person = Person.objects.get(pk=merged.read_as(held_by))
        person_ids_merged_into_known(person, list(merged.group(person.pk)))
    state = case_state(person=person) if person is not None else None
    flagged = state is not None and state.on_plan_or_looked_after
    access_log_write_many(
        actor=actor,
        action=Action.FLAGS_LOOKUP,
        purpose="clinician checked child protection status (CP-IS)",
        entries=[
            (
                person.pk if person else None,
                {"nhs_number_last4": number[-4:], "found": person is not None, "flagged": flagged},
            )
        ],
    )
    if person is None or state is None or not flagged:
        return None
    allocation = allocation_current(person=person)
    authority = child_authority(person.pk, merged=merged)
    csc = (
        Organisation.objects.filter(agency="social_care", authority_id=authority)
        .order_by("pk")
        .first()
    )
    if allocation is not None:
        profile = getattr(allocation.worker, "profile", None)
        name = _label(allocation.worker)
        role = "Allocated social worker"
        phone = (profile.phone if profile else "") or (csc.contact_phone if csc else "")
        organisation = profile.organisation.name if profile else (csc.name if csc else "")
    else:
        name, role = "Front door (children's social care)", "Duty team"
        phone = csc.contact_phone if csc else ""
        organisation = csc.name if csc else ""
    notification_lookup(actor=actor, person=person, who=who)
    return Flags(
        person=person,
        cp_plan_since=state.cp_plan_since,
        looked_after_since=state.looked_after_since,
        contact_name=name,
        contact_role=role,
        contact_phone=phone,
        contact_organisation=organisation,
    )
