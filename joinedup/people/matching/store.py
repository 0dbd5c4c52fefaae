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
    """The parameters of the model activated last, or those shipped with the code."""
    active = (
        MatchModelActivation.objects.order_by("-activated_at", "-pk")
        .values_list("model_id", "model__recorded_at")
        .first()
    )
    return match_model_parameters(*active) if active else _shipped()


# Parsed once per process: a stored version is never edited, and the real-time path makes a
# resolver per request. Keyed with the time the version was recorded as well as its id, so
# a database that reuses an id (a test's rolled-back rows, a restore) is not read stale.
_PARAMETERS: dict[tuple[int, datetime] | None, ModelParameters] = {}


def _shipped() -> ModelParameters:
    params = _PARAMETERS.get(None)
    if params is None:
        params = _PARAMETERS[None] = default_parameters()
    return params


def match_model_parameters(model_id: int, recorded_at: datetime) -> ModelParameters:
    params = _PARAMETERS.get((model_id, recorded_at))
    if params is None:
        data = MatchModel.objects.values_list("parameters", flat=True).get(pk=model_id)
        params = _PARAMETERS[(model_id, recorded_at)] = ModelParameters.from_dict(data)
    return params
