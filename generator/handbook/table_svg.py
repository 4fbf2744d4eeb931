"""The procedure table as SVG pages, without Typst: for the site's SOP page.

The same layout as the printed table (`table.procedure_table`: columns, rows,
pages, symbols, arrows), drawn whole into one SVG per page: header cells,
the wrapped text of each cell and the symbol grid. Text goes through an
autoescaping Jinja2 template, so author text cannot inject markup.

    procedure_table_svgs(sop, organisasi, lang) -> list[str]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import jinja2

from generator.fonts import FONT_FAMILY
from generator.handbook.metrics import PT_TO_MM, metrics, wrap
from generator.handbook.table import (
    GEOMETRY,
    Geometry,
    ProcedureTable,
    Row,
    para_size,
    procedure_table,
)
from generator.messages import DEFAULT_LANG, translate
from generator.model.organisasi import Organisasi
from generator.model.sop import Sop
from generator.templatecache import SignedBytecodeCache

ASCENT = 0.8  # of the font size: the baseline below a line's top
ITEM_INDENT = 2.4


@dataclass(frozen=True)
class _Line:
    text: str
    x: float
    y: float
    size: float
    italic: bool = False
    anchor: str = ""


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator.handbook", "templates"),
        autoescape=True,
        bytecode_cache=SignedBytecodeCache(),
    )


def _column_edges(table: ProcedureTable) -> dict[str, tuple[float, float]]:
    c = table.columns
    order = [("no", c.no), ("kegiatan", c.kegiatan), ("grid", c.grid)]
    order += [("kelengkapan", c.kelengkapan), ("waktu", c.waktu), ("output", c.output)]
    order += [("keterangan", c.keterangan)]
    edges, x = {}, 0.0
    for name, width in order:
        edges[name] = (x, width)
        x += width
    return edges


def _cell_lines(row: Row, name: str, x: float, y: float, geometry: Geometry) -> list[_Line]:
    paragraphs = row.lines.get(name, ()) if row.lines is not None else row.cells.get(name, ())
    lines, top = [], y + geometry.pad_v
    for para in paragraphs:
        size = para_size(para.style, geometry)
        height = geometry.line(size)
        for text in para.text.split("\n"):
            left = x + geometry.pad_h
            if para.style in ("item", "item-more"):
                if para.style == "item":
                    lines.append(
                        _Line("•", left, top + size * PT_TO_MM * ASCENT + 0.5, size * PT_TO_MM)
                    )
                left += ITEM_INDENT
            baseline = top + size * PT_TO_MM * ASCENT + 0.5
            italic = para.style in ("question", "terminal")
            lines.append(_Line(text, left, baseline, size * PT_TO_MM, italic))
            top += height
    return lines


def _header(table: ProcedureTable, lang: str, geometry: Geometry) -> list[dict]:
    """Header cells (two rows) with their wrapped, centred lines."""
    edges = _column_edges(table)
    half = table.header_height / 2
    size_mm = geometry.header_pt * PT_TO_MM
    font = metrics(FONT_FAMILY, "bold")

    def cell(text: str, x: float, width: float, y: float, height: float) -> dict:
        wrapped = wrap(text, max(width - 1.2, 1.0), geometry.header_pt, font)
        block = len(wrapped) * geometry.line(geometry.header_pt)
        first = y + (height - block) / 2 + size_mm * ASCENT + 0.4
        lines = [
            {"text": t, "y": first + i * geometry.line(geometry.header_pt)}
            for i, t in enumerate(wrapped)
        ]
        return {"x": x, "y": y, "width": width, "height": height, "lines": lines}

    def t(key: str) -> str:
        return translate(f"handbook.tabel.{key}", lang)

    cells = []
    for name, key in (("no", "nomor_urut"), ("kegiatan", "kegiatan"), ("keterangan", "keterangan")):
        x, width = edges[name]
        cells.append(cell(t(key), x, width, 0, table.header_height))
    x, width = edges["grid"]
    cells.append(cell(t("pelaksana"), x, width, 0, half))
    for index, label in enumerate(table.lanes):
        lane = table.columns.lane
        cells.append(cell(label, x + index * lane, lane, half, half))
    mutu_x = edges["kelengkapan"][0]
    mutu_width = sum(edges[n][1] for n in ("kelengkapan", "waktu", "output"))
    cells.append(cell(t("mutu_baku"), mutu_x, mutu_width, 0, half))
    for name in ("kelengkapan", "waktu", "output"):
        x, width = edges[name]
        cells.append(cell(t(name), x, width, half, half))
    return cells


def procedure_table_svgs(
    sop: Sop, organisasi: Organisasi, lang: str = DEFAULT_LANG, geometry: Geometry = GEOMETRY
) -> list[str]:
    """One SVG document per page of `sop`'s procedure table (the printed layout)."""
    table = procedure_table(sop, organisasi, lang, geometry=geometry)
    edges = _column_edges(table)
    width = sum(w for _, w in edges.values())
    header = _header(table, lang, geometry)
    grid_x, grid_width = edges["grid"]
    title = translate("handbook.tabel.judul", lang, nama=table.title)
    pages = []
    for page in table.pages:
        rows, y = [], table.header_height
        for row in page.rows:
            cells = []
            for name in ("no", "kegiatan", "kelengkapan", "waktu", "output", "keterangan"):
                x, column = edges[name]
                if name == "no":
                    text = str(row.number) if row.number is not None else ""
                    base = y + geometry.pad_v + geometry.text_pt * PT_TO_MM * ASCENT + 0.5
                    size = geometry.text_pt * PT_TO_MM
                    lines = [_Line(text, x + column / 2, base, size, anchor="middle")]
                else:
                    lines = _cell_lines(row, name, x, y, geometry)
                cells.append({"x": x, "width": column, "lines": lines})
            rows.append(
                {"y": y, "height": row.height, "top": row.top, "cells": cells, "source": row}
            )
            y += row.height
        pages.append(
            _environment()
            .get_template("table.svg.j2")
            .render(
                width=width,
                height=y,
                font=FONT_FAMILY,
                title=title,
                header=header,
                header_size=f"{geometry.header_pt * PT_TO_MM:.2f}",
                rows=rows,
                grid_x=grid_x,
                grid_width=grid_width,
            )
        )
    return pages
