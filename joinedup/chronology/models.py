"""Events agencies send, append-only.

An `Event` is an agency's record (organisation + record id). Each body received for it is an
`EventVersion`; a changed body is a correction, kept as a new version while the earlier one
stays readable. The only thing ever written to an old version is `superseded_at`, the moment a
newer version replaced it, so "what was known on date D" is a query.
"""

from __future__ import annotations

from django.db import models

from joinedup.chronology.registry import event_type_label
from joinedup.core.models import Organisation
from joinedup.core.vocabulary import AGENCIES, SUBJECT_ROLES
from joinedup.people.models import Person


class Event(models.Model):
    # Indexed by event_source_once, which leads with it.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    record_id = models.CharField(max_length=128)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "record_id"], name="event_source_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.record_id}"


class EventVersion(models.Model):
    # Indexed by event_version_once, which leads with it.
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="versions", db_index=False
    )
    version = models.PositiveIntegerField()
    # Denormalised from the event for the chronology's filters.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(max_length=32, choices=list(AGENCIES.items()))
    type = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()
    reported_at = models.DateTimeField()
    received_at = models.DateTimeField()
    summary = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    body = models.JSONField()  # exactly what the agency sent
    body_hash = models.CharField(max_length=64)
    superseded_at = models.DateTimeField(null=True, blank=True)
    # Who sent it: an API token's name, or "ingest FILE" for the command line.
    received_via = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "version"], name="event_version_once")
        ]
        indexes = [models.Index(fields=["type", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.event} v{self.version}"

    @property
    def type_label(self) -> str:
        return event_type_label(self.type)

    @property
    def agency_label(self) -> str:
        return AGENCIES.get(self.agency, self.agency)

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class EventSubject(models.Model):
    """A person an event version is about, in a role, as resolved at the time."""

    version = models.ForeignKey(EventVersion, on_delete=models.PROTECT, related_name="subjects")
    # Indexed by (person, is_current, occurred_at), below.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="event_subjects", db_index=False
    )
    role = models.CharField(max_length=32, choices=list(SUBJECT_ROLES.items()))
    ref = models.CharField(max_length=64, blank=True)
    # The identity decision that linked this subject, in words ("NHS number exact").
    match_outcome = models.CharField(max_length=16)
    match_reasons = models.JSONField(default=list)
    # Copied from the version so the chronology query needs no join to filter current entries.
    is_current = models.BooleanField(default=True)
    occurred_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["person", "is_current", "occurred_at"])]

    @property
    def role_label(self) -> str:
        return SUBJECT_ROLES.get(self.role, self.role)


class UnfamiliarValue(models.Model):
    """How often an organisation has sent a detail value the registry does not list (stored
    as sent, the sender warned): what to add to the vocabulary, or whom to ask. A count kept
    for reading; the values themselves stay in the versions."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(max_length=100)
    field = models.CharField(max_length=200)  # the path: "details.injury.kind"
    value = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=0)
    first_version = models.ForeignKey(EventVersion, on_delete=models.PROTECT, related_name="+")
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "type", "field", "value"], name="unfamiliar_value_once"
            )
        ]
