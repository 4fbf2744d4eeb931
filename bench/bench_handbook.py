"""Benchmark `sop handbook` on a synthetic corpus (default: 100 SOPs).

Prints a Markdown table of medians over several runs: building the HTML
(flowcharts drawn without a cache), rendering it with WeasyPrint, and the
whole `sop handbook` command (a fresh process, flowchart cache cold). Wall
time and this process's CPU time are both shown: the machine is shared, and
CPU time is what the work costs when nothing else runs.

    .venv/bin/python bench/bench_handbook.py [--count 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_corpus
from generator.check import run_checks
from generator.handbook import HandbookOptions, build_handbook_html
from generator.handbook.pdf import render_pdf
from generator.loader import load_repository


def measure(action, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of `runs` calls of `action`, and its last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
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
        html_wall, html_cpu, html = measure(
            lambda: build_handbook_html(repository, report, options=options), args.runs
        )
        pdf_wall, pdf_cpu, (pdf, pages) = measure(lambda: render_pdf(html), args.runs)
        output = Path(tmp) / "buku.pdf"

        def command() -> None:
            shutil.rmtree(Path(tmp) / ".sop-cache", ignore_errors=True)
            subprocess.run(
                [str(sop), "handbook", "--sops", str(folder), "-o", str(output)],
                check=True,
                capture_output=True,
                cwd=tmp,
            )

        cli_wall, _, _ = measure(command, args.runs)
        print(f"{args.count} SOPs, {pages} pages, {len(pdf) / 1e6:.1f} MB\n")
        print("| step | wall | CPU (this process) | per page (wall) |")
        print("|---|---:|---:|---:|")
        rows = [
            ("HTML (views, tables, flowcharts drawn)", html_wall, html_cpu),
            ("PDF (WeasyPrint layout and drawing)", pdf_wall, pdf_cpu),
        ]
        for name, wall, cpu in rows:
            print(f"| {name} | {wall:.1f} s | {cpu:.1f} s | {wall / pages * 1000:.0f} ms |")
        print(
            f"| `sop handbook` CLI, cold | {cli_wall:.1f} s | | {cli_wall / pages * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
