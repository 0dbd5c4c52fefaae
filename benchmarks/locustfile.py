"""People of the demo borough using JoinedUp at once, for locust (benchmarks/load.py runs it).

Each simulated user signs in as one of the demo accounts (social care, front door, manager,
health, police, school, auditor, in turn), then, without pausing, searches for a surname, opens
the first person found, opens their inbox and its first signal, and now and then (social care)
answers a signal. After each page it asks for the floor page (benchmarks/baseline.floor), so
the baseline meets the same load at the same moment. Every request is written to LOAD_LOG as
one JSON line: name, milliseconds, status, error.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from typing import Any

from locust import HttpUser, constant, events, task

ACCOUNTS = (
    "social.worker",
    "front.door",
    "team.manager",
    "health",
    "police",
    "school.dsl",
    "auditor",
)
RESPONDERS = {"social.worker", "front.door", "team.manager"}
PASSWORD = os.environ.get("LOAD_PASSWORD", "riverside-demo")
SURNAMES = [s for s in os.environ.get("LOAD_SURNAMES", "Smith").split(",") if s]
LOG = open(os.environ.get("LOAD_LOG", "/dev/null"), "a", buffering=1)  # noqa: SIM115
_accounts = itertools.cycle(ACCOUNTS)
PERSON = re.compile(r'href="(/people/[0-9a-f-]{36})[?"]')
SIGNAL = re.compile(r'href="(/signals/\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def _record(name: str, response_time: float, response: Any, exception: Any, **_: Any) -> None:
    status = getattr(response, "status_code", 0) or 0
    LOG.write(
        json.dumps([name, response_time, status, repr(exception) if exception else ""]) + "\n"
    )


class Practitioner(HttpUser):
    wait_time = constant(0)  # the next request as soon as one is answered

    def on_start(self) -> None:
        self.username = next(_accounts)
        page = self.client.get("/sign-in", name="sign-in page")
        token = CSRF.search(page.text)
        self.client.post(
            "/sign-in",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/sign-in"},
            name="sign in",
        )

    def floor(self) -> None:
        self.client.get("/bench/floor", name="floor")

    def page(self, path: str, name: str) -> str:
        response = self.client.get(path, name=name)
        self.floor()
        return response.text if response.status_code == 200 else ""

    @task
    def a_round(self) -> None:
        found = self.page(f"/people/search?name={random.choice(SURNAMES)}", "search")
        person = PERSON.search(found)
        if person:
            self.page(person.group(1), "child page")
        inbox = self.page("/signals/", "inbox")
        signal = SIGNAL.search(inbox)
        if not signal:
            return
        opened = self.page(signal.group(1), "signal")
        token = CSRF.search(opened)
        if self.username in RESPONDERS and token and random.random() < 0.2:
            self.client.post(
                f"{signal.group(1)}/respond",
                {
                    "kind": "no_action",
                    "text": "Known to the allocated worker; discussed in supervision.",
                    "csrfmiddlewaretoken": token.group(1),
                },
                headers={"Referer": f"{self.host}{signal.group(1)}"},
                name="answer a signal",
            )
            self.floor()
