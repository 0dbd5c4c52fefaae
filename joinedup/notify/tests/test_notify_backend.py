"""The GOV.UK Notify backend, against a local stand-in for Notify's email endpoint (Notify
itself lies outside the project): the request it makes, and a refusal recorded, not raised."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from django.core.exceptions import ImproperlyConfigured

from joinedup.notify.backends import notify_key_parts
from joinedup.notify.models import Notice
from joinedup.notify.services import notices_deliver, notices_send

SERVICE, SECRET = str(uuid.uuid4()), str(uuid.uuid4())
TEMPLATE = str(uuid.uuid4())


@pytest.fixture
def notify(settings):
    """A stand-in endpoint that keeps each request and answers as `status` says."""
    got: list[dict] = []
    status = {"code": 201}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append(
                {"path": self.path, "auth": self.headers["Authorization"], "json": json.loads(body)}
            )
            self.send_response(status["code"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"id": "x"}')

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EMAIL = "notify"
    settings.EMAIL_BACKEND = "joinedup.notify.backends.NotifyEmailBackend"
    settings.GOVUK_NOTIFY_API_KEY = f"joinedup_test-{SERVICE}-{SECRET}"
    settings.GOVUK_NOTIFY_TEMPLATE_ID = TEMPLATE
    settings.GOVUK_NOTIFY_URL = f"http://127.0.0.1:{server.server_port}"
    yield got, status
    server.shutdown()


def test_it_reads_the_service_id_and_secret_from_the_api_key():
    assert notify_key_parts(f"name-with-dashes-{SERVICE}-{SECRET}") == (SERVICE, SECRET)
    with pytest.raises(ImproperlyConfigured):
        notify_key_parts("not-a-key")


def test_it_posts_each_notice_to_notify_signed_with_the_key(db, cast, notify):
    got, _ = notify
    [notice] = notices_send(items=[(cast.front_door, Notice.Kind.SIGNAL, "/signals/7")])
    assert notices_deliver([notice.pk]) == 1
    [request] = got
    assert request["path"] == "/v2/notifications/email"
    scheme, token = request["auth"].split(" ")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert scheme == "Bearer" and claims["iss"] == SERVICE and isinstance(claims["iat"], int)
    sent = request["json"]
    assert sent["email_address"] == cast.front_door.email
    assert sent["template_id"] == TEMPLATE
    assert "/signals/7" in sent["personalisation"]["body"]
    assert sent["personalisation"]["subject"] == "JoinedUp: a new safeguarding notice for you"
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.error == ""


def test_it_records_a_refusal_by_notify_on_the_notice(db, cast, notify):
    _, status = notify
    status["code"] = 400
    [notice] = notices_send(items=[(cast.front_door, Notice.Kind.SIGNAL, "/signals/7")])
    assert notices_deliver([notice.pk]) == 0
    notice.refresh_from_db()
    assert notice.sent_at is None and "400" in notice.error
