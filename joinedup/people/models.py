"""Persons and every assertion agencies made about them.

A `Person` is an identity anchor. What we know of them (names, identifiers, addresses,
relationships) is a set of assertions, each with the event version that made it and the time it
applied from; nothing is overwritten. The few display fields on `Person` (current name, date of
birth) are a cached projection of those assertions, kept for fast search and listing.
"""

from __future__ import annotations

import math
import uuid
from datetime import date

from django.db import models

from joinedup.core.calendar import years_old
from joinedup.core.models import LocalAuthority, Organisation
from joinedup.core.vocabulary import RELATIONSHIPS, SEXES, STRONG_IDENTIFIERS

ADULT_AGE = 18


class DobPrecision(models.TextChoices):
    DAY = "day", "Exact"
    MONTH = "month", "Month known"
    YEAR = "year", "Year known"


class Person(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    dob = models.DateField(null=True, blank=True)
    dob_precision = models.CharField(
        max_length=8, choices=DobPrecision.choices, default=DobPrecision.DAY
    )
    sex = models.CharField(max_length=16, choices=list(SEXES.items()), blank=True)
    # Seen with the role "child" in at least one event.
    seen_as_child = models.BooleanField(default=False)
    # When the displayed name was asserted: a later assertion replaces it on display only.
    name_asserted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["dob"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p) or "Name not known"

    def age_on(self, on: date) -> int | None:
        if self.dob is None:
            return None
        return max(years_old(self.dob, on), 0)

    def is_child_on(self, on: date) -> bool:
        age = self.age_on(on)
        return self.seen_as_child if age is None else age < ADULT_AGE


def _source() -> models.ForeignKey:
    """The event version that asserted a name, identifier or address. Read through the person,
    never looked up by version, so not indexed (an index per row cost every ingest)."""
    return models.ForeignKey(
        "chronology.EventVersion",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )


class PersonName(models.Model):
    class Kind(models.TextChoices):
        NAME = "name", "Name"
        ALIAS = "alias", "Also known as"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="names")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.NAME)
    # As long as any name the contract takes: a part of an alias may be 199 characters, and a
    # phonetic code is never longer than its name ("Montgomery-Fitzwilliam": 19).
    given = models.CharField(max_length=200, blank=True)
    family = models.CharField(max_length=200, blank=True)
    given_norm = models.CharField(max_length=200, blank=True)
    family_norm = models.CharField(max_length=200, blank=True)
    given_phonetic = models.CharField(max_length=200, blank=True)
    family_phonetic = models.CharField(max_length=200, blank=True)
    source = _source()
    asserted_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["family_phonetic", "given_phonetic"]),
            # Surname by sound with the start of the given name ("Brooks, M..."): the search
            # reads thousands of rows for a common surname without it.
            models.Index(fields=["family_phonetic", "given_norm"]),
            models.Index(fields=["family_norm", "given_norm"]),
            models.Index(fields=["given_phonetic"]),
        ]

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.given, self.family) if p)


class PersonIdentifier(models.Model):
    """A strong identifier (`nhs_number`, `upn`, ...) or an agency's own key (`local`)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identifiers")
    # "nhs_number", "upn", "pnc_id", "la_child_id", or "org:<organisation id>:<key name>".
    scheme = models.CharField(max_length=100)
    # For an organisation's own key: which organisation, and the key's name.
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    label = models.CharField(max_length=64, blank=True)
    value = models.CharField(max_length=64)
    source = _source()
    asserted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scheme", "value"])]

    @property
    def scheme_label(self) -> str:
        if self.scheme.startswith("org:"):
            return f"{self.label} ({self.organisation})"
        return STRONG_IDENTIFIERS.get(self.scheme, self.scheme)


class PersonAddress(models.Model):
    # Indexed by (person, applies_from), below.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="addresses", db_index=False
    )
    line1 = models.CharField(max_length=200, blank=True)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    postcode_norm = models.CharField(max_length=10, blank=True)
    # Same dwelling, same key: how the household is derived.
    dwelling_key = models.CharField(max_length=220, blank=True)
    # When the address was true (the event's occurred_at) and who said so.
    applies_from = models.DateTimeField()
    source = _source()

    class Meta:
        indexes = [
            models.Index(fields=["postcode_norm"]),
            models.Index(fields=["dwelling_key", "applies_from"]),
            models.Index(fields=["person", "applies_from"]),
        ]

    @property
    def one_line(self) -> str:
        return ", ".join(p for p in (self.line1, self.line2, self.town, self.postcode) if p)


class Relationship(models.Model):
    """`person` is `kind` of `other` ("Lee Fenton is mother's partner of Maya Brooks")."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships")
    # Indexed by (other, applies_from), below.
    other = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="relationships_in", db_index=False
    )
    kind = models.CharField(max_length=32, choices=list(RELATIONSHIPS.items()))
    applies_from = models.DateTimeField()
    source = models.ForeignKey(
        "chronology.EventVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["other", "applies_from"])]


class MatchKey(models.Model):
    """Exact blocking keys the identity resolver looks candidates up by, in one indexed query.

    `id:<scheme>:<value>` for an identifier, `nd:<given>|<family>|<dob>` for a normalised name
    with a full date of birth. Derived from the assertions above; never edited.
    """

    key = models.CharField(max_length=500)  # two 200-character names and a date fit
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "person"], name="match_key_once")]


class PersonOrganisation(models.Model):
    """Which organisations hold records about a person: 'agencies involved' and need to know."""

    # Indexed by the constraint and the index below, each leading with one of them: a partner's
    # scope check (`access.policy.person_visible`) probes (organisation, person).
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="organisations", db_index=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    authority = models.ForeignKey(
        LocalAuthority, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    first_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="person_org_once")
        ]
        indexes = [models.Index(fields=["organisation", "person"])]


class PersonAuthority(models.Model):
    """Which local authorities' staff may see a person (ADR 0019): the authority whose
    organisation first recorded them, and any authority it has shared them with, with a
    reason. Never gained by sending: an event from another authority's school about a child
    held here is recorded, and this authority told, but that authority sees nothing more.
    A fact: a share is a new row, never an edit."""

    class Via(models.TextChoices):
        FIRST_RECORD = "first_record", "First recorded by one of its organisations"
        SHARE = "share", "Shared"

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="authorities", db_index=False
    )
    authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=16, choices=Via.choices)
    since = models.DateTimeField()
    reason = models.TextField(blank=True)  # why it was shared
    decided_by = models.CharField(max_length=200, blank=True)
    decided_by_user_id = models.IntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "authority"], name="person_authority_once")
        ]
        indexes = [models.Index(fields=["authority", "person"])]


class MatchModel(models.Model):
    """One version of the identity model's parameters (`people.matching.ModelParameters`).

    Append-only: training adds a version, never edits one. A version is used only once a
    `MatchModelActivation` names it, so retraining proposes and a person decides.
    """

    version = models.PositiveIntegerField(unique=True)
    parameters = models.JSONField()
    data_fingerprint = models.CharField(max_length=80)
    trained_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"identity model v{self.version}"


class MatchModelActivation(models.Model):
    """From `activated_at`, the real-time matcher scores with `model` (the latest row wins)."""

    model = models.ForeignKey(MatchModel, on_delete=models.PROTECT, related_name="activations")
    activated_at = models.DateTimeField(auto_now_add=True)
    activated_by = models.CharField(max_length=150)
    reason = models.TextField(blank=True)


class IdentityReview(models.Model):
    """A subject the matcher could neither link nor call new: recorded against `person` (a new
    person, so nothing is lost) and queued for the front door to compare with `candidate`.

    A fact: never edited. Its decision, when made, is an `IdentityDecision`.
    """

    candidate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField()
    reasons = models.JSONField(default=list)  # the evidence in words, with weights
    source = models.ForeignKey(
        "chronology.EventVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "person"], name="identity_review_once")
        ]
        indexes = [models.Index(fields=["person"])]

    @property
    def percent(self) -> str:
        """ "99.98%": rounded down, so only certainty reads as 100%."""
        return f"{math.floor(self.probability * 10000) / 100:.2f}%"


class IdentityReviewDue(models.Model):
    """A time by which a review item must be decided, and why: a danger waits on it (a signal
    raised on the probable identity, ADR 0022). An item's due time is the earliest of its rows;
    one with none waits its turn. Added, never edited."""

    review = models.ForeignKey(IdentityReview, on_delete=models.PROTECT, related_name="dues")
    due_at = models.DateTimeField()
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField()


class IdentityDecision(models.Model):
    """What a person decided about an `IdentityReview`: one decision per item, never edited."""

    class Decision(models.TextChoices):
        LINK = "link", "Link: the same person"
        KEEP_APART = "keep_apart", "Keep apart: different people"

    review = models.OneToOneField(IdentityReview, on_delete=models.PROTECT, related_name="decision")
    decision = models.CharField(max_length=16, choices=Decision.choices)
    reason = models.TextField()
    decided_by = models.CharField(max_length=200)
    decided_by_user_id = models.IntegerField(null=True)
    decided_at = models.DateTimeField()


class PersonMerge(models.Model):
    """From `decided_at`, `absorbed` is read as part of `survivor`: a fact like any other.

    Nothing is moved: events, names, identifiers, addresses and relationships stay on the
    person they were recorded against, and reads follow active merges (`people.merges`). A
    `PersonUnmerge` ends the merge, and everything is where it was.
    """

    absorbed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(
        IdentityReview, null=True, on_delete=models.PROTECT, related_name="merges"
    )
    reason = models.TextField()
    decided_by = models.CharField(max_length=200)
    decided_by_user_id = models.IntegerField(null=True)
    decided_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["absorbed"]), models.Index(fields=["survivor"])]


class PersonUnmerge(models.Model):
    """Ends a `PersonMerge`: from `undone_at`, both people are read apart again."""

    merge = models.OneToOneField(PersonMerge, on_delete=models.PROTECT, related_name="unmerge")
    reason = models.TextField()
    undone_by = models.CharField(max_length=200)
    undone_by_user_id = models.IntegerField(null=True)
    undone_at = models.DateTimeField()
