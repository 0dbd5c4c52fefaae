"""A Django email backend that sends through GOV.UK Notify's email API (ADR 0023).

Each message goes to `POST {GOVUK_NOTIFY_URL}/v2/notifications/email` with the template
`GOVUK_NOTIFY_TEMPLATE_ID`, whose subject and body are the personalisation fields `subject` and
`body` (make the template "((subject))" and "((body))"). The bearer token is a JSON Web Token
signed (HS256) with the API key's secret, its issuer the service id, as Notify documents.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Sequence
from typing import Any

import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

UUID_LENGTH = 36


def notify_key_parts(api_key: str) -> tuple[str, str]:
    """(service id, secret) from a Notify API key: "{name}-{service id}-{secret}"."""
    if len(api_key) < 2 * UUID_LENGTH + 2 or api_key[-UUID_LENGTH - 1] != "-":
        raise ImproperlyConfigured("GOVUK_NOTIFY_API_KEY is not a GOV.UK Notify API key")
    return api_key[-2 * UUID_LENGTH - 1 : -UUID_LENGTH - 1], api_key[-UUID_LENGTH:]


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.service_id, self.secret = notify_key_parts(settings.GOVUK_NOTIFY_API_KEY)
        self.template_id = settings.GOVUK_NOTIFY_TEMPLATE_ID
        self.url = settings.GOVUK_NOTIFY_URL.rstrip("/") + "/v2/notifications/email"

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    self._post(address, message)
                except Exception:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        return sent

    def _post(self, address: str, message: EmailMessage) -> None:
        token = jwt.encode({"iss": self.service_id, "iat": int(time.time())}, self.secret, "HS256")
        body = {
            "email_address": address,
            "template_id": self.template_id,
            "personalisation": {"subject": message.subject, "body": message.body},
        }
        request = urllib.request.Request(  # noqa: S310  (the configured https endpoint)
            self.url,
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.status != 201:
                raise OSError(f"GOV.UK Notify answered {response.status}")
