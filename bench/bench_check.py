"""Benchmark `sop check` on synthetic corpora of 10, 100 and 1,000 SOPs.

Prints a Markdown table of medians (several runs each) with the cost per SOP,
and a baseline measured in the same run: parsing the same files with libyaml
alone (`yaml.load(..., CSafeLoader)`), the floor any YAML-based checker pays.
The machine is shared and noisy: compare rows of one run, not runs.

    .venv/bin/python bench/bench_check.py [--runs 5]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_corpus
from generator.check import run_checks
from generator.loader import load_repository


def median_seconds(action, runs: int) -> float:
    """The median wall time of `runs` calls of `action`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sop = Path(sys.executable).parent / "sop"
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, runs: {args.runs} (median)\n"
    )
    print(
        "| SOPs | YAML parse only (baseline) | load | check rules | load + check | "
        "`sop check` CLI, cold | CLI per SOP | CLI, unchanged rerun (cache) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    per_sop: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in (10, 100, 1000):
            folder = write_corpus(Path(tmp) / f"corpus{count}", count)
            files = sorted(folder.rglob("sop-*.yaml"))

            def parse_only(files=files) -> None:
                for path in files:
                    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

            def load(folder=folder):
                return load_repository(folder)

            repository = load().repository
            baseline = median_seconds(parse_only, args.runs)
            load_time = median_seconds(load, args.runs)
            check_time = median_seconds(lambda r=repository: run_checks(r), args.runs)
            both = median_seconds(
                lambda f=folder: run_checks(load_repository(f).repository), args.runs
            )
            per_sop[count] = both / count
            cli = median_seconds(
                lambda f=folder: subprocess.run(
                    [str(sop), "check", "--no-cache", "--format", "json", str(f)],
                    capture_output=True,
                    check=False,
                ),
                max(3, args.runs // 2),
            )
            command = [str(sop), "check", "--format", "json", str(folder)]
            subprocess.run(command, capture_output=True, check=False)  # fill the cache
            warm = median_seconds(
                lambda c=command: subprocess.run(c, capture_output=True, check=False),
                max(3, args.runs // 2),
            )
            print(
                f"| {count} | {baseline:.3f} s | {load_time:.3f} s | {check_time:.3f} s | "
                f"{both:.3f} s | {cli:.3f} s | {1000 * cli / count:.2f} ms | {warm:.3f} s |"
            )
    # Linear growth: the cost of one SOP (load + check) is about the same at any size.
    growth = per_sop[1000] / per_sop[100]
    verdict = "linear" if growth <= 1.5 else "NOT linear"
    print(
        f"\nload + check per SOP: {1000 * per_sop[100]:.2f} ms at 100, "
        f"{1000 * per_sop[1000]:.2f} ms at 1,000 (x{growth:.2f}: {verdict})"
    )


if __name__ == "__main__":
    main()
