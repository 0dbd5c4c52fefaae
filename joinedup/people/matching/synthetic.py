"""The records agencies hold about synthetic people (all fictional, seeded).

The people come from the shared generator (`people.fictional.households`): households share
an address and, mostly, a surname; some children are twins (same date of birth, different
given names). Each person has one record or more, from health, schools, police, housing or
children's services, each carrying the identifiers that agency typically holds, with the
errors records really carry (`people.fictional.variants`): nicknames, typos, day/month swaps
and one-digit slips in dates of birth, surname changes, house moves, missing values. NHS
numbers are in the 999 range, which is never issued. Used by the tests, the benchmarks and to
train the shipped default parameters.
"""

from __future__ import annotations

import random

from joinedup.people.fictional.households import Person, home, people
from joinedup.people.fictional.names import NAMES, Pool
from joinedup.people.fictional.variants import dob_slip, nickname, typo
from joinedup.people.matching.linkfile import INPUT_COLUMNS

__all__ = ["COLUMNS", "NAMES", "Person", "people", "record_of", "records"]

# The generator writes exactly what `joinedup identity link` reads.
COLUMNS = INPUT_COLUMNS

AGENCIES = ("health", "school", "police", "housing", "social_care")
# Share of an agency's records carrying each identifier (children; police PNC for 14 and over).
ID_RATES = {
    "health": {"nhs_number": 0.92, "upn": 0.0, "pnc_id": 0.0},
    "school": {"nhs_number": 0.05, "upn": 0.9, "pnc_id": 0.0},
    "police": {"nhs_number": 0.05, "upn": 0.0, "pnc_id": 0.6},
    "housing": {"nhs_number": 0.0, "upn": 0.0, "pnc_id": 0.0},
    "social_care": {"nhs_number": 0.55, "upn": 0.25, "pnc_id": 0.02},
}


def record_of(  # noqa: C901  (one variant per field an agency may get wrong)
    rng: random.Random, person: Person, record_id: str, noisy: bool, surnames: Pool | None = None
) -> dict[str, str]:
    """One agency's record of `person`; `surnames` gives a changed or added surname (by
    default the `few` pool's)."""
    surnames = surnames or NAMES["few"].family
    agency = rng.choice(AGENCIES)
    given, family, dob, sex = person.given, person.family, person.dob, person.sex
    line, town, postcode = person.home
    if noisy:
        r = rng.random
        if r() < 0.10:
            given = nickname(rng, given)
        if r() < 0.07:
            given = typo(rng, given)
        if r() < 0.05:
            family = typo(rng, family)
        if r() < 0.04:
            family = (
                f"{family}-{surnames.draw(rng)}" if r() < 0.5 else surnames.draw(rng)
            )  # double-barrelled, or a new surname
        if r() < 0.07:
            dob = dob_slip(rng, dob)
        if r() < 0.12:
            line, town, postcode = home(rng)  # moved
        elif r() < 0.03:
            postcode = postcode[:-1] + rng.choice("ABDEFGHJ")
        if r() < 0.03:
            line = typo(rng, line)
    ids = ID_RATES[agency]
    old_enough = person.dob.year <= 2011
    r = rng.random
    row = {
        "record_id": record_id,
        "agency": agency,
        "given_name": "" if r() < 0.01 else given,
        "family_name": family,
        "dob": "" if r() < 0.03 else dob.isoformat(),
        "sex": "" if r() < 0.06 else sex,
        "postcode": "" if r() < 0.05 else postcode,
        "address": "" if r() < 0.08 else line,
        "town": town,
        "nhs_number": person.nhs_number if r() < ids["nhs_number"] else "",
        "upn": person.upn if person.upn and r() < ids["upn"] else "",
        "pnc_id": person.pnc_id if person.pnc_id and old_enough and r() < ids["pnc_id"] else "",
    }
    if agency == "police" and row["pnc_id"] == "" and r() < 0.3:
        row["sex"] = ""
    return row


def records(
    n: int, *, seed: int, duplicates: float = 0.2, names: str = "few"
) -> tuple[list[dict[str, str]], list[int]]:
    """n records, `duplicates` of them extra records of someone already there; and the truth
    (the person each record is about). `names` as for `people`."""
    rng = random.Random(seed + 1)
    distinct = round(n * (1 - duplicates))
    population = people(distinct, seed=seed, names=names)
    surnames = NAMES[names].family
    truth = [p.key for p in population]
    rows = [record_of(rng, p, "", rng.random() < 0.5, surnames) for p in population]
    for _ in range(n - distinct):
        person = population[rng.randrange(distinct)]
        rows.append(record_of(rng, person, "", True, surnames))
        truth.append(person.key)
    order = list(range(n))
    rng.shuffle(order)
    rows = [rows[i] for i in order]
    truth = [truth[i] for i in order]
    for i, row in enumerate(rows):
        row["record_id"] = f"r{i:07d}"
    return rows, truth
