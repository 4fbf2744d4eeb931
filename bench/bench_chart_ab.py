"""One chart's time, old code against new, interleaved in the same minutes.

Each run is a fresh process per version that draws every SOP of the corpus
once (after one warm-up chart for the engine), timing each chart with
`time.process_time` (CPU) and `time.perf_counter` (wall): the per-chart median
of the run. Runs alternate floor, old, new; the table gives the median of the
runs' medians, every run's CPU median, and the libyaml floor of the same runs
(a process that only parses the corpus), so that a busy machine shows.

    .venv/bin/python bench/bench_chart_ab.py --old DIR [--runs 5] [--corpus DIR]
        [--kind svg|dot|bpmn]

The old version is a tree exported from git (`git archive COMMIT | tar -x -C
DIR`), run through PYTHONPATH with this checkout's virtual environment.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import BASELINE
from bench.corpus import write_corpus
from bench.toolenv import compile_tree, tool_env

REPO = Path(__file__).resolve().parent.parent

PER_CHART = """
import json, statistics, sys, time
from pathlib import Path
from generator.flowchart import flowchart_dot, flowchart_svg
from generator.flowchart.bpmn import flowchart_bpmn
from generator.loader import load_repository
repository = load_repository(Path(sys.argv[1])).repository
organisasi = repository.organisasi
draw = {"svg": flowchart_svg, "dot": flowchart_dot, "bpmn": flowchart_bpmn}[sys.argv[2]]
flowchart_svg(repository.sops[0].sop, organisasi)  # the engine, once per process
wall, cpu = [], []
for entry in repository.sops:
    start, start_cpu = time.perf_counter(), time.process_time()
    draw(entry.sop, organisasi)
    wall.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
print(json.dumps({"wall": statistics.median(wall), "cpu": statistics.median(cpu)}))
"""


def _chart_run(tree: Path, corpus: Path, kind: str) -> dict[str, float]:
    """The per-chart medians (seconds) of one process of the code in `tree`."""
    env = tool_env(PYTHONPATH=str(tree))  # as installed: compiled once (bench/toolenv.py)
    result = subprocess.run(
        [sys.executable, "-c", PER_CHART, str(corpus), kind],
        cwd=tempfile.gettempdir(),  # not this checkout: PYTHONPATH picks the code
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def _floor_run(corpus: Path) -> tuple[float, float]:
    """Wall and CPU seconds of a process that only parses the corpus with libyaml."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BASELINE, str(corpus)], check=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = after.children_user - before.children_user
    return wall, cpu + after.children_system - before.children_system


def main() -> None:
    """Measure and print the A/B table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old", type=Path, required=True, help="exported tree of the old code")
    parser.add_argument("--new", type=Path, default=REPO, help="tree of the new code")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, help="a corpus folder (default: 1,000 new SOPs)")
    parser.add_argument("--kind", choices=("svg", "dot", "bpmn"), default="svg")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or write_corpus(Path(tmp) / "sops", 1000)
        for tree in (args.old, args.new):
            compile_tree(tree.resolve())
        print(f"load before: {os.getloadavg()}", flush=True)
        floors, old, new = [], [], []
        for run in range(args.runs):
            floors.append(_floor_run(corpus))
            old.append(_chart_run(args.old.resolve(), corpus, args.kind))
            new.append(_chart_run(args.new.resolve(), corpus, args.kind))
            print(
                f"run {run + 1}: floor {floors[-1][0]:.2f} s, "
                f"old {old[-1]['cpu'] * 1000:.3f} ms CPU, new {new[-1]['cpu'] * 1000:.3f} ms CPU",
                flush=True,
            )
        print(f"load after: {os.getloadavg()}")

    def median(runs: list[dict[str, float]], key: str) -> str:
        return f"{statistics.median(run[key] for run in runs) * 1000:.3f} ms"

    def each(runs: list[dict[str, float]]) -> str:
        return " / ".join(f"{run['cpu'] * 1000:.2f}" for run in runs)

    print(
        f"\n| one chart, {args.kind}, in-process median | old | new "
        "| runs old (CPU) | runs new (CPU) |"
    )
    print("|---|---:|---:|---|---|")
    print(f"| CPU | {median(old, 'cpu')} | {median(new, 'cpu')} | {each(old)} | {each(new)} |")
    print(f"| wall | {median(old, 'wall')} | {median(new, 'wall')} | | |")
    walls = [wall for wall, _ in floors]
    cpus = [cpu for _, cpu in floors]
    print(
        f"| libyaml floor (1,000 files) | {statistics.median(walls):.2f} s wall, "
        f"{statistics.median(cpus):.2f} s CPU | | | |"
    )


if __name__ == "__main__":
    main()
