"""Identity target: one incoming record against the person index, on PostgreSQL at 1,000,000.

Each call is what recording one event does for one subject: a new `IdentityResolver` (it
reads the active model and whether any merge exists), `prefetch` of its candidates from
`MatchKey` and their facts, then `resolve`. Subjects are background people as agencies send
them, in four kinds taken in turn: with a valid NHS number; with no identifier but the exact
name and date of birth; with no identifier, a misspelt surname and the day and month of birth
swapped (the scorer decides); and someone not in the index at all (the scorer finds nobody
good enough). The baseline is one indexed lookup of the subject's first key in `MatchKey`.
"""

from __future__ import annotations

import random
from datetime import date
from functools import partial

from django.db import connection

from benchmarks.bench_ingest import background_families
from benchmarks.bench_search import misspell
from benchmarks.feed import Feed
from benchmarks.measure import Figure, ms, queries_of, summary, timed
from joinedup.core.models import Organisation
from joinedup.people.identity import LINKED, IdentityResolver, subject_match_keys
from joinedup.people.matching.blocking import blocking_keys
from joinedup.people.matching.records import record_from_subject
from joinedup.people.subject import AddressIn, SubjectIn

TARGET_P95 = 0.010
KINDS = ("nhs_number", "name_and_birth", "misspelt_and_swapped", "not_in_index")


def _swapped(day: date) -> date:
    try:
        return date(day.year, day.day, day.month) if day.day <= 12 else day
    except ValueError:
        return day


def subjects(*, people: int, count: int, seed: int) -> list[tuple[str, SubjectIn]]:
    feed = Feed(seed=seed)
    rng = random.Random(seed)
    out: list[tuple[str, SubjectIn]] = []
    families = background_families(feed, people=people, count=count)
    for n, family in enumerate(families):
        kind = KINDS[n % len(KINDS)]
        member = family.members[rng.randrange(len(family.members))]
        address = AddressIn(line1=family.line1, town=family.town, postcode=family.postcode)
        given, surname, born = member.given, member.family, member.dob
        identifiers: tuple[tuple[str, str], ...] = ()
        if kind == "nhs_number" and member.nhs:
            identifiers = (("nhs_number", member.nhs),)
        elif kind == "nhs_number":
            kind = "name_and_birth"
        if kind == "misspelt_and_swapped":
            surname, born = misspell(surname, rng), born and _swapped(born)
        elif kind == "not_in_index":
            given = rng.choice(feed.female if member.sex == "female" else feed.male)
            surname = rng.choice(feed.families) + "-" + rng.choice(feed.families)
            born = date(rng.randrange(1950, 2024), rng.randrange(1, 13), rng.randrange(1, 29))
        subject = SubjectIn(
            index=0,
            ref="s",
            role="child" if member.is_child(date.today()) else "adult",
            given=given,
            family=surname,
            dob=born,
            sex=member.sex,
            identifiers=identifiers,
            address=address,
        )
        out.append((kind, subject))
    return out


def run(*, people: int, count: int, warmup: int) -> Figure:
    figure = Figure(
        f"Identity: one incoming record against {people:,} people (IdentityResolver)",
        target=f"p95 ≤ {ms(TARGET_P95)}",
    )
    org = Organisation.objects.filter(agency="health").order_by("pk").first()
    if org is None:
        figure.error = "no health organisation in the benchmark database"
        return figure
    mix = subjects(people=people, count=count + warmup, seed=17)

    def app(subject: SubjectIn) -> str:
        resolver = IdentityResolver()
        resolver.prefetch([(subject, org)])
        return resolver.resolve(subject, organisation=org).outcome

    def base(subject: SubjectIn) -> None:
        keys = subject_match_keys(subject, org) or blocking_keys(record_from_subject(subject))
        with connection.cursor() as cursor:
            cursor.execute("SELECT person_id FROM people_matchkey WHERE key = %s", [keys[0]])
            cursor.fetchall()

    for _, subject in mix[:warmup]:
        app(subject)
        base(subject)
    times: dict[str, list[float]] = {k: [] for k in KINDS}
    outcomes: dict[str, list[str]] = {k: [] for k in KINDS}
    base_times: list[float] = []
    for i, (kind, subject) in enumerate(mix[warmup:]):
        if i % 2:
            base_times.append(timed(partial(base, subject))[0])
        seconds, outcome = timed(partial(app, subject))
        if not i % 2:
            base_times.append(timed(partial(base, subject))[0])
        times[kind].append(seconds)
        outcomes[kind].append(outcome)
    every = [t for ts in times.values() for t in ts]
    a, b = summary(every), summary(base_times)
    figure.measured = f"p95 {ms(a['p95'])} (p50 {ms(a['p50'])})"
    figure.baseline = f"p95 {ms(b['p95'])} (p50 {ms(b['p50'])}) one indexed MatchKey lookup"
    figure.ratio = a["p95"] / b["p95"]
    figure.passed = a["p95"] <= TARGET_P95
    figure.raw = {"app": a, "baseline": b}
    for kind in KINDS:
        if not times[kind]:
            continue
        s = summary(times[kind])
        linked = sum(o == LINKED for o in outcomes[kind])
        example = next(subj for k, subj in mix if k == kind)
        sql_count, _, _ = queries_of(partial(app, example), 1)
        figure.notes.append(
            f"{kind:<20} p50 {ms(s['p50'])}, p95 {ms(s['p95'])}, max {ms(s['max'])}; "
            f"linked {linked}/{len(outcomes[kind])}; {sql_count} SQL statements for one"
        )
        figure.raw[kind] = s | {"linked": linked}
    return figure
