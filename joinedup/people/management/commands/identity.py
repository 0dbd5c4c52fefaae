"""`joinedup identity ...`: the identity model's bulk linkage, training and versions.

    joinedup identity link INPUT.csv OUTPUT.csv   dedupe a CSV of records among themselves
    joinedup identity train                       fit a new version on the people stored
    joinedup identity activate VERSION            make a stored version the live one
    joinedup identity versions                    list the stored versions
    joinedup identity backfill-keys               add the scorer's blocking keys to stored people

`link` reads the contract's columns (docs/identity-link.md) and people's numbers outside it
(soc_sec_id, ni_number, ... and --id-column), and writes record_id, person_key, outcome
(linked/review/new) and match_probability; records with the same person_key are one person.
By default it trains on the file itself when the file is large enough to learn from (2,000
records or more), and otherwise scores with the live model. A row with a problem (a date that
is no date, an unknown sex, an empty or repeated record_id) is refused, named by line and
column, and the others are linked; the exit status is then 1. A problem with the header
refuses the whole file, and nothing is written.

`train` never relinks anyone: it stores a proposed version and lists the stored people the new
version would merge, for a person to review; `activate` makes it live.
"""

from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from joinedup.people.matching.batch import Trainer, link_records
from joinedup.people.matching.linkfile import (
    IDENTIFIER_COLUMNS,
    InputError,
    read_records,
    write_links,
)
from joinedup.people.matching.model import (
    MatchOutcome,
    ModelParameters,
    default_parameters,
    relatives_in_words,
)
from joinedup.people.matching.records import Record
from joinedup.people.matching.store import (
    match_model_activate,
    match_model_active,
    match_model_store,
    people_records,
)
from joinedup.people.matching.training import train
from joinedup.people.models import MatchModel
from joinedup.people.services import match_keys_backfill

TRAIN_AT_LEAST = 2000
WINDOWS = "cp1252"  # a file that is not UTF-8 is read so: Excel's "CSV" on a UK machine
MAX_SHOWN = 20  # warnings and refused rows listed in full; the rest counted


class Command(BaseCommand):
    help = "Identity model: bulk linkage of a CSV, training, versions."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        link = sub.add_parser(
            "link",
            help="dedupe a CSV of records among themselves; exits 1 if any row was refused",
        )
        link.add_argument("input", type=Path)
        link.add_argument("output", type=Path)
        link.add_argument(
            "--model",
            choices=("auto", "train", "active"),
            default="auto",
            help="train on the file, use the live model, or train when the file has 2,000+ rows",
        )
        link.add_argument("--seed", type=int, default=0)
        link.add_argument(
            "--id-column",
            action="append",
            default=[],
            metavar="COLUMN",
            help="also read COLUMN as a person's identifier, compared exactly as written "
            "(agreement is evidence, a difference none); repeatable. Read so already: "
            + ", ".join(sorted(IDENTIFIER_COLUMNS)),
        )
        train_parser = sub.add_parser("train", help="fit a new version on the people stored")
        train_parser.add_argument("--seed", type=int, default=0)
        train_parser.add_argument("--note", default="")
        activate = sub.add_parser("activate", help="make a stored version the live one")
        activate.add_argument("version", type=int)
        activate.add_argument("--by", required=True, help="who decided (recorded)")
        activate.add_argument("--reason", default="")
        sub.add_parser("versions", help="list the stored versions")
        sub.add_parser(
            "backfill-keys", help="add the real-time scorer's blocking keys to stored people"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action.replace('-', '_')}")(**options)

    def _say(self, text: str) -> None:
        self.stderr.write(text)

    def _link(
        self, *, input: Path, output: Path, model: str, seed: int, id_column: list[str], **_: Any
    ) -> None:
        started = time.perf_counter()
        records, warnings, refused = self._read(input, id_column)
        self._tell(input, warnings, refused)
        read = time.perf_counter()
        params, source = _parameters(model, seed, len(records))
        try:
            links = link_records(records, params)
        except ValueError as exc:
            if isinstance(params, ModelParameters):
                raise  # not a training problem: a fault, shown whole
            raise CommandError(str(exc)) from None  # the file cannot train a model
        linked = time.perf_counter()
        with _create(output) as handle:
            write_links(handle, links)
        counts = {o: sum(1 for x in links if x.outcome == o) for o in map(str, MatchOutcome)}
        people = len({x.person_key for x in links})
        self._say(
            f"{len(records)} records, {people} people ({source}): {counts['linked']} linked, "
            f"{counts['review']} to review, {counts['new']} new; read {read - started:.1f} s, "
            f"link {linked - read:.1f} s"
        )
        if refused:
            rows = "1 row" if len(refused) == 1 else f"{len(refused)} rows"
            self._say(f"{input}: {rows} refused (above); the others were linked")
            sys.exit(1)

    def _read(self, input: Path, id_column: list[str]) -> tuple[list[Record], list[str], list[str]]:
        """The file's records, its warnings and its refused rows: as UTF-8, or failing that as
        Windows-1252 (what Excel saves as CSV), said so."""
        not_utf8 = ""  # where the file failed to read as UTF-8
        for encoding in ("utf-8-sig", WINDOWS):
            warnings: list[str] = []
            refused: list[str] = []
            try:
                with _open(input, encoding) as handle:
                    records = read_records(
                        handle, warnings=warnings, id_columns=id_column, refused=refused
                    )
                break
            except InputError as exc:
                raise CommandError(f"{input}:\n" + "\n".join(exc.errors)) from None
            except UnicodeDecodeError as exc:
                if str(input) == "-":
                    raise CommandError(f"{input}: {exc}") from None
                if encoding == WINDOWS:
                    raise CommandError(
                        f"{input}: neither UTF-8 ({not_utf8}) nor Windows-1252 ({_where(exc)})"
                    ) from None
                not_utf8 = _where(exc)
            except OSError as exc:
                raise CommandError(f"{input}: {exc}") from None
        if encoding == WINDOWS:
            self._say(
                f"{input}: not UTF-8 ({not_utf8}): read as Windows-1252, as Excel saves a CSV"
            )
        return records, warnings, refused

    def _tell(self, input: Path, warnings: list[str], refused: list[str]) -> None:
        """The first warnings and refused rows, and how many more."""
        # What concerns a whole column first: those are never left unsaid after the 20th.
        warnings.sort(key=lambda w: not w.startswith(("line 1,", "column ")))
        for warning in warnings[:MAX_SHOWN]:
            self._say(f"{input}: {warning}")
        if len(warnings) > MAX_SHOWN:
            self._say(f"{input}: ... and {len(warnings) - MAX_SHOWN} more warnings like these")
        for problem in refused[:MAX_SHOWN]:
            self._say(f"{input}: refused: {problem}")
        if len(refused) > MAX_SHOWN:
            self._say(f"{input}: ... and {len(refused) - MAX_SHOWN} more rows refused")

    def _train(self, *, seed: int, note: str, **_: Any) -> None:
        records = people_records()
        try:
            params = train(records, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        stored = match_model_store(params=params, note=note)
        proposals = [x for x in link_records(records, params) if x.outcome == MatchOutcome.LINKED]
        groups: dict[str, list[str]] = {}
        for x in proposals:
            groups.setdefault(x.person_key, []).append(x.record_id)
        self.stdout.write(
            f"Stored identity model v{stored.version} ({len(records)} people, "
            f"{params.data_fingerprint[:19]}): links at p >= {params.link_threshold}, "
            f"review at p >= {params.review_threshold}. Not live until `joinedup identity "
            f"activate {stored.version} --by NAME`."
        )
        for line in relatives_in_words(params):
            self.stdout.write(line)
        self.stdout.write(
            f"It would merge {len(groups)} groups of stored people; nothing has been changed:"
        )
        for members in list(groups.values())[:50]:
            self.stdout.write("  people " + ", ".join(members))

    def _backfill_keys(self, **_: Any) -> None:
        added = match_keys_backfill()
        self.stdout.write(f"Added {added} blocking keys.")

    def _activate(self, *, version: int, by: str, reason: str, **_: Any) -> None:
        try:
            match_model_activate(version=version, actor=by, reason=reason)
        except MatchModel.DoesNotExist:
            raise CommandError(f"no identity model version {version}") from None
        self.stdout.write(f"Identity model v{version} is live.")

    def _versions(self, **_: Any) -> None:
        live = match_model_active().version
        for row in MatchModel.objects.order_by("version"):
            mark = " (live)" if row.version == live else ""
            self.stdout.write(
                f"v{row.version}{mark}  trained {row.trained_at:%Y-%m-%d %H:%M}  "
                f"{row.data_fingerprint[:19]}  {row.note}"
            )


def _where(exc: UnicodeDecodeError) -> str:
    return f"{exc.reason} at byte {exc.start}"


def _open(path: Path, encoding: str = "utf-8-sig"):  # type: ignore[no-untyped-def]
    if str(path) == "-":
        return _Unclosed(sys.stdin)
    return path.open(newline="", encoding=encoding)


def _create(path: Path):  # type: ignore[no-untyped-def]
    if str(path) == "-":
        return _Unclosed(sys.stdout)
    return path.open("w", newline="", encoding="utf-8")


class _Unclosed:
    def __init__(self, stream: Any):
        self.stream = stream

    def __enter__(self) -> Any:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        return None


def _parameters(model: str, seed: int, records: int) -> tuple[ModelParameters | Trainer, str]:
    """The parameters to link with, and how to name them: trained on the file (while the
    candidate pairs are found), the live model, or the shipped parameters when there is no
    database to read it from."""
    if model == "train" or (model == "auto" and records >= TRAIN_AT_LEAST):
        return partial(train, seed=seed), f"trained on the file (seed {seed})"
    try:
        params = match_model_active()
        return params, f"model version {params.version}"
    except DatabaseError:  # a standalone run, before any database is set up
        shipped = "the shipped parameters: no database to read the live model from"
        return default_parameters(), shipped
