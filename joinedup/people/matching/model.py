"""The Fellegi-Sunter model: m and u per comparison level, a prior, and the two thresholds.

A pair's match weight is log2 of the prior odds plus, for each comparison, log2(m/u) of the
level it fell in (nothing for a value missing on either side). Its match probability is the
posterior. Above `link_threshold` the pair links automatically, between the thresholds it goes
to review, below it does not link. The relatives guard then caps likely twins and siblings at
review: the model's independence assumption breaks down for relatives, who share a household,
a surname and sometimes a date of birth. Two of its reasons rest on a value one record lacks;
those give way only where the data and what else is in view allow (`settle_guards`).

Exact agreement on a name says more when the name is rare: as Splink does, the u of an exact
given-name or surname match is the frequency of that value among the records ("term frequency"),
not the average over all names. `ModelParameters.tf` holds the commonest values' frequencies and
one frequency for every other value, so the real-time path weighs exactly as batch does.

`ModelParameters` is plain data, serialised to versioned JSON (`to_json`, `from_json`) and
stored append-only in `people.MatchModel`. Format 1 (no term frequencies) still loads and
scores as it always did.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import Any

from jellyfish import damerau_levenshtein_distance as _damerau

from joinedup.people.matching.comparisons import (
    COMPARISONS,
    DOB,
    FAMILY,
    GIVEN,
    HOUSEHOLD,
    IDENTIFIER,
    NULL,
    SEX,
    compare,
    shared_value,
    shown_values,
)
from joinedup.people.matching.records import Record

FORMAT = 2  # 2 added term frequencies; 1 is still read
FORMATS = (1, 2)
# Comparisons whose exact level is weighed by how common the shared value is.
TF_COMPARISONS = ("given", "family")
# Link at p >= 0.99: with term frequencies trained on the data, precision of automatic links
# stayed >= 0.999 on every data set measured (ADR 0007, 2026-12-06).
LINK_THRESHOLD = 0.99
REVIEW_THRESHOLD = 0.5


class MatchOutcome(StrEnum):
    """What matching decided of a record: one of these, everywhere (API, events, reviews)."""

    LINKED = "linked"  # the same person as one held
    REVIEW = "review"  # perhaps: recorded against a new person and queued for the front door
    NEW = "new"  # nobody held


LINKED = MatchOutcome.LINKED
REVIEW = MatchOutcome.REVIEW
NEW = MatchOutcome.NEW

# Sounds alike at best, or not known on one side: twins "Jack"/"Jake".
_GIVEN_SIMILAR_AT_BEST = frozenset((NULL, 3, 4, 5))
_GIVEN_DIFFERENT = frozenset((4, 5))  # an initial at best
_GIVEN_SAME = frozenset((0, 1, 2))  # exact, short form, similar
_FAMILY_SAME = frozenset((0, 1, 2))
_DOB_DIFFERENT = frozenset((3, 4, 5))  # more than a slip of the pen
_DOB_SAME = frozenset((0, 1, 2))  # exact, or a slip of the pen (day/month swapped, one digit)
_SAME_HOME = frozenset((0, 1))  # same address or same postcode
_HOME = frozenset((0, 1, 2))  # ... or the same address line under another postcode
# Two of the guard's reasons rest on a value one record lacks: nothing in the pair tells a
# parent from a child of one name, or one twin from the other. Two things can (ADR 0007):
# - the data: how often pairs like these, with the value on both sides, are two people
#   (`relatives_shares`, learnt in training). Where that is above the link threshold's
#   1 - p, the guard always stands;
# - what else is in view: where the records carrying the value (the namesakes at the home
#   with a date of birth; those born that day there with a given name) carry two people's, it
#   stands; where one person's only, the missing value is taken for theirs and the guard lifted
#   (`settle_guards`).
NAMESAKE = "same household and name, no date of birth to tell: possibly parent and child"
UNNAMED = "same date of birth and household, no given name to tell: possibly twins"
SETTLED_BY_OTHERS = (NAMESAKE, UNNAMED)
_SHARE_NAMES = {NAMESAKE: "namesakes", UNNAMED: "unnamed"}
_LIFTED = {
    NAMESAKE: "no date of birth on one record, none other for this name at this home",
    UNNAMED: "no given name on one record, none other for this date of birth at this home",
}
TWINS = "same date of birth, different given name: possibly twins"
# Given names one keystroke apart ("Ava"/"Eva", "Isla"/"Isha") with the surname, the date of
# birth and the address all the same are more often a slip than twins. What tells them apart is
# whether a second child born that day at that home is held (`second_child`): where none is,
# the guard gives way (`settle_guards`, and `batch.settle_guards` from the file).
KEYSTROKE = "same date of birth and home, given names one keystroke apart: possibly twins"
KEYSTROKE_LIFTED = (
    "given names one keystroke apart, all else the same, no second child born that day at "
    "this home: taken for a slip"
)
# What the event itself says (real time only: a bulk file names no roles, `EventSays`).
CHILD_NOT_PARENT = (
    "no date of birth on one record, but the event names the subject as a child and the "
    "person held is a child: not a parent of the same name"
)
PARENT_NOT_CHILD = (
    "the event names the subject as a parent or carer, the person held is a child: "
    "not the same person unless a person says so"
)


@dataclass(frozen=True)
class TermFrequencies:
    """How common each value is among the records: the commonest by name, the rest as one."""

    values: dict[str, float]  # normalised value -> share of records carrying it
    other: float  # the share to assume for any value not listed

    def __post_init__(self) -> None:
        if not 0 < self.other <= 1 or any(not 0 < f <= 1 for f in self.values.values()):
            raise ValueError("term frequencies must be in (0, 1]")

    def of(self, value: str) -> float:
        return self.values.get(value, self.other)


@dataclass(frozen=True)
class ModelParameters:
    version: int
    trained_at: str  # ISO 8601
    data_fingerprint: str  # sha256 of what it was trained on
    prior: float  # probability that two records drawn at random are the same person
    m: dict[str, tuple[float, ...]]  # comparison name -> per level P(level | same person)
    u: dict[str, tuple[float, ...]]  # comparison name -> per level P(level | different)
    link_threshold: float = LINK_THRESHOLD
    review_threshold: float = REVIEW_THRESHOLD
    seed: int = 0
    training: dict[str, Any] = field(default_factory=dict)  # counts and timings, for people
    # comparison name ("given", "family") -> frequencies; empty: the average u for every value
    tf: dict[str, TermFrequencies] = field(default_factory=dict)
    # "namesakes", "unnamed" -> the share of pairs like a guard's that are two people, learnt
    # (`relatives_shares`); none: that guard always stands
    relatives: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.tf) - set(TF_COMPARISONS)
        if unknown:
            raise ValueError(f"no term frequencies for {sorted(unknown)!r}")
        for comparison in COMPARISONS:
            for table in (self.m, self.u):
                levels = table.get(comparison.name)
                if levels is None or len(levels) != len(comparison.levels):
                    raise ValueError(
                        f"parameters for {comparison.name!r} must have "
                        f"{len(comparison.levels)} levels"
                    )
                if any(not 0 < p <= 1 for p in levels):
                    raise ValueError(f"probabilities for {comparison.name!r} must be in (0, 1]")
        if not 0 < self.prior < 1:
            raise ValueError("prior must be between 0 and 1")
        if set(self.relatives) - set(_SHARE_NAMES.values()) or any(
            not 0 <= v <= 1 for v in self.relatives.values()
        ):
            raise ValueError("relatives must map 'namesakes' and 'unnamed' to shares in [0, 1]")
        if not 0 < self.review_threshold <= self.link_threshold < 1:
            raise ValueError("thresholds must satisfy 0 < review <= link < 1")

    @cached_property
    def weights(self) -> tuple[tuple[float, ...], ...]:
        """log2(m/u) per comparison and level, in the order of `COMPARISONS`."""
        return tuple(
            tuple(math.log2(m / u) for m, u in zip(self.m[c.name], self.u[c.name], strict=True))
            for c in COMPARISONS
        )

    @cached_property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def may_settle(self, guard: str) -> bool:
        """Whether what else is in view may lift `guard`: the data says pairs like its pairs
        are two people less often than the link threshold allows a link to be wrong."""
        share = self.relatives.get(_SHARE_NAMES.get(guard, ""))
        return share is not None and share <= 1 - self.link_threshold

    @cached_property
    def link_weight(self) -> float:
        return _logit2(self.link_threshold)

    @cached_property
    def review_weight(self) -> float:
        return _logit2(self.review_threshold)

    @cached_property
    def _tf_cache(self) -> dict[tuple[int, str], float]:
        return {}

    def tf_adjustment(self, comparison: int, value: str) -> float:
        """What exact agreement on `value` adds to (or takes from) the average exact weight:
        log2(u / frequency of the value). Nothing without term frequencies."""
        key = (comparison, value)
        cache = self._tf_cache
        found = cache.get(key)
        if found is None:
            frequencies = self.tf.get(COMPARISONS[comparison].name)
            found = (
                math.log2(self.u[COMPARISONS[comparison].name][0] / frequencies.of(value))
                if frequencies is not None and value
                else 0.0
            )
            cache[key] = found
        return found

    def level_weight(
        self, comparison: int, level: int, a: Record, b: Record, levels: tuple[int, ...]
    ) -> float:
        """The weight of one comparison's level for this pair (term frequencies applied)."""
        w = self.weights[comparison][level]
        if level == 0 and self.tf and comparison in _tf_applies(levels):
            w += self.tf_adjustment(comparison, shared_value(a, b, comparison))
        return w

    def weight(
        self, levels: tuple[int, ...], a: Record | None = None, b: Record | None = None
    ) -> float:
        """The pair's match weight; with the two records, exact names weighed by frequency."""
        w = self.prior_weight
        for table, level in zip(self.weights, levels, strict=True):
            if level != NULL:
                w += table[level]
        if self.tf and a is not None and b is not None:
            for comparison in _tf_applies(levels):
                if levels[comparison] == 0:
                    w += self.tf_adjustment(comparison, shared_value(a, b, comparison))
        return w

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": self.version,
            "trained_at": self.trained_at,
            "data_fingerprint": self.data_fingerprint,
            "seed": self.seed,
            "prior": self.prior,
            "link_threshold": self.link_threshold,
            "review_threshold": self.review_threshold,
            "comparisons": {
                c.name: [
                    {"level": level, "m": m, "u": u}
                    for level, m, u in zip(c.levels, self.m[c.name], self.u[c.name], strict=True)
                ]
                for c in COMPARISONS
            },
            "training": self.training,
            "term_frequencies": {
                name: {"values": tf.values, "other": tf.other} for name, tf in self.tf.items()
            },
            "relatives": self.relatives,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelParameters:
        if data.get("format") not in FORMATS:
            raise ValueError(f"unknown parameters format {data.get('format')!r}")
        m: dict[str, tuple[float, ...]] = {}
        u: dict[str, tuple[float, ...]] = {}
        for c in COMPARISONS:
            rows = data["comparisons"].get(c.name, [])
            if [r["level"] for r in rows] != list(c.levels):
                raise ValueError(f"levels for {c.name!r} do not match this code's comparisons")
            m[c.name] = tuple(float(r["m"]) for r in rows)
            u[c.name] = tuple(float(r["u"]) for r in rows)
        return cls(
            version=int(data["version"]),
            trained_at=str(data["trained_at"]),
            data_fingerprint=str(data["data_fingerprint"]),
            seed=int(data.get("seed", 0)),
            prior=float(data["prior"]),
            m=m,
            u=u,
            link_threshold=float(data["link_threshold"]),
            review_threshold=float(data["review_threshold"]),
            training=dict(data.get("training", {})),
            tf={
                name: TermFrequencies(
                    values={str(v): float(f) for v, f in tf["values"].items()},
                    other=float(tf["other"]),
                )
                for name, tf in data.get("term_frequencies", {}).items()
            },
            relatives={str(k): float(v) for k, v in data.get("relatives", {}).items()},
        )

    @classmethod
    def from_json(cls, text: str) -> ModelParameters:
        return cls.from_dict(json.loads(text))

    def with_version(self, version: int) -> ModelParameters:
        return replace(self, version=version)


def _tf_applies(levels: tuple[int, ...]) -> tuple[int, ...]:
    """The comparisons weighed by term frequency for this pair: none within one home.

    How common a name is tells how often strangers share it by chance. A household shares its
    surname however rare, and a parent may give a child their own given name, so within one
    home a rare name is no sign of one person (a mother and daughter of one name, one record
    without a date of birth, would otherwise link).
    """
    return () if levels[HOUSEHOLD] in _HOME else (GIVEN, FAMILY)


def default_parameters() -> ModelParameters:
    """The parameters shipped with the code (trained on synthetic people), until one is trained."""
    from joinedup.people.matching.default_parameters import PARAMETERS

    return ModelParameters.from_dict(PARAMETERS)


def _logit2(p: float) -> float:
    return math.log2(p / (1 - p))


def probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    return 1 / (1 + 2**-weight)


def _born_together(levels: tuple[int, ...]) -> bool:
    """Born the same day (or a slip of it), of one family or at one home: as twins are."""
    return levels[DOB] in _DOB_SAME and (
        levels[FAMILY] in _FAMILY_SAME or levels[HOUSEHOLD] in _SAME_HOME
    )


def relatives_guard(levels: tuple[int, ...], twin_names: bool | None = None) -> str | None:  # noqa: C901  (one reason per guard, in order of precedence)
    """Why this pair may be twins or siblings rather than one person; None when it may not.

    Never where a strong identifier agrees: twins do not share an NHS number. Always where one
    conflicts: two valid numbers are strong evidence of two people, which a person must weigh.
    `twin_names` (from `may_be_two_names`) says whether the two given names could be two
    children's; without it, names that at best sound alike could be.
    """
    if levels[IDENTIFIER] == 0:
        return None
    if levels[IDENTIFIER] == 1:
        return "strong identifier conflicts"
    given = levels[GIVEN]
    twins = given in _GIVEN_SIMILAR_AT_BEST if twin_names is None else twin_names
    given_different = given in _GIVEN_DIFFERENT and twin_names is not False
    family_same = levels[FAMILY] in _FAMILY_SAME
    if given == NULL and _born_together(levels):
        if levels[SEX] == 1:  # never settled by what is in view
            return "same date of birth and household, no given name, sex differs: possibly twins"
        return UNNAMED
    if twins and _born_together(levels):
        return TWINS
    if levels[HOUSEHOLD] in _HOME and family_same:
        if given_different:
            return "same household and surname, different given name: possibly siblings"
        if levels[DOB] in _DOB_DIFFERENT:
            return "same household and surname, different date of birth: possibly relatives"
        if levels[DOB] == NULL and given in _GIVEN_SAME:
            return NAMESAKE
        if levels[DOB] == NULL and twins:
            return "same household and surname, given names only alike: possibly siblings"
    return None


# A one-letter variant of a name, where the variant is rare and far rarer than the name, is a
# slip of the pen ("Maosie" for "Maisie", "Thoms" for "Thomas"), not a twin's name: twins' names
# that look alike are names people choose, of like commonness ("Jack"/"Jake", "Ella"/"Ellie").
RARE_NAME = 1e-3  # carried by fewer than one record in 1,000
RARER = 10  # ... and at most a tenth as common as the other spelling


def may_be_two_names(a: Record, b: Record, level: int, params: ModelParameters) -> bool | None:
    """Whether the two given names could belong to two people (twins), by how common they are.

    None without given-name frequencies (the guard then judges by the level alone). Not the same
    name (exact, a short form of the other, or similar); possibly, where either is missing or
    only an initial; otherwise not only where one spelling is rare and far rarer than the other
    and the two are a slip apart (sound alike, or one letter added, dropped, changed or two
    swapped).
    """
    frequencies = params.tf.get("given")
    if frequencies is None or not a.names or not b.names:
        return None
    if level in (0, 1):
        return False
    if level in (NULL, 4):
        return True
    if level == 2:  # similar: never taken for twins' names (ADR 0007)
        return False
    x, y = a.names[0].given_norm, b.names[0].given_norm
    slip = level == 3 or _damerau(x, y) <= 1
    rarer, commoner = sorted((frequencies.of(x), frequencies.of(y)))
    return not (slip and rarer < RARE_NAME and rarer * RARER <= commoner)


def one_keystroke(a: Record, b: Record, levels: tuple[int, ...]) -> bool:
    """Whether the pair differs only by one keystroke in the given name: one letter added,
    dropped, changed or two swapped, with the surname, the date of birth and the address
    (line and postcode) exactly the same and the sexes not differing."""
    if (levels[FAMILY], levels[DOB], levels[HOUSEHOLD]) != (0, 0, 0) or levels[SEX] == 1:
        return False
    if levels[IDENTIFIER] == 1 or not a.names or not b.names:
        return False
    x, y = a.names[0].given_norm, b.names[0].given_norm
    return bool(x and y) and _damerau(x, y) == 1


def pair_guard(
    a: Record, b: Record, levels: tuple[int, ...], params: ModelParameters
) -> str | None:
    """The relatives guard for a pair, judging the given names by how common they are; twins
    whose names are one keystroke apart, all else the same, are `KEYSTROKE`, which what is in
    view may settle (`settle_guards`)."""
    guard = relatives_guard(levels)
    if guard is not None and levels[GIVEN] in (3, 5) and levels[IDENTIFIER] != 1:
        # Judged by commonness the names can only look less like twins' (or siblings').
        guard = relatives_guard(levels, may_be_two_names(a, b, levels[GIVEN], params))
    if guard == TWINS and one_keystroke(a, b, levels) and not both_common(a, b, params):
        return KEYSTROKE
    return guard


def both_common(a: Record, b: Record, params: ModelParameters) -> bool:
    """Whether both given names are common (each carried by at least one record in 1,000,
    `RARE_NAME`): "Ava"/"Eva", "Mia"/"Tia" are names twins are given, and on one record each
    nothing held tells them from a slip, so the twins guard stands. False without given-name
    frequencies (the shipped defaults): then what is in view alone decides."""
    frequencies = params.tf.get("given")
    if frequencies is None:
        return False
    x, y = a.names[0].given_norm, b.names[0].given_norm
    return min(frequencies.of(x), frequencies.of(y)) >= RARE_NAME


def born_there(levels: tuple[int, ...]) -> bool:
    """Whether the second record is of one born the same day (or a slip of it) at the first's
    home (address or postcode): where a second child born that day would be."""
    return levels[DOB] in _DOB_SAME and levels[HOUSEHOLD] in _SAME_HOME


def second_child(name: Record, others: Sequence[Record]) -> bool:
    """Whether, beside a pair whose given names are one keystroke apart (`KEYSTROKE`), the
    other records born that day at that home (`born_there`) show a second child, the pair's
    other spelling being read as a slip for `name`'s given name: one of them carries a given
    name that is not `name`'s (a third child's, or the other spelling again, which a slip
    seldom is)."""
    for other in others:
        given = compare(name, other)[GIVEN]
        if given != NULL and given not in _GIVEN_SAME:
            return True
    return False


MIN_SHARE_PAIRS = 100  # fewer pairs like a guard's than this: no share, the guard stands


def relatives_shares(
    same_day: dict[tuple[int, ...], int], same_name: dict[tuple[int, ...], int]
) -> dict[str, int | float]:
    """How often pairs like `SETTLED_BY_OTHERS`' pairs, but with the missing value on both
    sides, are two people, from training's blocked pairs (comparison levels -> count):
    - "namesakes": of the pairs of one name (`same_name`) at one home with both dates of
      birth, the share whose dates differ by more than a slip;
    - "unnamed": of the pairs born one day (`same_day`) of one family and home, sexes not
      differing, with both given names, the share whose names are not the same name.
    A name or date miskeyed in one person's records counts as two people, so the shares err
    high. (k + 1) / (n + 1): no share from fewer than `MIN_SHARE_PAIRS` pairs. Also the counts
    ("namesakes_pairs", ...), for people reading the parameters."""
    counts = {"namesakes": [0, 0], "unnamed": [0, 0]}  # [pairs, two people]
    for levels, k in same_name.items():
        if levels[HOUSEHOLD] in _HOME and levels[DOB] != NULL and levels[FAMILY] in _FAMILY_SAME:
            counts["namesakes"][0] += k
            counts["namesakes"][1] += k * (levels[DOB] in _DOB_DIFFERENT)
    for levels, k in same_day.items():
        if (
            levels[GIVEN] != NULL
            and levels[SEX] != 1
            and levels[DOB] in _DOB_SAME
            and levels[FAMILY] in _FAMILY_SAME
            and levels[HOUSEHOLD] in _SAME_HOME  # strangers born one day are u's to weigh
        ):
            counts["unnamed"][0] += k
            counts["unnamed"][1] += k * (levels[GIVEN] not in _GIVEN_SAME)
    out: dict[str, int | float] = {}
    for name, (pairs, two) in counts.items():
        out[f"{name}_pairs"] = pairs
        if pairs >= MIN_SHARE_PAIRS:
            out[name] = (two + 1) / (pairs + 1)
    return out


def relatives_in_words(params: ModelParameters) -> list[str]:
    """What the learnt shares make of the two guards `settle_guards` may lift, for the
    operator training a model."""
    out = []
    for guard, pairs_like in (
        (NAMESAKE, "of one name at one home, both with a date of birth"),
        (UNNAMED, "born one day at one home, both with a given name"),
    ):
        name = _SHARE_NAMES[guard]
        share = params.relatives.get(name)
        pairs = params.training.get(f"{name}_pairs", 0)
        missing = "date of birth" if guard == NAMESAKE else "given name"
        if share is None:
            out.append(
                f"Pairs {pairs_like}: {pairs}, too few to learn how often they are two "
                f"people; a record without a {missing} goes to review at most."
            )
            continue
        then = (
            "links where nothing else in view carries another"
            if params.may_settle(guard)
            else "goes to review at most"
        )
        out.append(
            f"Pairs {pairs_like}: {share:.1%} of {pairs} are two people; a record without a "
            f"{missing} {then}."
        )
    return out


def lacks(record: Record, guard: str) -> bool:
    """Whether the record lacks the value `guard` (one of `SETTLED_BY_OTHERS`) says is missing."""
    if guard == NAMESAKE:
        return not record.dob_digits
    return not any(n.given_norm for n in record.names)


def is_mate(levels: tuple[int, ...], guard: str) -> bool:
    """Whether the second record is one the first's missing value could be settled by: its
    namesake at its home, or one born the same day of its family or home."""
    if guard == NAMESAKE:
        return (
            levels[GIVEN] in _GIVEN_SAME
            and levels[FAMILY] in _FAMILY_SAME
            and levels[HOUSEHOLD] in _HOME
        )
    return _born_together(levels)


def same_value(guard: str, a: Record, b: Record) -> bool:
    """Whether two records carrying the value `guard` says is missing carry one person's: the
    same date of birth or a slip of it (`NAMESAKE`), the same given name (`UNNAMED`)."""
    levels = compare(a, b)
    if guard == NAMESAKE:
        return levels[DOB] in _DOB_SAME
    return levels[GIVEN] in _GIVEN_SAME


def two_people(guard: str, mates: Sequence[Record], params: ModelParameters) -> bool:
    """Whether the records carrying the value another record lacks carry two people's: two dates
    of birth that differ (`NAMESAKE`), or two given names that could be twins' (`UNNAMED`)."""
    for k, p in enumerate(mates):
        for q in mates[k + 1 :]:
            levels = compare(p, q)
            if guard == NAMESAKE:
                if levels[DOB] in _DOB_DIFFERENT:
                    return True
            elif levels[GIVEN] not in _GIVEN_SAME and (
                may_be_two_names(p, q, levels[GIVEN], params) is not False
            ):
                return True
    return False


def outcome_for(weight: float, guard: str | None, params: ModelParameters) -> str:
    if weight >= params.link_weight and guard is None:
        return LINKED
    if weight >= params.review_weight or (guard is not None and weight >= params.link_weight):
        return REVIEW
    return NEW


def explain(a: Record, b: Record, levels: tuple[int, ...], params: ModelParameters) -> list[str]:
    """Each comparison in words with its weight: "surname similar: Lawson/Lauson (+4.1)"."""
    reasons = []
    for index, (comparison, level) in enumerate(zip(COMPARISONS, levels, strict=True)):
        if level == NULL:
            continue
        values = shown_values(a, b, index)
        words = f"{comparison.label} {comparison.words[level]}"
        weight = params.level_weight(index, level, a, b, levels)
        reasons.append(
            f"{words}: {values} ({weight:+.1f})" if values else f"{words} ({weight:+.1f})"
        )
    return reasons


@dataclass(frozen=True)
class ScoredCandidate:
    candidate: Record
    levels: tuple[int, ...]
    weight: float
    probability: float
    outcome: str  # linked / review / new
    reasons: tuple[str, ...]  # the evidence in words, then the guard's reason if it applied
    guard: str | None = None  # the relatives guard's reason, if it stands


def score_pair(a: Record, b: Record, params: ModelParameters) -> ScoredCandidate:
    levels = compare(a, b)
    weight = params.weight(levels, a, b)
    guard = pair_guard(a, b, levels, params)
    reasons = explain(a, b, levels, params)
    if guard:
        reasons.append(f"{guard}: review at most")
    return ScoredCandidate(
        candidate=b,
        levels=levels,
        weight=weight,
        probability=probability(weight),
        outcome=outcome_for(weight, guard, params),
        reasons=tuple(reasons),
        guard=guard,
    )


@dataclass(frozen=True)
class EventSays:
    """What the event itself says of who is a child, for the guard: real time only, since a
    bulk file names no roles. `subject_child`: the event names the subject as a child (and
    its date of birth, if any, agrees); `subject_parent`: as a parent or carer; `children`:
    the refs of the candidates who were children on the event's date (by date of birth, or
    without one, seen as a child)."""

    subject_child: bool = False
    subject_parent: bool = False
    children: frozenset[str] = frozenset()


def score_candidates(
    subject: Record,
    candidates: list[Record],
    params: ModelParameters,
    *,
    says: EventSays | None = None,
) -> list[ScoredCandidate]:
    """Every candidate scored against the subject, the strongest first; with `says`, the
    guard reads what the event says of who is a child (`read_roles`)."""
    scored = [score_pair(subject, c, params) for c in candidates]
    if says is not None:
        scored = read_roles(subject, scored, says, params)
    scored = settle_guards(subject, scored, params)
    scored.sort(key=lambda s: (-s.weight, s.candidate.ref))
    return scored


def _regard(
    s: ScoredCandidate, guard: str | None, reason: str, params: ModelParameters
) -> ScoredCandidate:
    """`s` with its guard now `guard` (None: lifted) and the guard's reason now `reason`."""
    reasons = s.reasons[:-1] if s.guard is not None else s.reasons
    return replace(
        s,
        outcome=outcome_for(s.weight, guard, params),
        reasons=(*reasons, f"{reason}: review at most" if guard else reason),
        guard=guard,
    )


def read_roles(
    subject: Record, scored: list[ScoredCandidate], says: EventSays, params: ModelParameters
) -> list[ScoredCandidate]:
    """The scored candidates with the guard reading what the event says of who is a child:
    - a subject it names as a child is not the parent of a child of one name at one home:
      `NAMESAKE` gives way, unless another child of that name held at the home has another
      date of birth (either could be meant);
    - a subject it names as a parent or carer is not a child held: at most review, where no
      strong identifier agrees and no date of birth on the subject says it is that child (a
      parent may be a child too: a person decides).
    Where the event says neither, nothing changes."""
    out = list(scored)
    for k, s in enumerate(out):
        child = s.candidate.ref in says.children
        if says.subject_parent and child:
            if s.levels[IDENTIFIER] != 0 and s.levels[DOB] not in _DOB_SAME:
                out[k] = _regard(s, PARENT_NOT_CHILD, PARENT_NOT_CHILD, params)
        elif says.subject_child and child and s.guard == NAMESAKE:
            mates = [
                t.candidate
                for t in out
                if t is not s and t.candidate.ref in says.children and is_mate(t.levels, NAMESAKE)
            ]
            carrying = [r for r in (subject, s.candidate, *mates) if not lacks(r, NAMESAKE)]
            if not two_people(NAMESAKE, carrying, params):
                out[k] = _regard(s, None, CHILD_NOT_PARENT, params)
    return out


def settle_guards(
    subject: Record, scored: list[ScoredCandidate], params: ModelParameters
) -> list[ScoredCandidate]:
    """The scored candidates with each guard of `SETTLED_BY_OTHERS` lifted where the subject
    and the candidates that are its mates carry one person's value only (as batch linkage
    settles them from the file, `batch.settle_guards`), and `KEYSTROKE` where no other
    candidate born that day at that home is a second child (`second_child`): a candidate is
    a person held, so one carrying the subject's spelling is a second child too."""
    out = list(scored)
    for k, s in enumerate(out):
        if s.guard == KEYSTROKE:
            others = [t.candidate for t in out if t is not s and born_there(t.levels)]
            if not second_child(s.candidate, others):
                out[k] = _regard(s, None, KEYSTROKE_LIFTED, params)
    for guard in SETTLED_BY_OTHERS:
        if not params.may_settle(guard) or not any(s.guard == guard for s in out):
            continue
        mates = [s.candidate for s in out if is_mate(s.levels, guard)]
        carrying = [r for r in (subject, *mates) if not lacks(r, guard)]
        if two_people(guard, carrying, params):
            continue
        for k, s in enumerate(out):
            if s.guard == guard:
                out[k] = _regard(s, None, _LIFTED[guard], params)
    return out


def decide(scored: list[ScoredCandidate]) -> tuple[ScoredCandidate | None, str, tuple[str, ...]]:
    """One outcome for a subject from its scored candidates: link, review or new, with reasons.

    Links only when exactly one candidate is above the link threshold, or the best is linked
    by a strong identifier; two people at link level go to review (the index may hold a
    duplicate, which a person must merge).
    """
    linked = [s for s in scored if s.outcome == LINKED]
    if len(linked) == 1 or (linked and linked[0].levels[IDENTIFIER] == 0):
        best = linked[0]
        return best, LINKED, (f"match probability {best.probability:.4f}", *best.reasons)
    if linked:
        best = linked[0]
        why = f"{len(linked)} people match above the link threshold"
        return best, REVIEW, (why, *best.reasons)
    review = [s for s in scored if s.outcome == REVIEW]
    if review:
        best = review[0]
        return best, REVIEW, (f"match probability {best.probability:.4f}", *best.reasons)
    if scored:
        best = scored[0]
        return None, NEW, (f"best candidate's match probability {best.probability:.4f}",)
    return None, NEW, ("no candidate shares a blocking key",)
