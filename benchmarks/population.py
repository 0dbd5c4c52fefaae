"""The benchmark database: a background population loaded with set-based SQL, then the app.

What is loaded how (printed in every report):

- Boroughs, organisations and the signed-in social worker: the Django ORM.
- The background population (`--people` persons in households of three, `--events` events): the
  people are drawn by the shared generator (`people.fictional.threes`, every draw a function of
  a person's number, so the same people every time) and copied into staging tables; the rest is
  set-based SQL (generate_series, INSERT ... SELECT) straight into the real tables, filling
  every row the ingest path would write for those events: Person, PersonName (norm and phonetic
  keys from joinedup.people.identifiers, applied to the names), PersonIdentifier (first
  assertion only), MatchKey (the resolver's blocking keys), PersonAddress, Relationship,
  PersonOrganisation with the authority, PersonAuthority (who first recorded each), Event,
  EventVersion (the body as an agency would send it) and EventSubject with is_current. Not
  written for these events: access-log entries and signals (the after-commit evaluation never
  ran for them). Bodies are built as the app's canonical JSON text, so body_hash is exactly
  what the app computes; a sample is checked against the contract and the hash after loading.
- The target child and their household (`--child-events` events): the real ingest path,
  `events_record`, so their page shows exactly what the app writes, corrections included;
  after-commit listeners (signal evaluation) are off while they load.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import psycopg
from django.contrib.auth.models import User
from django.db import DatabaseError, connection

from benchmarks import vocab
from benchmarks.feed import Family, Feed, Member
from joinedup.access.models import Profile
from joinedup.audit.services import Actor
from joinedup.chronology import hooks
from joinedup.chronology.contract import (
    AddressIn,
    SubjectIn,
    canonical_hash,
    canonical_json,
    event_parse,
)
from joinedup.chronology.services import REFUSED, Sender, events_record
from joinedup.core.models import LocalAuthority, Organisation
from joinedup.people.fictional.names import SCALE
from joinedup.people.fictional.threes import threes_numbered
from joinedup.people.identifiers import address_key, name_normalise, name_phonetic
from joinedup.people.identity import IdentityResolver, subject_match_keys
from joinedup.people.matching.blocking import blocking_keys
from joinedup.people.matching.records import record_from_subject

BENCH_USERNAME = "bench-social-worker"
TARGET_NHS = "9980000015"  # the target child's NHS number (998 range: never issued)
TARGET_TAG = "TC"
BACKGROUND_VIA = "bench background load (SQL)"

# Tables the background load fills; their secondary indexes are dropped and rebuilt around it.
LOADED_TABLES = (
    "people_person",
    "people_personname",
    "people_personidentifier",
    "people_personaddress",
    "people_relationship",
    "people_personorganisation",
    "people_personauthority",
    "people_matchkey",
    "chronology_event",
    "chronology_eventversion",
    "chronology_eventsubject",
)

Log = Callable[[str], None]


def households_for(people: int) -> int:
    return math.ceil(people / 3)


def cast_create() -> None:
    """Boroughs, their organisations and the social worker the read benchmarks sign in as."""
    authorities = [LocalAuthority.objects.create(code=b.code, name=b.name) for b in vocab.BOROUGHS]
    for b, agency, _, name in vocab.organisation_names():
        Organisation.objects.create(
            name=name,
            agency=agency,
            authority=authorities[b],
            contact_phone="01632 960000",
        )
    csc = Organisation.objects.get(name=f"{vocab.BOROUGHS[0].name} Children's Services")
    user = User.objects.create_user(
        username=BENCH_USERNAME, first_name="Sam", last_name="Bench", password=None
    )
    Profile.objects.create(user=user, role="social_worker", organisation=csc)


# -----------------------------------------------------------------------------------------
# The background population, in SQL


def _prime_coprime_to(n: int) -> int:
    candidate = 1_000_003
    while True:
        if (
            all(candidate % d for d in range(2, int(candidate**0.5) + 1))
            and math.gcd(candidate, n) == 1
        ):
            return candidate
        candidate += 2


FUNCTIONS = """
CREATE SCHEMA bench;
CREATE FUNCTION bench.r(x bigint, salt bigint, n bigint) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (hashint8extended(x, salt) & 9223372036854775807) % n $$;
CREATE FUNCTION bench.u(x bigint, salt bigint) RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (hashint8extended(x, salt) & 9223372036854775807)::float8 / 9223372036854775807.0 $$;
-- The modulus 11 check digit of nine digits d (10: no valid NHS number has these digits).
CREATE FUNCTION bench.nhs_check(d bigint) RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((11 - ((d / 100000000) % 10 * 10 + (d / 10000000) % 10 * 9 + (d / 1000000) % 10 * 8
    + (d / 100000) % 10 * 7 + (d / 10000) % 10 * 6 + (d / 1000) % 10 * 5 + (d / 100) % 10 * 4
    + (d / 10) % 10 * 3 + d % 10 * 2) % 11) % 11)::int
$$;
CREATE UNLOGGED TABLE bench.given (i int PRIMARY KEY, sex text, given text, norm text, phon text);
CREATE UNLOGGED TABLE bench.family (i int PRIMARY KEY, family text, norm text, phon text);
CREATE UNLOGGED TABLE bench.street (i int PRIMARY KEY, street text, anorm text);
CREATE UNLOGGED TABLE bench.borough (
  i int PRIMARY KEY, authority_id bigint, area text, town text, h_lo bigint, h_hi bigint);
CREATE UNLOGGED TABLE bench.org (
  b int, agency text, idx int, n int, org_id bigint, name text, authority_id bigint);
CREATE UNLOGGED TABLE bench.kind (
  i int PRIMARY KEY, type text, agency text, focus text, address_share float8,
  details jsonb, details_text text, summary text, lo int, hi int, clo int, chi int,
  local_label text);
"""

# The people (`bench.kin`: who lives in each household; `bench.folk`: each person) come from
# the shared generator, `people.fictional.threes`, copied in; the SQL gives each household its
# borough, postcode and street.
PEOPLE_TABLES = """
CREATE UNLOGGED TABLE bench.kin (
  h int PRIMARY KEY, k0_female boolean, k2_child boolean, k2_own_family boolean, family_i int);
CREATE UNLOGGED TABLE bench.folk (
  id int PRIMARY KEY, h int, k int, is_child boolean, sex text, given_i int, family_i int,
  dob date, nhs text, pnc text);
"""

HOUSEHOLDS = """
CREATE UNLOGGED TABLE bench.household AS
SELECT hh.*, replace(hh.pc, ' ', '') AS pc_norm,
  ((hh.r %% 15) * 2 + 1)::text || ' ' || s.street AS line1,
  replace(hh.pc, ' ', '') || '|' || ((hh.r %% 15) * 2 + 1)::text || s.anorm AS dwelling_key
FROM (
  SELECT kin.h, b.i AS b, b.authority_id, b.area, b.town, kin.h - b.h_lo AS r,
    (kin.h - b.h_lo) / 15 AS q,
    b.area || ((kin.h - b.h_lo) / 15 / 4000 + 1)::text || ' '
      || (((kin.h - b.h_lo) / 15 / 400) %% 10)::text
      || substr('ABDEFGHJLNPQRSTUWXYZ', ((((kin.h - b.h_lo) / 15) %% 400) / 20)::int + 1, 1)
      || substr('ABDEFGHJLNPQRSTUWXYZ', (((kin.h - b.h_lo) / 15) %% 20)::int + 1, 1) AS pc,
    kin.k0_female, kin.k2_child, kin.k2_own_family, kin.family_i
  FROM bench.kin JOIN bench.borough b ON kin.h BETWEEN b.h_lo AND b.h_hi
) hh
JOIN bench.street s ON s.i = bench.r(hh.q + hh.b * 1000003, 11, %(nstreet)s);
ALTER TABLE bench.household ADD PRIMARY KEY (h);
ANALYZE bench.household;
"""

PERSONS = """
CREATE UNLOGGED TABLE bench.person AS
SELECT f.id, f.h, f.k, hh.b, f.is_child, f.sex, f.given_i, f.family_i, f.dob, f.nhs, f.pnc
FROM bench.folk f JOIN bench.household hh ON hh.h = f.h;
ALTER TABLE bench.person ADD PRIMARY KEY (id);
ANALYZE bench.person;
"""

EVENTS = """
CREATE UNLOGGED TABLE bench.ev0 AS
SELECT x.e, x.h, hh.b, o.authority_id, k.i AS kind_i, k.type, k.agency, k.local_label,
  CASE WHEN x.coverage THEN 'family' ELSE k.focus END AS focus,
  x.coverage OR bench.u(x.e, 41) < k.address_share AS with_addr,
  CASE WHEN x.coverage OR k.focus = 'family' THEN 1
       WHEN hh.k2_child AND bench.u(x.e, 22) < 0.4 THEN 2 ELSE 1 END AS mc,
  CASE WHEN hh.k2_child THEN 0 ELSE 2 END AS adult_k,
  hh.k2_child, hh.k0_female, hh.family_i AS hh_family_i, hh.area, o.org_id,
  o.name AS org_name
FROM (
  SELECT e, e <= %(H)s AS coverage,
    CASE WHEN e <= %(H)s THEN e
         ELSE (floor(%(H)s * power(bench.u(e, 20), 1.5))::bigint * %(mult)s) %% %(H)s + 1
    END AS h,
    CASE WHEN e <= %(H)s THEN bench.r(e, 21, %(cover_weight)s) ELSE bench.r(e, 21, 1000) END
      AS pick
  FROM generate_series(1, %(E)s) e
) x
JOIN bench.household hh ON hh.h = x.h
JOIN bench.kind k ON x.pick >= CASE WHEN x.coverage THEN k.clo ELSE k.lo END
                 AND x.pick < CASE WHEN x.coverage THEN k.chi ELSE k.hi END
JOIN bench.org o ON o.b = hh.b AND o.agency = k.agency AND o.idx = bench.r(x.h, 31, o.n);
ANALYZE bench.ev0;

CREATE UNLOGGED TABLE bench.es AS
SELECT ev.e, ev.h, m.k, p.id AS person_id, p.given_i, p.family_i, p.dob, p.sex, p.is_child,
  ev.with_addr,
  CASE WHEN ev.focus = 'adult' OR m.k = ev.mc THEN 'p1' WHEN m.k = 0 THEN 'p2' ELSE 'p3' END
    AS ref,
  CASE WHEN ev.focus = 'adult' THEN 'subject'
       WHEN m.k = ev.mc OR p.is_child THEN 'child'
       WHEN m.k = 0 THEN
         CASE WHEN ev.type = 'police.domestic_abuse_incident' THEN 'victim' ELSE 'parent' END
       WHEN ev.type = 'police.domestic_abuse_incident' THEN 'alleged_perpetrator'
       ELSE 'household_member' END AS role,
  CASE WHEN ev.focus = 'adult' OR m.k = ev.mc THEN NULL
       WHEN m.k = 0 THEN CASE WHEN p.sex = 'female' THEN 'mother' ELSE 'father' END
       WHEN p.is_child THEN 'sibling'
       WHEN p.family_i <> ev.hh_family_i THEN
         CASE WHEN ev.k0_female THEN 'mothers_partner' ELSE 'fathers_partner' END
       ELSE CASE WHEN ev.k0_female THEN 'father' ELSE 'mother' END END AS rel,
  (ev.h - 1) * 3 + ev.mc + 1 AS main_person_id,
  CASE WHEN p.nhs IS NOT NULL AND (ev.e <= %(H)s OR bench.u(ev.e * 3 + m.k, 42) < 0.75)
       THEN p.nhs END AS nhs_sent,
  CASE WHEN ev.agency = 'police' THEN p.pnc END AS pnc_sent,
  CASE WHEN ev.agency = 'social_care' AND p.is_child
       THEN ev.area || lpad(p.id::text, 8, '0')
       END AS lacid_sent,
  ev.local_label,
  CASE WHEN ev.local_label IS NOT NULL THEN 'BG' || ev.h::text || '-' || m.k::text END
    AS local_value,
  ev.org_id
FROM bench.ev0 ev
CROSS JOIN (VALUES (0), (1), (2)) m(k)
JOIN bench.person p ON p.id = (ev.h - 1) * 3 + m.k + 1
WHERE CASE ev.focus
  WHEN 'family' THEN true
  WHEN 'child' THEN m.k = ev.mc OR (m.k = 0 AND bench.u(ev.e, 23) < 0.6)
  ELSE m.k = ev.adult_k END;
ANALYZE bench.es;

CREATE UNLOGGED TABLE bench.ev AS
SELECT ev0.*, t.occurred, t.reported, least(t.reported + interval '3 minutes', %(now)s) AS received
FROM bench.ev0 JOIN (
  SELECT e, occurred,
    least(occurred + (5 + bench.r(e, 44, 2880))::int * interval '1 minute', %(now)s) AS reported
  FROM (
    SELECT e, date_trunc('second',
        base + (%(now)s - interval '3 days' - base) * bench.u(e, 40)) AS occurred
    FROM (SELECT e, greatest(%(now)s - interval '3650 days', max(dob)::timestamptz) AS base
          FROM bench.es GROUP BY e) y
  ) z
) t USING (e);
ALTER TABLE bench.ev ADD PRIMARY KEY (e);
ANALYZE bench.ev;

CREATE UNLOGGED TABLE bench.pagg AS
SELECT es.person_id, min(es.e) AS first_e, max(ev.occurred) AS last_occurred,
  min(ev.received) AS first_received
FROM bench.es JOIN bench.ev USING (e) GROUP BY es.person_id;
ALTER TABLE bench.pagg ADD PRIMARY KEY (person_id);
ANALYZE bench.pagg;
"""

# The body of each event is written as text in the app's canonical JSON form (keys sorted, no
# spaces, UTF-8 as is: `contract.canonical_json`), so its SHA-256 is exactly the body_hash the
# app would have stored, and the text is cast to jsonb once. Subjects are in ref order.
SUBJECTS = """
CREATE UNLOGGED TABLE bench.subjects AS
SELECT es.e, '[' || string_agg(
    '{'
    || CASE WHEN es.with_addr THEN
         '"address":{"line1":' || to_json(hh.line1)::text || ',"postcode":"' || hh.pc
         || '","town":' || to_json(hh.town)::text || '},' ELSE '' END
    || '"dob":"' || to_char(es.dob, 'YYYY-MM-DD') || '",'
    || coalesce('"identifiers":{' || nullif(concat_ws(',',
         CASE WHEN es.local_label = 'hospital_number'
              THEN '"hospital_number":"' || es.local_value || '"' END,
         '"la_child_id":"' || es.lacid_sent || '"',
         '"nhs_number":"' || es.nhs_sent || '"',
         '"pnc_id":"' || es.pnc_sent || '"',
         CASE WHEN es.local_label = 'pupil_ref' THEN '"pupil_ref":"' || es.local_value || '"' END,
         CASE WHEN es.local_label = 'tenancy_ref'
              THEN '"tenancy_ref":"' || es.local_value || '"' END
       ), '') || '},', '')
    || '"name":{"family":' || to_json(f.family)::text || ',"given":' || to_json(g.given)::text
    || '},"ref":"' || es.ref || '",'
    || coalesce('"relationship_to":{"p1":"' || es.rel || '"},', '')
    || '"role":"' || es.role || '","sex":"' || es.sex || '"}',
    ',' ORDER BY es.ref) || ']' AS subjects
FROM bench.es es
JOIN bench.given g ON g.i = es.given_i
JOIN bench.family f ON f.i = es.family_i
JOIN bench.household hh ON hh.h = es.h
GROUP BY es.e;
ALTER TABLE bench.subjects ADD PRIMARY KEY (e);
"""

# Each statement fills one real table; `%(via)s` marks what the SQL load wrote.
FILL = [
    (
        "people_person",
        """
INSERT INTO people_person (id, key, given_name, family_name, dob, dob_precision, sex,
  seen_as_child, name_asserted_at, created_at)
SELECT p.id, gen_random_uuid(), g.given, f.family, p.dob, 'day', p.sex, p.is_child,
  a.last_occurred, a.first_received
FROM bench.person p
JOIN bench.pagg a ON a.person_id = p.id
JOIN bench.given g ON g.i = p.given_i
JOIN bench.family f ON f.i = p.family_i
ORDER BY p.id;
""",
    ),
    (
        "chronology_event",
        """
INSERT INTO chronology_event (id, organisation_id, record_id, created_at)
SELECT e, org_id, 'BG-' || lpad(e::text, 8, '0'), received FROM bench.ev ORDER BY e;
""",
    ),
    (
        "chronology_eventversion",
        """
INSERT INTO chronology_eventversion (id, event_id, version, organisation_id, agency, type,
  occurred_at, reported_at, received_at, summary, details, body, body_hash, superseded_at,
  received_via)
SELECT e, e, 1, org_id, agency, type, occurred, reported, received, summary, details,
  body::jsonb, encode(sha256(convert_to(body, 'UTF8')), 'hex'), NULL, %(via)s
FROM (
  SELECT ev.*, k.summary, k.details,
    '{"details":' || k.details_text
    || ',"occurred_at":"' || to_char(ev.occurred AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    || '","reported_at":"' || to_char(ev.reported AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    || '","source":{"agency":"' || ev.agency || '","organisation":' || to_json(ev.org_name)::text
    || ',"record_id":"BG-' || lpad(ev.e::text, 8, '0') || '"},"subjects":' || s.subjects
    || ',"summary":' || to_json(k.summary)::text || ',"type":"' || ev.type || '"}' AS body
  FROM bench.ev ev
  JOIN bench.kind k ON k.i = ev.kind_i
  JOIN bench.subjects s ON s.e = ev.e
) x
ORDER BY e;
""",
    ),
    (
        "chronology_eventsubject",
        """
INSERT INTO chronology_eventsubject (version_id, person_id, role, ref, match_outcome,
  match_reasons, is_current, occurred_at)
SELECT es.e, es.person_id, es.role, es.ref,
  CASE WHEN a.first_e = es.e THEN 'new' ELSE 'linked' END,
  CASE WHEN a.first_e = es.e
         THEN '["no person with this identifier, or this name and birth date"]'::jsonb
       WHEN es.nhs_sent IS NOT NULL THEN '["NHS number exact"]'::jsonb
       WHEN es.pnc_sent IS NOT NULL THEN '["Police National Computer id exact"]'::jsonb
       WHEN es.lacid_sent IS NOT NULL THEN '["Local authority child id exact"]'::jsonb
       ELSE '["full name exact", "date of birth exact"]'::jsonb END,
  true, ev.occurred
FROM bench.es es JOIN bench.ev ev USING (e) JOIN bench.pagg a ON a.person_id = es.person_id
ORDER BY es.e, es.ref;
""",
    ),
    (
        "people_personname",
        """
INSERT INTO people_personname (person_id, kind, given, family, given_norm, family_norm,
  given_phonetic, family_phonetic, source_id, asserted_at)
SELECT es.person_id, 'name', g.given, f.family, g.norm, f.norm, g.phon, f.phon, es.e,
  ev.occurred
FROM bench.es es JOIN bench.ev ev USING (e)
JOIN bench.given g ON g.i = es.given_i JOIN bench.family f ON f.i = es.family_i
ORDER BY es.e, es.ref;
""",
    ),
    (
        "people_personidentifier",
        """
INSERT INTO people_personidentifier (person_id, scheme, organisation_id, label, value,
  source_id, asserted_at)
SELECT person_id, scheme, organisation_id, label, value, e, ev.occurred
FROM (
  SELECT DISTINCT ON (person_id, scheme, value, sender) * FROM (
    SELECT person_id, 'nhs_number' AS scheme, NULL::bigint AS organisation_id, '' AS label,
      nhs_sent AS value, e, org_id AS sender FROM bench.es WHERE nhs_sent IS NOT NULL
    UNION ALL
    SELECT person_id, 'pnc_id', NULL, '', pnc_sent, e, org_id
    FROM bench.es WHERE pnc_sent IS NOT NULL
    UNION ALL
    SELECT person_id, 'la_child_id', NULL, '', lacid_sent, e, org_id
    FROM bench.es WHERE lacid_sent IS NOT NULL
    UNION ALL
    SELECT person_id, 'org:' || org_id::text || ':' || local_label, org_id, local_label,
      local_value, e, org_id FROM bench.es WHERE local_value IS NOT NULL
  ) ids
  ORDER BY person_id, scheme, value, sender, e
) first JOIN bench.ev ev USING (e)
ORDER BY e;
""",
    ),
    (
        "people_personaddress",
        """
INSERT INTO people_personaddress (person_id, line1, line2, town, postcode, postcode_norm,
  dwelling_key, applies_from, source_id)
SELECT es.person_id, hh.line1, '', hh.town, hh.pc_norm, hh.pc_norm, hh.dwelling_key,
  ev.occurred, es.e
FROM bench.es es JOIN bench.ev ev USING (e) JOIN bench.household hh ON hh.h = es.h
WHERE es.with_addr
ORDER BY es.e, es.ref;
""",
    ),
    (
        "people_relationship",
        """
INSERT INTO people_relationship (person_id, other_id, kind, applies_from, source_id)
SELECT es.person_id, es.main_person_id, es.rel, ev.occurred, es.e
FROM bench.es es JOIN bench.ev ev USING (e)
WHERE es.rel IS NOT NULL
ORDER BY es.e, es.ref;
""",
    ),
    (
        "people_personorganisation",
        """
INSERT INTO people_personorganisation (person_id, organisation_id, authority_id, first_seen)
SELECT es.person_id, ev.org_id, ev.authority_id, min(ev.received)
FROM bench.es es JOIN bench.ev ev USING (e)
GROUP BY es.person_id, ev.org_id, ev.authority_id
ORDER BY min(ev.received);
""",
    ),
    (
        "people_personauthority",
        # The authority that first recorded each person sees them (ADR 0019): the one of the
        # organisation whose event about them came first.
        """
INSERT INTO people_personauthority
  (person_id, authority_id, via, since, reason, decided_by, decided_by_user_id)
SELECT DISTINCT ON (person_id) person_id, authority_id, 'first_record', first_seen, '', '', NULL
FROM people_personorganisation WHERE authority_id IS NOT NULL
ORDER BY person_id, first_seen, id;
""",
    ),
]

# The resolver's keys for each identifier a person was sent with (`identity.identifier_key`);
# the keys made from names, birth dates and postcodes are computed by the app's own functions
# in `_name_match_keys`, so they follow the matcher's blocking rules as those change.
MATCH_KEYS = (
    "people_matchkey",
    """
INSERT INTO people_matchkey (key, person_id)
SELECT DISTINCT 'id:' || scheme || ':' || value, person_id FROM people_personidentifier
ORDER BY person_id;
""",
)
FILL.append(MATCH_KEYS)

# Every foreign key the load wrote must point at a row (the load skips the per-row checks).
CHECKS = [
    ("people_personname", "person_id", "people_person"),
    ("people_personidentifier", "person_id", "people_person"),
    ("people_personaddress", "person_id", "people_person"),
    ("people_relationship", "person_id", "people_person"),
    ("people_relationship", "other_id", "people_person"),
    ("people_personorganisation", "person_id", "people_person"),
    ("people_personauthority", "person_id", "people_person"),
    ("people_matchkey", "person_id", "people_person"),
    ("chronology_eventversion", "event_id", "chronology_event"),
    ("chronology_eventsubject", "version_id", "chronology_eventversion"),
    ("chronology_eventsubject", "person_id", "people_person"),
]


def _vocab_rows() -> dict[str, list[tuple]]:
    female, male = SCALE.girls, SCALE.boys  # numbered as `threes_numbered` numbers them
    given = [(i, "female", n) for i, n in enumerate(female)]
    given += [(len(female) + i, "male", n) for i, n in enumerate(male)]
    return {
        "given": [(i, s, n, name_normalise(n), name_phonetic(n)) for i, s, n in given],
        "family": [
            (i, n, name_normalise(n), name_phonetic(n)) for i, n in enumerate(SCALE.surnames)
        ],
        # address_key keeps letters and digits of the first line: "7 Kiln Street" -> "7kilnstreet"
        "street": [
            (i, s, address_key(s, "RV1 1AA").split("|", 1)[1])
            for i, s in enumerate(vocab.streets())
        ],
    }


def background_load(*, people: int, events: int, log: Log) -> dict[str, int]:
    """Fill the real tables with set-based SQL. Returns the row count of each table."""
    households = households_for(people)
    people = households * 3
    if events < households:
        raise SystemExit(
            f"--events must be at least --people / 3 ({households}): every background person "
            "comes from at least one event, as they would through the app"
        )
    now = datetime.now(UTC).replace(microsecond=0)
    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("DROP SCHEMA IF EXISTS bench CASCADE")
        cur.execute(FUNCTIONS)
        params = {
            "P": people,
            "H": households,
            "E": events,
            "today": now.date(),
            "now": now,
            "mult": _prime_coprime_to(households),
            "via": BACKGROUND_VIA,
            **_vocabulary_stage(cur, households=households),
        }
        started = time.perf_counter()
        _people_stage(cur, households=households, today=now.date())
        log(
            f"  drew {people:,} people in {households:,} households (people.fictional.threes) "
            f"in {time.perf_counter() - started:.1f}s"
        )
        for label, sql in (
            ("households", HOUSEHOLDS),
            ("persons", PERSONS),
            ("events and subjects", EVENTS),
            ("subjects of each event as JSON", SUBJECTS),
        ):
            started = time.perf_counter()
            for statement in _statements(sql):
                cur.execute(statement, params)
            log(f"  staged {label} in {time.perf_counter() - started:.1f}s")
        _tables_fill(cur, params=params, people=people, log=log)
        _load_check(cur, people=people, log=log)
        cur.execute("DROP SCHEMA bench CASCADE")
        result = {}
        for table in LOADED_TABLES:
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            result[table] = cur.fetchone()[0]
    return result


def _vocabulary_stage(cur: Any, *, households: int) -> dict[str, int]:
    """Names, streets, boroughs (each a range of households), organisations and kinds of
    event into the staging schema; returns the counts the SQL draws with."""
    rows = _vocab_rows()
    cur.executemany("INSERT INTO bench.given VALUES (%s, %s, %s, %s, %s)", rows["given"])
    cur.executemany("INSERT INTO bench.family VALUES (%s, %s, %s, %s)", rows["family"])
    cur.executemany("INSERT INTO bench.street VALUES (%s, %s, %s)", rows["street"])
    authorities = {a.code: a.pk for a in LocalAuthority.objects.all()}
    lo = 1
    for i, borough in enumerate(vocab.BOROUGHS):
        last = i == len(vocab.BOROUGHS) - 1
        hi = households if last else lo + round(households * borough.share) - 1
        cur.execute(
            "INSERT INTO bench.borough VALUES (%s, %s, %s, %s, %s, %s)",
            (i, authorities[borough.code], borough.area, borough.name, lo, hi),
        )
        lo = hi + 1
    orgs = {o.name: o for o in Organisation.objects.all()}
    counts: dict[tuple[int, str], int] = {}
    for b, agency, _, _ in vocab.organisation_names():
        counts[(b, agency)] = counts.get((b, agency), 0) + 1
    cur.executemany(
        "INSERT INTO bench.org VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [
            (b, agency, idx, counts[(b, agency)], orgs[name].pk, name, orgs[name].authority_id)
            for b, agency, idx, name in vocab.organisation_names()
        ],
    )
    kinds, cover_weight = _kind_rows()
    cur.executemany(
        "INSERT INTO bench.kind VALUES (%s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s, %s, %s, %s, %s)",
        kinds,
    )
    return {"nstreet": len(rows["street"]), "cover_weight": cover_weight}


def _kind_rows() -> tuple[list[tuple[Any, ...]], int]:
    """Each kind of event with its share of events (per thousand) as a range to draw in, and
    the ranges the first event of each household draws in (no adult-only kinds); returns the
    rows and the total weight of the second."""
    kinds, lo, clo = [], 0, 0
    for i, kind in enumerate(vocab.KINDS):
        covers = kind.focus != "adult"
        kinds.append(
            (
                i,
                kind.type,
                kind.agency,
                kind.focus,
                kind.address_share,
                canonical_json(kind.details),
                canonical_json(kind.details),
                kind.summary,
                lo,
                lo + kind.weight,
                clo if covers else -1,
                clo + kind.weight if covers else -1,
                vocab.LOCAL_KEY.get(kind.agency),
            )
        )
        lo += kind.weight
        clo += kind.weight if covers else 0
    return kinds, clo


def _tables_fill(cur: Any, *, params: dict[str, Any], people: int, log: Log) -> None:
    """The real tables from the staging ones, with their secondary indexes dropped meanwhile
    and per-row foreign-key triggers off; then the match keys the app computes."""
    dropped = _drop_secondary_indexes(cur)
    cur.execute("SET session_replication_role = replica")  # no per-row FK triggers
    for table, sql in FILL:
        started = time.perf_counter()
        try:
            cur.execute(sql, params)
        except DatabaseError as exc:
            raise RuntimeError(
                f"background load of {table} failed: {exc}. The schema has probably "
                "changed: update benchmarks/population.py to write what the app writes."
            ) from exc
        log(f"  {table}: {cur.rowcount:,} rows in {time.perf_counter() - started:.1f}s")
    cur.execute("SET session_replication_role = origin")
    started = time.perf_counter()
    keys = _name_match_keys(cur, people=people, log=log)
    log(
        f"  people_matchkey: {keys:,} name, birth-date and postcode keys computed by the "
        f"app's functions in {time.perf_counter() - started:.1f}s"
    )
    started = time.perf_counter()
    for statement in dropped:
        cur.execute(statement)
    log(f"  rebuilt {len(dropped)} indexes in {time.perf_counter() - started:.1f}s")
    for table in ("people_person", "chronology_event", "chronology_eventversion"):
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT max(id) FROM {table}))"
        )


def _load_check(cur: Any, *, people: int, log: Log) -> None:
    """Every foreign key the load wrote points at a row, and a sample matches the app."""
    started = time.perf_counter()
    for table, column, target in CHECKS:
        cur.execute(
            f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {target} x WHERE x.id = t.{column})"
        )
        missing = cur.fetchone()[0]
        if missing:
            raise RuntimeError(f"background load: {missing} {table}.{column} dangle")
    _check_body_hashes(cur)
    _check_against_app(cur, people=people)
    log(
        f"  checked {len(CHECKS)} foreign keys; sample bodies, hashes, match keys and "
        "dwelling keys against the app's own functions, in "
        f"{time.perf_counter() - started:.1f}s"
    )


def _people_stage(cur: Any, *, households: int, today: date) -> None:
    """The population's people, from the shared generator, into `bench.kin` and `bench.folk`."""
    homes, people = threes_numbered(households, today=today, cast=SCALE)
    cur.execute(PEOPLE_TABLES)
    kin = zip(
        range(1, households + 1),
        homes.k0_female.tolist(),
        homes.k2_child.tolist(),
        homes.k2_own_family.tolist(),
        homes.family_i.tolist(),
        strict=True,
    )
    with cur.copy("COPY bench.kin FROM STDIN") as copy:
        for row in kin:
            copy.write_row(row)
    with cur.copy("COPY bench.folk FROM STDIN") as copy:
        for row in people.rows():
            copy.write_row(row)


def _name_match_keys(cur: Any, *, people: int, log: Log) -> int:
    """The keys the resolver derives from a person's name, birth date and postcode.

    Computed with the app's own functions, exactly as `IdentityResolver` does for a subject,
    and copied in; identifier keys are loaded in SQL. Returns the number of keys written.
    """
    db = connection.settings_dict
    written = 0
    with psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or None
    ) as out:
        out.execute("SET session_replication_role = replica")
        for low in range(1, people + 1, 100_000):
            cur.execute(
                """
                SELECT p.id, g.given, f.family, p.dob, p.sex, hh.pc_norm, hh.line1
                FROM bench.person p
                JOIN bench.given g ON g.i = p.given_i JOIN bench.family f ON f.i = p.family_i
                JOIN bench.household hh ON hh.h = p.h
                WHERE p.id BETWEEN %s AND %s
                """,
                [low, low + 99_999],
            )
            rows = []
            for pk, given, family, dob, sex, postcode, line1 in cur.fetchall():
                subject = SubjectIn(
                    index=0,
                    ref="p1",
                    role="subject",
                    given=given,
                    family=family,
                    dob=dob,
                    sex=sex,
                    address=AddressIn(line1=line1, postcode=postcode),
                )
                exact = subject_match_keys(subject, None)  # type: ignore[arg-type]
                fuzzy = blocking_keys(record_from_subject(subject))
                rows += [(key, pk) for key in dict.fromkeys(exact + fuzzy)]
            with out.cursor().copy("COPY people_matchkey (key, person_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            written += len(rows)
        out.commit()
    return written


def _check_against_app(cur: Any, *, people: int, sample: int = 40) -> None:
    """Replay a sample of persons' events through the app's own functions and compare.

    Every match key the resolver would have stored for them must be there and no other, every
    dwelling key must be `address_key` of its address, and every body must pass the contract.
    """
    step = max(people // sample, 1)
    orgs = {o.pk: o for o in Organisation.objects.all()}
    for pk in range(1, people + 1, step):
        cur.execute(
            """
            SELECT v.body, s.ref, v.organisation_id FROM chronology_eventsubject s
            JOIN chronology_eventversion v ON v.id = s.version_id WHERE s.person_id = %s
            """,
            [pk],
        )
        expected: set[str] = set()
        resolver = IdentityResolver()  # it caches by id(subject): keep every subject alive
        events = []
        for body, ref, org_id in cur.fetchall():
            event = event_parse(json.loads(body) if isinstance(body, str) else body, now=_now())
            events.append(event)
            subject = next(x for x in event.subjects if x.ref == ref)
            expected.update(resolver._keys(subject, orgs[org_id]))
        cur.execute("SELECT key FROM people_matchkey WHERE person_id = %s", [pk])
        loaded = {row[0] for row in cur.fetchall()}
        if loaded != expected:
            raise RuntimeError(
                f"background load: person {pk}'s match keys differ from the app's: missing "
                f"{sorted(expected - loaded)[:5]}, extra {sorted(loaded - expected)[:5]}. "
                "Update benchmarks/population.py to what the resolver stores."
            )
        cur.execute(
            "SELECT line1, postcode, dwelling_key FROM people_personaddress WHERE person_id = %s",
            [pk],
        )
        for line1, postcode, key in cur.fetchall():
            if address_key(line1, postcode) != key:
                raise RuntimeError(f"background load: dwelling key {key!r} is not address_key")


def _now() -> datetime:
    return datetime.now(UTC)


def _check_body_hashes(cur: Any, sample: int = 200) -> None:
    """The SQL-built bodies must hash as the app hashes them, or re-sends would misbehave."""
    cur.execute(
        "SELECT id, body, body_hash FROM chronology_eventversion "
        "WHERE received_via = %s ORDER BY id LIMIT %s",
        [BACKGROUND_VIA, sample],
    )
    for pk, stored, body_hash in cur.fetchall():
        body = json.loads(stored) if isinstance(stored, str) else stored
        if canonical_hash(body) != body_hash:
            raise RuntimeError(f"background load: event version {pk} body_hash is not canonical")
        event_parse(body, now=_now())  # and each body meets the contract


def _statements(sql: str) -> list[str]:
    """Split on semicolons at line ends, keeping function bodies ($$ ... $$) whole."""
    parts, current, quoted = [], [], False
    for line in sql.splitlines():
        current.append(line)
        quoted ^= line.count("$$") % 2 == 1
        if not quoted and line.rstrip().endswith(";"):
            parts.append("\n".join(current).strip())
            current = []
    tail = "\n".join(current).strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def _drop_secondary_indexes(cur) -> list[str]:
    """Drop the loaded tables' unique constraints and indexes other than primary keys.

    Returns the statements that put them back exactly as the migrations made them.
    """
    restore: list[str] = []
    cur.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%s)
        """,
        [list(LOADED_TABLES)],
    )
    for table, name, definition in cur.fetchall():
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cur.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [list(LOADED_TABLES)],
    )
    for name, definition in cur.fetchall():
        cur.execute(f"DROP INDEX {name}")
        restore.append(definition)
    return restore


# -----------------------------------------------------------------------------------------
# The target child, through the app


def target_family(feed: Feed) -> Family:
    today = feed.today
    return Family(
        tag=TARGET_TAG,
        borough=0,
        line1="14 Tannery Court",
        town=vocab.BOROUGHS[0].name,
        postcode="RV7 3QT",
        members=[
            Member(0, "Stacey", "Marsh", date(today.year - 31, 6, 2), "female", "9980000007"),
            Member(1, "Kayden", "Marsh", date(today.year - 9, 3, 14), "male", TARGET_NHS),
            Member(
                2,
                "Craig",
                "Dunmore",
                date(today.year - 34, 9, 27),
                "male",
                "9980000023",
                pnc="12/0456123K",
            ),
        ],
    )


@contextmanager
def listeners_off() -> Iterator[None]:
    """Loading only: no after-commit listeners (signal evaluation) while the child is recorded.

    Evaluating a child's signals after each chunk costs time in proportion to the square of
    their history; the ingest benchmark measures it, the loader need not pay it.
    """
    listeners = getattr(hooks, "_listeners", None)
    saved = list(listeners or [])
    if listeners is not None:
        listeners.clear()
    try:
        yield
    finally:
        if listeners is not None:
            listeners[:] = saved


def target_child_load(*, child_events: int, log: Log) -> int:
    """Record the target child's events through `events_record`; returns how many were sent."""
    feed = Feed(seed=20260504)
    family = target_family(feed)
    bodies = []
    for n in range(1, child_events + 1):
        kind = feed.kind(focus=("child", "family"))
        bodies.append(feed.event(family, kind, f"TC-{n:06d}", child_k=1, sparse=True))
    corrections = [feed.corrected(b) for b in bodies[:: max(child_events // 40, 1)]]
    sender = Sender(actor=Actor(label="bench loader"))
    sent = bodies + corrections
    with listeners_off():
        results = list(
            events_record(
                items=list(enumerate(sent, start=1)),
                sender=sender,
                received_via="bench target child",
            )
        )
    refused = [r for r in results if r.status == REFUSED]
    if refused:
        raise RuntimeError(f"target child events refused: {refused[0].as_dict()}")
    log(f"  target child: {len(bodies):,} events and {len(corrections)} corrections via the app")
    return len(sent)
