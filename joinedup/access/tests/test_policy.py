"""Who sees whom: the permission matrix over the fixed cast, and the one gate to a person."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import pytest
from django.http import Http404

from joinedup.access.policy import (
    events_visible,
    person_for,
    person_visible,
    persons_visible,
    scope_for,
)
from joinedup.access.testing import (
    assert_each_row_probes_its_own_person,
    maya_at_hospital_and_school,
)
from joinedup.audit.models import AccessLogEntry
from joinedup.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya(cast) -> Person:
    maya_at_hospital_and_school(cast.school.name)
    return Person.objects.get(given_name="Maya")


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("social_worker", True),
        ("colleague", True),
        ("team_manager", True),
        ("front_door", True),
        ("auditor", True),
        ("health_practitioner", True),  # the hospital sent about her
        ("school_dsl", True),  # the school sent about her
        ("police_officer", False),  # the police never did
        ("administrator", False),
        ("outsider", False),  # another authority
    ],
)
def test_it_lets_only_those_with_need_to_know_see_a_child(cast, maya, who, sees):
    scope = scope_for(getattr(cast, who))
    assert persons_visible(scope).filter(pk=maya.pk).exists() is sees


@pytest.mark.parametrize(
    ("who", "agencies"),
    [
        ("social_worker", {"health", "education"}),
        ("health_practitioner", {"health"}),
        ("school_dsl", {"education"}),
    ],
)
def test_it_shows_partners_only_their_own_organisations_events(cast, maya, who, agencies):
    scope = scope_for(getattr(cast, who))
    assert scope is not None
    entries = events_visible(scope, maya)
    assert {e.version.agency for e in entries} == agencies


def test_it_makes_out_of_scope_indistinguishable_from_absent(cast, maya):
    scope = scope_for(cast.police_officer)
    errors = []
    for key in (str(maya.key), str(uuid.uuid4()), "not-a-uuid"):
        with pytest.raises(Http404) as caught:
            person_for(scope, key, purpose="checking")
        errors.append(str(caught.value))
    assert len(set(errors)) == 1
    assert not AccessLogEntry.objects.filter(action="view_person").exists()


def test_it_logs_every_view_with_who_whom_and_why(cast, maya):
    person_for(scope_for(cast.social_worker), str(maya.key), purpose="Home visit preparation")
    entry = AccessLogEntry.objects.get(action="view_person")
    assert (entry.user_id, entry.person_id, entry.purpose) == (
        cast.social_worker.pk,
        maya.pk,
        "Home visit preparation",
    )
    assert "Sam Okafor" in entry.actor_label


def test_it_gives_no_scope_to_the_signed_out(cast):
    from django.contrib.auth.models import AnonymousUser

    assert scope_for(AnonymousUser()) is None
    assert not persons_visible(None).exists()


# The one gate: no view or endpoint may reach a person another way.
GATED = ("Person", "EventSubject", "PersonName", "PersonIdentifier", "PersonAddress")
ROOT = Path(__file__).resolve().parents[2]


def _view_modules() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if (p.name.endswith(("views.py", "api.py")) or p.parent.name == "views")
        and "tests" not in p.parts
    )


def test_it_finds_the_view_modules():
    names = {str(p.relative_to(ROOT)) for p in _view_modules()}
    assert {"ui/views.py", "ui/identity_views.py", "api/views.py"} <= names


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_it_loads_people_in_views_only_through_the_access_module(path):
    tree = ast.parse(path.read_text())
    offences = [
        f"{path.name}:{node.lineno}: {node.value.id}.objects"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and isinstance(node.value, ast.Name)
        and node.value.id in GATED
    ]
    offences += [
        f"{path.name}:{node.lineno}: get_object_or_404"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") in ("get_object_or_404", "get_list_or_404")
    ]
    assert offences == [], "go through joinedup.access.policy instead"


# The scope checks are planned well with no statistics at all (ADR 0016): SQLite, which has
# none until ANALYZE runs, probes each row's own person on (authority, person) of who may see
# them (ADR 0019) or (organisation, person) of who recorded them, never a whole list.
@pytest.mark.parametrize("who", ["social_worker", "police_officer"])
def test_it_checks_each_row_on_its_own_person_without_statistics(cast, maya, who):
    from joinedup.access.policy import about_visible, identity_reviews_visible
    from joinedup.chronology.models import EventSubject
    from joinedup.people.models import PersonName

    scope = scope_for(getattr(cast, who))
    assert scope is not None
    reads = [
        persons_visible(scope).filter(family_name="Brooks"),
        EventSubject.objects.filter(about_visible(scope)),  # as signals and notifications are
        PersonName.objects.filter(person_visible(scope, "person_id"), family_norm="brooks"),
    ]
    if who == "social_worker":
        reads.append(identity_reviews_visible(scope))
    assert_each_row_probes_its_own_person(scope, reads)
