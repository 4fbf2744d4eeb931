"""The printed SOP handbook (PDF) in the official SOP AP layout.

    build_handbook_html(repository, report, lang=..., only=..., options=...) -> str
    build_handbook_pdf(repository, report, lang=..., only=..., options=...) -> bytes

The book: a cover, the table of contents (page numbers filled in by
WeasyPrint), a "how to read an SOP" page, then for each SOP its identity page
(A4 portrait, as on the form), the procedure table with the symbol grid
(A4 landscape, see `table`), the swimlane flowchart (landscape) and the
evaluation sheet (portrait). Modules: `views` (what is printed), `table` (the
procedure table's rows, pages and symbols), `metrics` (text widths),
`templates/` (HTML, CSS, SVG), `pdf` (WeasyPrint). The same input gives the
same bytes. See docs/handbook.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator.check import CheckReport
from generator.flowchart import FlowchartCache, FlowchartOptions, flowchart_svgs
from generator.handbook.pdf import HandbookUnavailable, check_available, render_pdf
from generator.handbook.table import Row
from generator.handbook.views import (
    Book,
    book_year,
    data_uri,
    findings_for,
    report_for,
    sop_view,
    toc_groups,
)
from generator.loader import logo_file
from generator.messages import DEFAULT_LANG, translate
from generator.model import JenisLangkah, Repository
from generator.model.repository import SopEntry
from generator.safepath import UnsafePathError

A4 = (210, 297)  # mm


@dataclass(frozen=True)
class HandbookOptions:
    """What goes into the book and how it is dated."""

    front_matter: bool = True  # cover, contents, "how to read"; off for one-SOP files
    flowchart: bool = True
    evaluation: bool = True
    flowchart_max_rows: int = 9  # rows of the swimlane chart per landscape page
    year: int | None = None  # on the cover; default: the latest year on the SOPs' dates
    created: str | None = None  # PDF creation date (ISO 8601); none by default, so builds repeat
    logo: tuple[bytes, str] | None = None  # (content, MIME type); default: the registry's file


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.handbook", "templates"),
        autoescape=True,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    environment.filters["css_string"] = css_string
    return environment


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string for a <style> element.

    Quotes, backslashes, control characters and `<`, `>`, `&` become CSS
    escapes, so no text can end the string or the <style> element; the
    result is marked safe because HTML escaping does not apply inside <style>.
    """
    escaped = "".join(
        f"\\{ord(char):x} " if char in "\"'\\<>&" or ord(char) < 32 else char for char in text
    )
    return Markup(f'"{escaped}"')


def _watermark(text: str, width: float, height: float) -> str:
    svg = (
        _environment()
        .get_template("watermark.svg.j2")
        .render(text=text, width=width, height=height, size=min(width, height) * 0.42)
    )
    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe="")


def grid_image(row: Row, width: float) -> str:
    """The symbol grid of one table row as an SVG image (data URI)."""
    svg = _environment().get_template("grid.svg.j2").render(row=row, width=width)
    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe="")


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
    """Rows per flowchart page: as few pages as `most` allows, filled evenly (10 -> 5 + 5)."""
    pages = -(-rows // most)
    return -(-rows // pages)


def _flowcharts(
    entries: Sequence[SopEntry],
    repository: Repository,
    lang: str,
    options: HandbookOptions,
    cache: FlowchartCache | None,
) -> list[list[bytes]]:
    """The flowchart pages of each SOP, drawn together (in parallel) per page size."""
    groups: dict[int, list[int]] = {}
    for index, entry in enumerate(entries):
        steps = entry.sop.prosedur
        rows = len(steps) + 2 - (steps[0].kind is JenisLangkah.MULAI)
        rows -= any(step.kind is JenisLangkah.SELESAI for step in steps)
        groups.setdefault(balanced_rows(rows, options.flowchart_max_rows), []).append(index)
    charts: list[list[bytes]] = [[] for _ in entries]
    for max_rows, indexes in sorted(groups.items()):
        drawn = flowchart_svgs(
            [(entries[i].id, entries[i].sop) for i in indexes],
            repository.organisasi,
            lang=lang,
            options=FlowchartOptions(max_rows=max_rows),
            cache=cache,
        )
        for index, pages in zip(indexes, drawn, strict=True):
            charts[index] = pages
    return charts


def build_handbook_html(
    repository: Repository,
    report: CheckReport,
    *,
    lang: str = DEFAULT_LANG,
    only: Sequence[str] | None = None,
    options: HandbookOptions = HandbookOptions(),
    flowchart_cache: FlowchartCache | None = None,
) -> str:
    """The handbook as one self-contained HTML document (images inlined).

    `report` is `run_checks(repository)`: it gives the time totals and the
    evaluation sheet's evidence. `only` lists SOP ids (default: every SOP).
    """
    wanted = set(only) if only is not None else None
    entries = [e for e in repository.sops if wanted is None or e.id in wanted]
    charts: list[list[bytes]] = [[] for _ in entries]
    if options.flowchart and entries:
        charts = _flowcharts(entries, repository, lang, options, flowchart_cache)
    views = [
        sop_view(
            entry,
            repository,
            report_for(report, entry),
            findings_for(report, entry),
            svgs,
            lang,
            evaluation=options.evaluation,
        )
        for entry, svgs in zip(entries, charts, strict=True)
    ]
    logo = options.logo or logo_from_registry(repository)
    instansi = repository.organisasi.instansi.nama_lengkap
    title = translate("handbook.judul_buku", lang)
    if not options.front_matter and len(views) == 1:  # one SOP's own file: its name
        title = " ".join(filter(None, (views[0].nomor, views[0].nama)))
    book = Book(
        title=title,
        subtitle=translate("handbook.subjudul", lang),
        instansi=instansi,
        year=options.year or book_year(entries),
        logo=data_uri(*logo) if logo else None,
        groups=toc_groups(views, entries, repository),
        front_matter=options.front_matter,
        lang=lang,
    )
    environment = _environment()
    css = resources.files("generator.handbook").joinpath("templates", "handbook.css")
    watermark = translate("handbook.draf", lang)
    return environment.get_template("handbook.html.j2").render(
        book=book,
        css=Markup(css.read_text("utf-8")),
        created=options.created,
        watermark_portrait=_watermark(watermark, *A4),
        watermark_wide=_watermark(watermark, *reversed(A4)),
        t=lambda key, **args: translate(f"handbook.{key}", lang, **args),
        e=lambda key, **args: translate(f"evaluasi.{key}", lang, **args),
        mm=lambda value: f"{value:.2f}mm",
        grid=grid_image,
    )


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
) -> Handbook:
    """The handbook rendered to PDF (see `build_handbook_html`).

    Raises `HandbookUnavailable` when WeasyPrint or Pango is missing.
    """
    check_available()
    html = build_handbook_html(
        repository,
        report,
        lang=lang,
        only=only,
        options=options,
        flowchart_cache=flowchart_cache,
    )
    return Handbook(*render_pdf(html))


def build_handbook_pdf(
    repository: Repository,
    report: CheckReport,
    *,
    lang: str = DEFAULT_LANG,
    only: Sequence[str] | None = None,
    options: HandbookOptions = HandbookOptions(),
    flowchart_cache: FlowchartCache | None = None,
) -> bytes:
    """The handbook as PDF bytes: what `sop build` links from the site.

    `report` is `run_checks(repository)`; `only` lists SOP ids (default: all).
    Raises `HandbookUnavailable` when WeasyPrint or Pango is missing.
    """
    return build_handbook(
        repository,
        report,
        lang=lang,
        only=only,
        options=options,
        flowchart_cache=flowchart_cache,
    ).pdf


__all__ = [
    "Handbook",
    "HandbookOptions",
    "HandbookUnavailable",
    "build_handbook",
    "build_handbook_html",
    "build_handbook_pdf",
    "css_string",
    "select_sops",
]
