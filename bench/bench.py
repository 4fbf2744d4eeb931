"""The benchmark of every stage, as an office runs them, at 10, 100 and 1,000 SOPs.

For each size a project is made (the repository's mkdocs.yml and docs/, the
deterministic synthetic corpus of `corpus.py` as sops/) and each stage is run
as its own `sop` process, several times; the table shows the median wall time,
the cost per SOP, and whether that cost grows linearly.

Stages (what "cold" and "warm" mean):

- check, empty cache: `sop check` with no `.sop-cache/` (every file parsed);
- check, one SOP edited: the usual review loop (one file changed since the
  last run: it alone is parsed again, every rule runs on every SOP);
- check, unchanged: the same command again (its output is reused);
- generate, cold: `sop generate` with no `.sop-cache/` and an empty output
  folder (every flowchart drawn): a fresh clone on a machine where the tool
  ran before (the compiled engine and templates are kept in the user's cache
  folder, `bench/toolenv.py`); the last run's output and caches are moved aside, not
  deleted (see `forget`); then the same into the output folder deleted just
  before (`rm -rf out`, the kernel's cost of reusing deleted inodes
  included), and as the first run on a machine (the engine and the templates
  compile too);
- generate, nothing changed: `sop generate` again into the same folder;
- generate, one SOP edited: every page written again, one flowchart drawn;
- site build, cold / nothing changed: `sop build --no-handbook` (MkDocs
  included) with an empty cache / again;
- search index: Pagefind over the built site (part of each site build; here
  alone, so its share shows);
- handbook (at one size, default 100): `sop handbook` with no cache, after
  one SOP edited, and unchanged; wall, CPU (the process and its workers) and
  peak memory (the largest of them), beside the libyaml floor of the same
  corpus measured in the same run;
- flowcharts (at the largest size): the median time of one chart drawn in
  one process over the whole corpus (SVG: layout, routing, DOT and the
  embedded engine; DOT alone; BPMN), and `sop flowchart FILE` as a whole
  process, first with nothing kept (the engine compiles its WebAssembly),
  then as a fresh clone (the engine kept in the user's cache folder), then
  with the compiled engine kept but no drawing kept.

The baseline, measured in the same run as each size, is a Python process that
only parses every SOP file with libyaml: it shows how busy the machine was and
what the cheapest possible YAML tool costs.

Linearity: the marginal cost per SOP between the two largest sizes
((t[1000] - t[100]) / 900) is compared with the one between the two smaller
((t[100] - t[10]) / 90); fixed costs such as start-up drop out. When the
smaller step is within the noise (under 0.1 s), the cost per SOP at 1,000 is
compared with the one at 100 instead. Growth up to 1.5 times is reported as
linear (timing noise on a shared machine).

    .venv/bin/python bench/bench.py [--sizes 10,100,1000] [--runs 3] [--handbook 100]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_project
from bench.toolenv import compile_tree, forget_compiled_engine, tool_env
from generator.site.pagefind import build_search_index

REPO = Path(__file__).resolve().parent.parent
SOP = Path(sys.executable).parent / "sop"
LINEAR_TOLERANCE = 1.5
SIZES_MEASURED: list[int] = []  # set by main: flowcharts are measured at the largest
ONLY: set[str] = set()  # set by main (--only): the stage groups to measure; empty: all
NOISE = 0.1  # seconds: differences below this are timing noise on this machine

PER_CHART = """
import json, statistics, sys, time
from pathlib import Path
from generator.flowchart import FlowchartOptions, flowchart_dot, flowchart_svg
from generator.flowchart.bpmn import flowchart_bpmn
from generator.loader import load_repository
repository = load_repository(Path(sys.argv[1])).repository
organisasi = repository.organisasi
flowchart_svg(repository.sops[0].sop, organisasi)  # the engine, once per process
result = {}
for name, draw in (
    ("svg", lambda sop: flowchart_svg(sop, organisasi)),
    ("dot", lambda sop: flowchart_dot(sop, organisasi)),
    ("bpmn", lambda sop: flowchart_bpmn(sop, organisasi)),
):
    times, cpu = [], []
    for entry in repository.sops:
        start, start_cpu = time.perf_counter(), time.process_time()
        draw(entry.sop)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    result[name] = statistics.median(times)
    result[name + "_cpu"] = statistics.median(cpu)
print(json.dumps(result))
"""

BASELINE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


@dataclass
class Stage:
    """One row of the table: a name and its median time per corpus size."""

    name: str
    seconds: dict[int, float] = field(default_factory=dict)


def run(project: Path, *args: str) -> None:
    """Run `sop ARGS` in `project`; stop the benchmark if it fails."""
    result = subprocess.run(
        [str(SOP), *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=tool_env(),
    )
    if result.returncode not in (0, 1):  # 1: findings, still a complete run
        raise SystemExit(f"sop {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


# The median CPU seconds (user + system) of the child processes of the last `timed`
# call: on a shared machine the wall time includes waiting for a core, the CPU
# time does not (os.times: the children's times are 0 on Windows).
LAST_CPU: list[float] = []


def timed(
    action: Callable[[], None], runs: int, prepare: Callable[[], None] | None = None
) -> float:
    """Median wall seconds of `action` over `runs` runs, `prepare` before each (not timed).

    The median CPU seconds of the processes it ran are left in LAST_CPU.
    """
    times, cpu = [], []
    for _ in range(runs):
        if prepare:
            prepare()
        before = os.times()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
        after = os.times()
        cpu.append(
            after.children_user
            - before.children_user
            + after.children_system
            - before.children_system
        )
    LAST_CPU[:] = [statistics.median(cpu)]
    return statistics.median(times)


def forget(
    project: Path, *outputs: str, engine: bool = False, delete: bool = False
) -> Callable[[], None]:
    """A `prepare` step that takes away the caches (and `outputs`) of `project`: a fresh
    clone; with `engine`, the compiled engine of the user's cache folder too: the
    first run on a machine.

    They are moved aside (`set_aside`), not deleted: on this machine's ext4 (no
    journal) the kernel skips, for minutes, the inodes of files deleted moments
    ago, so a run right after deleting the last run's 4,000 files paid up to
    0.5 ms of kernel CPU a new file, a cost of the benchmark, not of a fresh
    clone. `delete` deletes them instead: the row of a user who empties the
    output folder and generates again at once."""

    def prepare() -> None:
        for name in (".sop-cache", *outputs):
            if delete:
                shutil.rmtree(project / name, ignore_errors=True)
            else:
                set_aside(project / name)
        if engine:
            forget_compiled_engine()

    return prepare


def set_aside(path: Path) -> None:
    """Move `path` (if it exists) into a folder beside its project, deleted with the
    benchmark's temporary folder."""
    if not path.exists():
        return
    aside = path.parent.parent / "aside"
    aside.mkdir(exist_ok=True)
    path.rename(aside / f"{path.name}-{len(list(aside.iterdir()))}")


def edit_one(project: Path) -> Callable[[], None]:
    """A `prepare` step that changes one SOP file (a new comment line each time)."""
    target = sorted((project / "sops").rglob("sop-*.yaml"))[0]
    counter = iter(range(1_000_000))

    def prepare() -> None:
        with target.open("a", encoding="utf-8") as file:
            file.write(f"# suntingan {next(counter)}\n")

    return prepare


def edit_step(project: Path) -> Callable[[], None]:
    """A `prepare` step that changes what one SOP says (its first step's text, each
    time anew): its pages, its chart and the index pages that list it change."""
    target = sorted((project / "sops").rglob("sop-*.yaml"))[1]
    original = target.read_text("utf-8")
    counter = iter(range(1_000_000))

    def prepare() -> None:
        text = original.replace("  - kegiatan: ", f"  - kegiatan: Revisi {next(counter)} ", 1)
        target.write_text(text, "utf-8")

    return prepare


def measure_size(project: Path, runs: int, stages: dict[str, Stage], count: int) -> None:
    """Every stage (or the groups in ONLY: check, generate, flowchart, build) at one size."""
    only = ONLY

    def record(name: str, seconds: float, cpu: bool = True) -> None:
        stages.setdefault(name, Stage(name)).seconds[count] = seconds
        print(f"  {name}: {seconds:.2f} s", file=sys.stderr, flush=True)
        if cpu and LAST_CPU:
            stages.setdefault(name + " (CPU)", Stage(name + " (CPU)")).seconds[count] = LAST_CPU[0]
            print(f"  {name} (CPU): {LAST_CPU[0]:.2f} s", file=sys.stderr, flush=True)
        LAST_CPU.clear()

    sops = project / "sops"
    record(
        "baseline: libyaml parse only",
        timed(
            lambda: subprocess.run([sys.executable, "-c", BASELINE, str(sops)], check=True), runs
        ),
    )
    if only and "check" not in only:
        measure_generate(project, runs, record, count, only)
        return
    check = ("check",)  # an edit, or an empty cache, is a fresh run of its own
    record("`sop check`, empty cache", timed(lambda: run(project, *check), runs, forget(project)))
    run(project, *check)
    edited = timed(lambda: run(project, *check), runs, edit_one(project))
    record("`sop check`, one SOP edited", edited)
    run(project, "check")
    record("`sop check`, unchanged", timed(lambda: run(project, "check"), runs))
    measure_generate(project, runs, record, count, only)


def measure_generate(
    project: Path,
    runs: int,
    record: Callable[..., None],
    count: int,
    only: set[str],
) -> None:
    """The generate, flowchart and site build stages at one size."""
    generate = ("generate", "--out", "out")
    if only and "generate" not in only:
        if count == max(SIZES_MEASURED) and "flowchart" in only:
            measure_flowcharts(project, runs, record)
        return
    record(
        "`sop generate`, cold",
        timed(lambda: run(project, *generate), runs, forget(project, "out")),
    )
    record(
        "`sop generate`, cold, the last output deleted just before",
        timed(lambda: run(project, *generate), runs, forget(project, "out", delete=True)),
    )
    record(
        "`sop generate`, cold, first run on this machine (engine compiles)",
        timed(lambda: run(project, *generate), runs, forget(project, "out", engine=True)),
    )
    record("`sop generate`, nothing changed", timed(lambda: run(project, *generate), runs))
    record(
        "`sop generate`, one SOP edited (a comment)",
        timed(lambda: run(project, *generate), runs, edit_one(project)),
    )
    record(
        "`sop generate`, one SOP edited (a step's text)",
        timed(lambda: run(project, *generate), runs, edit_step(project)),
    )

    if count == max(SIZES_MEASURED) and (not only or "flowchart" in only):
        measure_flowcharts(project, runs, record)
    if only and "build" not in only:
        return

    build = ("build", "--no-handbook")
    record(
        "site build, cold",
        timed(lambda: run(project, *build), max(1, runs // 2), forget(project, "site")),
    )
    run(project, *build)
    record("site build, nothing changed", timed(lambda: run(project, *build), runs))
    # Part of every site build above; timed alone on the built site.
    record(
        "search index (Pagefind), built site",
        timed(lambda: build_search_index(project / "site"), runs),
    )


MEASURED = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], capture_output=True).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([code, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024]))
"""

OLD_HANDBOOK = (  # `sop handbook`, 100 SOPs, cold, measured on this machine kind
    "before: WeasyPrint 123 s, 1.9 GB peak; Typst with per-SOP bodies (the previous "
    "round) 34 s wall, 14.7 s CPU, 577 MB peak"
)


def run_measured(project: Path, *args: str) -> tuple[float, float, float | None]:
    """Wall seconds, CPU seconds and peak memory (MB; the largest of the process and its
    workers) of `sop ARGS` in `project`. CPU and memory need POSIX `resource`: elsewhere
    the CPU is the wall time and the peak unknown."""
    command = [str(SOP), *args]
    try:
        import resource  # noqa: F401  (POSIX only)
    except ImportError:
        start = time.perf_counter()
        run(project, *args)
        wall = time.perf_counter() - start
        return wall, wall, None
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *command], cwd=project, capture_output=True, text=True
    )
    code, wall, cpu, peak = json.loads(done.stdout)
    if code not in (0, 1):
        raise SystemExit(f"sop {' '.join(args)} failed ({code})")
    return wall, cpu, peak


def measure_handbook(project: Path, runs: int) -> list[str]:
    """The handbook's rows: cold, one SOP edited, unchanged; with the libyaml floor of
    the same corpus measured in the same run. Medians of `runs`."""
    count = len(list((project / "sops").rglob("sop-*.yaml")))
    book = ("handbook", "--output", "buku.pdf")
    rows: list[tuple[str, list[tuple[float, float, float | None]]]] = []

    def repeat(name: str, prepare: Callable[[], None] | None) -> None:
        results = []
        for _ in range(runs):
            if prepare:
                prepare()
            results.append(run_measured(project, *book))
        rows.append((name, results))
        print(f"  {name}: {statistics.median(r[0] for r in results):.1f} s", file=sys.stderr)

    floor = timed(
        lambda: subprocess.run([sys.executable, "-c", BASELINE, str(project / "sops")], check=True),
        runs,
    )
    repeat("`sop handbook`, cold (no `.sop-cache/`)", forget(project, "buku.pdf"))
    repeat("`sop handbook`, one SOP edited", edit_one(project))
    repeat("`sop handbook`, unchanged", None)
    lines = [
        "| stage | wall | CPU | peak memory | wall per SOP | x floor |",
        "|---|---:|---:|---:|---:|---:|",
        f"| baseline: libyaml parse only | {floor:.2f} s | | "
        f"| {floor / count * 1000:.1f} ms | 1x |",
    ]
    for name, results in rows:
        wall = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[1] for r in results)
        peaks = [r[2] for r in results if r[2] is not None]
        peak = f"{max(peaks):.0f} MB" if peaks else "n/a"
        lines.append(
            f"| {name} | {wall:.1f} s | {cpu:.1f} s | {peak} | "
            f"{wall / count * 1000:.0f} ms | {wall / floor:.0f}x |"
        )
    lines.append(f"\n{OLD_HANDBOOK}")
    return lines


def measure_flowcharts(project: Path, runs: int, record: Callable[[str, float], None]) -> None:
    """Per chart in one process (median over the corpus), and `sop flowchart FILE`."""
    result = subprocess.run(
        [sys.executable, "-c", PER_CHART, str(project / "sops")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    medians = json.loads(result.stdout)
    for key, label in (("svg", "SVG"), ("dot", "DOT only"), ("bpmn", "BPMN")):
        record(f"flowchart per chart, in-process median: {label}", medians[key], cpu=False)
        record(
            f"flowchart per chart, in-process median: {label} (CPU)",
            medians[key + "_cpu"],
            cpu=False,
        )
    target = str(sorted((project / "sops").rglob("sop-*.yaml"))[0].relative_to(project))
    flowchart = ("flowchart", target, "-o", "alur.svg")
    record(
        "`sop flowchart FILE`, nothing kept (engine compiles)",
        timed(lambda: run(project, *flowchart), runs, forget(project, engine=True)),
    )
    record(
        "`sop flowchart FILE`, fresh clone (engine kept in the user cache)",
        timed(lambda: run(project, *flowchart), runs, forget(project)),
    )

    def forget_drawings() -> None:  # every kept chart; the compiled engine stays
        shutil.rmtree(project / ".sop-cache" / "flowchart", ignore_errors=True)

    run(project, *flowchart)
    record(
        "`sop flowchart FILE`, engine kept, chart drawn",
        timed(lambda: run(project, *flowchart), runs, forget_drawings),
    )


def linearity(stage: Stage) -> str:
    """'linear (marginal x1.1)', 'NOT linear (...)' or 'constant', from the three largest sizes.

    The marginal cost per SOP from the middle to the largest size is compared
    with the one from the smallest to the middle. When the smaller step is
    below the timing noise (NOISE), the cost per SOP at the largest size is
    compared with the one at the middle size instead (fixed costs included, so
    this only catches growth worse than linear).
    """
    sizes = sorted(stage.seconds)
    if len(sizes) < 3:
        return ""
    small, middle, large = sizes[-3:]
    t = stage.seconds
    lower, upper = t[middle] - t[small], t[large] - t[middle]
    if lower < NOISE and upper < NOISE:
        return "constant"
    if lower < NOISE:
        ratio, basis = (t[large] / large) / (t[middle] / middle), "per SOP"
    else:
        ratio = (upper / (large - middle)) / (lower / (middle - small))
        basis = "marginal"
    verdict = "linear" if ratio <= LINEAR_TOLERANCE else "NOT linear"
    return f"{verdict} ({basis} x{ratio:.2f})"


def table(stages: list[Stage], sizes: list[int]) -> str:
    """The Markdown table: medians, cost per SOP and times the libyaml floor at the
    largest size, linearity. Per-chart rows are in milliseconds, once."""
    largest = max(sizes)
    baseline = [s for s in stages if s.name.startswith("baseline")]
    wall_floor = next((s.seconds.get(largest) for s in baseline if "(CPU)" not in s.name), None)
    cpu_floor = next((s.seconds.get(largest) for s in baseline if "(CPU)" in s.name), None)
    head = ["stage", *(f"{n} SOPs" for n in sizes), f"per SOP at {largest}", "x floor", "growth"]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 2) + "|---|"]
    for stage in stages:
        if stage.name.startswith("flowchart per chart"):
            value = stage.seconds[largest] * 1000
            cells = ["" for n in sizes[:-1]] + [f"{value:.2f} ms"]
            lines.append("| " + " | ".join([stage.name, *cells, "", "", ""]) + " |")
            continue
        cells = [f"{stage.seconds[n]:.2f} s" if n in stage.seconds else "" for n in sizes]
        per_sop = stage.seconds.get(largest)
        per = f"{per_sop / largest * 1000:.1f} ms" if per_sop is not None else ""
        floor = cpu_floor if stage.name.endswith("(CPU)") else wall_floor
        ratio = f"{per_sop / floor:.1f}x" if per_sop is not None and floor else ""
        lines.append("| " + " | ".join([stage.name, *cells, per, ratio, linearity(stage)]) + " |")
    return "\n".join(lines)


def main() -> None:
    """Measure every stage and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--handbook", type=int, default=100, help="SOPs in the handbook (0: skip)")
    parser.add_argument("--handbook-runs", type=int, default=1)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated stage groups: check, generate, flowchart, build (default: all)",
    )
    args = parser.parse_args()
    ONLY.update(name for name in args.only.split(",") if name)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    SIZES_MEASURED.extend(sizes)

    compile_tree(Path(__file__).resolve().parent.parent)
    load_before = os.getloadavg()[0]
    stages: dict[str, Stage] = {}
    handbook: list[str] | None = None
    with tempfile.TemporaryDirectory(prefix="sop-bench-") as tmp:
        for count in sizes:
            print(f"{count} SOPs", file=sys.stderr, flush=True)
            project = write_project(Path(tmp) / f"p{count}", count)
            measure_size(project, args.runs, stages, count)
        if args.handbook:
            project = write_project(Path(tmp) / "handbook", args.handbook)
            handbook = measure_handbook(project, args.handbook_runs)

    print(
        f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average before the run "
        f"{load_before:.1f}; medians of {args.runs} runs (site build, cold: "
        f"{max(1, args.runs // 2)})\n"
    )
    print(table(list(stages.values()), sizes))
    if handbook is not None:
        print(f"\n`sop handbook`, {args.handbook} SOPs (median of {args.handbook_runs}):\n")
        print("\n".join(handbook))


if __name__ == "__main__":
    main()
