"""Old code against new in the same run: `sop check` (and `sop generate`) at 1,000 SOPs.

On a shared machine absolute times, and even ratios to the libyaml floor,
drift with the load; alternating two versions of the tool in the same minutes
is the comparison that holds. The old version is a tree exported from git
(`git archive COMMIT generator | tar -x -C DIR`), run through PYTHONPATH with
this checkout's virtual environment.

    .venv/bin/python bench/bench_ab.py --old DIR [--runs 3]
        [--stages empty,edit,unchanged,genedit,genstep,gencold]

Prints wall and CPU time (user + system of the `sop` process), medians, and
each against the floor (a process that only parses the files with libyaml).

The compiled chart engine is kept in the measured runs' user cache folder
(`toolenv`), not in the project's store: a cold run ("generate, cold": the
store and the output folder emptied) measures the site's own work, not the
engine's compile, which a user pays once per machine. One run of each version
makes it first (their engines may differ in how they are kept).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import BASELINE, set_aside
from bench.corpus import write_project
from bench.toolenv import compile_tree, tool_env

REPO = Path(__file__).resolve().parent.parent


def _timed(command: list[str], cwd: Path, env: dict[str, str] | None) -> tuple[float, float]:
    # os.times() counts finished children's CPU (on Windows it reports 0: wall only).
    before = os.times()
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def main() -> None:
    """Measure and print the A/B table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old", type=Path, required=True, help="exported tree of the old code")
    parser.add_argument(
        "--new", type=Path, default=REPO, help="tree of the new code (default: this checkout)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--stages", default="empty,edit,unchanged")
    args = parser.parse_args()
    stages = set(args.stages.split(","))
    python = sys.executable
    check = [python, "-m", "generator.cli", "check"]
    generate = [python, "-m", "generator.cli", "generate", "--out", "out"]
    envs = {
        name: tool_env(PYTHONPATH=str(tree))
        for name, tree in (("old", args.old.resolve()), ("new", args.new.resolve()))
    }
    for tree in (args.old, args.new):
        compile_tree(tree.resolve())
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        project = write_project(Path(tmp) / "project", args.count)
        target = sorted((project / "sops").rglob("sop-*.yaml"))[0]
        edits = iter(range(10**6))

        def edit() -> None:
            with target.open("a", encoding="utf-8") as file:
                file.write(f"# suntingan {next(edits)}\n")

        def edit_step() -> None:
            # A real edit: the text of the first step, a different word each time.
            text = target.read_text("utf-8")
            head, rest = text.split("  - kegiatan: ", 1)
            line, tail = rest.split("\n", 1)
            line = f"{line.split(' v', 1)[0]} v{next(edits)}"
            target.write_text(f"{head}  - kegiatan: {line}\n{tail}", "utf-8")

        if "gencold" in stages:  # each version's engine compiled and kept, once
            for env in envs.values():
                _timed(generate, project, env)
                set_aside(project / "out")

        def forget() -> None:
            shutil.rmtree(project / ".sop-cache", ignore_errors=True)

        def record(version: str, stage: str, value: tuple[float, float]) -> None:
            results.setdefault((stage, version), []).append(value)

        floor = []
        for _ in range(args.runs):
            floor.append(_timed([python, "-c", BASELINE, str(project / "sops")], project, None))
            for version, env in envs.items():
                if "empty" in stages:
                    forget()
                    record(version, "check, empty cache", _timed(check, project, env))
                if "edit" in stages:
                    _timed(check, project, env)
                    edit()
                    record(version, "check, one SOP edited", _timed(check, project, env))
                if "unchanged" in stages:
                    _timed(check, project, env)
                    record(version, "check, unchanged", _timed(check, project, env))
                if "gencold" in stages:
                    forget()
                    set_aside(project / "out")  # not deleted: see `bench.forget`
                    record(version, "generate, cold", _timed(generate, project, env))
                if "genstep" in stages:
                    _timed(generate, project, env)
                    edit_step()
                    record(
                        version, "generate, one step's text edited", _timed(generate, project, env)
                    )
                if "genedit" in stages:
                    _timed(generate, project, env)
                    edit()
                    record(version, "generate, one SOP edited", _timed(generate, project, env))
    floor_wall = statistics.median(w for w, _ in floor)
    floor_cpu = statistics.median(c for _, c in floor)
    if hasattr(os, "getloadavg"):
        print("load at the end: " + " ".join(f"{value:.2f}" for value in os.getloadavg()))
    print(f"floor: wall {floor_wall:.2f} s, CPU {floor_cpu:.2f} s (medians of {args.runs})")
    floor_cpu = floor_cpu or 1.0  # no CPU figures on this OS
    print("| stage | version | wall | x floor | CPU | x floor CPU |")
    print("|---|---|---:|---:|---:|---:|")
    for (stage, version), values in results.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(
            f"| {stage} | {version} | {wall:.2f} s | {wall / floor_wall:.2f}x "
            f"| {cpu:.2f} s | {cpu / floor_cpu:.2f}x |"
        )
    print("each run, in order (wall / CPU, s):")
    for (stage, version), values in results.items():
        runs = ", ".join(f"{wall:.2f} / {cpu:.2f}" for wall, cpu in values)
        print(f"- {stage}, {version}: {runs}")
    print("floor runs: " + ", ".join(f"{wall:.2f} / {cpu:.2f}" for wall, cpu in floor))


if __name__ == "__main__":
    main()
