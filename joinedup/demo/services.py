"""Writes for the demo: the borough's organisations, one user per role, and the events.

Everything is idempotent: organisations and users are found by name before they are made,
and events by organisation + record id (the contract's rule), so running twice adds nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from joinedup.access.models import Profile
from joinedup.access.roles import ROLES
from joinedup.audit.services import Actor
from joinedup.cases.models import Allocation
from joinedup.cases.services import allocation_start
from joinedup.chronology.models import EventVersion
from joinedup.chronology.services import REFUSED, ItemResult, Sender, events_record
from joinedup.core.errors import ApplicationError
from joinedup.core.models import LocalAuthority, Organisation
from joinedup.demo import narratives, world
from joinedup.people.models import PersonIdentifier

# A local demo on fictional data: one password for every demo account, printed for the user.
DEMO_PASSWORD = "riverside-demo"
SIGN_IN_URL = "http://127.0.0.1:8000/sign-in"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation: str
    name: str
    job_title: str


_SCHOOL = world.PRIMARY_SCHOOLS[0].name
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("social.worker", "social_worker", world.CSC.name, "Sam Okafor", "Social worker"),
    DemoUser("team.manager", "team_manager", world.CSC.name, "Jo Whitfield", "Team manager"),
    DemoUser("front.door", "front_door", world.CSC.name, "Alex Morgan", "MASH practitioner"),
    DemoUser(
        "health",
        "health_practitioner",
        world.RIVERSIDE_HOSPITAL.name,
        "Nia Evans",
        "Named nurse for safeguarding children",
    ),
    DemoUser("police", "police_officer", world.POLICE.name, "Dan Price", "Detective constable"),
    DemoUser("school.dsl", "school_dsl", _SCHOOL, "Ruth Ellery", "Designated safeguarding lead"),
    DemoUser("auditor", "auditor", world.CSC.name, "Kit Marlow", "Quality assurance auditor"),
    DemoUser("admin", "administrator", world.CSC.name, "Ade Bello", "System administrator"),
)


# The demo social worker's colleagues in the team manager's team, with the borough's other open
# cases (demo.casework): on the team board, not in the sign-in table's one user per role.
DEMO_COLLEAGUES: tuple[DemoUser, ...] = (
    DemoUser("priya.nair", "social_worker", world.CSC.name, "Priya Nair", "Social worker"),
    DemoUser("tom.hale", "social_worker", world.CSC.name, "Tom Hale", "Senior social worker"),
)

DEMO_WORKER = "social.worker"  # takes the narrative children's cases
DEMO_MANAGER = "team.manager"


def demo_database_check() -> None:
    """Refuse to put demo data into a database that belongs to a real authority."""
    others = LocalAuthority.objects.exclude(code=world.AUTHORITY_CODE).values_list(
        "name", flat=True
    )
    if others:
        raise ApplicationError(
            "This database holds other local authorities "
            f"({', '.join(sorted(others))}); demo data goes only into a demo database."
        )


@transaction.atomic
def demo_borough_ensure() -> dict[str, Organisation]:
    """Riverside and its organisations, created once; missing contact details filled in."""
    authority, _ = LocalAuthority.objects.get_or_create(
        code=world.AUTHORITY_CODE, defaults={"name": world.AUTHORITY_NAME}
    )
    found: dict[str, Organisation] = {}
    for org in world.ORGANISATIONS:
        row, created = Organisation.objects.get_or_create(
            name=org.name,
            defaults={"agency": org.agency, "authority": authority, "contact_phone": org.phone},
        )
        if row.agency != org.agency:
            raise ApplicationError(
                f"The organisation {org.name!r} exists as a {row.agency} organisation, "
                f"not {org.agency}."
            )
        if not created and (row.authority_id is None or not row.contact_phone):
            # Made earlier by ingest from an event, before the demo knew it.
            row.authority = row.authority or authority
            row.contact_phone = row.contact_phone or org.phone
            row.save(update_fields=["authority", "contact_phone"])
        found[org.name] = row
    return found


@transaction.atomic
def demo_users_ensure(*, organisations: dict[str, Organisation]) -> list[tuple[DemoUser, bool]]:
    """One account per role, and the demo social worker's colleagues; an existing account keeps
    its password. Returns (user, created)."""
    out = []
    for demo in (*DEMO_USERS, *DEMO_COLLEAGUES):
        assert demo.role in ROLES, demo.role
        given, family = demo.name.split(" ", 1)
        user = User.objects.filter(username=demo.username).first()
        created = user is None
        # A fictional address at a reserved domain: the demo's email goes to the mail catcher.
        email = f"{given}.{family}@riverside.example".lower().replace(" ", "-")
        if user is None:
            user = User.objects.create_user(
                username=demo.username,
                password=DEMO_PASSWORD,
                first_name=given,
                last_name=family,
                email=email,
            )
        elif not user.email:  # an account made before the demo sent email
            user.email = email
            user.save(update_fields=["email"])
        Profile.objects.get_or_create(
            user=user,
            defaults={
                "role": demo.role,
                "organisation": organisations[demo.organisation],
                "job_title": demo.job_title,
                "phone": next(o.phone for o in world.ORGANISATIONS if o.name == demo.organisation),
            },
        )
        out.append((demo, created))
    return out


def demo_loaded_as_of() -> date | None:
    """The "today" the demo data in this database was generated for, or None if not loaded.

    Read from the narrative marker event, whose date is a fixed number of days before it.
    """
    marker_org, marker_record = narratives.MARKER
    version = (
        EventVersion.objects.filter(
            event__organisation__name=marker_org,
            event__record_id=marker_record,
            superseded_at__isnull=True,
        )
        .only("occurred_at")
        .first()
    )
    if version is None:
        return None
    occurred = timezone.localtime(version.occurred_at).date()
    return occurred + timedelta(days=narratives.MARKER_DAYS_AGO)


@dataclass
class LoadReport:
    counts: Counter[str]
    refused: list[ItemResult]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, other: LoadReport) -> None:
        self.counts.update(other.counts)
        self.refused += other.refused[: 20 - len(self.refused)]
        self.seconds += other.seconds


def demo_events_record(
    *,
    bodies: Iterable[dict[str, Any]],
    label: str,
    progress: Callable[[int, float], None] | None = None,
    every: int = 5000,
) -> LoadReport:
    """Record events through the one write path, streaming; count outcomes; keep refusals."""
    sender = Sender(actor=Actor(label=f"command line: joinedup {label}"))
    counts: Counter[str] = Counter()
    refused: list[ItemResult] = []
    started = time.monotonic()

    def items() -> Iterator[tuple[int, Any]]:
        yield from enumerate(bodies, start=1)

    for result in events_record(items=items(), sender=sender, received_via=label):
        counts[result.status] += 1
        if result.status == REFUSED and len(refused) < 20:
            refused.append(result)
        done = sum(counts.values())
        if progress and done % every == 0:
            progress(done, time.monotonic() - started)
    return LoadReport(counts, refused, time.monotonic() - started)


def demo_narratives_record(
    *, today: date, label: str, worker: User | None, manager: User | None
) -> LoadReport:
    """The narrative families, in the order agencies reported them; when a child's case opens,
    the demo social worker takes it on (with the team manager), as the statutory workflow would,
    so their signals are routed to a named worker. Without users, no one is allocated."""
    report = LoadReport(Counter(), [], 0.0)
    batch: list[dict[str, Any]] = []
    for body, la_child_id in narratives.narrative_items(today):
        batch.append(body)
        if la_child_id is None or worker is None:
            continue
        report.add(demo_events_record(bodies=batch, label=label))
        batch = []
        _allocate(
            la_child_id,
            worker=worker,
            manager=manager,
            at=datetime.fromisoformat(body["occurred_at"]),
            label=label,
        )
    if batch:
        report.add(demo_events_record(bodies=batch, label=label))
    return report


def _allocate(
    la_child_id: str, *, worker: User, manager: User | None, at: datetime, label: str
) -> None:
    row = (
        PersonIdentifier.objects.filter(scheme="la_child_id", value=la_child_id)
        .select_related("person")
        .first()
    )
    if row is None:
        raise ApplicationError(f"No child with the LA child id {la_child_id} was recorded.")
    if Allocation.objects.filter(person=row.person, ended_at__isnull=True).exists():
        return  # loaded before
    allocation_start(
        actor=Actor(label=f"command line: joinedup {label}"),
        person=row.person,
        worker=worker,
        manager=manager,
        started_at=at,
    )
