"""`field__any=[...]`: the same rows as `field__in`, whatever the values hold."""

from __future__ import annotations

import pytest
from django.db import connection

from joinedup.core.lookups import any_array
from joinedup.core.models import Organisation

pytestmark = pytest.mark.django_db

AWKWARD = [
    "St Mary's, Barnet",  # a quote and the numbers' separator
    'The "New" School',
    "C:\\Surgery\\One",  # backslashes
    "{Braces}",
    "Unit\x1fSeparated",  # the text separator itself: sent as an array
    "Åsgård Health Centre",
    "Plain",
]


@pytest.fixture
def organisations() -> dict[str, Organisation]:
    return {
        name: Organisation.objects.create(name=name, agency="health")
        for name in [*AWKWARD, "Not Asked For"]
    }


def test_text_values_find_exactly_the_rows_named(organisations):
    found = set(Organisation.objects.filter(name__any=AWKWARD).values_list("name", flat=True))
    assert found == set(AWKWARD)


def test_text_values_without_the_separator_find_their_rows(organisations):
    asked = [n for n in AWKWARD if "\x1f" not in n]
    found = set(Organisation.objects.filter(name__any=asked).values_list("name", flat=True))
    assert found == set(asked)


def test_ids_find_exactly_the_rows_named(organisations):
    ids = [organisations[n].pk for n in AWKWARD[:3]]
    found = set(Organisation.objects.filter(pk__any=ids).values_list("pk", flat=True))
    assert found == set(ids)
    by_fk = Organisation.objects.filter(authority__any=[]).count()
    assert by_fk == 0  # an empty list matches nothing


def test_an_empty_string_is_a_value_not_nothing(organisations):
    Organisation.objects.create(name="", agency="health")
    found = list(
        Organisation.objects.filter(name__any=["", "Plain"]).values_list("name", flat=True)
    )
    assert sorted(found) == ["", "Plain"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array parameter is PostgreSQL's")
def test_any_array_sends_one_string_and_the_server_splits_it():
    sql, param = any_array(["a|b", "c:d", "it's"], "text")
    assert isinstance(param, str)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", [param])
        assert cursor.fetchone()[0] == ["a|b", "c:d", "it's"]
        sql, param = any_array([3, 1, 2], "integer")
        cursor.execute(f"SELECT {sql}", [param])
        assert cursor.fetchone()[0] == [3, 1, 2]
        sql, param = any_array(["", "x"], "text")
        assert isinstance(param, list)  # one empty string would split into no elements
        cursor.execute(f"SELECT {sql}", [param])
        assert cursor.fetchone()[0] == ["", "x"]
