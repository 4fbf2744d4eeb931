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

`--against-mkdocs` prints issue 18's comparison instead: `sop build
--no-handbook` (cold: empty store; nothing changed; one SOP's text edited)
against plain MkDocs (Material, the same nav and Markdown extensions) building
the same generated Markdown (`sop generate`), with its own search plugin
(lunr) and with no plugin at all, all measured in the same run:

    .venv/bin/python bench/bench_site.py --against-mkdocs --sizes 1000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_project
from bench.toolenv import tool_env
from generator.check import run_checks
from generator.loader import load_repository
from generator.messages import translate
from generator.site import SiteOptions, draw_flowcharts, generate_site
from generator.site.pages import SCRIPTS, STYLESHEET, navigation
from generator.store import Store

REPO = Path(__file__).resolve().parent.parent
SOP = Path(sys.executable).parent / "sop"


def timed_run(command: list[str], project: Path) -> tuple[float, float]:
    """Run `command` in `project`: (wall seconds, CPU seconds of the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        command,
        cwd=project,
        capture_output=True,
        text=True,
        env=tool_env(),
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def sop_build(project: Path, *args: str, tree: Path | None = None) -> tuple[float, float]:
    """Run `sop build ARGS` in `project`: (wall seconds, CPU seconds); with `tree`, the
    code of that exported tree (through PYTHONPATH) instead of this checkout's."""
    if tree is None:
        return timed_run([str(SOP), "build", *args], project)
    code = f"import sys; sys.path.insert(0, {str(tree)!r}); from generator.cli import main; main()"
    return timed_run([sys.executable, "-c", code, "build", *args], project)


def plain_mkdocs_project(project: Path, folder: Path, search: bool) -> Path:
    """A plain MkDocs project in `folder` building the Markdown `sop generate` writes
    for `project` (and the same docs/): Material, the same nav, no `sop` plugin."""
    docs = folder / "docs"
    shutil.copytree(project / "docs", docs)
    result = subprocess.run(
        [str(SOP), "generate", "--out", str(docs), "--sops", str(project / "sops"), "--no-cache"],
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1):  # 1: findings; every page is written all the same
        raise SystemExit(result.stdout + result.stderr)
    nav = [{translate(f"site.{key}", "id"): path} for key, path in navigation("id")]
    config = {
        "site_name": "plain",
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "id",
            "font": False,
            "features": [
                "navigation.tabs",
                "navigation.sections",
                "navigation.indexes",
                "navigation.top",
                "content.tooltips",
            ],
        },
        "extra": {"generator": False},
        "extra_css": [STYLESHEET],
        "extra_javascript": list(SCRIPTS),
        "plugins": ["search"] if search else [],
        "markdown_extensions": [
            "tables",
            {"toc": {"permalink": True}},
            "attr_list",
            "admonition",
            "pymdownx.details",
        ],
        "nav": [*nav, {"Tentang situs ini": "tentang.md"}],
    }
    # JSON is YAML: no YAML writer needed.
    (folder / "mkdocs.yml").write_text(json.dumps(config, indent=1), "utf-8")
    return folder


def edit_text(project: Path) -> None:
    """Change one SOP's text (its warning), as an author's edit does: its page changes."""
    target = sorted((project / "sops").rglob("sop-*.yaml"))[0]
    text = target.read_text("utf-8")
    found = re.search(r"^peringatan: (.*?)(?: \((\d+)\))?$", text, re.M)
    assert found is not None, target
    number = int(found.group(2) or 0) + 1
    target.write_text(
        text[: found.start()] + f"peringatan: {found.group(1)} ({number})" + text[found.end() :],
        "utf-8",
    )


def against_mkdocs(
    sizes: list[int], runs: int, old: Path | None = None, new: Path | None = None
) -> None:
    """Issue 18's comparison: `sop build` against plain MkDocs on the same Markdown
    (with `old`, an exported tree of older code, its cold and one-edit builds too; with
    `new`, the builds under test run that exported tree instead of this checkout)."""
    print(
        "| SOPs | plain MkDocs, no plugin | plain MkDocs + search (lunr) | "
        "`sop build`, cold | `sop build`, nothing changed | `sop build`, one SOP edited | "
        "cold / plain | one edit / plain |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            project = write_project(Path(tmp) / f"site{count}", count)
            bare = plain_mkdocs_project(project, Path(tmp) / f"bare{count}", search=False)
            lunr = plain_mkdocs_project(project, Path(tmp) / f"lunr{count}", search=True)
            rows: dict[str, list[tuple[float, float]]] = {}
            for _ in range(runs):  # interleaved, so that load on the machine hits all alike
                rows.setdefault("bare", []).append(timed_run(mkdocs, bare))
                rows.setdefault("lunr", []).append(timed_run(mkdocs, lunr))
                shutil.rmtree(project / ".sop-cache", ignore_errors=True)
                rows.setdefault("cold", []).append(sop_build(project, "--no-handbook", tree=new))
                rows.setdefault("warm", []).append(sop_build(project, "--no-handbook", tree=new))
                edit_text(project)
                rows.setdefault("edit", []).append(sop_build(project, "--no-handbook", tree=new))
                if old is not None:
                    shutil.rmtree(project / ".sop-cache", ignore_errors=True)
                    rows.setdefault("old cold", []).append(
                        sop_build(project, "--no-handbook", tree=old)
                    )
                    edit_text(project)
                    rows.setdefault("old edit", []).append(
                        sop_build(project, "--no-handbook", tree=old)
                    )
            wall = {k: statistics.median(w for w, _ in v) for k, v in rows.items()}
            cpu = {k: statistics.median(c for _, c in v) for k, v in rows.items()}
            cells = " | ".join(
                f"{wall[k]:.1f} s ({cpu[k]:.1f} s)"
                for k in ("bare", "lunr", "cold", "warm", "edit")
            )
            print(
                f"| {count} | {cells} | {wall['cold'] / wall['bare']:.2f}x "
                f"({cpu['cold'] / cpu['bare']:.2f}x) | {wall['edit'] / wall['bare']:.2f}x "
                f"({cpu['edit'] / cpu['bare']:.2f}x) |",
                flush=True,
            )
            for k in ("old cold", "old edit"):
                if k in rows:
                    print(f"| {count} | {k} `sop build`: {wall[k]:.1f} s ({cpu[k]:.1f} s CPU) |")
            print(f"\nload average after {count} SOPs: {os.getloadavg()[0]:.1f}", flush=True)


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
    parser.add_argument("--against-mkdocs", action="store_true", help="issue 18's comparison")
    parser.add_argument("--old", type=Path, help="with --against-mkdocs: an older exported tree")
    parser.add_argument("--new", type=Path, help="with --against-mkdocs: the tree under test")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"runs: {args.runs} (median), load average {os.getloadavg()[0]:.1f}\n"
    )
    if args.against_mkdocs:
        against_mkdocs(sizes, args.runs, args.old, args.new)
        return
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

            store = Store.beside(project / "sops")
            loads, charts, pages = [], [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                result = load_repository(project / "sops")
                report = run_checks(result.repository)
                loads.append(time.perf_counter() - start)
                start = time.perf_counter()
                flowcharts = draw_flowcharts(result.repository, "id", store=store)
                charts.append(time.perf_counter() - start)
                start = time.perf_counter()
                generate_site(result.repository, report, flowcharts, SiteOptions())
                pages.append(time.perf_counter() - start)
            with tempfile.TemporaryDirectory() as empty:
                start = time.perf_counter()
                draw_flowcharts(result.repository, "id", store=Store(Path(empty) / "store"))
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
