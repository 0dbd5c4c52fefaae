"""Probabilistic identity matching (Fellegi-Sunter), the same code for real time and batch.

The real-time entry points, for `IdentityResolver.resolve`:

    record = record_from_subject(subject)           # the incoming subject, normalised
    keys = blocking_keys(record)                    # store per person in MatchKey; look up by
    scored = score_candidates(record, candidates, params)  # candidates: record_from_person(...)
    best, outcome, reasons = decide(scored)         # linked / review / new, reasons in words

`params` is `store.match_model_active()` (Django) or `default_parameters()`. Nothing here imports
splink, duckdb, pandas or numpy; training and batch linkage are plain Python too.
"""

# The submodule first: imported later (by `default_parameters()`), it would take the place
# of the function of its name in this package.
import joinedup.people.matching.default_parameters  # noqa: F401
from joinedup.people.matching.blocking import blocking_keys
from joinedup.people.matching.model import (
    LINKED,
    NEW,
    REVIEW,
    ModelParameters,
    ScoredCandidate,
    decide,
    default_parameters,
    score_candidates,
)
from joinedup.people.matching.records import Record, record_from_fields, record_from_subject

__all__ = [
    "LINKED",
    "NEW",
    "REVIEW",
    "ModelParameters",
    "Record",
    "ScoredCandidate",
    "blocking_keys",
    "decide",
    "default_parameters",
    "record_from_fields",
    "record_from_subject",
    "score_candidates",
]
