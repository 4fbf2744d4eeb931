"""What each check rule costs over a synthetic corpus: where `sop check`'s rule time goes.

Loads the corpus once, then runs every rule on every SOP in the order a run
does (so the analysis several rules share, the flow and the timing, is timed
apart, once), with the garbage collector paused as in a run, and prints a
Markdown table of the CPU time of each rule (the median of several passes).
The machine is shared and noisy: compare rows of one run, not runs.

    .venv/bin/python bench/bench_rules.py [--count 1000] [--runs 3] [--top 15]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

# `bench` is the package at the top of the checkout (not bench/bench.py beside this
# file); `generator` comes from PYTHONPATH when given (an old tree, for A/B), else
# from the installed checkout.
sys.path.remove(str(Path(__file__).resolve().parent))
sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_corpus
from generator.check import ALL_RULES
from generator.check.base import RepositoryContext, SopContext
from generator.loader import load_repository

SHARED = "(shared: flow, paths and timing)"


def one_pass(repository, calendar) -> dict[str, float]:
    """CPU seconds of each rule (and of the shared analysis) over every SOP, once."""
    seconds = {SHARED: 0.0, **{rule.ID: 0.0 for rule in ALL_RULES}}
    for entry in repository.sops:
        context = SopContext(entry, repository, calendar)
        start = time.process_time()
        flow = context.flow
        _ = (context.timing, flow.reachable, flow.reaches_end, flow.main_path)
        seconds[SHARED] += time.process_time() - start
        for rule in ALL_RULES:
            if rule.SCOPE == "sop":
                start = time.process_time()
                list(rule.check(context))
                seconds[rule.ID] += time.process_time() - start
    whole = RepositoryContext(repository, calendar, dt.date(2026, 12, 1))
    for rule in ALL_RULES:
        if rule.SCOPE == "repository":
            start = time.process_time()
            list(rule.check(whole))
            seconds[rule.ID] += time.process_time() - start
    return seconds


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=15, help="rows shown (the rest summed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "sops", args.count)
        repository = load_repository(folder).repository
    assert repository is not None
    calendar = repository.pengaturan.kalender_kerja.calendar()
    gc.disable()  # as in a run (`gcpause`)
    passes = [one_pass(repository, calendar) for _ in range(args.runs)]
    median = {name: statistics.median(p[name] for p in passes) for name in passes[0]}
    ordered = sorted(median.items(), key=lambda item: -item[1])
    total = sum(median.values())
    print(
        f"{args.count} SOPs, CPU, median of {args.runs} passes; all rules and shared: "
        f"{total:.3f} s\n"
    )
    print("| rule | CPU | share |\n|---|---:|---:|")
    for name, value in ordered[: args.top]:
        print(f"| {name} | {value * 1000:.1f} ms | {value / total:.0%} |")
    rest = ordered[args.top :]
    if rest:
        value = sum(v for _, v in rest)
        print(f"| {len(rest)} other rules | {value * 1000:.1f} ms | {value / total:.0%} |")


if __name__ == "__main__":
    main()
