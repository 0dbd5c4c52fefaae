"""Search for the people a user may see.

Search only ever narrows `persons_visible(scope)`, and checks the scope on each match with one
index probe (`person_visible`). Partner agencies search what their own organisation said, and
see each person as their organisation described them (`as_told_to`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from joinedup.access.policy import (
    Scope,
    person_visible,
    persons_visible,
)
from joinedup.chronology.models import EventSubject
from joinedup.core.models import Organisation
from joinedup.core.paging import Page, page_of
from joinedup.core.vocabulary import SEXES
from joinedup.people.identifiers import (
    name_normalise,
    name_phonetic,
    nhs_number_normalise,
    postcode_normalise,
)
from joinedup.people.merges import (
    merge_groups,
)
from joinedup.people.models import (
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonName,
)

SEARCH_LIMIT = 50
# A name on its own: how many matching people to consider at most (see person_search).
NAME_CANDIDATES = 500


# --- search -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    person: Person
    postcode: str  # the current address's postcode, formatted, or ""
    matched_name: str  # the alias or former name that matched, when not the displayed name


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]  # this page's people
    page: Page[Person]
    capped: bool  # a name alone matched more than NAME_CANDIDATES people: only they are listed

    @property
    def candidates(self) -> int:
        return NAME_CANDIDATES


def _prefix(field_name: str, prefix: str) -> Q:
    """`field LIKE 'prefix%'` as a range, so any btree index serves it whatever the collation.

    The normalised name columns hold only the letters a-z, which sort alike in every collation.
    """
    stem = prefix.rstrip("z")  # "abz" is followed by "ac", not by "ab{" (collations differ)
    if not stem:
        return Q(**{f"{field_name}__gte": prefix})
    upper = stem[:-1] + chr(ord(stem[-1]) + 1)
    return Q(**{f"{field_name}__gte": prefix, f"{field_name}__lt": upper})


def _name_pair(given: str, family: str) -> Q:
    """A given and a family name, each matched by sound (NYSIIS) or by the start of its spelling.

    Written out as four alternatives so each is anchored on an index over the family name.
    """
    fp, gp = name_phonetic(family), name_phonetic(given)
    fn, gn = name_normalise(family), name_normalise(given)
    family_terms = [Q(family_phonetic=fp), _prefix("family_norm", fn)]
    given_terms = [Q(given_phonetic=gp), _prefix("given_norm", gn)]
    q = Q()
    for f in family_terms:
        for g in given_terms:
            q |= f & g
    return q


def name_query(name: str) -> Q | None:
    """PersonName rows that a typed name could mean; None when it has no letters.

    "Maya Brooks" and "Brooks, Maya" both work; middle names are ignored; one word is matched
    as a family name (by sound or start) or a given name (by sound).
    """
    if "," in name:
        family, _, given = name.partition(",")
        words = [w for w in (given.strip(), family.strip()) if name_normalise(w)]
        if len(words) == 2:
            return _name_pair(words[0], words[1])
    words = [w for w in name.split() if name_normalise(w)]
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        phonetic = name_phonetic(word)
        return (
            Q(family_phonetic=phonetic)
            | _prefix("family_norm", name_normalise(word))
            | Q(given_phonetic=phonetic)
        )
    given, family = words[0], words[-1]
    return _name_pair(given, family) | _name_pair(family, given)


def identifier_pairs(value: str) -> list[tuple[str, str]]:
    """The (scheme, stored value) pairs a typed identifier could be, as ingest stores them."""
    raw = value.strip()
    compact = nhs_number_normalise(raw)
    pairs: list[tuple[str, str]] = []
    if compact.isdigit() and len(compact) == 10:
        pairs.append(("nhs_number", compact))
    if len(compact) == 13:
        pairs.append(("upn", compact.upper()))
    for scheme in ("pnc_id", "la_child_id"):
        for candidate in (raw, raw.upper(), compact, compact.upper()):
            if candidate and (scheme, candidate) not in pairs:
                pairs.append((scheme, candidate))
    return pairs


def person_search(  # noqa: C901, PLR0912  (one narrowing per search criterion; the name's two paths share one query)
    *,
    scope: Scope | None,
    name: str = "",
    dob: date | None = None,
    identifier: str = "",
    postcode: str = "",
    page: int = 1,
    size: int = SEARCH_LIMIT,
) -> SearchResults:
    """People the scope may see who match every criterion given, a page at a time, by name.
    Each criterion uses an index, and the scope is checked on each match (`person_visible`).

    One word alone can match thousands (every Smith, by sound): then at most NAME_CANDIDATES
    visible people are considered, and the results say they are capped, so the page asks for a
    date of birth or postcode. With any other criterion the name narrows it exactly.

    A partner agency searches what its own organisation said (names, identifiers, postcodes,
    dates of birth) and sees each person as it said them (`as_told_to`): a search must not
    confirm what only another agency knows.
    """
    if scope is not None and scope.is_partner:
        return _partner_search(scope, name, dob, identifier, postcode, page, size)
    people = persons_visible(scope)
    names: QuerySet[PersonName] | None = None
    criteria = 0
    candidates_capped = False
    if name.strip():
        q = name_query(name)
        if q is None:
            return SearchResults([], page_of([], number=1, size=size), False)
        names = PersonName.objects.filter(q)
        only_a_word = len(name.replace(",", " ").split()) == 1
        if only_a_word and dob is None and not identifier.strip() and not postcode.strip():
            candidates = list(
                names.filter(person_visible(scope, "person_id"))
                .values_list("person_id", flat=True)
                .order_by()[:NAME_CANDIDATES]
            )
            candidates_capped = len(candidates) == NAME_CANDIDATES
            people = people.filter(pk__in=candidates)
        else:
            people = people.filter(pk__in=names.values("person_id"))
        criteria += 1
    if dob is not None:
        people = people.filter(dob=dob)
        criteria += 1
    if identifier.strip():
        pairs = identifier_pairs(identifier)
        q = Q()
        for scheme, value in pairs:
            q |= Q(scheme=scheme, value=value)
        people = people.filter(pk__in=PersonIdentifier.objects.filter(q).values("person_id"))
        criteria += 1
    if postcode.strip():
        norm = postcode_normalise(postcode)
        people = people.filter(
            pk__in=PersonAddress.objects.filter(postcode_norm=norm).values("person_id")
        )
        criteria += 1
    if not criteria:
        return SearchResults([], page_of([], number=1, size=size), False)

    found = page_of(
        people.order_by("family_name", "given_name", "dob", "pk"), number=page, size=size
    )
    ids = [p.pk for p in found.items]
    postcodes = _current_postcodes(ids)
    matched: dict[int, str] = {}
    if names is not None and ids:
        displayed = {p.pk: p.display_name.lower() for p in found.items}
        for person_id, given, family in names.filter(person_id__in=ids).values_list(
            "person_id", "given", "family"
        ):
            full = " ".join(p for p in (given, family) if p)
            if full.lower() != displayed[person_id]:
                matched.setdefault(person_id, full)
            else:
                matched[person_id] = ""
    hits = [SearchHit(p, postcodes.get(p.pk, ""), matched.get(p.pk, "")) for p in found.items]
    return SearchResults(hits, found, candidates_capped)


def _partner_search(
    scope: Scope,
    name: str,
    dob: date | None,
    identifier: str,
    postcode: str,
    page: int,
    size: int,
) -> SearchResults:
    """`person_search` for a partner agency: each criterion matched against what its own
    organisation asserted, at most NAME_CANDIDATES people, shown as it told them."""
    own = Q(source__organisation_id=scope.organisation.pk)
    people = persons_visible(scope)
    criteria = 0
    if name.strip():
        q = name_query(name)
        if q is None:
            return SearchResults([], page_of([], number=1, size=size), False)
        people = people.filter(pk__in=PersonName.objects.filter(q, own).values("person_id"))
        criteria += 1
    if identifier.strip():
        pairs = Q()
        for scheme, value in identifier_pairs(identifier):
            pairs |= Q(scheme=scheme, value=value)
        people = people.filter(
            pk__in=PersonIdentifier.objects.filter(pairs, own).values("person_id")
        )
        criteria += 1
    if postcode.strip():
        norm = postcode_normalise(postcode)
        people = people.filter(
            pk__in=PersonAddress.objects.filter(own, postcode_norm=norm).values("person_id")
        )
        criteria += 1
    if dob is not None:
        people = people.filter(dob=dob)  # narrowed here, confirmed below against what it said
        criteria += 1
    if not criteria:
        return SearchResults([], page_of([], number=1, size=size), False)
    ordered = people.order_by("family_name", "given_name", "dob", "pk")
    capped = False
    if dob is None:  # each criterion was matched against its own assertions: page in the database
        found = page_of(ordered, number=page, size=size)
        found = Page(as_told_to(scope, found.items), found.number, found.size, found.total)
    else:  # a date of birth is confirmed against what it said: at most NAME_CANDIDATES read
        candidates = list(ordered[: NAME_CANDIDATES + 1])
        capped = len(candidates) > NAME_CANDIDATES
        told = as_told_to(scope, candidates[:NAME_CANDIDATES])
        found = page_of(
            [p for p in told if p.dob == dob and p.dob_precision == "day"], number=page, size=size
        )
    postcodes = _current_postcodes([p.pk for p in found.items], organisation=scope.organisation)
    hits = [SearchHit(p, postcodes.get(p.pk, ""), "") for p in found.items]
    return SearchResults(hits, found, capped)


def postcode_display(norm: str) -> str:
    """ "RV24KS" -> "RV2 4KS": stored without the space, shown with it."""
    norm = norm.replace(" ", "").upper()
    return f"{norm[:-3]} {norm[-3:]}" if len(norm) > 4 else norm


def _current_postcodes(
    person_ids: list[int], *, organisation: Organisation | None = None
) -> dict[int, str]:
    """Each person's latest postcode: anyone's, or as `organisation` last gave it."""
    latest: dict[int, str] = {}
    addresses = PersonAddress.objects.filter(person=OuterRef("pk"))
    if organisation is not None:
        addresses = addresses.filter(source__organisation_id=organisation.pk)
    latest_postcode = addresses.order_by("-applies_from").values("postcode")[:1]
    rows = (
        Person.objects.filter(pk__in=person_ids)
        .annotate(postcode=Subquery(latest_postcode))
        .values_list("pk", "postcode")
    )
    for person_id, postcode in rows:
        latest[person_id] = postcode_display(postcode) if postcode else ""
    return latest


# --- a person as a partner agency knows them ----------------------------------------------


def as_told_to(scope: Scope, people: list[Person]) -> list[Person]:
    """The people as the scope may see them: unchanged for children's social care; for a
    partner agency, named, born and sexed as its own organisation last said (issue 22: a
    police force that sent an NHS number alone saw the name, birth date and sex the hospital
    had recorded). Each is an unsaved copy with the same key; "Name not known" where the
    partner gave none."""
    if not scope.is_partner or not people:
        return list(people)
    groups = merge_groups(p.pk for p in people)
    members = {p.pk: groups.get(p.pk, (p.pk,)) for p in people}
    said = _latest_said(scope.organisation.pk, [m for group in members.values() for m in group])
    told = []
    for person in people:
        subject = next((said[m] for m in members[person.pk] if m in said), {})
        raw_name = subject.get("name")
        name: dict[str, Any] = raw_name if isinstance(raw_name, dict) else {}
        sex = subject.get("sex")
        dob, precision = _day_said(subject.get("dob"))
        told.append(
            Person(
                pk=person.pk,
                key=person.key,
                given_name=str(name.get("given") or "").strip(),
                family_name=str(name.get("family") or "").strip(),
                dob=dob,
                dob_precision=precision,
                sex=sex if isinstance(sex, str) and sex in SEXES else "",
                seen_as_child=person.seen_as_child,
                created_at=person.created_at,
            )
        )
    return told


def _latest_said(organisation_id: int, person_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each person's subject, as the organisation's latest current event about them sent it:
    two queries (which entry, then its body), however many events each has."""
    latest = (
        EventSubject.objects.filter(
            person_id=OuterRef("pk"), is_current=True, version__organisation_id=organisation_id
        )
        .order_by("-version__reported_at", "-pk")
        .values("pk")[:1]
    )
    picked = [
        pk
        for pk in Person.objects.filter(pk__in=person_ids)
        .annotate(said=Subquery(latest))
        .values_list("said", flat=True)
        if pk is not None
    ]
    said: dict[int, dict[str, Any]] = {}
    for person_id, ref, stored in EventSubject.objects.filter(pk__in=picked).values_list(
        "person_id", "ref", "version__body"
    ):
        body = json.loads(stored) if isinstance(stored, str) else stored
        subjects = body.get("subjects") if isinstance(body, dict) else None
        for index, subject in enumerate(subjects if isinstance(subjects, list) else []):
            if isinstance(subject, dict) and (subject.get("ref") or f"#{index}") == ref:
                said[person_id] = subject
    return said


def _day_said(value: Any) -> tuple[date | None, str]:
    """A date of birth as the contract takes it: a day, a month or a year."""
    text = value.strip() if isinstance(value, str) else ""
    for pattern, suffix, precision in (
        (r"\d{4}-\d{2}-\d{2}", "", "day"),
        (r"\d{4}-\d{2}", "-01", "month"),
        (r"\d{4}", "-01-01", "year"),
    ):
        if re.fullmatch(pattern, text):
            try:
                return date.fromisoformat(text + suffix), precision
            except ValueError:
                return None, "day"
    return None, "day"
