"""The demo data generator: valid, deterministic, idempotent, and shaped like real agencies."""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from joinedup.access.models import Profile
from joinedup.cases.models import Allocation
from joinedup.chronology.contract import event_parse
from joinedup.chronology.models import EventVersion
from joinedup.chronology.registry import PROCESS_TYPES
from joinedup.core.models import LocalAuthority, Organisation
from joinedup.demo import world
from joinedup.demo.generator import Borough
from joinedup.demo.generator.dates import LONDON
from joinedup.demo.generator.story import Story
from joinedup.demo.narratives import FAMILIES, family_bodies, narrative_bodies
from joinedup.demo.services import DEMO_USERS, demo_borough_ensure, demo_events_record
from joinedup.people.fictional.identifiers import nhs_number_for
from joinedup.people.identifiers import name_normalise
from joinedup.people.models import PersonIdentifier, PersonName

# A fixed day safely in the past: events must never be in the future of the real clock.
TODAY = date(2024, 5, 1)
NOW = datetime(2024, 5, 1, tzinfo=UTC)


def demo_data(**options) -> str:
    out = io.StringIO()
    call_command("demo-data", stdout=out, **{"today": TODAY.isoformat(), **options})
    return out.getvalue()


def test_it_only_generates_events_the_contract_accepts():
    bodies = [*narrative_bodies(TODAY), *Borough(children=300, seed=5, today=TODAY).bodies()]
    for body in bodies:
        event_parse(body, now=NOW)  # raises on the first bad one, naming the field
        assert body["occurred_at"] <= body["reported_at"] < "2024-05-01"
        assert body["summary"]
    keys = [(b["source"]["organisation"], b["source"]["record_id"]) for b in bodies]
    assert len(keys) == len(set(keys))


def test_it_makes_the_same_events_for_the_same_seed_and_day():
    def run(seed: int, today: date = TODAY) -> list[dict]:
        return list(Borough(children=60, seed=seed, today=today).bodies())

    assert run(1) == run(1)
    assert run(1) != run(2)
    assert run(1, date(2024, 5, 2)) != run(1)


def test_it_makes_exactly_the_children_asked_for():
    borough = Borough(children=123, seed=9, today=TODAY, keep_households=True)
    list(borough.bodies())
    assert borough.households is not None
    assert sum(len(h.children) for h in borough.households) == 123 == borough.stats.children


def test_it_records_a_small_borough_with_nothing_refused(db):
    output = demo_data(children=50, seed=3)

    assert " 0 refused" in output
    narrative = sum(len(family_bodies(f, TODAY)) for f in FAMILIES)
    assert EventVersion.objects.count() > narrative + 50
    assert LocalAuthority.objects.get(code="RIV").name == "Riverside"
    hospital = Organisation.objects.get(name="Riverside Hospital")
    assert hospital.authority is not None
    assert (hospital.agency, hospital.authority.code) == ("health", "RIV")
    assert hospital.contact_phone.startswith("01632 960")
    assert Organisation.objects.count() == len(world.ORGANISATIONS)
    for demo in DEMO_USERS:
        profile = Profile.objects.select_related("organisation").get(user__username=demo.username)
        assert (profile.role, profile.organisation.name) == (demo.role, demo.organisation)
    assert "http://127.0.0.1:8000/sign-in" in output
    assert "riverside-demo" in output
    # The narrative children on plans are the demo social worker's cases (the borough's open
    # cases are the demo team's too: test_casework.py).
    allocated = Allocation.objects.filter(ended_at__isnull=True).select_related("person", "worker")
    assert {
        (a.person.display_name, a.worker.username, a.manager_id is not None) for a in allocated
    } >= {
        ("Riley Thornton", "social.worker", True),
        ("Leon Ashworth", "social.worker", True),
        ("Ruby Ashworth", "social.worker", True),
    }


def test_it_creates_nothing_twice(db):
    demo_data(children=30, seed=4)
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        EventVersion.objects.count(),
        Allocation.objects.count(),
    )

    # No --today: it generates for the day the data in the database was made for.
    out = io.StringIO()
    call_command("demo-data", children=30, seed=4, stdout=out)

    assert f"as of {TODAY}" in out.getvalue()
    assert " 0 created, 0 corrected" in out.getvalue()
    assert counts == (
        Organisation.objects.count(),
        User.objects.count(),
        EventVersion.objects.count(),
        Allocation.objects.count(),
    )
    assert counts[3] >= 3
    skipped = io.StringIO()
    call_command("demo-data", skip_if_loaded=True, stdout=skipped)
    assert "already loaded" in skipped.getvalue()
    call_command("demo-users", stdout=io.StringIO())
    assert User.objects.count() == counts[1]


def test_it_refuses_a_different_day_once_loaded(db):
    from django.core.management.base import CommandError

    demo_data(children=5, seed=1, no_users=True)
    with pytest.raises(CommandError, match="correction"):
        demo_data(children=5, seed=1, no_users=True, today="2024-04-30")


def test_it_loads_every_narrative_family_findable_by_name(db):
    demo_data(children=0, no_users=True)

    for family in FAMILIES:
        assert family.description and family.signals and family.matching
        for full in family.search:
            given, surname = full.split(" ", 1)
            assert PersonName.objects.filter(
                given_norm=name_normalise(given), family_norm=name_normalise(surname)
            ).exists(), full
    assert EventVersion.objects.filter(event__record_id="DEMO-THORNTON-03").exists()


def test_it_sends_one_child_in_each_agency_s_shape_and_exact_ones_meet(db):
    demo_borough_ensure()  # the organisations, registered as demo-data does first
    borough = Borough(children=250, seed=11, today=TODAY, keep_households=True)
    report = demo_events_record(bodies=borough.bodies(), label="test")
    assert report.counts["refused"] == 0
    assert borough.households is not None

    def person_with(scheme: str, value: str) -> int | None:
        row = PersonIdentifier.objects.filter(scheme=scheme, value=value).first()
        return row.person_id if row else None

    joined = split = 0
    for household in borough.households:
        for child in household.children:
            if not child.upn:
                continue
            at_school = person_with("upn", child.upn)
            in_health = person_with("nhs_number", child.nhs)
            if at_school is None or in_health is None:
                continue  # not seen by both
            if child.nickname is None and child.known_as is None:
                # Same name, same exact date of birth: the first-cut matcher puts them together.
                assert at_school == in_health, child.full
                joined += 1
            elif at_school != in_health:
                split += 1  # "Kev" at school, "Kevin" at hospital: for the fuzzy matcher
    assert joined >= 10
    assert split >= 1


def test_it_writes_json_lines_instead_when_asked(db, tmp_path):
    path = tmp_path / "events.jsonl"
    demo_data(children=20, seed=2, out=str(path))

    lines = path.read_text().splitlines()
    assert len(lines) > sum(len(family_bodies(f, TODAY)) for f in FAMILIES)
    for line in lines:
        event_parse(json.loads(line), now=NOW)
    assert Organisation.objects.count() == 0  # the file only: no database writes


def test_it_gives_valid_identifiers_from_unissued_ranges():
    from joinedup.people.identifiers import nhs_number_valid, upn_valid

    numbers = [nhs_number_for(s) for s in (*range(1500), 499_999, 500_000, 2_600_000)]
    assert all(nhs_number_valid(n) and n.startswith("99") for n in numbers)
    assert len(set(numbers)) == len(numbers)
    ids = world.Identifiers()
    upns = [ids.next_upn(world.PRIMARY_SCHOOLS[0]) for _ in range(500)]
    assert all(upn_valid(u) and u[1:4] == "999" for u in upns)
    assert len(set(upns)) == 500


def test_it_gives_every_household_homes_of_its_own():
    from joinedup.demo.narratives import ADDRESSES

    borough = Borough(children=2000, seed=6, today=TODAY, keep_households=True)
    list(borough.bodies())
    assert borough.households is not None
    homes = [(a.line1, a.postcode) for h in borough.households for _, a in h.moves]
    assert len(homes) == len(set(homes))
    assert not set(homes) & ADDRESSES
    far = world.Addresses(reserved=set()).nth(10_000_000)  # a scale run carries on numbering
    assert far.line1 and far.postcode.startswith("RV")


@pytest.mark.parametrize("today", [date(2026, 11, 22), date(2026, 11, 23), date(2027, 1, 4)])
def test_it_sends_nothing_that_has_not_happened_yet_whatever_the_weekday(today):
    """A Sunday or a Monday "today": work moved to the next weekday must not land after it."""
    midnight = datetime(today.year, today.month, today.day, tzinfo=UTC)  # London = UTC in winter
    for body in Borough(children=300, seed=1, today=today).bodies():
        event_parse(body, now=midnight)
        assert body["occurred_at"] < body_midnight(midnight) >= body["reported_at"]


def body_midnight(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("at", [time(1, 37), time(0, 50), time(1, 0)])
def test_it_reports_an_event_after_it_happened_on_the_night_the_clocks_go_forward(at):
    """London's wall clock skips 01:00-02:00 on 29 March 2026; a sum on it went backwards."""
    today = date(2026, 12, 6)
    borough = Borough(children=1, seed=1, today=today, keep_households=True)
    list(borough.bodies())
    assert borough.households
    story = Story(borough, borough.households[0])
    occurred = datetime.combine(date(2026, 3, 29), at, tzinfo=LONDON)
    for _ in range(50):
        draft = story.add(world.POLICE, "police.incident", occurred, [], {}, "", delay=(0.1, 1.5))
        # In UTC: Python compares and subtracts two London times on the wall clock.
        occurred_utc, reported_utc = draft.occurred.astimezone(UTC), draft.reported.astimezone(UTC)
        assert occurred_utc <= reported_utc <= occurred_utc + timedelta(hours=1.5)


def test_it_makes_the_borough_it_always_has():
    """Household by household, the same events for a seed and a day: the demo, its guide and
    the benchmarks' figures are made of these. If a change means to alter them, say so in its
    commit (ADR 0020) and write the new digest here."""
    lines = hashlib.sha256()
    for body in Borough(children=200, seed=1, today=TODAY).bodies():
        lines.update(json.dumps(body, sort_keys=True, ensure_ascii=False).encode() + b"\n")
    assert lines.hexdigest()[:16] == "d186fbb0101efb5d"


def test_it_draws_the_process_s_own_steps_apart_from_the_rest():
    """The statutory process's steps (the contact, the assessment, the enquiry, conferences,
    core groups, child in need plans) come from a stream of their own: without them, and
    without the record ids they renumber, the borough is event for event what it was before
    they were sent (the digest the commit before them made)."""
    process = {t.code for t in PROCESS_TYPES}
    lines = hashlib.sha256()
    sent: Counter[str] = Counter()
    for body in Borough(children=200, seed=1, today=TODAY).bodies():
        sent[body["type"]] += 1
        if body["type"] in process:
            continue
        del body["source"]["record_id"]
        lines.update(json.dumps(body, sort_keys=True, ensure_ascii=False).encode() + b"\n")
    assert lines.hexdigest()[:16] == "3a7e4914ac9ba0f8"
    assert sent["social_care.contact"] == sent["social_care.referral"]
    assert sent["social_care.strategy_discussion"] == sent["social_care.s47_started"] > 0
    assert sent["social_care.conference"] >= sent["social_care.child_protection_plan_started"]
