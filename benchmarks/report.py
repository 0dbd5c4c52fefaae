"""The results table: printed to stdout and written to benchmarks/results/latest.md (and .json)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django

from benchmarks.measure import RESULTS, Figure

REPO = Path(__file__).resolve().parent.parent


def machine(pg: dict[str, str]) -> dict[str, str]:
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
        "postgresql": pg["version"],
        "postgresql settings": ", ".join(f"{k}={v}" for k, v in pg.items() if k != "version"),
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


def render(
    *,
    figures: list[Figure],
    facts: dict[str, str],
    sizes: dict[str, Any],
    loading: list[str],
    quick: bool,
    started_at: datetime,
    seconds: float,
    phases: dict[str, float],
) -> str:
    lines = [
        f"# JoinedUp benchmarks, {started_at:%Y-%m-%d %H:%M:%S} UTC"
        + (" (--quick smoke run: sizes below the targets' conditions)" if quick else ""),
        "",
    ]
    rows = [["Figure", "Measured", "Target", "Baseline (same run)", "Ratio", "Result"]]
    for f in figures:
        ratio = f"{f.ratio:,.1f}x" if f.ratio is not None else "-"
        rows.append([f.name, f.measured or f.error, f.target, f.baseline or "-", ratio, f.result])
    lines += _table(rows)
    lines += [
        "",
        "Ratio: the app's cost as a multiple of the baseline's (p95 latency ÷ baseline p95; "
        "baseline events/s ÷ app events/s). Lower is better; 1.0x would be the bare baseline.",
        "",
        "## Details",
        "",
    ]
    for f in figures:
        lines.append(f"- {f.name}")
        lines += [f"  - {note}" for note in f.notes]
        if f.error:
            lines.append(f"  - not run: {f.error}")
    lines += ["", "## Data", ""]
    lines += [f"- {line}" for line in loading]
    lines += ["", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in facts.items() if v]
    lines += [
        "",
        "## Run",
        "",
        "- sizes: "
        + ", ".join(f"{k}={v:,}" if isinstance(v, int) else f"{k}={v}" for k, v in sizes.items()),
        "- phases: " + ", ".join(f"{k} {v:,.0f} s" for k, v in phases.items()),
        f"- the whole run took {seconds // 60:.0f} min {seconds % 60:.0f} s",
        "",
    ]
    return "\n".join(lines)


def write(text: str, payload: dict[str, Any], figures: list[Figure]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / "latest.md"
    target.write_text(text)
    payload = payload | {"figures": [asdict(f) | {"result": f.result} for f in figures]}
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2, default=str))
    return target


def now() -> datetime:
    return datetime.now(UTC)
