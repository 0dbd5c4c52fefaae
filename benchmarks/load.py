"""Concurrent users on the demo: gunicorn as `make demo` serves it, driven by locust.

The server is `deploy/gunicorn.conf.py`, the demo's and production's, on a fresh copy of the
demo database, with the benchmark's URLs (the floor page beside the app's). locust
(benchmarks/locustfile.py) runs `users` simulated practitioners for `seconds`, each sending
its next request as soon as one is answered: a harsher load than as many people clicking.
The figure is the app's pages' p95 and every error (any status of 400 or more, any failed
connection), beside the floor page's p95 under the same load; the target is no error at all.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

from benchmarks.measure import RESULTS, Figure, ms, summary

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(database: Path, port: int, errors: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "JOINEDUP_BIND": f"127.0.0.1:{port}",
    }
    env.pop("WEB_CONCURRENCY", None)  # the demo's default: two per core, plus one
    server = subprocess.Popen(  # noqa: S603 (the venv's gunicorn, the project's config)
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors.open("w"),
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=5):
                return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(
                    f"gunicorn did not start: {errors.read_text()[-2000:]}"
                ) from None
            time.sleep(0.3)


def run(*, database: Path, users: int, seconds: int, surnames: list[str]) -> Figure:
    figure = Figure(
        f"{users} concurrent users on the demo (gunicorn, SQLite)",
        target="no error; p95 reported",
    )
    locust = BIN / "locust"
    if not locust.exists():
        figure.error = "locust is not installed (scripts/bench installs requirements/load.txt)"
        return figure
    RESULTS.mkdir(exist_ok=True)
    log_path = RESULTS / "load-requests.jsonl"
    log_path.unlink(missing_ok=True)
    port = _free_port()
    server = _serve(database, port, RESULTS / "load-server.log")
    try:
        done = subprocess.run(  # noqa: S603 (the venv's locust, the project's locustfile)
            [
                str(locust),
                "-f",
                str(REPO / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "30",
                "--host",
                f"http://127.0.0.1:{port}",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=REPO,
            env={**os.environ, "LOAD_LOG": str(log_path), "LOAD_SURNAMES": ",".join(surnames)},
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    rows = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    if not rows:
        figure.error = f"locust sent nothing: {(done.stdout + done.stderr)[-1500:]}"
        return figure
    app = [r for r in rows if r[0] != "floor"]
    floor = [r for r in rows if r[0] == "floor"]
    errors = [r for r in rows if r[2] >= 400 or r[2] == 0 or r[3]]
    a = summary([r[1] / 1000 for r in app])
    b = summary([r[1] / 1000 for r in floor]) if floor else None
    figure.measured = (
        f"{len(errors)} errors in {len(rows):,} requests; pages p95 {ms(a['p95'])} "
        f"(p50 {ms(a['p50'])})"
    )
    if b:
        figure.baseline = f"p95 {ms(b['p95'])} (p50 {ms(b['p50'])}) floor page, same load"
        figure.ratio = a["p95"] / b["p95"]
    figure.passed = not errors
    by_name: dict[str, list[float]] = {}
    for name, millis, _, _ in app:
        by_name.setdefault(name, []).append(millis / 1000)
    figure.notes.append(
        f"{users} users, {seconds} s, no pause between requests; "
        f"{len(rows) / seconds:,.1f} requests a second in all ({len(app):,} pages and saves, "
        f"{len(floor):,} floor)"
    )
    for name, times in sorted(by_name.items()):
        s = summary(times)
        figure.notes.append(
            f"{name}: {len(times):,} requests, p50 {ms(s['p50'])}, p95 {ms(s['p95'])}, "
            f"max {ms(s['max'])}"
        )
    if errors:
        kinds = Counter(f"{r[0]}: {r[2]} {r[3][:120]}" for r in errors)
        figure.notes += [f"error x{n}: {kind}" for kind, n in kinds.most_common(8)]
        figure.notes.append("the server's log: benchmarks/results/load-server.log")
    figure.raw = {"app": a, "baseline": b, "errors": len(errors), "requests": len(rows)}
    return figure
