"""What was known at the moment of deciding: the record as it stood for the person deciding.

A decision keeps, by id, the event versions, risk signals and merges the decider could see about
the child when they decided, and the moment. Since every one of those is append-only, the ids
are a pointer into the record as it stood: nobody can later say a fact was or was not there.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from joinedup.access.people import merges_into
from joinedup.access.policy import Scope, events_visible
from joinedup.people.models import Person
from joinedup.signals.selectors import signals_for_person


def known_now(scope: Scope, person: Person) -> dict[str, Any]:
    versions = sorted(set(events_visible(scope, person).values_list("version_id", flat=True)))
    return {
        "at": timezone.now().isoformat(),
        "event_versions": versions,
        "signals": sorted(s.pk for s in signals_for_person(scope, person)),
        "merges": sorted(m.pk for m in merges_into(person=person)),
    }
