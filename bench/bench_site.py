"""Benchmark the intranet site on synthetic corpora of 10, 100 and 1,000 SOPs.

For each size, a project (the repository's mkdocs.yml and docs/, plus the
corpus as sops/) is built with `sop build`, the way an office builds it:

- cold: first build, empty flowchart cache (every chart drawn and rendered);
- warm: rebuild with nothing changed (the usual case: the cache holds the charts);

and the generator's share is measured in-process: load + check, flowcharts
(warm) and `generate_site` (Markdown pages). The rest of a build is MkDocs:
Markdown to HTML, the theme, the search index. Wall times are medians; CPU
times (user + sys of the `sop build` process) are shown too, as the machine is
shared and wall time is noisy.

    .venv/bin/python bench/bench_site.py [--runs 3] [--sizes 10,100,1000]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_project
from generator.check import run_checks
from generator.loader import load_repository
from generator.site import SiteOptions, draw_flowcharts, generate_site

REPO = Path(__file__).resolve().parent.parent
SOP = Path(sys.executable).parent / "sop"


def sop_build(project: Path) -> tuple[float, float]:
    """Run `sop build` in `project`: (wall seconds, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [str(SOP), "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def site_size(project: Path) -> tuple[int, float]:
    """(HTML pages, megabytes of the whole site)."""
    files = [p for p in (project / "site").rglob("*") if p.is_file()]
    pages = sum(p.suffix == ".html" for p in files)
    return pages, sum(p.stat().st_size for p in files) / 1e6


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10,100,1000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"runs: {args.runs} (median)\n"
    )
    print(
        "| SOPs | load + check | flowcharts, cold | flowcharts, warm | pages (generate_site) | "
        "generator total, warm | `sop build` cold: wall (CPU) | `sop build` warm: wall (CPU) | "
        "HTML pages | site size |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            project = write_project(Path(tmp) / f"site{count}", count)
            cold_wall, cold_cpu = sop_build(project)  # fills the flowchart cache
            warm = [sop_build(project) for _ in range(args.runs)]

            cache = project / ".sop-cache" / "site-flowchart"
            loads, charts, pages = [], [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                result = load_repository(project / "sops")
                report = run_checks(result.repository)
                loads.append(time.perf_counter() - start)
                start = time.perf_counter()
                flowcharts = draw_flowcharts(result.repository, "id", cache_dir=cache)
                charts.append(time.perf_counter() - start)
                start = time.perf_counter()
                generate_site(result.repository, report, flowcharts, SiteOptions())
                pages.append(time.perf_counter() - start)
            with tempfile.TemporaryDirectory() as empty:
                start = time.perf_counter()
                draw_flowcharts(result.repository, "id", cache_dir=Path(empty) / "site-flowchart")
                cold_charts = time.perf_counter() - start
            load, chart, page = (statistics.median(x) for x in (loads, charts, pages))
            html_pages, megabytes = site_size(project)
            warm_wall = statistics.median(w for w, _ in warm)
            warm_cpu = statistics.median(c for _, c in warm)
            print(
                f"| {count} | {load:.2f} s | {cold_charts:.2f} s | {chart:.2f} s | {page:.2f} s | "
                f"{load + chart + page:.2f} s | {cold_wall:.1f} s ({cold_cpu:.1f} s) | "
                f"{warm_wall:.1f} s ({warm_cpu:.1f} s) | {html_pages} | {megabytes:.0f} MB |",
                flush=True,
            )


if __name__ == "__main__":
    main()
