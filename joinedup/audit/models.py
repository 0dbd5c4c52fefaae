"""The access log: every read and write of a person's record, append-only and hash-chained.

Each entry's `hash` covers its own content and the previous entry's hash, so changing or
deleting any entry breaks every hash after it; `joinedup audit-verify` walks the chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessLogEntry(models.Model):
    at = models.DateTimeField()
    # A signed-in user, or an API token's organisation, or the command line (actor_label).
    # user and person are indexed by the (user, at) and (person, at) indexes below.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=32)
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    purpose = models.CharField(max_length=200)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    # Not indexed: nothing looks an entry up by its hash; verification walks the chain.
    hash = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["person", "at"]), models.Index(fields=["user", "at"])]
        verbose_name_plural = "access log entries"


class ChainHead(models.Model):
    """The newest hash, in one row locked while appending, so the chain stays a line."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    hash = models.CharField(max_length=64)
