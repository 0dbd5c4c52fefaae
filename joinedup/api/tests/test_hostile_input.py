"""Input an attacker's test sent (issue 22): each is refused by line or item with its reason, or
stored whole; never a server error, never a refusal that says "send it again", never the good
items of the same batch lost."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from joinedup.api.services import api_token_create
from joinedup.audit.services import Actor
from joinedup.chronology.models import Event, EventVersion
from joinedup.chronology.testing import MAYA, event_body
from joinedup.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)  # as in production: each request commits


@pytest.fixture
def token(cast) -> str:
    return api_token_create(actor=Actor(label="test"), organisation=cast.hospital, name="ED")


def send(client: Client, token: str, text: str, *, bulk: bool = False):
    return client.post(
        "/api/v1/events/bulk" if bulk else "/api/v1/events",
        text,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def with_subject(record_id: str, **changes) -> dict:
    return event_body(record_id=record_id, subjects=[{**MAYA, **changes}])


def test_it_stores_a_long_double_barrelled_name(client, token):
    body = with_subject("LONG-1", name={"given": "Maximilian", "family": "Montgomery-Fitzwilliam"})
    response = send(client, token, json.dumps(body))
    assert response.status_code == 201, response.json()
    assert Person.objects.filter(family_name="Montgomery-Fitzwilliam").exists()


def test_it_stores_the_longest_names_the_contract_allows(client, token):
    family = "Abcdefghij" * 10  # 100 letters
    response = send(client, token, json.dumps(with_subject("LONG-2", name={"family": family})))
    assert response.status_code == 201, response.json()
    alias = "Bcdefghijk" * 15 + " " + "Cdefghijkl" * 4 + "mnopqrstu"  # 199 characters
    only_an_alias = {"ref": "p1", "role": "child", "name": {"aliases": [alias]}}
    response = send(
        client, token, json.dumps(event_body(record_id="LONG-3", subjects=[only_an_alias]))
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("subjects[0].name.family", "Brooks\u0000"),
        ("subjects[0].name.given", "Ma\u202eya"),  # right-to-left override
        ("subjects[0].name.family", "Bro\u0007oks"),  # a bell
    ],
)
def test_it_refuses_control_characters_in_a_name_naming_the_field(client, token, where, text):
    field = where.rsplit(".", 1)[1]
    body = with_subject("CTRL-1", name={"given": "Maya", "family": "Brooks", field: text})
    response = send(client, token, json.dumps(body))
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [where]
    assert not Event.objects.exists()


def test_it_refuses_a_nul_in_free_text_naming_the_field(client, token):
    body = event_body(record_id="CTRL-2", summary="Burn to hand\u0000")
    response = send(client, token, json.dumps(body))
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["summary"]


def test_it_refuses_a_lone_surrogate_naming_the_field(client, token):
    text = json.dumps(event_body(record_id="SUR-1", summary="PLACEHOLDER"))
    text = text.replace("PLACEHOLDER", "\\ud800")  # an unpaired surrogate, as JSON allows
    response = send(client, token, text)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["summary"]


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00"]
)
def test_it_refuses_a_date_out_of_range_naming_the_field(client, token, moment):
    body = event_body(record_id="DATE-1", occurred_at=moment, reported_at=None)
    response = send(client, token, json.dumps(body))
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["occurred_at"]


def test_it_refuses_json_nested_too_deeply(client, token):
    deep = "[" * 100_000 + "]" * 100_000
    response = send(client, token, deep)
    assert response.status_code == 400, response.content


def test_it_keeps_the_good_items_of_a_batch_with_hostile_ones(client, token):
    good = [event_body(record_id=f"OK-{i}") for i in range(2)]
    items = [
        json.dumps(good[0]),
        json.dumps(event_body(record_id="BAD-1", summary="PLACEHOLDER")).replace(
            "PLACEHOLDER", "\\udc00"
        ),
        json.dumps(event_body(record_id="BAD-2", occurred_at="0001-01-01T00:00:00+01:00")),
        "[" * 5_000 + "]" * 5_000,
        json.dumps(good[1]),
    ]
    response = send(client, token, "[" + ",".join(items) + "]", bulk=True)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["created"], answer["refused"]) == (2, 3)
    assert [r["status"] for r in answer["results"]] == [
        "created",
        "refused",
        "refused",
        "refused",
        "created",
    ]
    assert EventVersion.objects.count() == 2


def test_it_answers_a_permanent_database_refusal_with_422_not_send_again(
    client, token, monkeypatch
):
    from django.db import DataError

    from joinedup.chronology import writer

    def refuse(self):
        raise DataError("value too long for type character varying(16)")

    monkeypatch.setattr(writer.ChunkWriter, "store", refuse)
    response = send(client, token, json.dumps(event_body(record_id="DB-1")))
    assert response.status_code == 422, response.content
    answer = response.json()
    assert "Send it again" not in answer["message"]
    assert answer["errors"][0]["reason"].startswith("refused by the database: value too long")
