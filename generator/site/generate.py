"""A whole `sop generate`: the site's pages as plain Markdown, SVG and HTML files.

The same files the MkDocs plugin adds to a build, written into a folder for any
Markdown site tool. Only files whose bytes changed are written
(`generator.writeout`); an unchanged rerun into the same folder (same SOP
files, same tool, same options, the folder's files untouched) is answered from
the store without loading anything. Nothing here prints: `generate_run` returns
the output and the exit code.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from generator import runcache
from generator.check.twocores import TwoCores
from generator.messages import translate
from generator.problems import Severity, report_text
from generator.project import Project
from generator.runcache import CachedRun
from generator.store import Store
from generator.writeout import FolderWriter, untouched, write_changed

if TYPE_CHECKING:
    from generator.site.ahead import Ahead

EXIT_OK = 0
EXIT_PROBLEMS = 1


def generate_run(project: Project, out: Path, lang: str) -> CachedRun:
    """Write every page and flowchart of `project` into `out`; the output and exit code
    (1 when a file does not load: the others are written all the same, or when the
    registries do not load: nothing is written)."""
    # Into an empty folder on a fresh clone (no parse pack), the child that loads and
    # checks the last SOP files (`check.twocores`) starts now, as `sop check`'s does:
    # while this process hashes the files and imports the site's code, one core idled.
    cold = _empty(out)
    helper = project.start_early(TwoCores(project.root)) if cold else None
    try:
        return _run(project, out, lang, cold, helper)
    finally:
        if helper is not None:
            helper.finish()  # done already, unless the run stopped before its load


def _run(project: Project, out: Path, lang: str, cold: bool, helper: TwoCores | None) -> CachedRun:
    """`generate_run` once its first look at `out` (`cold`: empty) is done; `helper`:
    the check's child, started early (or None)."""
    root = project.root
    key = runcache.cache_key(
        "generate",
        root,
        {
            "out": str(out.resolve()),
            "sops": str(root.resolve()),
            "cache": project.cache,
            "lang": lang,
        },
    )
    store = project.store
    manifest = runcache.read_data(store, key)
    if manifest is not None and untouched(out, manifest.get("files")):
        return CachedRun(str(manifest.get("message", "")) + "\n", "", EXIT_OK)

    # Into an empty folder every chart is drawn: the chart engine's two modules start
    # (compile, on a cold store) in a thread while the SOPs load and are checked, that
    # work on one core, the compiler on the other. (After an edit most charts are
    # kept: no start.) A forked child makes the SOPs' folders and files there
    # meanwhile (see `ahead`; forked first: no thread yet).
    ahead = None
    if cold:  # imported here: a run with nothing to do never loads the site code
        from generator.site.ahead import start as start_ahead

        ahead = start_ahead(out, root)
    try:
        return _generate(project, store, out, lang, key, ahead, cold, helper)
    finally:
        if ahead is not None:
            ahead.tidy(ahead.written)


def _generate(
    project: Project,
    store: Store,
    out: Path,
    lang: str,
    key: str,
    ahead: Ahead | None,
    cold: bool,
    helper: TwoCores | None,
) -> CachedRun:
    """`generate_run` past its look at the whole output (`key`: its entry in `store`);
    `ahead`: the child making a cold run's files (stopped before the workers start),
    told which files the run wrote; `helper`: a child loading the last SOP files,
    started early (`Project.start_early`), or None."""
    from generator.flowchart.engine import modules_kept
    from generator.site.contentkey import content_key
    from generator.site.pagememo import PageMemo
    from generator.site.source import publication

    root = project.root
    module_store = store if store.enabled else None
    # Modules to compile: on a thread beside the check. Modules kept in the user's cache
    # folder load in ~60 ms: after the check, which then has no thread beside it and
    # may fork its second process (`check.twocores`), unless that child was forked
    # already (`Project.start_early`): then beside the check too.
    forked = helper is not None and helper.started
    compile_first = cold and not (module_store is not None and modules_kept())
    engine = _start_engines(module_store) if compile_first or (cold and forked) else None
    checked = project.load_and_check(helper)
    if cold and engine is None:
        engine = _start_engines(module_store)
    published = publication(checked, root)
    stdout, stderr = "", ""
    if checked.load_errors:  # shown; the SOPs that load are written anyway
        stdout, stderr = report_text(checked.load_errors, lang)
    if published is None:  # the registries do not load: nothing to write
        return CachedRun(stdout, stderr, EXIT_PROBLEMS)
    # The files depend only on what loaded: an edit that changes none of it (a
    # comment, a re-indented line) finds them already in `out` (see contentkey).
    # An empty `out` holds none: its key (and the charts') is made while the workers
    # work, for the next run (`later`).
    content = content_key(published, lang, out) if not (published.broken or cold) else None
    done = runcache.read_data(store, content) if content else None
    if done is not None and untouched(out, done.get("files")):
        runcache.write_data(store, key, done)
        return CachedRun(stdout + str(done.get("message", "")) + "\n", stderr, EXIT_OK)
    from generator.site import SiteOptions, generate_site
    from generator.site.flowcharts import ChartsToDraw, flowchart_keys

    repository = published.repository
    # The record of what is in `out` is kept whatever the SOPs hold.
    files_key = Store.key("generate-files", str(out.resolve()), lang)
    previous = runcache.read_data(store, files_key) or {}
    memo = PageMemo(
        store,
        present=_pages_in(out, previous),
        summaries=previous.get("summaries") if isinstance(previous.get("summaries"), dict) else {},
        index_present=_index_in(out, previous),
        kept_in_store=False,  # `out` keeps the pages: its record verifies each file
    )
    charts = flowchart_keys(repository, lang) if store.enabled and not cold else {}
    later: list[str] = []  # a cold run's content key

    def keys_for_later() -> None:
        if not published.broken:
            later.append(content_key(published, lang, out))
        if store.enabled:
            charts.update(flowchart_keys(repository, lang))

    charts_there = _charts_in(out, previous, charts)
    if engine is not None:
        engine.join()  # ready, and no thread of ours left when the workers fork
    if ahead is not None:
        ahead.stop()  # what it made is made: the workers make the rest
    # Each chart is drawn, and each SOP's files written, where its pages are made.
    flowcharts = ChartsToDraw(repository, lang, store=store, skip=charts_there, kept_in_store=False)
    recorded = previous.get("files")
    writer = FolderWriter(out, recorded if isinstance(recorded, dict) else {})
    chart_counts: dict[str, int] = {}
    files = generate_site(
        repository,
        published.report,
        flowcharts,
        SiteOptions(lang=lang),
        problems=published.problems,
        broken=published.broken,
        kept={sop_id: kept.origin for sop_id, kept in published.kept.items()},
        memo=memo,
        charts_kept=charts_there,
        writer=writer,
        chart_counts=chart_counts,
        meanwhile=keys_for_later if cold else None,
    )
    if later:
        content = later[0]
    result = write_changed(out, files, recorded, kept=memo.kept_paths, done=writer)
    if ahead is not None:
        ahead.written = result.manifest  # the files made ahead that stay
    report = checked.report
    errors = sum(p.severity is Severity.ERROR for p in report.findings) if report else 0
    count = len(files) + len(memo.kept_paths) + len(writer.manifest)
    message = translate("site.cli.generated", lang, count=count, out=out, errors=errors)
    runcache.write_data(
        store,
        files_key,
        {
            "files": result.manifest,
            "pages": memo.keys,
            "summaries": memo.summaries,
            "index": memo.index_keys,
            "charts": _charts_record(charts, charts_there, chart_counts),
        },
    )
    if not published.broken:  # a finished run: the next identical one need not look again
        runcache.write_data(store, key, {"message": message, "files": result.manifest})
        if content:
            runcache.write_data(store, content, {"message": message, "files": result.manifest})
    store.prune()
    return CachedRun(
        stdout + message + "\n", stderr, EXIT_PROBLEMS if published.broken else EXIT_OK
    )


def _pages_in(out: Path, record: dict) -> dict[str, str]:
    """SOP id -> key of its pages that `out` still holds as the last run wrote them.

    `record` is the last run's record of `out` (files manifest, and per SOP the
    key of its pages and their paths); an SOP any of whose pages changed on
    disk, or is gone, is left out (its pages are made again).
    """
    manifest, pages = record.get("files"), record.get("pages")
    if not isinstance(manifest, dict) or not isinstance(pages, dict):
        return {}
    present = {}
    for sop_id, kept in pages.items():
        if not (isinstance(kept, list) and len(kept) == 2 and isinstance(kept[0], str)):
            continue
        key, paths = kept
        if not isinstance(paths, list) or not paths:
            continue
        own = {path: manifest.get(path) for path in paths if isinstance(path, str)}
        if len(own) == len(paths) and untouched(out, own):
            present[sop_id] = key
    return present


def _index_in(out: Path, record: dict) -> dict[str, str]:
    """Index page path -> key of the page that `out` still holds as the last run wrote it
    (`record`: the last run's record of `out`, see `_pages_in`)."""
    manifest, index = record.get("files"), record.get("index")
    if not isinstance(manifest, dict) or not isinstance(index, dict):
        return {}
    return {
        path: key
        for path, key in index.items()
        if isinstance(path, str)
        and isinstance(key, str)
        and path in manifest
        and untouched(out, {path: manifest[path]})
    }


def _chart_paths(sop_id: str, count: int) -> list[str]:
    from generator.site.views import flowchart_file

    return [flowchart_file(sop_id, number, count) for number in range(1, count + 1)]


def _charts_in(out: Path, record: dict, keys: dict[str, str]) -> dict[str, list[str]]:
    """SOP id -> the paths of its flowchart files, for each SOP whose chart `out` still
    holds as the last run wrote it under the key it has now (`keys`)."""
    manifest, charts = record.get("files"), record.get("charts")
    if not isinstance(manifest, dict) or not isinstance(charts, dict):
        return {}
    there = {}
    for sop_id, key in keys.items():
        kept = charts.get(sop_id)
        if not (isinstance(kept, list) and len(kept) == 2 and kept[0] == key):
            continue
        paths = kept[1]
        if not isinstance(paths, list) or not paths or paths != _chart_paths(sop_id, len(paths)):
            continue
        own = {path: manifest.get(path) for path in paths}
        if untouched(out, own):
            there[sop_id] = paths
    return there


def _charts_record(
    keys: dict[str, str], there: dict[str, list[str]], counts: Mapping[str, int]
) -> dict[str, list]:
    """SOP id -> [chart key, its flowchart files] of this run, for the next (`counts`:
    SOP id -> its number of flowchart pages)."""
    record: dict[str, list] = {}
    for sop_id, key in keys.items():
        if sop_id in there:
            record[sop_id] = [key, there[sop_id]]
        elif counts.get(sop_id):
            record[sop_id] = [key, _chart_paths(sop_id, counts[sop_id])]
    return record


def _start_engines(store: Store | None) -> threading.Thread:
    """A started thread that makes both of this process's chart engines ready: the pinned
    charts' and the budgeted one of the process map (`dot` layout); join it before
    drawing or forking."""

    def start() -> None:
        from generator.flowchart.render import EngineError, render

        # A failure is reported by the first real drawing, with its hint.
        with contextlib.suppress(EngineError):
            render("digraph {}", module_store=store)
            render("digraph {}", layout="dot", module_store=store)

    thread = threading.Thread(target=start, name="chart-engines", daemon=True)
    thread.start()
    return thread


def _empty(out: Path) -> bool:
    """True when `out` is missing or holds nothing (a first run into it)."""
    try:
        return next(out.iterdir(), None) is None
    except OSError:
        return True
