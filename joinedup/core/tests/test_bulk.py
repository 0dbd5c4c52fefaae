"""`core.bulk`: JSON given with its text is written from that text; the database's refusals
are Django's errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from joinedup.core.bulk import EncodedJson, copy_rows
from joinedup.people.models import MatchModel

pytestmark = pytest.mark.django_db

AT = datetime(2026, 11, 1, tzinfo=UTC)
COLUMNS = ("version", "parameters", "data_fingerprint", "trained_at", "recorded_at", "note")


def test_encoded_json_is_the_dict_it_was_made_from():
    value = {"b": [1, "two"], "a": {"c": None}}
    encoded = EncodedJson(value, json.dumps(value))
    assert encoded == value and isinstance(encoded, dict)
    assert encoded.text == json.dumps(value)


def test_json_values_are_stored_as_given():
    plain = {"quote": 'a "b" \\ c', "name": "Åsgård", "n": [1, 2.5, None]}
    encoded = EncodedJson(plain, json.dumps(plain, ensure_ascii=False, sort_keys=True))
    copy_rows(MatchModel, COLUMNS, [(1, plain, "", AT, AT, ""), (2, encoded, "", AT, AT, "")])
    assert list(MatchModel.objects.order_by("version").values_list("parameters", flat=True)) == [
        plain,
        plain,
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_sends_the_text_not_the_dict_encoded_again():
    # The text is trusted to be the dict's: COPY sends it as it is (so here, on purpose, a
    # text that disagrees shows which one was written).
    copy_rows(MatchModel, COLUMNS, [(1, EncodedJson({"a": 1}, '{"a": 2}'), "", AT, AT, "")])
    assert MatchModel.objects.get().parameters == {"a": 2}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_a_refused_copy_raises_djangos_integrity_error():
    # The ingest catches Django's IntegrityError to record a chunk one event at a time; the
    # driver's own error from a raw COPY would escape it and stop the whole file.
    copy_rows(MatchModel, COLUMNS, [(1, {}, "", AT, AT, "")])
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_rows(MatchModel, COLUMNS, [(1, {}, "", AT, AT, "")])  # version is unique
