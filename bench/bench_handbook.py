"""Benchmark `sop handbook` on a synthetic corpus (default: 100 SOPs).

Prints a Markdown table of medians over several runs: building the book's
data (views, table layout, flowcharts drawn without a cache), laying it out
with Typst (each SOP's pages in threads, then the book), and the whole
`sop handbook` command (a fresh process, no `.sop-cache/`) with its peak
memory. Wall time and this process's CPU time are both shown: the machine is
shared, and CPU time is what the work costs when nothing else runs. The same
handbook rows, beside the libyaml floor, are in `bench/bench.py`.

    .venv/bin/python bench/bench_handbook.py [--count 100] [--runs 3]
    .venv/bin/python bench/bench_handbook.py --old DIR [--count 100] [--runs 3]

With `--old DIR` (a tree exported from git: `git archive COMMIT | tar -x -C DIR`)
it runs `sop handbook` of the old tree and of this one alternately, in the same
minutes (the comparison that holds on a shared machine): cold (no
`.sop-cache/`), one SOP edited, unchanged; wall, CPU (user + system of the
process and its workers) and peak memory, medians, beside the libyaml floor of
the same corpus measured in the same loop; and whether both books are the same
bytes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import BASELINE
from bench.corpus import write_corpus
from bench.toolenv import tool_env
from generator.check import run_checks
from generator.handbook import HandbookOptions, build_handbook_document
from generator.handbook.assemble import render_book
from generator.loader import load_repository

REPO = Path(__file__).resolve().parent.parent


def measure(action, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of `runs` calls of `action`, and its last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


OLD_SECONDS = 123.0  # WeasyPrint, measured on this machine kind (issue 15)
OLD_PEAK_MB = 1900


def _timed(command: list[str], cwd: Path, env: dict[str, str] | None) -> tuple[float, float, float]:
    """Wall, CPU (the command and its workers) and peak memory (MB; 0 when unknown)."""
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run([*timer, *command], cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = after.children_user - before.children_user
    cpu += after.children_system - before.children_system
    peak = 0.0
    for line in done.stderr.splitlines():
        if "Maximum resident set size" in line:
            peak = int(line.split(":")[1]) / 1024
    return wall, cpu, peak


def against_old(old: Path, count: int, runs: int) -> None:
    """The A/B table: the old tree's `sop handbook` and this one's, alternately."""
    python = sys.executable
    envs = {
        name: tool_env(PYTHONPATH=str(tree))
        for name, tree in (("old", old.resolve()), ("new", REPO))
    }
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    floor = []
    same = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "sops", count)
        target = sorted(folder.rglob("sop-*.yaml"))[0]
        text = target.read_text(encoding="utf-8")
        for run in range(runs):
            floor.append(_timed([python, "-c", BASELINE, str(folder)], Path(tmp), None))
            books = {}
            for version, env in envs.items():
                target.write_text(text, encoding="utf-8")
                book = ["-m", "generator.cli", "handbook", "--sops", str(folder)]
                command = [python, *book, "-o", f"buku-{version}.pdf"]
                shutil.rmtree(Path(tmp) / ".sop-cache", ignore_errors=True)
                results.setdefault(("cold", version), []).append(_timed(command, Path(tmp), env))
                books[version] = (Path(tmp) / f"buku-{version}.pdf").read_bytes()
                # a real edit: one step's text (every page of that SOP changes)
                target.write_text(text.replace("kegiatan: ", f"kegiatan: Ubah{run} ", 1), "utf-8")
                edited = _timed(command, Path(tmp), env)
                results.setdefault(("one SOP edited", version), []).append(edited)
                unchanged = _timed(command, Path(tmp), env)
                results.setdefault(("unchanged", version), []).append(unchanged)
            same = same and books["old"] == books["new"]
    floor_wall = statistics.median(w for w, _, _ in floor)
    floor_cpu = statistics.median(c for _, c, _ in floor) or 1.0
    print(
        f"{count} SOPs; floor (libyaml parse only): wall {floor_wall:.2f} s, CPU {floor_cpu:.2f} s"
    )
    print(f"load average after the runs: {os.getloadavg()[0]:.1f}; medians of {runs}")
    print("| `sop handbook` | version | wall | CPU | x floor CPU | peak memory |")
    print("|---|---|---:|---:|---:|---:|")
    for (stage, version), values in results.items():
        wall = statistics.median(w for w, _, _ in values)
        cpu = statistics.median(c for _, c, _ in values)
        peak = statistics.median(p for _, _, p in values)
        print(
            f"| {stage} | {version} | {wall:.1f} s | {cpu:.1f} s | {cpu / floor_cpu:.0f}x "
            f"| {peak:.0f} MB |"
        )
    print(f"\ncold books byte-identical, old and new: {same}")


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--old", type=Path, help="exported tree of the old code: A/B mode")
    args = parser.parse_args()
    if args.old is not None:
        against_old(args.old, args.count, args.runs)
        return
    sop = Path(sys.executable).parent / "sop"
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, runs: {args.runs} (median)\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "sops", args.count)
        repository = load_repository(folder).repository
        report = run_checks(repository)
        options = HandbookOptions()
        html_wall, html_cpu, data = measure(
            lambda: build_handbook_document(repository, report, options=options), args.runs
        )
        pdf_wall, pdf_cpu, (pdf, pages) = measure(
            lambda: render_book({k: v for k, v in data.items() if k != "sops"}, data["sops"]),
            args.runs,
        )
        output = Path(tmp) / "buku.pdf"

        peaks: list[float] = []

        def command() -> None:
            shutil.rmtree(Path(tmp) / ".sop-cache", ignore_errors=True)
            # /usr/bin/time -v gives the peak memory of the whole command (POSIX, bench only).
            timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
            done = subprocess.run(
                [*timer, str(sop), "handbook", "--sops", str(folder), "-o", str(output)],
                check=True,
                capture_output=True,
                text=True,
                cwd=tmp,
            )
            for line in done.stderr.splitlines():
                if "Maximum resident set size" in line:
                    peaks.append(int(line.split(":")[1]) / 1024)

        cli_wall, _, _ = measure(command, args.runs)
        print(f"{args.count} SOPs, {pages} pages, {len(pdf) / 1e6:.1f} MB\n")
        print("| step | wall | CPU (this process) | per page (wall) |")
        print("|---|---:|---:|---:|")
        rows = [
            ("data (views, tables, flowcharts drawn)", html_wall, html_cpu),
            ("PDF (Typst layout and drawing)", pdf_wall, pdf_cpu),
        ]
        for name, wall, cpu in rows:
            print(f"| {name} | {wall:.1f} s | {cpu:.1f} s | {wall / pages * 1000:.0f} ms |")
        print(
            f"| `sop handbook` CLI, cold | {cli_wall:.1f} s | | {cli_wall / pages * 1000:.0f} ms |"
        )
        peak = f"{max(peaks):.0f} MB" if peaks else "n/a"
        print(f"\npeak memory of `sop handbook`, cold: {peak}")
        print(
            f"before (WeasyPrint, 100 SOPs, 880 pages): {OLD_SECONDS:.0f} s, {OLD_PEAK_MB} MB peak"
        )


if __name__ == "__main__":
    main()
