"""The matcher's view of the database: stored people as records, model versions in and out.

Writes are services: `match_model_store` appends a version, `match_model_activate` makes one
live (both append-only). `match_model_active` is what the real-time path scores with: the most
recently activated version, or the parameters shipped with the code when none is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Max

from joinedup.people.matching.model import ModelParameters, default_parameters
from joinedup.people.matching.records import SCHEMES, Record, record_from_fields
from joinedup.people.models import MatchModel, MatchModelActivation, Person


def record_from_person(person: Person) -> Record:
    """A stored person as the matcher sees them: every name they have been known by, their
    strong identifiers and their latest address. Prefetch names, identifiers and addresses."""
    names = sorted(person.names.all(), key=lambda n: (n.kind != "name", -n.asserted_at.timestamp()))
    given, family = person.given_name, person.family_name
    aliases = tuple((n.given, n.family) for n in names if (n.given, n.family) != (given, family))
    addresses = sorted(person.addresses.all(), key=lambda a: a.applies_from)
    latest = addresses[-1] if addresses else None
    return record_from_fields(
        str(person.pk),
        given=given,
        family=family,
        aliases=aliases,
        dob=person.dob,
        dob_precision=person.dob_precision,
        sex=person.sex,
        postcode=latest.postcode if latest else "",
        address=latest.line1 if latest else "",
        identifiers=tuple(
            (i.scheme, i.value) for i in person.identifiers.all() if i.scheme in SCHEMES
        ),
    )


def people_records(people: Iterable[Person] | None = None) -> list[Record]:
    queryset = people if people is not None else Person.objects.order_by("pk")
    if hasattr(queryset, "prefetch_related"):
        queryset = queryset.prefetch_related("names", "identifiers", "addresses")
    return [record_from_person(p) for p in queryset]


def match_model_store(*, params: ModelParameters, note: str = "") -> MatchModel:
    """Append the parameters as the next version; returns the stored row."""
    with transaction.atomic():
        latest = MatchModel.objects.select_for_update().aggregate(v=Max("version"))["v"]
        version = (latest or 0) + 1
        params = params.with_version(version)
        return MatchModel.objects.create(
            version=version,
            parameters=params.to_dict(),
            data_fingerprint=params.data_fingerprint,
            trained_at=datetime.fromisoformat(params.trained_at),
            note=note,
        )


def match_model_activate(*, version: int, actor: str, reason: str = "") -> MatchModelActivation:
    model = MatchModel.objects.get(version=version)
    return MatchModelActivation.objects.create(model=model, activated_by=actor, reason=reason)


def match_model_active() -> ModelParameters:
    activation = (
        MatchModelActivation.objects.select_related("model")
        .order_by("-activated_at", "-pk")
        .first()
    )
    if activation is None:
        return default_parameters()
    return ModelParameters.from_dict(activation.model.parameters)
