"""The whole site as a mapping {path: text or bytes}: pure, no file or process I/O.

    generate_site(repository, report, flowcharts, options) -> {"index.md": "...", ...}

Paths are relative to the documentation folder. Pages:

- `index.md`: the catalogue (sortable table of every SOP);
- `sop/<id>/index.md`: one SOP, laid out like the SOP AP form, with its
  flowchart SVG(s) next to it and `sop/<id>/daftar-periksa.md` (checklists);
- `bidang.md`, `jabatan/index.md` + `jabatan/<role>.md`, `peraturan.md`,
  `tinjauan.md`: the indexes (by unit, by role, by regulation, for reviewers);
- `peta-proses.md`: the map of processes (SOPs by Bidang, `keterkaitan` as arrows);
- `assets/sop/`: the stylesheet and the table sorter (no outside host).

SOP pages are linked from the indexes and found by search; only the index
pages belong in the navigation, so every page stays small as SOPs grow. The
index pages are left out of search (they list what the SOP pages say).

Every page is Markdown headings and blocks of HTML, nothing else: the HTML
is finished (escaped, links resolved for `options.link_style`), so the MkDocs
plugin lets Markdown parse the headings only (a test holds the templates to it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from importlib import resources

from markupsafe import Markup

from generator.check import CheckReport, SopReport
from generator.duration import WorkCalendar
from generator.messages import DEFAULT_LANG
from generator.model import Repository, SopEntry
from generator.monitoring.status import reference_date
from generator.problems import Problem, Severity
from generator.resolved import laws_in_order, registered_bidang, roles_in_order, seksi_of
from generator.review.evaluation import evaluation_markdown
from generator.site.forkmap import fork_map, forks
from generator.site.indexkey import index_key
from generator.site.monitoring import PEMANTAUAN_PAGE, monitoring_overview, sop_cycle_view
from generator.site.official_table import site_table
from generator.site.pagememo import PageMemo
from generator.site.process_map import (
    PROCESS_MAP_PAGE,
    draw_process_map,
    process_map_graph,
    process_map_links,
)
from generator.site.render import environment, render_page
from generator.site.summary import RoleShare, SopSummary, summarise
from generator.site.views import (
    ASSET_FOLDER,
    BIDANG_PAGE,
    HOME_PAGE,
    JABATAN_INDEX,
    PERATURAN_PAGE,
    TINJAUAN_PAGE,
    FindingView,
    RegulationView,
    SopView,
    checklist_page,
    evaluation_page,
    finding_view,
    flowchart_file,
    jabatan_page,
    regulation_view,
    sop_page,
    sop_view,
    sorted_findings,
    timing_for,
)
from generator.timing import SopTiming
from generator.writeout import FolderWriter, Manifest

# Index pages rendered at once, per worker, from which they are rendered in workers
# (a cold run at 1,000 SOPs renders ~11 of 10-25 ms each; an edit changes a few).
INDEX_PARALLEL_FROM = 4
# ... and only for a site of at least this many SOPs (see `generate_site`).
INDEX_FORK_FROM = 3_000

# The templates of an SOP's own pages, their includes and imports too.
OWN_TEMPLATES = (
    "sop.md.j2",
    "_tabel_resmi.html.j2",
    "_pemantauan_sop.md.j2",
    "_cari_sop.html.j2",
    "macros.j2",
    "evaluasi.md.j2",
    "daftar-periksa.md.j2",
)
ASSETS = ("sop.css", "tablesort.js", "cari.js", "penyunting.js", "cetak.js")
# The procedure table's font (generator/fonts/webfont.py), copied as bytes.
FONT_ASSETS = (
    "fonts/LiberationSans-Regular.woff",
    "fonts/LiberationSans-Bold.woff",
    "fonts/LiberationSans-Italic.woff",
    "fonts/LICENSE-OFL.txt",
)
STYLESHEET = f"{ASSET_FOLDER}/sop.css"
# Scripts on every page (the search box loads assets/sop/cari.js itself).
SCRIPTS = (
    f"{ASSET_FOLDER}/tablesort.js",
    f"{ASSET_FOLDER}/penyunting.js",
    f"{ASSET_FOLDER}/cetak.js",
)


def sop_pdf_file(sop_id: str) -> str:
    """Where `sop build` puts one SOP's own PDF in the site (linked "Unduh PDF")."""
    return f"sop/{sop_id}.pdf"


@dataclass(frozen=True)
class SiteOptions:
    """How the pages are written."""

    lang: str = DEFAULT_LANG
    # Link for "edit this file": a template with {path} (the YAML path), or None.
    edit_url: str | None = None
    # SOP id -> the YAML path shown and used in the edit link (default: entry.path).
    source_paths: Mapping[str, str] = field(default_factory=dict)
    # How raw-HTML links address pages: "md" (plain files), "directory" (MkDocs'
    # use_directory_urls) or "html".
    link_style: str = "md"
    # The printed handbook's file at the site root (written by `sop build`), or None.
    handbook: str | None = None
    # The reference date of the monitoring views (None: from the data, see reference_date).
    today: dt.date | None = None
    # The register (XLSX) at the site root (written by `sop build`), or None.
    register: str | None = None


def navigation(lang: str = DEFAULT_LANG) -> list[tuple[str, str]]:
    """The index pages, in navigation order: (label key, path)."""
    return [
        ("nav.beranda", HOME_PAGE),
        ("nav.bidang", BIDANG_PAGE),
        ("nav.jabatan", JABATAN_INDEX),
        ("nav.peraturan", PERATURAN_PAGE),
        ("nav.peta", PROCESS_MAP_PAGE),
        ("nav.tinjauan", TINJAUAN_PAGE),
        ("nav.pemantauan", PEMANTAUAN_PAGE),
    ]


def generate_site(
    repository: Repository,
    report: CheckReport | None,
    flowcharts: Mapping[str, Sequence[bytes]],
    options: SiteOptions = SiteOptions(),
    problems: Sequence[Problem] = (),
    since_signed: Mapping[str, tuple[str, Sequence[str]]] | None = None,
    broken: Sequence[str] = (),
    kept: Mapping[str, str] | None = None,
    memo: PageMemo | None = None,
    charts_kept: Mapping[str, Sequence[str]] | None = None,
    writer: FolderWriter | None = None,
    chart_counts: dict[str, int] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> dict[str, str | bytes]:
    """Every page and asset of the site.

    `report` is the check report (None: no findings, timings computed here);
    `flowcharts` maps an SOP id to its SVG pages; `problems` are extra
    findings to show (e.g. the loader's warnings); `since_signed` maps a
    draft's id to its last signed version (a label) and the changes since.
    `broken` lists the SOP files that did not load (shown on Tinjauan); `kept`
    maps the id of an SOP shown from its last version that loaded (its file is
    broken) to where that version came from (marked on its page); `memo`
    keeps each SOP's own pages between runs (`pagememo`); the pages of an SOP
    that the memo says the destination already holds are left out of the
    result and listed in `memo.kept_paths`, as are the flowchart files that
    `charts_kept` names (SOP id -> its SVG paths; with a memo only) instead
    of `flowcharts` giving them: the destination already holds them.

    With a `writer` (of the destination folder), each SOP's own files (its
    pages and flowchart files) are written by it where they are made (in the
    workers), and left out of the result: they are in `writer.manifest`.
    `chart_counts`, when given, receives each SOP's number of flowchart pages.
    `flowcharts` may draw on demand (`site.flowcharts.ChartsToDraw`): each
    SOP's chart is then drawn where its pages are made. `meanwhile`, when given,
    is called once, in this process, while workers make the SOPs' pages (see
    `forkmap.fork_map`).
    """
    kept = kept or {}
    lang, style = options.lang, options.link_style
    calendar = repository.pengaturan.kalender_kerja.calendar()
    all_findings = [*problems, *(report.findings if report else ())]
    by_path: dict[str, list[Problem]] = {}
    for finding in all_findings:
        by_path.setdefault(finding.position.path, []).append(finding)

    files: dict[str, str | bytes] = {}
    summaries: list[SopSummary] = []  # what the index pages read of each SOP
    today = options.today or reference_date(repository, {})
    site_key = _site_key(repository, options) if memo is not None else ""
    site = _SiteInputs(
        repository, report, flowcharts, options, by_path, calendar, today, site_key, kept, memo,
        charts_kept if memo is not None else None, writer,
    )  # fmt: skip
    jobs: list[tuple[SopEntry, _Prepared | None]] = []
    done: dict[str, _SopPart] = {}
    for entry in repository.sops:
        prepared = _prepare(site, entry) if _count_known(site, entry) else None
        if prepared is not None and prepared.there and prepared.summary is not None:
            # Neither its pages nor its view are made: the destination holds them.
            done[entry.id] = _collect(site, prepared, {})
        else:
            jobs.append((entry, prepared))
    # Each SOP's own work (its chart, view, pages and their files) takes most of a cold
    # run: on every core (see forkmap), only small results coming back.
    if forks(len(jobs)):
        for template in OWN_TEMPLATES:  # compiled once, before any fork
            environment().get_template(template)
        before_fork = getattr(flowcharts, "before_fork", None)
        if callable(before_fork):
            before_fork()
    parent = os.getpid()
    early = _EarlyIndex(repository, memo, lang, style, today, options.register)
    early.compile_all = forks(len(jobs))  # beside the workers; else only what is rendered
    for part in fork_map(
        partial(_sop_part, site, parent),
        jobs,
        meanwhile=partial(_in_turn, early.prepare, meanwhile),
    ):
        if part.pid != parent:  # made in a worker: what it noted there, noted here
            part.apply(memo, writer)
        done[part.sop_id] = part
    for entry in repository.sops:
        part = done[entry.id]
        summaries.append(part.summary)
        files.update(part.files)
        if chart_counts is not None:
            chart_counts[entry.id] = part.chart_count

    pending: list[tuple] = []  # the index pages to render (see `_index_page`)
    page = partial(_index_page, files, pending, memo, lang, style, early.keys)
    catalogue = sorted(summaries, key=lambda v: (v.nama.casefold(), v.id))
    page(
        "index.md.j2",
        HOME_PAGE,
        sops=catalogue,
        instansi=repository.organisasi.instansi,
        handbook=options.handbook,
    )
    page("bidang.md.j2", BIDANG_PAGE, groups=_by_bidang(repository, catalogue))
    roles = _by_role(repository, catalogue)
    # The counts alone: a step's text shows on its role's page, not on this one.
    page("jabatan-index.md.j2", JABATAN_INDEX, roles=[_role_count(role) for role in roles])
    for role in roles:
        page("jabatan.md.j2", jabatan_page(role.id), role=role)
    regulations, unused = _by_regulation(repository, catalogue, lang)
    page(
        "peraturan.md.j2",
        PERATURAN_PAGE,
        regulations=regulations,
        unused=unused,
        sops=catalogue,
    )
    page("peta-proses.md.j2", PROCESS_MAP_PAGE, peta=early.map, draw=early.drawn_map)
    summary_by_path = {
        entry.path: summary for entry, summary in zip(repository.sops, summaries, strict=True)
    }
    review = [
        ReviewGroup(
            path,
            summary_by_path.get(path),
            [finding_view(p, lang) for p in sorted_findings(found)],
        )
        for path, found in sorted(by_path.items())
    ]
    page(
        "tinjauan.md.j2",
        TINJAUAN_PAGE,
        review=review,
        drafts=[v for v in catalogue if v.status_key == "draf"],
        since_signed=since_signed or {},
        broken=_broken_files(broken, summaries, kept),
        total={s.value: sum(f.severity is s for f in all_findings) for s in Severity},
    )
    page("pemantauan.md.j2", PEMANTAUAN_PAGE, **early.monitoring)
    # The index pages left to render (the early ones are done). A cold run's cost
    # ~0.18 ms an SOP here (1,000 SOPs: 0.18 s); two forked workers cost ~0.1 s of CPU
    # to start from a process holding 1,000 SOPs and gave nothing back at load 2-3, so
    # they render on every core only for a larger site. The process map is drawn here
    # first: a forked worker must not start an engine (its compiler's threads stay
    # behind in this process: the child would hang).
    to_render = [job for job in pending if job[1] not in early.rendered]
    if len(summaries) >= INDEX_FORK_FROM and forks(
        len(to_render), parallel_from=INDEX_PARALLEL_FROM
    ):
        to_render = [
            (template, path, None, dict(draw(**context)) if draw else context)
            for template, path, draw, context in to_render
        ]
        for template in dict.fromkeys(job[0] for job in to_render):  # compiled before the fork
            environment().get_template(template)
        rendered = fork_map(
            partial(_render_index, lang, style), to_render, parallel_from=INDEX_PARALLEL_FROM
        )
    else:
        rendered = [_render_index(lang, style, *job) for job in to_render]
    texts = iter(rendered)
    for _, path, _, _ in pending:
        files[path] = early.rendered[path] if path in early.rendered else next(texts)
    assets = resources.files("generator.site").joinpath("assets")
    for name in ASSETS:
        files[f"{ASSET_FOLDER}/{name}"] = assets.joinpath(name).read_text("utf-8")
    for name in FONT_ASSETS:
        files[f"{ASSET_FOLDER}/{name}"] = assets.joinpath(name).read_bytes()
    return files


# The index pages made from the repository alone (not from the SOPs' summaries).
_EARLY_PAGES = {PROCESS_MAP_PAGE: "peta-proses.md.j2", PEMANTAUAN_PAGE: "pemantauan.md.j2"}
# Every index page's template, compiled early (see `_EarlyIndex.prepare`).
_INDEX_TEMPLATES = (
    "index.md.j2",
    "bidang.md.j2",
    "jabatan-index.md.j2",
    "jabatan.md.j2",
    "peraturan.md.j2",
    "tinjauan.md.j2",
    *_EARLY_PAGES.values(),
)


class _EarlyIndex:
    """The index work that needs no SOP's summary: the process map (laid out by
    Graphviz), the monitoring overview, their two pages rendered, every index
    template compiled. `prepare` does it while the workers make the SOPs' pages
    (this process only waits for them then: a cold run's ~0.2 s of CPU taken off
    the work left after them); whatever it did not do is done when asked for.
    A page the destination holds as it would be made (its key, `memo`) is not
    drawn nor rendered."""

    def __init__(
        self,
        repository: Repository,
        memo: PageMemo | None,
        lang: str,
        style: str,
        today: dt.date,
        register: str | None,
    ) -> None:
        self.repository, self.memo, self.lang, self.style = repository, memo, lang, style
        self.today, self.register = today, register
        self.rendered: dict[str, str] = {}  # early page path -> its text
        self.compile_all = False  # whether `prepare` compiles every index template
        self.keys: dict[str, str] = {}  # early page path -> its key, when made
        self._drawn: dict[str, object] | None = None

    @cached_property
    def map(self) -> _MapToDraw:
        """The process map before Graphviz lays it out (the key of its page)."""
        repository = self.repository
        graph, outside = process_map_graph(repository, self.lang, self.style)
        return _MapToDraw(
            graph.source, outside, len(repository.sops), process_map_links(repository)
        )

    @cached_property
    def monitoring(self) -> dict[str, object]:
        """The monitoring page's context."""
        sops_by_cycle, counts = monitoring_overview(self.repository, self.today, self.lang)
        return {
            "sops": sops_by_cycle,
            "counts": counts,
            "today": self.today,
            "register": self.register,
        }

    def drawn_map(self, peta: _MapToDraw) -> dict[str, object]:
        """The map page's context, the map laid out (once)."""
        if self._drawn is None:
            self._drawn = _drawn_map(self.repository, peta)
        return self._drawn

    def prepare(self) -> None:
        """Do the early work now: both pages rendered unless the destination holds them,
        and with `compile_all` every index template compiled (after an edit, with a
        few pages to render, each is compiled when rendered: ~5 ms a template)."""
        contexts = {PROCESS_MAP_PAGE: {"peta": self.map}, PEMANTAUAN_PAGE: self.monitoring}
        for path, template in _EARLY_PAGES.items():
            context = contexts[path]
            if self._there(template, path, context):
                continue
            if path == PROCESS_MAP_PAGE:
                context = self.drawn_map(self.map)
            self.rendered[path] = render_page(template, path, self.lang, self.style, **context)
        for template in _INDEX_TEMPLATES if self.compile_all else ():
            environment().get_template(template)

    def _there(self, template: str, path: str, context: Mapping[str, object]) -> bool:
        """Whether the destination holds the page as `context` makes it (nothing noted)."""
        present = self.memo.index_present if self.memo is not None else None
        if present is None or path not in present:
            return False
        key = self.keys[path] = index_key(template, path, self.lang, self.style, context)
        return present[path] == key


def _in_turn(*calls: Callable[[], None] | None) -> None:
    """Call each of `calls` (None: nothing) in turn."""
    for call in calls:
        if call is not None:
            call()


@dataclass(frozen=True)
class BrokenFile:
    """A file that did not load, and the page showing its last good version (if any)."""

    path: str
    sop: SopSummary | None
    origin: str


def _broken_files(
    broken: Sequence[str], summaries: list[SopSummary], kept: Mapping[str, str]
) -> list[BrokenFile]:
    summary_by_id = {summary.id: summary for summary in summaries}
    result = []
    for path in broken:
        sop_id = posixpath.splitext(posixpath.basename(path.replace("\\", "/")))[0]
        shown = summary_by_id.get(sop_id) if sop_id in kept else None
        result.append(BrokenFile(path, shown, kept.get(sop_id, "")))
    return result


@dataclass(frozen=True)
class _MapToDraw:
    """The process map before Graphviz lays it out: its DOT source and counts."""

    source: str
    outside: int
    sops: int
    links: int


def _drawn_map(repository: Repository, peta: _MapToDraw) -> dict[str, object]:
    """The map page's context: the map drawn (`peta`) and its SVG as markup."""
    drawn = draw_process_map(peta.source, peta.outside, repository)
    # Graphviz's SVG of labels it escaped itself (from DOT quoted by `graphviz`).
    return {"peta": drawn, "svg": Markup(drawn.svg)}


def _index_page(
    files: dict[str, str | bytes],
    pending: list[tuple],
    memo: PageMemo | None,
    lang: str,
    style: str,
    known: Mapping[str, str],
    template: str,
    path: str,
    draw: Callable[..., Mapping[str, object]] | None = None,
    **context: object,
) -> None:
    """Note the index page `path` in `pending`, to render (`_render_index`), and its place
    in `files`, unless the memo says the destination already holds it as `context`
    makes it (its key: `indexkey`; `known`: keys made already, by page path). `draw`,
    when given, turns the keyed `context` into the template's context (work done only
    to render)."""
    if (
        memo is not None
        and memo.index_present is not None  # the caller keeps a record of its index pages
        and memo.index_there(
            path, known.get(path) or index_key(template, path, lang, style, context)
        )
    ):
        return
    files[path] = ""  # its place in the order of the files, filled when rendered
    pending.append((template, path, draw, context))


def _render_index(
    lang: str,
    style: str,
    template: str,
    path: str,
    draw: Callable[..., Mapping[str, object]] | None,
    context: dict[str, object],
) -> str:
    """One index page noted by `_index_page`, rendered."""
    if draw is not None:
        context = dict(draw(**context))
    return render_page(template, path, lang, style, **context)


def _sop_pages(
    repository: Repository,
    entry: SopEntry,
    view: SopView,
    timing: SopTiming,
    by_path: Mapping[str, list[Problem]],
    calendar: WorkCalendar,
    lang: str,
    style: str,
    pemantauan: object,
    pdf: str | None,
) -> dict[str, str]:
    """One SOP's own pages: the SOP page, its evaluation sheet and its checklists."""
    files: dict[str, str] = {}
    files[view.page] = render_page(
        "sop.md.j2",
        view.page,
        lang,
        style,
        sop=view,
        pemantauan=pemantauan,
        table=site_table(entry.sop, repository.organisasi, lang),
        pdf=pdf,
    )
    files[view.evaluation] = render_page(
        "evaluasi.md.j2",
        view.evaluation,
        lang,
        style,
        nama=entry.sop.nama,
        back=view.page,
        # Markdown made by the review package, its SOP text escaped there already.
        body=Markup(
            evaluation_markdown(
                SopReport(entry, timing),
                by_path.get(entry.path, []),
                repository,
                calendar,
                lang,
            )
        ),
    )
    files[view.checklist] = render_page(
        "daftar-periksa.md.j2",
        view.checklist,
        lang,
        style,
        sop=view,
    )
    return files


@dataclass(frozen=True)
class _SiteInputs:
    """What every SOP's own work reads (inherited by forked workers, never pickled)."""

    repository: Repository
    report: CheckReport | None
    flowcharts: Mapping[str, Sequence[bytes]]
    options: SiteOptions
    by_path: Mapping[str, list[Problem]]
    calendar: WorkCalendar
    today: dt.date
    site_key: str
    kept: Mapping[str, str]
    memo: PageMemo | None
    charts_kept: Mapping[str, Sequence[str]] | None
    writer: FolderWriter | None


@dataclass
class _Prepared:
    """One SOP before its pages are made: what its memo key reads, and the key."""

    entry: SopEntry
    source: str
    timing: SopTiming
    chart_count: int
    svgs: list[bytes]  # its flowchart pages to write (none when the destination holds them)
    pemantauan: object
    key: str | None
    summary: SopSummary | None
    there: bool


@dataclass
class _SopPart:
    """One SOP's share of the site: its summary, its files (or, written by a worker's
    `FolderWriter`, their manifest entries) and what the worker noted in the memo."""

    sop_id: str
    summary: SopSummary
    chart_count: int
    files: dict[str, str | bytes] = field(default_factory=dict)
    pid: int = 0
    written: Manifest = field(default_factory=dict)
    written_count: int = 0
    memo_record: list | None = None
    memo_summary: list | None = None
    kept_paths: list[str] = field(default_factory=list)
    hits: int = 0
    misses: int = 0
    store_bytes: int = 0

    def apply(self, memo: PageMemo | None, writer: FolderWriter | None) -> None:
        """Note in this process what the worker that made this part noted in its own."""
        if memo is not None:
            if self.memo_record is not None:
                memo.keys[self.sop_id] = self.memo_record
            if self.memo_summary is not None:
                memo.summaries[self.sop_id] = self.memo_summary
            memo.kept_paths.extend(self.kept_paths)
            memo.hits += self.hits
            memo.misses += self.misses
            memo.store.count_written(self.store_bytes)
        if writer is not None:
            writer.adopt(self.written, self.written_count)


def _count_known(site: _SiteInputs, entry: SopEntry) -> bool:
    """Whether `entry`'s number of flowchart pages is known without drawing its chart."""
    if site.charts_kept is not None and entry.id in site.charts_kept:
        return True
    return not callable(getattr(site.flowcharts, "before_fork", None))


def _prepare(site: _SiteInputs, entry: SopEntry) -> _Prepared:
    """`entry`'s memo key and what it reads, its chart drawn when needed; notes the key
    (and the kept chart files) in the memo."""
    memo, options = site.memo, site.options
    source = options.source_paths.get(entry.id, entry.path)
    timing = timing_for(
        site.report, entry, site.calendar, site.repository.organisasi.external_roles
    )
    charts_there = site.charts_kept.get(entry.id) if site.charts_kept is not None else None
    svgs: list[bytes] = []
    if charts_there is not None and memo is not None:
        chart_count = len(charts_there)
        memo.kept_paths.extend(charts_there)
    else:
        svgs = list(site.flowcharts.get(entry.id, ()))
        chart_count = len(svgs)
    pemantauan = sop_cycle_view(site.repository, entry.id, site.today, options.lang)
    key = None
    summary = None
    there = False
    if memo is not None:
        key = memo.key(
            site.site_key,
            entry.id,
            source,
            entry.sop.json_text,
            repr(site.by_path.get(entry.path, [])),
            # Not the timing: it is computed from the SOP, the calendar and the
            # outside roles, all in the key already (its repr is 3.6 KB an SOP).
            str(chart_count),
            repr(site.kept.get(entry.id)),
            repr(pemantauan),
        )
        own_paths = (sop_page(entry.id), evaluation_page(entry.id), checklist_page(entry.id))
        summary = memo.summary(entry.id, key)
        there = memo.already_there(entry.id, key, own_paths)
    return _Prepared(entry, source, timing, chart_count, svgs, pemantauan, key, summary, there)


def _collect(site: _SiteInputs, prepared: _Prepared, pages: Mapping[str, str]) -> _SopPart:
    """The part of a prepared SOP: its flowchart files and `pages`, written by the
    site's writer when it has one."""
    entry = prepared.entry
    part = _SopPart(entry.id, prepared.summary, prepared.chart_count)  # type: ignore[arg-type]
    own: dict[str, str | bytes] = {}
    for number, svg in enumerate(prepared.svgs, start=1):
        own[flowchart_file(entry.id, number, prepared.chart_count)] = svg
    own.update(pages)
    if site.writer is None:
        part.files = own
    else:
        for path, content in own.items():
            site.writer.write(path, content)
    return part


def _sop_part(
    site: _SiteInputs, parent: int, entry: SopEntry, prepared: _Prepared | None
) -> _SopPart:
    """One SOP's own work: its chart (when drawn here), view, summary and pages, and
    their files written when the site has a writer; in a worker, the memo's and the
    writer's notes travel back in the part (`_SopPart.apply`)."""
    memo, writer = site.memo, site.writer
    pid = os.getpid()
    in_worker = pid != parent
    if in_worker:
        kept_before = len(memo.kept_paths) if memo is not None else 0
        hits, misses = (memo.hits, memo.misses) if memo is not None else (0, 0)
        stored = memo.store.written_bytes() if memo is not None else 0
        if writer is not None:  # this job's files only (the worker's copy of the writer)
            writer.manifest = {}
        written_before = writer.written if writer is not None else 0
    if prepared is None:
        prepared = _prepare(site, entry)
    part = _make_part(site, prepared)
    part.pid = pid
    if in_worker:
        if memo is not None:
            part.memo_record = memo.keys.get(entry.id)
            part.memo_summary = memo.summaries.get(entry.id)
            part.kept_paths = memo.kept_paths[kept_before:]
            part.hits, part.misses = memo.hits - hits, memo.misses - misses
            part.store_bytes = memo.store.written_bytes() - stored
        if writer is not None:
            part.written = writer.manifest
            part.written_count = writer.written - written_before
    return part


def _make_part(site: _SiteInputs, prepared: _Prepared) -> _SopPart:
    """The summary and pages of a prepared SOP (its pages read from the memo when kept)."""
    repository, options, memo = site.repository, site.options, site.memo
    entry, source, key = prepared.entry, prepared.source, prepared.key
    view = sop_view(
        repository,
        entry,
        prepared.timing,
        site.by_path.get(entry.path, []),
        prepared.chart_count,
        lang=options.lang,
        source_path=source,
        edit_url=options.edit_url.format(path=source) if options.edit_url else None,
    )
    if entry.id in site.kept:
        view = dataclasses.replace(view, kept_from=site.kept[entry.id])
    if prepared.summary is None:
        prepared.summary = summarise(view)
        if memo is not None and key is not None:
            memo.keep_summary(entry.id, key, prepared.summary)
    if prepared.there:
        return _collect(site, prepared, {})
    if memo is not None and key is not None:
        found = memo.get(key)
        if found is not None and set(found) == {view.page, view.evaluation, view.checklist}:
            return _collect(site, prepared, found)
    pdf = sop_pdf_file(entry.id) if options.handbook else None
    pages = _sop_pages(
        repository,
        entry,
        view,
        prepared.timing,
        site.by_path,
        site.calendar,
        options.lang,
        options.link_style,
        prepared.pemantauan,
        pdf,
    )
    if memo is not None and key is not None:
        memo.put(key, pages)
    return _collect(site, prepared, pages)


def _site_key(repository: Repository, options: SiteOptions) -> str:
    """What every SOP page depends on besides its own SOP (see `pagememo`), hashed once:
    each SOP's key then hashes 64 characters, not the registries and every SOP's name."""
    others = [(e.id, e.sop.nama, e.path) for e in repository.sops]
    return PageMemo.key(
        json.dumps(
            [
                options.lang,
                options.link_style,
                options.edit_url,
                options.handbook,
                repository.organisasi.model_dump_json(),
                repository.peraturan.model_dump_json(),
                repository.pengaturan.model_dump_json(),
                others,
            ]
        )
    )


@dataclass(frozen=True)
class ReviewGroup:
    """The findings in one file, with the SOP page when the file is an SOP."""

    path: str
    sop: SopSummary | None
    findings: list[FindingView]


@dataclass(frozen=True)
class SeksiGroup:
    """The SOPs of one Seksi (or of the Bidang itself when `nama` is empty)."""

    nama: str
    sops: list[SopSummary]


@dataclass(frozen=True)
class BidangGroup:
    """The SOPs of one Bidang, by Seksi."""

    id: str
    nama: str
    seksi: list[SeksiGroup]

    @property
    def count(self) -> int:
        return sum(len(group.sops) for group in self.seksi)


def _by_bidang(repository: Repository, views: list[SopSummary]) -> list[BidangGroup]:
    groups = []
    registered = registered_bidang(repository)
    known = {unit.bidang_id for unit in registered}
    for unit in registered:
        own = [v for v in views if v.bidang_id == unit.bidang_id]
        if not own:
            continue
        seksi_groups = [SeksiGroup("", [v for v in own if not v.seksi_id])]
        sections = seksi_of(repository, unit.bidang_id)
        for seksi in sections:
            mine = [v for v in own if v.seksi_id == seksi.seksi_id]
            seksi_groups.append(SeksiGroup(seksi.seksi or "", mine))
        named = {seksi.seksi_id for seksi in sections}
        stray = [v for v in own if v.seksi_id and v.seksi_id not in named]
        seksi_groups.append(SeksiGroup("?", stray))
        groups.append(BidangGroup(unit.bidang_id, unit.bidang, [g for g in seksi_groups if g.sops]))
    stray = [v for v in views if v.bidang_id not in known]
    if stray:
        groups.append(BidangGroup("?", "?", [SeksiGroup("", stray)]))
    return groups


@dataclass(frozen=True)
class RoleSteps:
    """Every step one role performs, SOP by SOP."""

    id: str
    label: str
    nama: str
    eksternal: bool
    sops: list[tuple[SopSummary, RoleShare]]  # each SOP with the steps the role performs

    @property
    def page(self) -> str:
        return jabatan_page(self.id)

    @property
    def step_count(self) -> int:
        return sum(share.count for _, share in self.sops)


@dataclass(frozen=True)
class RoleCount:
    """One role as the roles' index lists it: how many SOPs and steps it performs."""

    id: str
    label: str
    nama: str
    eksternal: bool
    sop_count: int
    step_count: int

    @property
    def page(self) -> str:
        return jabatan_page(self.id)


def _role_count(role: RoleSteps) -> RoleCount:
    return RoleCount(
        role.id, role.label, role.nama, role.eksternal, len(role.sops), role.step_count
    )


def _by_role(repository: Repository, summaries: list[SopSummary]) -> list[RoleSteps]:
    performed: dict[str, list[tuple[SopSummary, RoleShare]]] = {}
    for summary in summaries:
        for share in summary.role_steps:
            performed.setdefault(share.role, []).append((summary, share))
    return [
        RoleSteps(role.id, role.label, role.nama, role.eksternal, performed[role.id])
        for role in roles_in_order(repository, set(performed))
    ]


@dataclass(frozen=True)
class RegulationUse:
    """One regulation and the SOPs that cite it."""

    regulation: RegulationView
    sops: list[SopSummary]

    @cached_property
    def ids(self) -> frozenset[str]:
        """The ids of the SOPs that cite it (asked once per SOP by the matrix)."""
        return frozenset(view.id for view in self.sops)


def _by_regulation(
    repository: Repository, summaries: list[SopSummary], lang: str
) -> tuple[list[RegulationUse], list[RegulationView]]:
    cited: dict[str, list[SopSummary]] = {}
    for summary in summaries:
        for reg_id in summary.dasar_hukum:
            cited.setdefault(reg_id, []).append(summary)
    order, uncited = laws_in_order(repository, set(cited))
    used = [RegulationUse(regulation_view(repository, r, lang), cited[r]) for r in order]
    unused = [regulation_view(repository, r, lang) for r in uncited]
    return used, unused
