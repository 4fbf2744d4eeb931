"""The official procedure table on the SOP page: the handbook's layout, on one long page.

The SOP AP "flowchart table" (symbols in the performer's column, arrows,
answers, return lines) is laid out once, in `generator.handbook.table`, for
the book and for the site alike. The site asks for a single page as tall as
the table needs (no off-page connectors on a screen) and renders it with
`templates/_tabel_resmi.html.j2`: text in HTML cells, wrapped at the
layout's own line breaks (so every row is exactly as tall as its symbol grid,
the text is selectable and found by search), and each row's symbol grid as
inline SVG, a window onto the one drawing of the whole table.

This module turns the layout into what the template prints: numbers are
formatted here (digits only, so they are marked safe and the template's
escaper leaves them alone: a 1,000-SOP site prints millions of them), the
text stays text and is escaped by the template.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from markupsafe import Markup

from generator.handbook.table import GEOMETRY, Para, ProcedureTable, Row, procedure_table
from generator.model.organisasi import Organisasi
from generator.model.sop import Sop

# Tall enough for any table: the site never cuts the table into pages.
_ONE_PAGE = replace(GEOMETRY, content_height=1_000_000.0)
SIDE_COLUMNS = ("kelengkapan", "waktu", "output", "keterangan")
# Layer styles of the symbol grid -> CSS class (sop.css draws them).
LAYER_CLASSES = {
    "lane": "g-lajur",
    "join": "g-gabung",
    "join either": "g-gabung g-gabung--salah-satu",
    "symbol": "g-simbol",
    "arrow": "g-panah",
    "arrow return": "g-panah g-panah--balik",
    "head": "g-kepala",
    "patch": "g-tambal",
    "answer": "g-jawaban",
    "connector": "g-penghubung",
}


def _mm(value: float) -> Markup:
    return Markup(f"{value:.2f}mm")


def _number(value: float) -> Markup:
    return Markup(f"{value:.2f}")


class GridText(NamedTuple):
    """A label of the symbol grid (an answer, a connector's letter)."""

    css: str
    x: Markup
    y: Markup
    anchor: str
    text: str


class TableRow(NamedTuple):
    """One row: its cells' lines and its window onto the symbol grid.

    Named tuples (as `generator.handbook.table.Row`): made for every row and label.
    """

    kind: str  # step, terminal, continued, connector
    number: int | None
    height: Markup  # "13.00mm"
    window: Markup  # the SVG viewBox
    # The cells' lines as laid out (`text`, and `style`: plain, question, answers, item, ...).
    title: tuple[Para, ...]  # the kegiatan itself (a step's heading)
    notes: tuple[Para, ...]  # the question and the answers
    sides: tuple[tuple[str, tuple[Para, ...]], ...]  # kelengkapan, waktu, output, keterangan
    paths: tuple[tuple[str, Markup], ...]  # (CSS class, path data)
    texts: tuple[GridText, ...]


@dataclass(frozen=True)
class SiteTable:
    """The table as the SOP page prints it."""

    width: Markup
    no_width: Markup
    grid_width: Markup
    grid_units: Markup
    columns: tuple[Markup, ...]  # every column's width, left to right
    lanes: tuple[str, ...]
    rows: tuple[TableRow, ...]


def _row(row: Row, grid: str) -> TableRow:
    """`row` as the template prints it (`grid`: the grid's width, formatted)."""
    cells = row.lines if row.lines is not None else row.cells
    kegiatan = cells["kegiatan"]
    paths, texts = [], []
    for style, path, labels in row.layers:
        css = LAYER_CLASSES[style]
        if path:
            paths.append((css, Markup(path)))  # made of numbers and path letters
        for label in labels:
            x, y = label.points[0]
            texts.append(GridText(css, _number(x), _number(y), label.anchor, label.text))
    height = f"{row.height:.2f}"
    return TableRow(
        kind=row.kind,
        number=row.number,
        height=Markup(f"{height}mm"),
        window=Markup(f"0 {row.top:.2f} {grid} {height}"),
        title=tuple([line for line in kegiatan if line.style == "plain"]),
        notes=tuple([line for line in kegiatan if line.style != "plain"]),
        sides=tuple([(name, cells[name]) for name in SIDE_COLUMNS]),
        paths=tuple(paths),
        texts=tuple(texts),
    )


def site_layout(sop: Sop, organisasi: Organisasi, lang: str) -> ProcedureTable:
    """The procedure table of `sop` as one page, laid out like the handbook's."""
    return procedure_table(sop, organisasi, lang, geometry=_ONE_PAGE)


def site_table(sop: Sop, organisasi: Organisasi, lang: str) -> SiteTable:
    """The procedure table of `sop` as the SOP page prints it."""
    table = site_layout(sop, organisasi, lang)
    c = table.columns
    widths = (c.no, c.kegiatan, *([c.lane] * c.lanes), c.kelengkapan, c.waktu, c.output)
    widths += (c.keterangan,)
    return SiteTable(
        width=_mm(sum(widths)),
        no_width=_mm(c.no),
        grid_width=_mm(c.grid),
        grid_units=_number(c.grid),
        columns=tuple(_mm(width) for width in widths),
        lanes=table.lanes,
        rows=tuple([_row(row, f"{c.grid:.2f}") for page in table.pages for row in page.rows]),
    )
