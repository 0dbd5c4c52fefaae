from __future__ import annotations

from django.conf import settings
from django.db import models

from joinedup.access.roles import ROLES
from joinedup.chronology.models import EventVersion
from joinedup.core.models import Organisation
from joinedup.people.models import Person


class Profile(models.Model):
    """A user's role and employing organisation: everything access decisions start from."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=32, choices=[(c, r.label) for c, r in ROLES.items()])
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    @property
    def role_label(self) -> str:
        return ROLES[self.role].label


class SignInAttempt(models.Model):
    """Every sign-in tried through the form, kept (append-only) to slow password guessing:
    `access.signin` refuses to check a password after too many recent failures."""

    at = models.DateTimeField()
    username = models.CharField(max_length=150)  # as typed, lower-cased; may belong to nobody
    address = models.GenericIPAddressField(null=True)
    succeeded = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["username", "at"]),
            models.Index(fields=["address", "at"]),
        ]


class LookupMade(models.Model):
    """Every child protection check (the flags page and API), kept to stop a sweep:
    `access.lookups` refuses more than so many a window from one user or token."""

    at = models.DateTimeField()
    who = models.CharField(max_length=64)  # "user:<id>" or "token:<prefix>"

    class Meta:
        indexes = [models.Index(fields=["who", "at"])]


class EventGrant(models.Model):
    """One partner user may read one event about one person, beyond what their organisation
    sent: a strategy discussion's record, for the partner agency participants named in it.
    Append-only; `access.policy` reads it, `access.grants` writes it."""

    version = models.ForeignKey(EventVersion, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    granted_by = models.CharField(max_length=300)

    class Meta:
        indexes = [models.Index(fields=["person", "user"])]
