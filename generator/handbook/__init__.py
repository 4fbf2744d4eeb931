"""The printed SOP handbook (PDF) in the official SOP AP layout, made with Typst.

    build_handbook_document(repository, report, lang=..., only=..., options=...) -> dict
    build_handbook(repository, report, lang=..., only=..., options=...) -> Handbook
    build_handbook_pdf(...) -> bytes

The book: a cover (Pemerintah ..., the office, logo, title, year), the draft
Keputusan that enacts the SOPs with their list as Lampiran, the contents with
page numbers, "how to read an SOP" (every symbol and line style), then per SOP
its identity page (portrait, as on the form, with the signer's block and the
verification QR code), the procedure table with the symbol grid (landscape,
see `table`), the swimlane flowchart (landscape) and the evaluation sheet
(portrait). A4 or F4. Modules: `views` (what is printed), `table` (the
procedure table's rows, pages and symbols), `metrics` (text widths from the
bundled font), `keputusan`, `verify`, `paper`, `document` (all of it as JSON
data), `templates/handbook.typ` (the layout), `pdf` (Typst). The same input
gives the same bytes. See docs/handbook.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator.check import CheckReport
from generator.drawsize import too_large
from generator.flowchart import FlowchartCache, FlowchartOptions, flowchart_svgs
from generator.flowchart.extent import HEIGHT_SLACK, SMALLEST_TEXT, unframed_page_sizes
from generator.flowchart.layout import build_chart, chart_rows
from generator.fonts import FONT_FAMILY
from generator.handbook.assemble import BodyStore, render_book
from generator.handbook.document import book_data, sop_data
from generator.handbook.keputusan import build_keputusan, pemerintah_line
from generator.handbook.paper import Kertas, Paper, paper
from generator.handbook.pdf import HandbookUnavailable, check_available
from generator.handbook.table import Row, geometry_for
from generator.handbook.verify import verification
from generator.handbook.views import (
    Book,
    FlowchartPage,
    book_year,
    findings_for,
    report_for,
    sop_view,
    toc_groups,
    unit_name,
)
from generator.loader import logo_file
from generator.messages import DEFAULT_LANG, translate
from generator.model import Repository
from generator.model.repository import SopEntry
from generator.safepath import UnsafePathError
from generator.templatecache import SignedBytecodeCache

CAPTION_MM = 9.0  # the flowchart page's caption line, above the chart
MAX_CHART_SCALE = 1.4  # a small chart grows at most this much
PT_TO_MM = 25.4 / 72


@dataclass(frozen=True)
class HandbookOptions:
    """What goes into the book and how it is dated."""

    front_matter: bool = True  # cover, Keputusan, contents, "how to read"; off for one-SOP files
    flowchart: bool = True
    evaluation: bool = True
    keputusan: bool = True  # the draft Keputusan and its Lampiran (with the front matter)
    flowchart_max_rows: int = 4  # rows of the swimlane chart per landscape page (fewer: see
    # _flowcharts; 4 rarely needs a second drawing to reach MIN_CHART_PT)
    year: int | None = None  # on the cover; default: the latest year on the SOPs' dates
    created: str | None = None  # PDF creation date (ISO 8601); none by default, so builds repeat
    logo: tuple[bytes, str] | None = None  # (content, MIME type); default: the registry's file
    kertas: Kertas | None = None  # default: pengaturan.yaml's `kertas` (A4 when unset)
    site_url: str | None = None  # the intranet's address: QR code on each identity page


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator.handbook", "templates"),
        autoescape=True,
        trim_blocks=False,
        lstrip_blocks=False,
        bytecode_cache=SignedBytecodeCache(),
    )


def grid_svg(row: Row, width: float) -> str:
    """The symbol grid of one table row as an SVG document."""
    return _environment().get_template("grid.svg.j2").render(row=row, width=width, font=FONT_FAMILY)


def legend_svg(kind: str) -> str:
    """One symbol or line style of the "how to read" page, as an SVG document."""
    return _environment().get_template("_symbols.svg.j2").render(kind=kind, font=FONT_FAMILY)


SYMBOLS = ("terminator", "proses", "keputusan", "panah", "penghubung")
LINES = ("garis_panah", "garis_balik", "garis_gabung", "garis_salah_satu", "garis_label")
COLUMNS = (
    ("nomor_urut", "no"),
    ("kegiatan", "kegiatan"),
    ("pelaksana", "pelaksana"),
    ("mutu_baku", "mutu_baku"),
    ("keterangan", "keterangan"),
)


def howto_data(lang: str) -> dict[str, Any]:
    """The "how to read an SOP" page: every symbol and line style with its meaning."""

    def t(key: str) -> str:
        return translate(f"handbook.{key}", lang)

    return {
        "title": t("cara_membaca.judul"),
        "intro": t("cara_membaca.pengantar"),
        "symbols": [{"svg": legend_svg(k), "text": t(f"cara_membaca.{k}")} for k in SYMBOLS],
        "lines": [{"svg": legend_svg(k), "text": t(f"cara_membaca.{k}")} for k in LINES],
        "columns": [
            [t(f"tabel.{column}"), t(f"cara_membaca.kolom_{key}")] for column, key in COLUMNS
        ],
    }


def logo_from_registry(repository: Repository) -> tuple[bytes, str] | None:
    """The logo named in organisasi.yaml (relative to the sops/ folder), if it is a safe
    image inside the project (`loader.logo_file`; `sop check` reports why when not)."""
    source = repository.organisasi_source
    if source is None:
        return None
    try:
        found = logo_file(repository.organisasi, Path(source.path).parent)
    except UnsafePathError:
        return None
    return (found.data, found.mime) if found else None


def select_sops(
    repository: Repository,
    only: Sequence[str] | None = None,
    bidang: str | None = None,
    status: str | None = None,
) -> list[str]:
    """The ids of the SOPs to print: those named (all when none), of `bidang`, of `status`."""
    wanted = set(only) if only else None
    return [
        entry.id
        for entry in repository.sops
        if (wanted is None or entry.id in wanted)
        and (bidang is None or entry.sop.unit.bidang == bidang)
        and (status is None or entry.sop.status == status)
    ]


def balanced_rows(rows: int, most: int) -> int:
    """Rows per flowchart page: as few pages as `most` allows, filled evenly (10 rows at
    most 4 -> 4 + 4 + 2). Pages are filled in order, so a last page of one row (the end
    symbol alone) is avoided by allowing one row more per page (7 at most 3 -> 4 + 3)."""
    pages = -(-rows // most)
    per = -(-rows // pages)
    while rows > per and rows - (-(-rows // per) - 1) * per == 1:
        per += 1
    return per


SVG_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"')


def chart_page(svg: bytes, number: int, count: int, box: tuple[float, float]) -> FlowchartPage:
    """One flowchart page scaled to fit `box` (mm) whole, growing at most MAX_CHART_SCALE."""
    match = SVG_SIZE.search(svg[:2000])
    width_pt, height_pt = (float(match[1]), float(match[2])) if match else (box[0], box[1])
    width, height = width_pt * PT_TO_MM, height_pt * PT_TO_MM
    scale = min(box[0] / width, box[1] / height, MAX_CHART_SCALE)
    return FlowchartPage(number, count, svg.decode("utf-8"), width * scale, height * scale)


def _chart_rows(entry: SopEntry) -> int:
    return chart_rows(entry.sop)


FONT_SIZE = re.compile(rb'font-size="([\d.]+)"')
MIN_CHART_PT = 8.0  # the smallest text of a printed chart
MIN_CHART_ROWS = 3  # never fewer rows per chart page (a page per step reads worse)


def smallest_text_pt(page: FlowchartPage) -> float:
    """The size (pt) at which the chart's smallest text prints on its page."""
    sizes = [float(size) for size in FONT_SIZE.findall(page.svg.encode("utf-8"))]
    match = SVG_SIZE.search(page.svg[:2000].encode("utf-8"))
    if not sizes or not match:
        return MIN_CHART_PT
    return min(sizes) * page.width / (float(match[1]) * PT_TO_MM)


def _draw_charts(
    entries: Sequence[SopEntry],
    indexes: Sequence[int],
    max_rows: int,
    repository: Repository,
    lang: str,
    cache: FlowchartCache | None,
    box: tuple[float, float],
) -> list[list[FlowchartPage]]:
    drawn = flowchart_svgs(
        [(entries[i].id, entries[i].sop) for i in indexes],
        repository.organisasi,
        lang=lang,
        options=FlowchartOptions(max_rows=max_rows, frame=False),
        cache=cache,
    )
    return [
        [chart_page(svg, number, len(svgs), box) for number, svg in enumerate(svgs, 1)]
        for svgs in drawn
    ]


def _estimated_smallest_pt(sizes: Sequence[tuple[float, float]], box: tuple[float, float]) -> float:
    """An upper bound of `smallest_text_pt` over pages of these lane sizes (pt, from
    `extent.unframed_page_sizes`): the SVG is never narrower than its lanes, and
    its height differs from theirs by at most HEIGHT_SLACK."""
    smallest = MIN_CHART_PT * 2
    for width_pt, height_pt in sizes:
        width = width_pt * PT_TO_MM
        height = max(height_pt - HEIGHT_SLACK, 1.0) * PT_TO_MM
        scale = min(box[0] / width, box[1] / height, MAX_CHART_SCALE)
        smallest = min(smallest, SMALLEST_TEXT * scale)
    return smallest


def _rows_per_page(
    entry: SopEntry,
    repository: Repository,
    lang: str,
    options: HandbookOptions,
    box: tuple[float, float],
) -> int:
    """The rows per page to draw the chart at first: from `flowchart_max_rows` down,
    skipping (without drawing) each count whose pages surely print text under
    MIN_CHART_PT. Never fewer rows than drawing and measuring each count would give;
    `_flowcharts` still measures what it draws and draws again with fewer rows when
    the bound was not enough, so the pages are exactly those of before."""
    rows = balanced_rows(_chart_rows(entry), options.flowchart_max_rows)
    if rows <= MIN_CHART_ROWS or too_large(entry.sop, repository.organisasi) is not None:
        return rows
    start, end = translate("flowchart.start", lang), translate("flowchart.end", lang)
    chart = build_chart(entry.sop, repository.organisasi, start, end)
    while rows > MIN_CHART_ROWS:
        sizes = unframed_page_sizes(chart, rows, lang)
        if _estimated_smallest_pt(sizes, box) >= MIN_CHART_PT:
            break
        rows -= 1
    return rows


def _flowcharts(
    entries: Sequence[SopEntry],
    repository: Repository,
    lang: str,
    options: HandbookOptions,
    cache: FlowchartCache | None,
    page: Paper,
) -> list[list[FlowchartPage]]:
    """The flowchart pages of each SOP, drawn together (in parallel) per rows-per-page.

    A chart whose text would print under MIN_CHART_PT is drawn again with fewer
    rows per page (balanced, joined by off-page connectors), down to
    MIN_CHART_ROWS; a chart too wide for the page (many lanes, long texts) may
    stay under it: only narrower lanes would help (the flowchart's layout).
    """
    width, height = page.landscape_content
    box = (width, height - CAPTION_MM)
    rows_of = {
        index: _rows_per_page(entry, repository, lang, options, box)
        for index, entry in enumerate(entries)
    }
    charts: list[list[FlowchartPage]] = [[] for _ in entries]
    pending = list(range(len(entries)))
    while pending:
        groups: dict[int, list[int]] = {}
        for index in pending:
            groups.setdefault(rows_of[index], []).append(index)
        pending = []
        for max_rows, indexes in sorted(groups.items()):
            drawn = _draw_charts(entries, indexes, max_rows, repository, lang, cache, box)
            for index, pages in zip(indexes, drawn, strict=True):
                charts[index] = pages
                small = min(smallest_text_pt(p) for p in pages) < MIN_CHART_PT
                fewer = max_rows - 1  # `paginate` balances the pages itself
                if small and max_rows > MIN_CHART_ROWS and fewer < max_rows:
                    rows_of[index] = fewer
                    pending.append(index)
    return charts


CHUNK = 25  # SOPs drawn together (flowcharts in parallel), then laid out one by one


@dataclass(frozen=True)
class _Plan:
    """What a book holds, decided before anything is drawn."""

    front: dict[str, Any]  # the book's data without the SOPs
    entries: tuple[SopEntry, ...]  # in print order
    page: Paper


def _plan(
    repository: Repository,
    lang: str,
    only: Sequence[str] | None,
    options: HandbookOptions,
) -> _Plan:
    wanted = set(only) if only is not None else None
    selected = [e for e in repository.sops if wanted is None or e.id in wanted]
    groups = toc_groups(selected, repository)
    entries = tuple(entry for group in groups for entry in group.sops)
    page = paper(options.kertas or repository.pengaturan.kertas)
    title = translate("handbook.judul_buku", lang)
    if not options.front_matter and len(entries) == 1:  # one SOP's own file: its name
        title = " ".join(filter(None, (entries[0].sop.nomor, entries[0].sop.nama)))
    book = Book(
        title=title,
        subtitle=translate("handbook.subjudul", lang),
        instansi=repository.organisasi.instansi.nama_lengkap,
        pemerintah=pemerintah_line(repository),
        year=options.year or book_year(entries),
        front_matter=options.front_matter,
        lang=lang,
    )
    keputusan = None
    if options.front_matter and options.keputusan and entries:
        units = [unit_name(entry, repository) for entry in entries]
        keputusan = build_keputusan(repository, entries, units, lang)
    indexes, start = [], 0
    for group in groups:
        indexes.append({"title": group.title, "sops": list(range(start, start + len(group.sops)))})
        start += len(group.sops)
    front = book_data(
        book,
        page,
        groups=indexes,
        keputusan=keputusan,
        howto=howto_data(lang),
        logo=options.logo or logo_from_registry(repository),
        created=options.created,
    )
    return _Plan(front, entries, page)


def _sop_documents(
    plan: _Plan,
    repository: Repository,
    report: CheckReport,
    lang: str,
    options: HandbookOptions,
    flowchart_cache: FlowchartCache | None,
) -> Iterator[dict[str, Any]]:
    """Each SOP's data in print order, drawn CHUNK SOPs at a time (memory stays flat)."""
    geometry = geometry_for(plan.page)

    def t(key: str, **args: Any) -> str:
        return translate(f"handbook.{key}", lang, **args)

    for start in range(0, len(plan.entries), CHUNK):
        chunk = plan.entries[start : start + CHUNK]
        charts: list[list[FlowchartPage]] = [[] for _ in chunk]
        if options.flowchart:
            charts = _flowcharts(chunk, repository, lang, options, flowchart_cache, plan.page)
        for entry, pages in zip(chunk, charts, strict=True):
            view = sop_view(
                entry,
                repository,
                report_for(report, entry),
                findings_for(report, entry),
                pages,
                lang,
                evaluation=options.evaluation,
                geometry=geometry,
                verification=verification(options.site_url, entry.id, entry.sop),
            )
            yield sop_data(view, grid_svg, t)


def build_handbook_document(
    repository: Repository,
    report: CheckReport,
    *,
    lang: str = DEFAULT_LANG,
    only: Sequence[str] | None = None,
    options: HandbookOptions = HandbookOptions(),
    flowchart_cache: FlowchartCache | None = None,
) -> dict[str, Any]:
    """The whole handbook as the JSON-ready data the Typst template lays out.

    `report` is `run_checks(repository)`: it gives the time totals and the
    evaluation sheet's evidence. `only` lists SOP ids (default: every SOP).
    """
    plan = _plan(repository, lang, only, options)
    sops = list(_sop_documents(plan, repository, report, lang, options, flowchart_cache))
    return {**plan.front, "sops": sops}


@dataclass(frozen=True)
class Handbook:
    """A rendered handbook: the PDF bytes and how many pages they hold."""

    pdf: bytes
    pages: int


def build_handbook(
    repository: Repository,
    report: CheckReport,
    *,
    lang: str = DEFAULT_LANG,
    only: Sequence[str] | None = None,
    options: HandbookOptions = HandbookOptions(),
    flowchart_cache: FlowchartCache | None = None,
    body_store: BodyStore | None = None,
) -> Handbook:
    """The handbook rendered to PDF (see `build_handbook_document`); `body_store` keeps
    each SOP's own pages between runs, so only edited SOPs are laid out again.

    Raises `HandbookUnavailable` when the PDF engine (Typst) is missing or fails.
    """
    check_available()
    plan = _plan(repository, lang, only, options)
    sops = _sop_documents(plan, repository, report, lang, options, flowchart_cache)
    return Handbook(*render_book(plan.front, sops, body_store))


def build_handbook_pdf(
    repository: Repository,
    report: CheckReport,
    *,
    lang: str = DEFAULT_LANG,
    only: Sequence[str] | None = None,
    options: HandbookOptions = HandbookOptions(),
    flowchart_cache: FlowchartCache | None = None,
) -> bytes:
    """The handbook as PDF bytes: what `sop build` links from the site."""
    return build_handbook(
        repository,
        report,
        lang=lang,
        only=only,
        options=options,
        flowchart_cache=flowchart_cache,
    ).pdf


__all__ = [
    "MIN_CHART_PT",
    "BodyStore",
    "Handbook",
    "HandbookOptions",
    "HandbookUnavailable",
    "Kertas",
    "balanced_rows",
    "build_handbook",
    "build_handbook_document",
    "build_handbook_pdf",
    "grid_svg",
    "select_sops",
    "smallest_text_pt",
]
