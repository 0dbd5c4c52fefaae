"""The work a practitioner records in JoinedUp: each step of the statutory process, what was
sent for a team manager's authorisation and the answer, and the drafts of long forms.

The step itself is a `social_care.*` event in the chronology (its fact, read by the clocks and
the rules alike); these rows say who recorded it in JoinedUp, the rationale of a decision in the
worker's words, the warnings they accepted, and what was known when they decided. Rows are
never updated, except a draft, which is a working copy and not a record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from joinedup.casework.process import STEPS
from joinedup.chronology.models import EventVersion
from joinedup.people.models import Person


def step_label(code: str) -> str:
    """A step's label, as its declaration gives it (the code, for one no longer declared)."""
    return STEPS[code].label if code in STEPS else code


class StepRecord(models.Model):
    """One step recorded in JoinedUp, and the event it wrote."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=40)  # a code of casework.process.STEPS
    version = models.ForeignKey(EventVersion, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    rationale = models.TextField(blank=True)  # a decision's reasons, in the worker's words
    warnings = models.JSONField(default=list)  # the warnings accepted in recording it
    # What was known at the moment of deciding: the event versions, signals and merges visible
    # to the person deciding, by id (casework.known).
    known = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["person", "recorded_at"])]

    @property
    def step_label(self) -> str:
        return step_label(self.step)

    @property
    def known_count(self) -> int:
        """How many events the decider could see when deciding."""
        return len(self.known.get("event_versions", [])) if self.known else 0


class Submission(models.Model):
    """Work sent to a team manager for authorisation: an assessment or a closure."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=40)
    occurred_at = models.DateTimeField()
    details = models.JSONField(default=dict)
    summary = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    warnings = models.JSONField(default=list)
    known = models.JSONField(default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["person", "submitted_at"])]

    @property
    def step_label(self) -> str:
        return step_label(self.step)

    @property
    def step_slug(self) -> str:
        return self.step.replace("_", "-")


class Approval(models.Model):
    """A team manager's answer to a submission: one each, so a second answer is refused."""

    AUTHORISED, RETURNED = "authorised", "returned"

    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="approval")
    outcome = models.CharField(
        max_length=16, choices=[(AUTHORISED, AUTHORISED), (RETURNED, RETURNED)]
    )
    comments = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    record = models.ForeignKey(
        StepRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    known = models.JSONField(default=dict)


class Draft(models.Model):
    """A long form as the worker left it, saved as they type. `revision` counts saves, so a
    second window saving over an older copy is refused rather than silently overwriting."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "person", "step"], name="one_draft_per_form")
        ]


class ClockAlert(models.Model):
    """A person told that a clock's run is overdue: once per run and person
    (`casework.alerts`)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    clock = models.CharField(max_length=40)  # a code of cases.clocks
    started_by = models.ForeignKey(EventVersion, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    alerted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "clock", "started_by", "user"], name="one_alert_per_run"
            )
        ]
