from __future__ import annotations

import hashlib
import secrets

from django.db import models

from joinedup.core.models import Organisation


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A partner system's credential. Only a digest is stored; the token is shown once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)  # to recognise a token in logs without the secret
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @staticmethod
    def new_secret() -> str:
        return "ju_" + secrets.token_urlsafe(32)
