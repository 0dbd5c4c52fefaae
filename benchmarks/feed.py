"""Realistic event bodies for the app-loaded parts: the ingest file and the target child.

Families are a parent (k=0), a child (k=1) and either a second child or the parent's partner
(k=2), the same shape the SQL background load uses, with the same roles and relationships, so
an event about a background family looks like the ones it already has. Their people come from
the shared generator (`people.fictional.threes`).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import vocab
from joinedup.people.fictional.identifiers import nhs_number_at
from joinedup.people.fictional.names import SCALE
from joinedup.people.fictional.threes import Member, three_drawn


@dataclass
class Family:
    tag: str  # unique, for the organisations' own keys
    borough: int
    line1: str
    town: str
    postcode: str
    members: list[Member]
    # The organisation each agency's events come from (a family keeps its GP and school).
    org_choice: dict[str, int] = field(default_factory=dict)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Feed:
    """Builds event bodies; every random choice comes from one seeded generator."""

    def __init__(self, seed: int, now: datetime | None = None):
        self.rng = random.Random(seed)
        self.now = (now or datetime.now(UTC)).replace(microsecond=0)
        self.today = self.now.date()
        self.female = SCALE.girls  # the scale benchmark's cast (people.fictional.names)
        self.male = SCALE.boys
        self.families = SCALE.surnames
        self.streets = vocab.streets()
        self.orgs: dict[tuple[int, str], list[str]] = {}
        for b, agency, _, name in vocab.organisation_names():
            self.orgs.setdefault((b, agency), []).append(name)
        self.kinds = list(vocab.KINDS)
        self.weights = [k.weight for k in self.kinds]
        self._nhs_serial = 0

    # People -----------------------------------------------------------------------------

    def new_nhs(self) -> str:
        """A valid NHS number in the 998 range, never issued and never used by the background."""
        while True:
            self._nhs_serial += 1
            number = nhs_number_at(998, self._nhs_serial)
            if number:
                return number

    def new_family(self, tag: str, borough: int | None = None) -> Family:
        """A household of three from the shared generator, at a new address in a borough."""
        rng = self.rng
        if borough is None:
            borough = rng.choices(range(len(vocab.BOROUGHS)), [b.share for b in vocab.BOROUGHS])[0]
        members = three_drawn(rng, today=self.today, cast=SCALE, nhs=self.new_nhs)
        area = vocab.BOROUGHS[borough].area
        postcode = (
            f"{area}{rng.randrange(50, 99)} {rng.randrange(10)}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )
        return Family(
            tag=tag,
            borough=borough,
            line1=f"{rng.randrange(1, 200)} {rng.choice(self.streets)}",
            town=vocab.BOROUGHS[borough].name,
            postcode=postcode,
            members=members,
        )

    # Events -----------------------------------------------------------------------------

    def kind(self, *, focus: tuple[str, ...] = ("child", "adult", "family")) -> vocab.Kind:
        while True:
            kind = self.rng.choices(self.kinds, self.weights)[0]
            if kind.focus in focus:
                return kind

    def organisation(self, family: Family, agency: str) -> str:
        names = self.orgs[(family.borough, agency)]
        if agency not in family.org_choice:
            family.org_choice[agency] = self.rng.randrange(len(names))
        return names[family.org_choice[agency]]

    def event(
        self,
        family: Family,
        kind: vocab.Kind,
        record_id: str,
        *,
        child_k: int | None = None,
        sparse: bool = True,
    ) -> dict[str, Any]:
        """One event about `family`. `sparse`: agencies often leave out identifiers or dates."""
        rng = self.rng
        members = family.members
        parent, third = members[0], members[2]
        third_is_child = third.is_child(self.today)
        if child_k is None:
            child_k = 2 if third_is_child and rng.random() < 0.4 else 1
        if kind.focus == "adult":
            chosen = [(third if not third_is_child else parent, "subject", None)]
            main = None
        else:
            main = members[child_k]
            chosen = [(main, "child", None)]
            everyone = kind.focus == "family"
            if everyone or rng.random() < 0.6:
                role = "victim" if kind.type == "police.domestic_abuse_incident" else "parent"
                chosen.append((parent, role, "mother" if parent.sex == "female" else "father"))
            for other in (members[1], third) if everyone else ():
                if other is main:
                    continue
                if other.is_child(self.today):
                    chosen.append((other, "child", "sibling"))
                    continue
                role = (
                    "alleged_perpetrator"
                    if kind.type == "police.domestic_abuse_incident"
                    else "household_member"
                )
                if other.family != parent.family:
                    kind_of = "mothers_partner" if parent.sex == "female" else "fathers_partner"
                else:
                    kind_of = "father" if parent.sex == "female" else "mother"
                chosen.append((other, role, kind_of))
        youngest = max((m.dob for m, _, _ in chosen if m.dob), default=None)
        start = self.now - timedelta(days=3650)
        if youngest is not None:
            start = max(start, datetime(youngest.year, youngest.month, youngest.day, tzinfo=UTC))
        span = max(int((self.now - start).total_seconds()) - 3 * 86400, 3600)
        occurred = start + timedelta(seconds=rng.randrange(span))
        reported = occurred + timedelta(minutes=rng.randrange(5, 48 * 60))
        with_address = rng.random() < kind.address_share
        subjects = []
        refs = {}
        for n, (member, _, _) in enumerate(chosen, start=1):
            refs[id(member)] = f"p{n}"
        for member, role, relationship in chosen:
            subject: dict[str, Any] = {
                "ref": refs[id(member)],
                "role": role,
                "name": {"given": member.given, "family": member.family},
            }
            if member.dob and not (sparse and member.k != 1 and rng.random() < 0.1):
                subject["dob"] = member.dob.isoformat()
            if member.sex:
                subject["sex"] = member.sex
            identifiers = {}
            if member.nhs and not (sparse and rng.random() < 0.25):
                identifiers["nhs_number"] = member.nhs
            if member.pnc and kind.agency == "police":
                identifiers["pnc_id"] = member.pnc
            local = vocab.LOCAL_KEY.get(kind.agency)
            if local:
                identifiers[local] = f"{family.tag}-{member.k}"
            if identifiers:
                subject["identifiers"] = identifiers
            if with_address:
                subject["address"] = {
                    "line1": family.line1,
                    "town": family.town,
                    "postcode": family.postcode,
                }
            if relationship and main is not None:
                subject["relationship_to"] = {refs[id(main)]: relationship}
            subjects.append(subject)
        return {
            "source": {
                "agency": kind.agency,
                "organisation": self.organisation(family, kind.agency),
                "record_id": record_id,
            },
            "type": kind.type,
            "occurred_at": _iso(occurred),
            "reported_at": _iso(min(reported, self.now)),
            "subjects": subjects,
            "details": kind.details,
            "summary": kind.summary,
        }

    def corrected(self, body: dict[str, Any]) -> dict[str, Any]:
        """The same record sent again with its summary amended: a new version."""
        again = json.loads(json.dumps(body))
        again["summary"] = (
            body["summary"]
            + " Amended: "
            + self.rng.choice(
                ("time of incident corrected.", "explanation added.", "spelling of name fixed.")
            )
        )
        return again


def write_jsonl(path: Path, bodies: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for body in bodies:
            out.write(json.dumps(body, ensure_ascii=False))
            out.write("\n")
