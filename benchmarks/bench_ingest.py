"""Target 1: bulk ingest through the real path, `joinedup ingest`'s own `file_record`.

A JSON-lines file is written first, then read and recorded as the command does: in chunks
(each chunk one transaction with its access-log entries) through `events_record`, with signal
evaluation in a second process alongside (ADR 0010), timed from opening the file until the
signals of its last line are evaluated. The baseline reads and decodes the same file and
inserts the bodies into a one-table `bench_baseline(body jsonb)`, in batches of the same size
with a commit per batch (psycopg executemany); it runs before and after the app and the mean
is reported.

The file mixes background families (found by NHS number, or by name and date of birth when the
agency left the number out), families seen earlier in the same file, new families, and a few
corrections and exact re-sends, so identity lookups hit as they would in production.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from psycopg.types.json import Jsonb

from benchmarks import vocab
from benchmarks.feed import Family, Feed, Member, write_jsonl
from benchmarks.measure import RESULTS, Figure, cpu_seconds, profile
from benchmarks.population import households_for
from joinedup.audit.services import Actor
from joinedup.chronology.management.commands.ingest import file_record
from joinedup.chronology.services import CHUNK, REFUSED, Sender

TARGET_RATE = 1000.0
AREAS = {b.area: i for i, b in enumerate(vocab.BOROUGHS)}


def background_families(feed: Feed, *, people: int, count: int) -> list[Family]:
    """`count` households of the SQL-loaded population, as an agency would know them."""
    households = households_for(people)
    chosen = sorted({feed.rng.randrange(households) + 1 for _ in range(count)})
    ids = [3 * (h - 1) + k + 1 for h in chosen for k in range(3)]
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT p.id, p.given_name, p.family_name, p.dob, p.sex,
              (SELECT value FROM people_personidentifier i
               WHERE i.person_id = p.id AND i.scheme = 'nhs_number' LIMIT 1),
              (SELECT value FROM people_personidentifier i
               WHERE i.person_id = p.id AND i.scheme = 'pnc_id' LIMIT 1),
              (SELECT line1 || '|' || town || '|' || postcode FROM people_personaddress a
               WHERE a.person_id = p.id ORDER BY applies_from DESC LIMIT 1)
            FROM people_person p WHERE p.id = ANY(%s)
            """,
            [ids],
        )
        rows = {row[0]: row for row in cur.fetchall()}
    families = []
    for h in chosen:
        members = []
        for k in range(3):
            _, given, family, dob, sex, nhs, pnc, _ = rows[3 * (h - 1) + k + 1]
            members.append(Member(k, given, family, dob, sex, nhs, pnc))
        line1, town, postcode = rows[3 * (h - 1) + 1][7].split("|")
        families.append(
            Family(
                tag=f"BG{h}",
                borough=AREAS[postcode[:2]],
                line1=line1,
                town=town,
                postcode=f"{postcode[:-3]} {postcode[-3:]}",
                members=members,
            )
        )
    return families


def feed_file(path: Path, *, people: int, count: int, seed: int, prefix: str = "IN") -> Counter:
    """Write the ingest file; returns how its lines were made."""
    feed = Feed(seed=seed)
    # New people's NHS numbers start above the target family's, and apart for each file.
    feed._nhs_serial = 1000 if prefix == "IN" else 500_000
    rng = feed.rng
    pool = background_families(feed, people=people, count=int(count * 0.45))
    rng.shuffle(pool)
    seen: list[Family] = []
    bodies: list[dict] = []
    made: Counter = Counter()
    for n in range(1, count + 1):
        roll = rng.random()
        if bodies and roll < 0.03:
            bodies.append(feed.corrected(rng.choice(bodies)))
            made["correction of an earlier line"] += 1
            continue
        if bodies and roll < 0.04:
            bodies.append(rng.choice(bodies))
            made["exact re-send of an earlier line"] += 1
            continue
        roll = rng.random()
        if roll < 0.45 and pool:
            family = pool.pop()
            made["background family (SQL-loaded)"] += 1
        elif roll < 0.70 and seen:
            family = rng.choice(seen)
            made["family seen earlier in the file"] += 1
        else:
            family = feed.new_family(f"{prefix}{n}")
            made["new family"] += 1
        seen.append(family)
        bodies.append(feed.event(family, feed.kind(), f"{prefix}-{n:07d}"))
    write_jsonl(path, bodies)
    return made


def ingest_app(path: Path) -> tuple[float, Counter, Counter, float]:
    """What `joinedup ingest FILE` does: its own `file_record` (its line reader, with the
    after-commit listeners alongside in a second process) and its sender. Returns the seconds
    in all, the statuses, the match outcomes and the seconds spent after the last result
    waiting for the listeners to finish."""
    sender = Sender(actor=Actor(label=f"command line: joinedup ingest {path.name}"))
    statuses: Counter = Counter()
    outcomes: Counter = Counter()
    started = last = time.perf_counter()
    for result in file_record(path, sender=sender):
        statuses[result.status] += 1
        if result.status == REFUSED:
            raise RuntimeError(f"line {result.position} refused: {result.as_dict()}")
        for subject in result.subjects:
            outcomes[subject.outcome] += 1
        last = time.perf_counter()
    ended = time.perf_counter()
    return ended - started, statuses, outcomes, ended - last


def ingest_baseline(path: Path) -> float:
    db = settings.DATABASES["default"]
    with psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or None
    ) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_baseline")
        conn.execute("CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, body jsonb)")
        conn.commit()
        started = time.perf_counter()
        with path.open(encoding="utf-8") as lines, conn.cursor() as cur:
            batch: list[tuple[Jsonb]] = []
            for line in lines:
                batch.append((Jsonb(json.loads(line)),))
                if len(batch) >= CHUNK:
                    cur.executemany("INSERT INTO bench_baseline (body) VALUES (%s)", batch)
                    conn.commit()
                    batch = []
            if batch:
                cur.executemany("INSERT INTO bench_baseline (body) VALUES (%s)", batch)
                conn.commit()
        seconds = time.perf_counter() - started
        conn.execute("DROP TABLE bench_baseline")
        conn.commit()
    return seconds


def run(*, people: int, count: int, with_profile: bool) -> Figure:
    figure = Figure(
        f"Bulk ingest (events_record, {count:,} events)", target=f"≥ {TARGET_RATE:,.0f} events/s"
    )
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "ingest.jsonl"
    made = feed_file(path, people=people, count=count, seed=3)
    first = ingest_baseline(path)
    cpu_before = cpu_seconds()
    seconds, statuses, outcomes, waited = ingest_app(path)
    cpu_after = cpu_seconds()
    second = ingest_baseline(path)
    cpu = {
        k: None if after is None or cpu_before[k] is None else after - cpu_before[k]
        for k, after in cpu_after.items()
    }
    base_seconds = (first + second) / 2
    rate, base_rate = count / seconds, count / base_seconds
    figure.measured = f"{rate:,.0f} events/s ({seconds:.1f} s)"
    figure.baseline = f"{base_rate:,.0f} events/s plain batched insert ({base_seconds:.2f} s)"
    figure.ratio = base_rate / rate
    figure.passed = rate >= TARGET_RATE
    subjects = sum(outcomes.values())
    cores = os.cpu_count() or 1
    figure.notes += [
        f"file {path.stat().st_size / 1e6:.1f} MB; lines: "
        + ", ".join(f"{v:,} {k}" for k, v in made.most_common()),
        "results: " + ", ".join(f"{v:,} {k}" for k, v in statuses.most_common()),
        f"{subjects:,} subjects: "
        + ", ".join(f"{v:,} {k} ({v / subjects:.0%})" for k, v in outcomes.most_common()),
        f"signal evaluation {settings.SIGNALS_EVALUATION}: the after-commit listeners ran in "
        f"a second process alongside, as `joinedup ingest` runs them; the time includes "
        f"{waited:.1f} s waiting for them after the last line was recorded",
        f"baseline runs: {first:.2f} s before, {second:.2f} s after the app",
        "CPU seconds per 1,000 events (user + system): "
        + ", ".join(
            f"{label} {cpu[k] * 1000 / count:.2f}" if cpu[k] is not None else f"{label} not seen"
            for k, label in (
                ("self", "the ingest process"),
                ("children", "the signals process"),
                ("postgres", "PostgreSQL (every process of the local server)"),
            )
        )
        + f"; the machine's {cores} cores offered {cores * seconds * 1000 / count:.2f}",
    ]
    figure.raw = {
        "events_per_s": rate,
        "baseline_events_per_s": base_rate,
        "statuses": dict(statuses),
        "outcomes": dict(outcomes),
        "listener_wait_seconds": waited,
        "cpu_seconds": cpu,
    }
    if with_profile:
        sample = RESULTS / "ingest-profile.jsonl"
        feed_file(sample, people=people, count=min(count, 2000), seed=99, prefix="PR")
        profile("ingest", lambda: ingest_app(sample))
    return figure
