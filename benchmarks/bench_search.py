"""Target 3: person search (`ui:search`) over the whole population, a mix of queries.

Queries are built from people the signed-in social worker may see: a misspelt full name (a
spelling with the same phonetic key, as a practitioner mishears it), an exact date of birth,
an NHS number and a postcode. The baseline answers the same query with one indexed lookup.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from benchmarks import vocab
from benchmarks.measure import Figure, ms, profile, queries_of, summary, timed
from benchmarks.population import BENCH_USERNAME, households_for
from joinedup.people.identifiers import name_phonetic

TARGET_P95 = 0.100
KINDS = ("name", "dob", "identifier", "postcode")
VOWELS = "aeiouy"


@dataclass
class Query:
    kind: str
    params: dict[str, str]
    key: str  # the person the query is about: found if their key is on the results page


def misspell(name: str, rng: random.Random) -> str:
    """A plausible misspelling with the same phonetic key, or a vowel swap if none exists."""
    lower = name
    candidates = []
    for i, char in enumerate(lower):
        if i and char.isalpha():
            candidates.append(lower[:i] + char + lower[i:])  # doubled letter
            if lower[i - 1] == char:
                candidates.append(lower[:i] + lower[i + 1 :])  # a double made single
        if i and char.lower() in VOWELS:
            for other in VOWELS:
                if other != char.lower():
                    candidates.append(lower[:i] + other + lower[i + 1 :])
        if 0 < i < len(lower) - 1:
            candidates.append(lower[:i] + lower[i + 1] + char + lower[i + 2 :])  # swap
    rng.shuffle(candidates)
    same = [c for c in candidates if c != name and name_phonetic(c) == name_phonetic(name)]
    if same:
        return same[0]
    return candidates[0] if candidates else name


def queries(*, people: int, count: int, seed: int) -> list[Query]:
    """`count` queries, the kinds in turn, about background people of the signed-in borough."""
    rng = random.Random(seed)
    borough_households = round(households_for(people) * vocab.BOROUGHS[0].share)
    ids = [3 * rng.randrange(borough_households) + rng.randrange(3) + 1 for _ in range(count)]
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT p.id, p.key, p.given_name, p.family_name, p.dob,
              (SELECT value FROM people_personidentifier i
               WHERE i.person_id = p.id AND i.scheme = 'nhs_number' LIMIT 1),
              (SELECT postcode FROM people_personaddress a
               WHERE a.person_id = p.id ORDER BY applies_from DESC LIMIT 1)
            FROM people_person p WHERE p.id = ANY(%s)
            """,
            [ids],
        )
        found = {row[0]: row for row in cur.fetchall()}
    result = []
    for n, pid in enumerate(ids):
        _, key, given, family, dob, nhs, postcode = found[pid]
        kind = KINDS[n % len(KINDS)]
        if kind == "identifier" and not nhs:
            kind = "name"
        if kind == "postcode" and not postcode:
            kind = "dob"
        if kind == "name":
            params = {"name": f"{given} {misspell(family, rng)}"}
        elif kind == "dob":
            # The page's GOV.UK date input has three boxes; `dob` is what the baseline reads.
            params = {
                "dob": dob.isoformat(),
                "dob_day": str(dob.day),
                "dob_month": str(dob.month),
                "dob_year": str(dob.year),
            }
        elif kind == "identifier":
            params = {"identifier": f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"}  # as read off a letter
        else:
            params = {"postcode": f"{postcode[:-3]} {postcode[-3:]}"}
        result.append(Query(kind, params, str(key)))
    return result


def run(*, people: int, count: int, warmup: int, with_profile: bool) -> Figure:
    figure = Figure(
        f"Person search p95 (ui:search, {people:,} people, mixed queries)",
        target=f"p95 ≤ {ms(TARGET_P95)}",
    )
    client = Client()
    client.force_login(User.objects.get(username=BENCH_USERNAME))
    app_url, base_url = reverse("ui:search"), reverse("bench-lookup")
    mix = queries(people=people, count=count, seed=11)

    def app(q: Query) -> bytes:
        response = client.get(app_url, q.params)
        if response.status_code != 200:
            raise RuntimeError(f"{app_url}?{q.params} answered {response.status_code}")
        return response.content

    def base(q: Query) -> bytes:
        return client.get(base_url, q.params).content

    try:
        app(mix[0])
    except Exception as exc:
        figure.error = f"the search view failed: {exc!r}"[:300]
        return figure
    for q in mix[:warmup]:
        app(q)
        base(q)
    app_times: dict[str, list[float]] = {k: [] for k in KINDS}
    base_times: list[float] = []
    found: dict[str, list[bool]] = {k: [] for k in KINDS}
    for i, q in enumerate(mix):
        if i % 2:
            base_times.append(timed(lambda q=q: base(q))[0])
        seconds, page = timed(lambda q=q: app(q))
        if not i % 2:
            base_times.append(timed(lambda q=q: base(q))[0])
        app_times[q.kind].append(seconds)
        found[q.kind].append(q.key.encode() in page)

    every = [t for times in app_times.values() for t in times]
    a, b = summary(every), summary(base_times)
    figure.measured = f"p95 {ms(a['p95'])} (p50 {ms(a['p50'])})"
    figure.baseline = f"p95 {ms(b['p95'])} (p50 {ms(b['p50'])}) one indexed lookup"
    figure.ratio = a["p95"] / b["p95"]
    figure.passed = a["p95"] <= TARGET_P95
    figure.notes.append(
        f"the social worker's borough holds {vocab.BOROUGHS[0].share:.0%} of the people; "
        "queries are about people there, results are limited to what the user may see"
    )
    figure.notes.append(
        f"{len(mix)} queries, app and baseline interleaved, after {warmup} warm-up; "
        f"app mean {ms(a['mean'])}, max {ms(a['max'])}"
    )
    figure.raw = {"app": a, "baseline": b}
    for kind in KINDS:
        if not app_times[kind]:
            continue
        s = summary(app_times[kind])
        example = next(q for q in mix if q.kind == kind)
        sql_count, sql_time, slowest = queries_of(lambda example=example: app(example), 1)
        hits = sum(found[kind])
        figure.notes.append(
            f"{kind:<10} p50 {ms(s['p50'])}, p95 {ms(s['p95'])}, max {ms(s['max'])}; "
            f"sought person on the page {hits}/{len(found[kind])}; "
            f"{sql_count} SQL statements ({ms(sql_time)}) e.g. {example.params}; "
            f"slowest {slowest[0] if slowest else '-'}"
        )
        figure.raw[kind] = s | {"found": hits}
        if with_profile:
            kind_queries = [q for q in mix if q.kind == kind][:10]
            profile(f"search-{kind}", lambda kq=kind_queries: [app(q) for q in kq])
    return figure
