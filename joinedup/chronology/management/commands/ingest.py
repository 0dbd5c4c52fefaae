"""`joinedup ingest FILE.jsonl`: record a JSON-lines file of events, streaming, any size.

Each refused line is reported on standard error with its line number and reason, and each
value kept that the contract does not know as a warning; good lines are kept; the exit status
is 1 when any line was refused, 0 otherwise.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.audit.services import Actor
from joinedup.chronology.contract import event_decode
from joinedup.chronology.hooks import listeners_alongside
from joinedup.chronology.models import EventVersion
from joinedup.chronology.services import REFUSED, ItemResult, Sender, events_record
from joinedup.core.collector import CollectEvery, collector_paused
from joinedup.core.errors import ApplicationError, FieldError
from joinedup.core.statistics import rows_estimate, statistics_refresh_after

MAX_LINE_BYTES = 256 * 1024
# A full collection every so many lines, instead of the collector's own (ADR 0014).
COLLECT_EVERY = 50_000


def read_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, decoded JSON or the ApplicationError saying why it could not be read)."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            if len(line) > MAX_LINE_BYTES:
                yield (
                    number,
                    ApplicationError(
                        "Line too long.",
                        errors=[FieldError("$", f"the line is longer than {MAX_LINE_BYTES} bytes")],
                    ),
                )
                continue
            try:
                yield number, event_decode(line)
            except ApplicationError as error:
                yield number, error


def file_record(path: Path, *, sender: Sender) -> Iterator[ItemResult]:
    """Record a JSON-lines file: one result per line, in order. The after-commit listeners
    (signal evaluation) run alongside in a second process on PostgreSQL, and the iteration
    ends only once they have finished (ADR 0010). The cycle collector is paused, and run
    every `COLLECT_EVERY` lines instead (`core.collector`, ADR 0014)."""
    collect = CollectEvery(COLLECT_EVERY)
    with listeners_alongside(), collector_paused():
        for result in events_record(
            items=read_lines(path),
            sender=sender,
            received_via=f"ingest {path.name}",
            overlap=True,
        ):
            yield result
            collect.tick()


class Command(BaseCommand):
    help = "Record a JSON-lines file of events (events v1). Exits 1 if any line was refused."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="JSON lines, one event per line ('-' = stdin)")
        parser.add_argument("--quiet", action="store_true", help="print only refused lines")

    def handle(self, *args: Any, file: Path, quiet: bool, **options: Any) -> None:
        if str(file) == "-":
            file = Path("/dev/stdin")
        elif not file.is_file():
            raise CommandError(f"{file}: no such file")
        sender = Sender(actor=Actor(label=f"command line: joinedup ingest {file.name}"))
        counts = {"created": 0, "corrected": 0, "unchanged": 0, "refused": 0}
        held_before = rows_estimate(EventVersion)
        started = time.monotonic()
        for result in file_record(file, sender=sender):
            counts[result.status] += 1
            if result.status == REFUSED:
                for error in result.errors or [FieldError("$", result.message)]:
                    sys.stderr.write(f"{file}:{result.position}: {error.field}: {error.reason}\n")
            for warning in result.warnings:  # kept; the sender should hear of it
                sys.stderr.write(
                    f"{file}:{result.position}: warning: {warning.field}: {warning.reason}\n"
                )
        statistics_refresh_after(  # a bulk load: plan the next query with what it holds now
            stored=counts["created"] + counts["corrected"], held_before=held_before
        )
        seconds = time.monotonic() - started
        total = sum(counts.values())
        if not quiet:
            self.stdout.write(
                f"{total} lines in {seconds:.1f}s: {counts['created']} created, "
                f"{counts['corrected']} corrected, {counts['unchanged']} unchanged, "
                f"{counts['refused']} refused"
            )
        if counts["refused"]:
            sys.exit(1)
