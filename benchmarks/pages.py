"""Every page of the UI as every role that reaches it, and every save, beside a baseline.

Signed in as each demo user (the cast `joinedup demo-data` creates), through
`django.test.Client`: URL resolution, every middleware, the session, the view and its template.
For each page a role reaches, app requests alternate with as many requests to the floor view
(`benchmarks.baseline.floor`: the same client, middleware and session, one indexed read, a
small page), so the ratio says what the page costs above a bare request on the same machine at
the same moment. One more request runs with its SQL captured: the statement count, their time
and the slowest three.

What a page shows is found through the app's own access policy, as the user would reach it:
the busiest child they may see, the commonest surname among the people they may see, the first
signal in their inbox, the first possible match in their queue, the first child of theirs
(or of the team's) with an open case, the first work waiting for authorisation. A page of
which a role has nothing to show (no second page of a short list) is left out, and the report
says so.

Saves are measured the same way, each request on an object of its own: sign in and out,
acknowledge and answer a signal, keep apart and link a possible match, undo a merge, a
partner system sending one event, a social worker recording a visit (each on the next child
of their caseload) and a long form's draft saved as they type. After the saves, a few pages
are read again with merges active, the costlier form of every scope check.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from benchmarks.measure import Figure, Row, ms, summary, timed
from joinedup.access.people import identity_reviews_open
from joinedup.access.policy import Scope, can_decide_identity, person_visible, scope_for
from joinedup.api.services import api_token_create
from joinedup.audit.services import Actor
from joinedup.cases.models import Allocation
from joinedup.cases.selectors import case_state
from joinedup.casework.forms import moment_value
from joinedup.casework.selectors import awaiting_authorisation
from joinedup.chronology.models import EventSubject
from joinedup.chronology.testing import event_body
from joinedup.core.models import Organisation
from joinedup.core.paging import PAGE_SIZE
from joinedup.demo.narratives.thornton import RILEY
from joinedup.demo.services import DEMO_PASSWORD, DEMO_USERS
from joinedup.people.merges import merges_active
from joinedup.people.models import ADULT_AGE, Person, PersonAddress, PersonIdentifier
from joinedup.signals.models import Signal
from joinedup.signals.selectors import signals_for_scope
from joinedup.signals.visibility import signals_visible

CHRONOLOGY_PAGE = 500  # ui.views.CHRONOLOGY_LIMIT: the child page's entries a page
CASELOAD_SAVES = 15  # the children a social worker's visits are recorded on, in turn
# Every save, p95, on either database. Signing in spends most of it on purpose: PBKDF2 with
# Django's 1,000,000 iterations, about 0.25 s on the reference machine.
SAVE_TARGET = 0.500


@dataclass
class Reach:
    """What one user can reach, found through the access policy."""

    scope: Scope | None
    child: Person | None = None
    child_events: int = 0
    child_agency: str = ""
    narrative: Person | None = None
    surname: str = ""
    surname_people: int = 0
    signals: int = 0
    signal_id: int | None = None
    reviews: int = 0
    review_id: int | None = None
    nhs: str = ""
    postcode: str = ""
    open_case: Person | None = None  # theirs, or else the team's
    submission_id: int | None = None


SOCIAL_CARE = ("social_worker", "team_manager", "front_door")
STEP_FORM = {"social_worker": "visit", "front_door": "referral"}  # the step each opens


def cases_open(scope: Scope, user: User, *, limit: int) -> list[Person]:
    """Children with an open case the user may see: those allocated to them first, then
    anyone's, in a fixed order."""
    allocated = Allocation.objects.filter(ended_at__isnull=True)
    found: list[Person] = []
    for held in (allocated.filter(worker=user), allocated):
        people = Person.objects.filter(
            person_visible(scope), pk__in=held.values("person_id")
        ).order_by("pk")
        for person in people:
            if len(found) == limit:
                return found
            if person not in found and case_state(person=person).open_case:
                found.append(person)
    return found


def reach(user: User) -> Reach:
    scope = scope_for(user)
    found = Reach(scope)
    if scope is None or scope.role.scope == "none":
        return found
    cutoff = timezone.localdate() - timedelta(days=365 * ADULT_AGE + 5)
    entries = EventSubject.objects.filter(
        person_visible(scope, "person_id"), is_current=True, person__dob__gt=cutoff
    )
    if scope.is_partner:
        entries = entries.filter(version__organisation_id=scope.organisation.pk)
    busiest = entries.values("person_id").annotate(n=Count("pk")).order_by("-n").first()
    if busiest:
        found.child = Person.objects.get(pk=busiest["person_id"])
        found.child_events = busiest["n"]
        agency = (
            entries.filter(person_id=found.child.pk)
            .values("version__agency")
            .annotate(n=Count("pk"))
            .order_by("n")
            .first()
        )
        found.child_agency = agency["version__agency"] if agency else ""
        found.nhs = (
            PersonIdentifier.objects.filter(person=found.child, scheme="nhs_number")
            .values_list("value", flat=True)
            .first()
            or ""
        )
        found.postcode = (
            PersonAddress.objects.filter(person=found.child)
            .order_by("-applies_from")
            .values_list("postcode", flat=True)
            .first()
            or ""
        )
    found.narrative = (
        Person.objects.filter(
            person_visible(scope), given_name=RILEY.given, family_name=RILEY.family
        )
        .order_by("pk")
        .first()
    )
    common = (
        Person.objects.filter(person_visible(scope))
        .exclude(family_name="")
        .values("family_name")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if common:
        found.surname, found.surname_people = common["family_name"], common["n"]
    inbox = signals_for_scope(scope)
    found.signals = inbox.count()
    found.signal_id = (
        inbox.values_list("pk", flat=True).first()
        or signals_visible(scope).order_by("-raised_at").values_list("pk", flat=True).first()
    )
    if can_decide_identity(scope):
        queue = identity_reviews_open(scope=scope)
        found.reviews = queue.count()
        found.review_id = queue.values_list("pk", flat=True).first()
    if scope.role.code in SOCIAL_CARE and not scope.is_partner:
        found.open_case = next(iter(cases_open(scope, user, limit=1)), None)
        found.submission_id = awaiting_authorisation(scope).values_list("pk", flat=True).first()
    return found


def _q(**params: Any) -> str:
    return "?" + urlencode(params)


def pages(seen: Reach) -> tuple[list[tuple[str, str]], list[str]]:
    """(page, path) for every page the user reaches, and the pages left out, with why."""
    out = [
        ("Home (redirects to search)", "/"),
        ("Search form", reverse("ui:search")),
        ("API documentation", reverse("api:docs")),
        ("Keep signed in", reverse("ui:keep-alive")),
        ("Risk signals", reverse("signals:inbox")),
        ("Risk signals, answered too", reverse("signals:inbox") + _q(show="all")),
        ("How signals are raised", reverse("signals:rules")),
    ]
    left: list[str] = []
    search = reverse("ui:search")
    if seen.surname:
        out.append(("Search: a surname alone", search + _q(name=seen.surname)))
        if seen.surname_people > PAGE_SIZE:
            out.append(("Search: a surname, page 2", search + _q(name=seen.surname, page=2)))
    child = seen.child
    if child is not None:
        person = reverse("ui:person", kwargs={"key": str(child.key)})
        out.append((f"Child page ({seen.child_events:,} events)", person))
        if seen.child_events > CHRONOLOGY_PAGE:
            out.append(("Child page, older events", person + _q(start=CHRONOLOGY_PAGE)))
        else:
            left.append("child page, older events: no child with a second page")
        if seen.child_agency:
            out.append(("Child page, one agency's events", person + _q(agency=seen.child_agency)))
        out.append(
            ("Search: full name", search + _q(name=f"{child.given_name} {child.family_name}"))
        )
        if child.dob:
            dob = child.dob
            out.append(
                (
                    "Search: date of birth",
                    search + _q(dob_day=dob.day, dob_month=dob.month, dob_year=dob.year),
                )
            )
        if seen.nhs:
            out.append(("Search: NHS number", search + _q(identifier=seen.nhs)))
        if seen.postcode:
            out.append(("Search: postcode", search + _q(postcode=seen.postcode)))
    elif seen.scope is not None and seen.scope.role.scope != "none":
        left.append("child page and searches by a child's details: no child in sight")
    if seen.narrative is not None:
        key = str(seen.narrative.key)
        out.append(("Child page: Riley Thornton", reverse("ui:person", kwargs={"key": key})))
    if seen.signals > PAGE_SIZE:
        last = -(-seen.signals // PAGE_SIZE)
        out.append(("Risk signals, last page", reverse("signals:inbox") + _q(page=last)))
    if seen.signal_id:
        out.append(
            ("A risk signal", reverse("signals:signal", kwargs={"signal_id": seen.signal_id}))
        )
    if seen.scope is not None and seen.scope.role.code == "health_practitioner":
        out.append(("Child protection check", reverse("signals:flags") + _q(nhs_number=RILEY.nhs)))
    if seen.scope is not None and can_decide_identity(seen.scope):
        queue = reverse("ui:identity-reviews")
        out.append(("Possible matches", queue))
        if seen.reviews > PAGE_SIZE:
            out.append(
                ("Possible matches, last page", queue + _q(page=-(-seen.reviews // PAGE_SIZE)))
            )
        if seen.review_id:
            path = reverse("ui:identity-review", kwargs={"review_id": seen.review_id})
            out.append(("A possible match", path))
    if seen.scope is not None:
        casework_pages(seen, seen.scope.role.code, out, left)
    return out, left


def casework_pages(seen: Reach, role: str, out: list[tuple[str, str]], left: list[str]) -> None:
    """The casework pages of the roles that reach them: my children, the contacts waiting for
    the front door, the team's and the service's boards, what waits for authorisation and one
    item of it, a step's form on a child with an open case; the process page for everyone."""
    out.append(("The process and its clocks", reverse("casework:process")))
    if role in ("social_worker", "team_manager"):
        out.append(("My children", reverse("casework:caseload")))
    if role in ("front_door", "team_manager"):
        out.append(("Contacts waiting", reverse("casework:front-door")))
    if role == "team_manager":
        out.append(("Team board", reverse("casework:team")))
        out.append(("Service board", reverse("casework:service")))
        out.append(("Authorisations", reverse("casework:authorisations")))
        if seen.submission_id:
            path = reverse("casework:authorisation", kwargs={"submission_id": seen.submission_id})
            out.append(("An authorisation", path))
        else:
            left.append("an authorisation: nothing waits for one")
    slug = STEP_FORM.get(role)
    if slug is None:
        return
    if seen.open_case is None:
        left.append(f"step form ({slug}): no child with an open case in sight")
        return
    key = str(seen.open_case.key)
    out.append((f"Step form: {slug}", reverse("casework:step", kwargs={"key": key, "slug": slug})))


Call = Callable[[int], Any]


class Bench:
    """Runs rows for one database: `requests` pairs each, after `warmup`, against the floor."""

    def __init__(
        self,
        *,
        target: float,
        requests: int,
        warmup: int,
        log: Callable[[str], None],
        save_target: float = SAVE_TARGET,
    ):
        self.target = target
        self.save_target = save_target
        self.requests = requests
        self.warmup = warmup
        self.log = log
        self.rows: list[Row] = []
        self.left: list[str] = []
        self.clients: dict[str, Client] = {}

    def figure(self, where: str) -> Figure:
        """One line for the report's table: how many rows met the target, and the slowest."""
        figure = Figure(
            f"Every page and save as every role ({where})",
            target=f"pages p95 ≤ {ms(self.target)}, saves ≤ {ms(self.save_target)}",
        )
        measured = [r for r in self.rows if not r.error]
        failed = [r for r in self.rows if r.error or not r.passed]
        if not measured:
            figure.error = "no page could be measured"
            return figure
        worst = max(measured, key=lambda r: r.app["p95"])
        figure.measured = (
            f"{len(self.rows) - len(failed)} of {len(self.rows)} within target; slowest "
            f"p95 {ms(worst.app['p95'])} ({worst.page}, as {worst.role})"
        )
        figure.baseline = f"floor page p95 {ms(worst.base['p95'])} beside the slowest"
        figure.ratio = worst.ratio
        figure.passed = not failed
        figure.notes += [f"{r.page} as {r.role}: {r.error or r.result}" for r in failed]
        return figure

    def client(self, username: str) -> Client:
        if username not in self.clients:
            client = Client()
            client.force_login(User.objects.get(username=username))
            self.clients[username] = client
        return self.clients[username]

    def row(self, page: str, role: str, method: str, path: str, call: Call, base: Client) -> Row:
        """Time `call(i)` for i in 0.. against the floor through `base`; capture one call's SQL."""
        row = Row(page, role, method, path, self.save_target if method == "POST" else self.target)
        floor = reverse("bench-floor")
        try:
            for i in range(self.warmup):
                row.status = call(i).status_code
                base.get(floor)
            app_times, base_times = [], []
            for i in range(self.requests):
                n = self.warmup + i
                pair = ((lambda n=n: call(n), app_times), (lambda: base.get(floor), base_times))
                for run, into in pair if i % 2 == 0 else reversed(pair):
                    seconds, response = timed(run)
                    into.append(seconds)
                    if into is app_times:
                        row.status = response.status_code
                        if response.status_code >= 400:
                            raise RuntimeError(f"{method} {path} answered {response.status_code}")
            captured: list[tuple[float, str]] = []
            with connection.execute_wrapper(_timing(captured)):
                call(self.warmup + self.requests)
        except Exception as exc:  # report the row, go on with the rest
            row.error = f"{exc!r}"[:300]
            self.rows.append(row)
            self.log(f"    {page} as {role}: ERROR {row.error}")
            return row
        row.app, row.base = summary(app_times), summary(base_times)
        row.ratio = row.app["p95"] / row.base["p95"]
        row.passed = row.app["p95"] <= row.target
        captured.sort(key=lambda q: -q[0])
        row.statements = len(captured)
        row.sql_seconds = sum(seconds for seconds, _ in captured)
        row.slowest = [f"{seconds * 1000:,.2f} ms: {sql[:300]}" for seconds, sql in captured[:3]]
        self.rows.append(row)
        self.log(
            f"    {page} as {role}: p95 {ms(row.app['p95'])} "
            f"(floor {ms(row.base['p95'])}) [{row.result}]"
        )
        return row


def _timing(into: list[tuple[float, str]]) -> Callable[..., Any]:
    """An execute wrapper that notes each statement's time and text."""

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, *args)
        finally:
            into.append((time.perf_counter() - started, sql))

    return wrapper


def run(*, target: float, requests: int, warmup: int, log: Callable[[str], None]) -> Bench:
    """Every page as every demo role, then the saves, then a few pages with merges active."""
    bench = Bench(target=target, requests=requests, warmup=warmup, log=log)
    anonymous = Client()
    bench.row(
        "Sign-in page",
        "(signed out)",
        "GET",
        "/sign-in",
        lambda i: anonymous.get("/sign-in"),
        anonymous,
    )
    reached: dict[str, Reach] = {}
    for demo in DEMO_USERS:
        user = User.objects.get(username=demo.username)
        seen = reached[demo.username] = reach(user)
        client = bench.client(demo.username)
        listed, left = pages(seen)
        bench.left += [f"{demo.username}: {why}" for why in left]
        log(f"  {demo.username}: {len(listed)} pages")
        for page, path in listed:
            bench.row(
                page, demo.username, "GET", path, lambda i, p=path, c=client: c.get(p), client
            )
    _saves(bench)
    log("  with merges active:")
    for username in ("social.worker", "front.door"):
        client = bench.client(username)
        seen = reach(User.objects.get(username=username))
        for page, path in pages(seen)[0]:
            if page.startswith(
                ("Child page (", "Risk signals", "Search: a surname alone", "Possible matches")
            ):
                bench.row(
                    f"{page}, merges active",
                    username,
                    "GET",
                    path,
                    lambda i, p=path, c=client: c.get(p),
                    client,
                )
    return bench


def _saves(bench: Bench) -> None:
    """Each save on objects of its own: `warmup + requests + 1` of each are used."""
    needed = bench.warmup + bench.requests + 1
    worker, door = "social.worker", "front.door"
    sw, fd = bench.client(worker), bench.client(door)

    def sign_in(i: int) -> Any:
        return Client().post("/sign-in", {"username": worker, "password": DEMO_PASSWORD})

    bench.row("Sign in", worker, "POST", "/sign-in", sign_in, sw)

    outgoing = []
    for _ in range(needed):
        c = Client()
        c.force_login(User.objects.get(username=worker))
        outgoing.append(c)
    bench.row("Sign out", worker, "POST", "/sign-out", lambda i: outgoing[i].post("/sign-out"), sw)

    scope = scope_for(User.objects.get(username=worker))
    open_signals = list(
        signals_visible(scope)
        .filter(status=Signal.Status.OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)[: 2 * needed]
    )
    if len(open_signals) >= 2 * needed:
        ack, answer = open_signals[:needed], open_signals[needed:]
        bench.row(
            "Acknowledge a signal",
            worker,
            "POST",
            "/signals/<id>/acknowledge",
            lambda i: sw.post(reverse("signals:acknowledge", kwargs={"signal_id": ack[i]})),
            sw,
        )
        bench.row(
            "Answer a signal",
            worker,
            "POST",
            "/signals/<id>/respond",
            lambda i: sw.post(
                reverse("signals:respond", kwargs={"signal_id": answer[i]}),
                {"kind": "action_taken", "text": "Spoke to the school; home visit booked."},
            ),
            sw,
        )
    else:
        bench.left.append(f"signal saves: {len(open_signals)} open signals, {2 * needed} needed")

    door_scope = scope_for(User.objects.get(username=door))
    assert door_scope is not None
    # Items that share nobody: linking one must not merge away a person another is about.
    reviews, used = [], set()
    for pk, candidate, person in identity_reviews_open(scope=door_scope).values_list(
        "pk", "candidate_id", "person_id"
    ):
        if candidate not in used and person not in used:
            reviews.append(pk)
            used |= {candidate, person}
        if len(reviews) == 2 * needed + 1:
            break
    if len(reviews) > 2 * needed:  # one more to link than to undo: a merge is left active
        apart, link = reviews[:needed], reviews[needed:]

        def decide(review_id: int, decision: str) -> Any:
            return fd.post(
                reverse("ui:identity-review", kwargs={"review_id": review_id}),
                {"decision": decision, "reason": "Compared the records with the school's."},
            )

        bench.row(
            "Keep apart (a possible match)",
            door,
            "POST",
            "/identity/reviews/<id>",
            lambda i: decide(apart[i], "keep_apart"),
            fd,
        )
        bench.row(
            "Link (a possible match)",
            door,
            "POST",
            "/identity/reviews/<id>",
            lambda i: decide(link[i], "link"),
            fd,
        )
        decide(link[needed], "link")  # one more, untimed: a merge is left after the undoing
        merges = list(
            merges_active().filter(review_id__in=link).select_related("survivor").order_by("pk")
        )
        paths = [
            reverse("ui:person-unmerge", kwargs={"key": str(m.survivor.key), "merge_id": m.pk})
            for m in merges
        ]
        if len(paths) >= needed:
            bench.row(
                "Undo a merge (the page)",
                door,
                "GET",
                "/people/<key>/merges/<id>/undo",
                lambda i: fd.get(paths[i % len(paths)]),
                fd,
            )
            # Leave the last merge active: the pages read after the saves see merges.
            undo = paths[:-1]
            if len(undo) >= needed:
                bench.row(
                    "Undo a merge",
                    door,
                    "POST",
                    "/people/<key>/merges/<id>/undo",
                    lambda i: fd.post(undo[i], {"reason": "The school says they are twins."}),
                    fd,
                )
            else:
                bench.left.append(f"undo a merge: {len(undo)} merges to undo, {needed} needed")
    else:
        bench.left.append(
            f"possible-match saves: {len(reviews)} open reviews apart, {2 * needed + 1} needed"
        )

    hospital = Organisation.objects.get(name="Riverside Hospital")
    secret = api_token_create(actor=Actor(label="benchmark"), organisation=hospital, name="bench")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    rng = random.Random(7)

    def send(i: int) -> Any:
        body = event_body(
            organisation=hospital.name,
            record_id=f"BENCH-API-{i:05d}",
            subjects=[
                {
                    "ref": "c",
                    "role": "child",
                    "name": {
                        "given": f"Bench{i}",
                        "family": rng.choice(["Ashby", "Corley", "Dane"]),
                    },
                    "dob": f"2018-{1 + i % 12:02d}-{1 + i % 27:02d}",
                }
            ],
        )
        return api.post(reverse("api:events"), body, content_type="application/json")

    bench.row(
        "Send one event (partner API)",
        "Riverside Hospital token",
        "POST",
        "/api/v1/events",
        send,
        api,
    )
    _casework_saves(bench)


def _casework_saves(bench: Bench) -> None:
    """A visit recorded on each of the social worker's children in turn, as the form posts it;
    an assessment's draft saved as they type, each save naming the revision the last returned
    (the form's data-revision, as the page's script does)."""
    worker = "social.worker"
    user = User.objects.get(username=worker)
    scope = scope_for(user)
    assert scope is not None
    children = cases_open(scope, user, limit=CASELOAD_SAVES)
    if not children:
        bench.left.append("casework saves: no child with an open case in sight")
        return
    sw = bench.client(worker)
    visits = [
        reverse("casework:step", kwargs={"key": str(c.key), "slug": "visit"}) for c in children
    ]

    def visit(i: int) -> Any:
        return sw.post(
            visits[i % len(visits)],
            {
                "occurred_at": moment_value(timezone.now()),
                "child_seen": "yes",
                "seen_alone": "yes",
                "setting": "home",
                "summary": "Seen alone in the kitchen; talked about school and friends.",
            },
        )

    bench.row("Record a visit", worker, "POST", "/people/<key>/record/visit", visit, sw)

    assessing = next((c for c in children if case_state(person=c).assessment), children[0])
    keys = {"key": str(assessing.key), "slug": "assessment"}
    form = sw.get(reverse("casework:step", kwargs=keys)).content.decode()
    found = re.search(r'data-revision="(\d+)"', form)
    revision = [int(found.group(1)) if found else 0]
    path = reverse("casework:draft", kwargs=keys)

    def draft(i: int) -> Any:
        data = {
            "factors": "4B, 16A",
            "summary": "Mum's low mood has left the children's care inconsistent. " * (1 + i % 8),
            "outcome": "cin_plan",
        }
        response = sw.post(
            path, {"data": data, "revision": revision[0]}, content_type="application/json"
        )
        if response.status_code == 200:
            revision[0] = response.json()["revision"]
        return response

    bench.row(
        "Save a draft (assessment)", worker, "POST", "/people/<key>/record/<step>/draft", draft, sw
    )
