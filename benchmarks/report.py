"""The results table: printed to stdout and written to benchmarks/results/latest.md (and .json)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import django

from benchmarks.measure import RESULTS, Figure, Row, ms

if TYPE_CHECKING:
    from benchmarks.pages import Bench

REPO = Path(__file__).resolve().parent.parent


def machine() -> dict[str, str]:
    model, memory = "", ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "cpu": model,
        "memory": memory,
        "python": platform.python_version(),
        "django": django.get_version(),
        "commit": _git_commit(),
        "load average (1, 5, 15 min) at the end": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return lines


def leg_write(
    out: str | None,
    *,
    database: str,
    title: str,
    figures: list[Figure],
    pages: Bench | None,
    loading: list[str],
    facts: dict[str, str],
    sizes: dict[str, Any],
    phases: dict[str, float],
) -> None:
    """A leg's results, as JSON for the run to render (`out`), or to stdout."""
    if pages is not None:
        figures = [pages.figure(title), *figures]
    payload = {
        "database": database,
        "title": title,
        "figures": [asdict(f) for f in figures],
        "pages": [asdict(r) for r in pages.rows] if pages else [],
        "target": pages.target if pages else None,
        "save_target": pages.save_target if pages else None,
        "left_out": pages.left if pages else [],
        "loading": loading,
        "facts": facts,
        "sizes": sizes,
        "phases": phases,
    }
    text = json.dumps(payload, indent=2, default=str)
    if out:
        Path(out).write_text(text)
    else:
        print(text)


def _figure(data: dict[str, Any]) -> Figure:
    return Figure(**{k: v for k, v in data.items() if k in Figure.__dataclass_fields__})


def _pages_section(leg: dict[str, Any]) -> list[str]:
    rows = [Row(**r) for r in leg["pages"]]
    if not rows:
        return []
    lines = [
        f"## Every page and save, {leg['title']} (targets: pages p95 ≤ {ms(leg['target'])}, "
        f"saves ≤ {ms(leg['save_target'])})",
        "",
        "Floor: the same client, middleware and session, one indexed read, a small page, "
        "requested alternately with the page. SQL: the statements of one request and their time.",
        "",
    ]
    table = [["Page", "As", "p50", "p95", "Floor p95", "Ratio", "SQL", "Result"]]
    for r in rows:
        if r.error:
            table.append([r.page, r.role, "-", "-", "-", "-", "-", f"ERROR: {r.error[:80]}"])
            continue
        table.append(
            [
                r.page,
                r.role,
                ms(r.app["p50"]),
                ms(r.app["p95"]),
                ms(r.base["p95"]),
                f"{r.ratio:,.1f}x",
                f"{r.statements} in {ms(r.sql_seconds)}",
                r.result,
            ]
        )
    lines += _table(table)
    if leg["left_out"]:
        lines += ["", "Left out: " + "; ".join(leg["left_out"]) + "."]
    slowest = sorted(
        ((s, r) for r in rows for s in r.slowest),
        key=lambda pair: -float(pair[0].split(" ms:")[0].replace(",", "")),
    )[:10]
    if slowest:
        lines += ["", "The slowest statements of the run:", ""]
        lines += [f"- {s} — {r.page}, as {r.role}" for s, r in slowest]
    return [*lines, ""]


def render_all(
    legs: list[dict[str, Any]], *, quick: bool, started_at: datetime, seconds: float
) -> str:
    lines = [
        f"# JoinedUp benchmarks, {started_at:%Y-%m-%d %H:%M:%S} UTC"
        + (" (--quick smoke run: sizes below the targets' conditions)" if quick else ""),
        "",
    ]
    table = [["Database", "Figure", "Measured", "Target", "Baseline (same run)", "Ratio", "Result"]]
    figures = [(leg, _figure(f)) for leg in legs for f in leg.get("figures", [])]
    for leg, f in figures:
        ratio = f"{f.ratio:,.1f}x" if f.ratio is not None else "-"
        table.append(
            [
                leg["title"],
                f.name,
                f.measured or f.error,
                f.target,
                f.baseline or "-",
                ratio,
                f.result,
            ]
        )
    failed = [leg for leg in legs if leg.get("error")]
    for leg in failed:
        table.append([leg["title"], "(the leg)", leg["error"], "-", "-", "-", "NOT RUN"])
    lines += _table(table)
    lines += [
        "",
        "Ratio: the app's cost as a multiple of the baseline's (p95 latency ÷ baseline p95; "
        "baseline events/s ÷ app events/s). Lower is better; 1.0x would be the bare baseline.",
        "",
    ]
    for leg in legs:
        lines += _pages_section(leg)
    lines += ["## Details", ""]
    for leg, f in figures:
        lines.append(f"- {leg['title']}: {f.name}")
        lines += [f"  - {note}" for note in f.notes]
        if f.error:
            lines.append(f"  - not run: {f.error}")
    for leg in legs:
        lines += ["", f"## Data: {leg['title']}", ""]
        lines += [f"- {line}" for line in leg.get("loading", [])]
        lines += [f"- {k}: {v}" for k, v in leg.get("facts", {}).items() if v]
        sizes = leg.get("sizes", {})
        lines.append(
            "- sizes: "
            + ", ".join(
                f"{k}={v:,}" if isinstance(v, int) else f"{k}={v}" for k, v in sizes.items()
            )
        )
        lines.append(
            "- phases: " + ", ".join(f"{k} {v:,.0f} s" for k, v in leg.get("phases", {}).items())
        )
    lines += ["", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in machine().items() if v]
    lines += ["", f"The whole run took {seconds // 60:.0f} min {seconds % 60:.0f} s.", ""]
    return "\n".join(lines)


def passed(legs: list[dict[str, Any]]) -> bool:
    """Every leg ran, and every figure in it ran and met its target."""
    return all(not leg.get("error") for leg in legs) and all(
        _figure(f).passed and not _figure(f).error for leg in legs for f in leg.get("figures", [])
    )


def write(text: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / "latest.md"
    target.write_text(text)
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2, default=str))
    return target


def now() -> datetime:
    return datetime.now(UTC)
