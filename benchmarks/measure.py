"""Timing, percentiles, profiles and the figure each benchmark reports."""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    name: str
    measured: str = ""
    target: str = ""
    baseline: str = ""
    ratio: float | None = None  # the app's cost as a multiple of the baseline's
    passed: bool | None = None
    notes: list[str] = field(default_factory=list)
    error: str = ""
    raw: dict[str, Any] = field(default_factory=dict)  # for results/latest.json

    @property
    def result(self) -> str:
        if self.error:
            return "NOT RUN"
        return "PASS" if self.passed else "FAIL"


@dataclass
class Row:
    """One page (or save) as one role: its figures beside the floor's, and its SQL."""

    page: str
    role: str
    method: str
    path: str
    target: float
    app: dict[str, float] = field(default_factory=dict)
    base: dict[str, float] = field(default_factory=dict)
    ratio: float | None = None
    passed: bool | None = None
    statements: int = 0
    sql_seconds: float = 0.0
    slowest: list[str] = field(default_factory=list)
    status: int = 0
    error: str = ""

    @property
    def result(self) -> str:
        if self.error:
            return "ERROR"
        return "PASS" if self.passed else "FAIL"


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile, linear between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "mean": statistics.fmean(values),
        "max": max(values),
        "n": len(values),
    }


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def queries_of(call: Callable[[], Any], slowest: int = 3) -> tuple[int, float, list[str]]:
    """How many SQL statements one call runs, their total time, and the slowest few."""
    with CaptureQueriesContext(connection) as captured:
        call()
    rows = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    top = [f"{float(q['time']) * 1000:,.0f} ms: {q['sql'][:160]}" for q in rows[:slowest]]
    return len(rows), sum(float(q["time"]) for q in rows), top


def profile(name: str, call: Callable[[], Any], repeat: int = 1) -> Path:
    """Run `call` under cProfile; write the stats and the top functions to results/."""
    RESULTS.mkdir(exist_ok=True)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        call()
    profiler.disable()
    target = RESULTS / f"profile-{name}.prof"
    profiler.dump_stats(target)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
    stats.print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    (RESULTS / f"profile-{name}.txt").write_text(text.getvalue())
    return target


def cpu_seconds() -> dict[str, float | None]:
    """CPU seconds used so far (user + system): this process (every thread), its children
    that have been waited for (the signal evaluation's process, once joined), and the local
    PostgreSQL server's processes together (None when it is not on this machine, or /proc is
    not there). Differences over a run say where the machine's cores went, which is steadier
    from run to run than the wall time when the machine's speed wanders."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    postgres: float | None = None
    proc = Path("/proc")
    if proc.is_dir():
        ticks = 0
        found = False
        for stat in proc.glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:  # gone since listed
                continue
            name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
            if name == "postgres" or name.startswith("postgres:"):
                fields = rest.split()
                # utime and stime, and cutime and cstime: the server's own process counts
                # there the backends that have exited (a closed connection's)
                ticks += sum(int(f) for f in fields[11:15])
                found = True
        postgres = ticks / os.sysconf("SC_CLK_TCK") if found else None
    return {
        "self": me.ru_utime + me.ru_stime,
        "children": children.ru_utime + children.ru_stime,
        "postgres": postgres,
    }
