"""Benchmark `sop handbook` on a synthetic corpus (default: 100 SOPs).

Prints a Markdown table of medians over several runs: building the book's
data (views, table layout, flowcharts drawn without a cache), laying it out
with Typst (each SOP's pages in threads, then the book), and the whole
`sop handbook` command (a fresh process, no `.sop-cache/`) with its peak
memory. Wall time and this process's CPU time are both shown: the machine is
shared, and CPU time is what the work costs when nothing else runs. The same
handbook rows, beside the libyaml floor, are in `bench/bench.py`.

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
from generator.handbook import HandbookOptions, build_handbook_document
from generator.handbook.assemble import render_book
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


OLD_SECONDS = 123.0  # WeasyPrint, measured on this machine kind (issue 15)
OLD_PEAK_MB = 1900


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
