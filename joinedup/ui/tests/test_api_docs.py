"""The partner API's documentation page, written from the same registry as the validator."""

from __future__ import annotations

from joinedup.chronology.registry import EVENT_TYPES
from joinedup.core.vocabulary import AGENCIES, RELATIONSHIPS, SUBJECT_ROLES


def test_it_documents_every_event_type_with_its_details(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    for code, event_type in EVENT_TYPES.items():
        assert f"<code>{code}</code>" in page, code
        for detail in event_type.details:
            assert f"<code>{detail.name}</code>" in page, (code, detail.name)
            for sub in detail.fields:
                assert f"<code>{detail.name}.{sub.name}</code>" in page
    assert "<code>injury.kind</code> (one of <code>bruise</code>" in page


def test_it_lists_the_vocabularies_endpoints_and_error_format(client, db):
    page = client.get("/api/docs").content.decode()
    for code in [*AGENCIES, *SUBJECT_ROLES, *RELATIONSHIPS]:
        assert f"<code>{code}</code>" in page, code
    for endpoint in (
        "POST /api/v1/events",
        "POST /api/v1/events/bulk",
        "GET /api/v1/events/{event_id}",
        "GET /api/v1/openapi.json",
    ):
        assert endpoint in page
    assert 'href="/api/v1/openapi.json"' in page
    assert "Authorization: Bearer" in page
    for code in ("invalid_event", "unauthorised", "too_large", "malformed_json"):
        assert f"<code>{code}</code>" in page
