"""The procedure table of the SOP AP form, laid out for print: rows, pages and the symbol grid.

The table is the official "flowchart table": No | Kegiatan | one column per
pelaksana | Kelengkapan | Waktu | Output | Keterangan. Each step's symbol sits
in its performer's column and arrows join the symbols from row to row. The
symbols are drawn here as SVG shapes on a fixed grid, which works because
every row's height is decided here, before printing:

- column widths follow the number of pelaksana (narrower lanes, never below
  a readable minimum, when there are many);
- a row is as tall as its tallest text (wrapped with the font's own widths,
  see `metrics`) and never shorter than its symbol needs; a row too tall for
  one page is split into continuation rows, so no text is ever cut;
- rows are packed into pages greedily; every page repeats the header; an
  arrow that leaves its page ends at an off-page connector (pentagon) with a
  letter, and the same letter on the target's page leads on (like
  `generator.flowchart.layout.paginate`, but for rows of unequal height);
- arrows: to the next row, straight down or along the row then down; any
  other arrow (a return arrow, a jump over rows) leaves by the symbol's side,
  runs in a channel beside the lane's edge and enters its target's side;
  channels that overlap get separate tracks;
- each row carries its own SVG, a window (viewBox) onto the page's drawing,
  so a row that grows by a line would only open a small gap, not shift the
  rest of the grid.

The rows, nodes and arrows come from `generator.flowchart.layout.build_chart`,
so the table and the swimlane flowchart always agree.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import NamedTuple

from generator.drawsize import too_large
from generator.flowchart.layout import Chart, Node, Symbol, build_chart
from generator.flowchart.router import Box, Channels, Label, Route, RouteStyle, route_arrows
from generator.fonts import FONT_FAMILY
from generator.handbook.metrics import PT_TO_MM, FontMetrics, metrics, wrap
from generator.handbook.paper import Paper
from generator.messages import DEFAULT_LANG, translate
from generator.model.organisasi import Organisasi
from generator.model.sop import Langkah, Sop


@dataclass(frozen=True)
class Geometry:
    """Sizes in mm and pt; the Typst template (handbook.typ) uses the same numbers."""

    content_width: float = 277.0  # A4 landscape (297 mm) minus 10 mm margins
    content_height: float = 178.0  # 210 mm minus 18 mm top and 14 mm bottom margins
    text_pt: float = 8.0
    small_pt: float = 7.0
    header_pt: float = 7.5
    caption_pt: float = 10.0
    line_height: float = 1.25
    pad_v: float = 1.0  # cell padding, top and bottom
    pad_h: float = 1.2  # cell padding, left and right
    border: float = 0.3  # allowance per row for the collapsed borders
    min_row: float = 13.0
    decision_row: float = 15.0
    terminal_row: float = 10.0  # a Mulai/Selesai of its own (no activity carries it)
    connector_row: float = 10.0
    safety: float = 3.0  # kept free at the bottom of each page
    no_width: float = 8.0
    waktu_width: float = 17.0
    min_kegiatan: float = 46.0
    lane_max: float = 24.0
    lane_min: float = 11.0
    side_widths: tuple[float, float, float] = (36.0, 34.0, 24.0)  # kelengkapan, output, ket.
    side_min: float = 20.0

    def line(self, size_pt: float) -> float:
        """The height of one line of text at `size_pt`, in mm."""
        return size_pt * PT_TO_MM * self.line_height


GEOMETRY = Geometry()


def geometry_for(paper: Paper) -> Geometry:
    """The table geometry of a landscape page of `paper` (A4 gives `GEOMETRY`)."""
    width, height = paper.landscape_content
    return replace(GEOMETRY, content_width=width, content_height=height)


@dataclass(frozen=True)
class Columns:
    """Column widths in mm."""

    no: float
    kegiatan: float
    lane: float
    lanes: int
    kelengkapan: float
    waktu: float
    output: float
    keterangan: float

    @property
    def grid(self) -> float:
        """The width of all pelaksana columns together."""
        return self.lane * self.lanes


def columns_for(lanes: int, geometry: Geometry = GEOMETRY) -> Columns:
    """Column widths for a table with `lanes` pelaksana columns (they always fill the page)."""
    kelengkapan, output, keterangan = geometry.side_widths
    fixed = geometry.no_width + geometry.waktu_width + kelengkapan + output + keterangan
    free = geometry.content_width - fixed
    lane = max(geometry.lane_min, min(geometry.lane_max, (free - geometry.min_kegiatan) / lanes))
    kegiatan = free - lane * lanes
    if kegiatan < geometry.min_kegiatan:  # many lanes: the side columns give way
        sides = [kelengkapan, output, keterangan]
        spare = sum(width - geometry.side_min for width in sides)
        take = min(spare, geometry.min_kegiatan - kegiatan)
        sides = [w - take * (w - geometry.side_min) / spare for w in sides] if spare else sides
        kelengkapan, output, keterangan = sides
        kegiatan += take
    if kegiatan < geometry.min_kegiatan:  # still too many lanes: they get narrower still
        lane = (lane * lanes + kegiatan - geometry.min_kegiatan) / lanes
        kegiatan = geometry.min_kegiatan
    return Columns(
        geometry.no_width,
        kegiatan,
        lane,
        lanes,
        kelengkapan,
        geometry.waktu_width,
        output,
        keterangan,
    )


# ---------------------------------------------------------------- text cells


# The table's many small records (Para, Shape, Layer, Row) are named tuples, not frozen dataclasses:
# as immutable, and made in a third of the time (a frozen dataclass sets each field through
# `object.__setattr__`). A table makes a few hundred of them; they were a tenth of its time.


class Para(NamedTuple):
    """A paragraph of a cell; `style` is a CSS class (plain, question, answers, item)."""

    text: str
    style: str = "plain"


TEXT_COLUMNS = ("kegiatan", "kelengkapan", "waktu", "output", "keterangan")


def _step_cells(step: Langkah, answers: str | None) -> dict[str, tuple[Para, ...]]:
    kegiatan = [Para(step.kegiatan)]
    if step.pertanyaan:
        kegiatan.append(Para(step.pertanyaan, "question"))
    if answers:
        kegiatan.append(Para(answers, "answers"))
    return {
        "kegiatan": tuple(kegiatan),
        "kelengkapan": tuple(Para(item, "item") for item in step.kelengkapan),
        "waktu": (Para(step.waktu),) if step.waktu else (),
        "output": (Para(step.output),) if step.output else (),
        "keterangan": (Para(step.keterangan),) if step.keterangan else (),
    }


def para_size(style: str, geometry: Geometry = GEOMETRY) -> float:
    """The type size (pt) of a paragraph of `style`: a decision's answers small, the rest
    at text size (the table's layout here and its drawing in `table_svg` agree)."""
    return geometry.small_pt if style == "answers" else geometry.text_pt


def _para_font(para: Para) -> tuple[FontMetrics, float]:
    style = "italic" if para.style == "question" else ""
    return metrics(FONT_FAMILY, style), para_size(para.style)


@cache
def _line_height(style: str) -> float:
    """The height (mm) of one line of a paragraph of `style`: read for every line of
    every cell, so kept per style, not looked up through the font."""
    return GEOMETRY.line(para_size(style))


ITEM_INDENT = 2.4  # mm: kelengkapan items hang after a bullet (the stylesheet's p.item)


@lru_cache(maxsize=1 << 15)
def _para_lines(para: Para, width: float) -> tuple[Para, ...]:
    """`para` wrapped into lines of `width` mm; each line keeps the paragraph's style.

    An item's first line is "item" (printed with its bullet), the lines after
    it "item-more", so that a row cut in the middle of an item continues it
    without a second bullet.

    Kept: the same texts (answers, waktu, items) recur from step to step and SOP
    to SOP, and wrapping adds up the width of every character.
    """
    font, size = _para_font(para)
    if para.style != "item":
        return tuple(Para(line, para.style) for line in wrap(para.text, width, size, font))
    lines = wrap(para.text, width - ITEM_INDENT, size, font)
    return tuple(
        Para(line, "item" if index == 0 else "item-more") for index, line in enumerate(lines)
    )


def _lines_height(lines: Sequence[Para]) -> float:
    height = 0.0
    for line in lines:
        height += _line_height(line.style)
    return height


# ---------------------------------------------------------------- rows and pages


class Shape(NamedTuple):
    """One element of the symbol grid, in page coordinates (mm). Rendered by the template."""

    kind: str  # rect, polygon, polyline, line, text
    points: tuple[tuple[float, float], ...] = ()
    rx: float = 0.0
    css: str = ""  # class attribute
    text: str = ""
    anchor: str = "start"

    @property
    def extent(self) -> tuple[float, float]:
        """The top and bottom (mm) of what the shape covers: a row between them shows it."""
        ys = [y for _, y in self.points]
        return min(ys) - (3.0 if self.kind == "text" else 1.0), max(ys) + 1.0

    @property
    def path(self) -> str:
        """The shape as SVG path data (one path per layer keeps the drawing small)."""
        if self.kind == "rect":
            (left, top), (right, bottom) = self.points
            r = self.rx
            if not r:
                return f"M{left:.2f},{top:.2f}H{right:.2f}V{bottom:.2f}H{left:.2f}Z"
            return (
                f"M{left + r:.2f},{top:.2f}H{right - r:.2f}"
                f"A{r:.2f},{r:.2f} 0 0 1 {right - r:.2f},{bottom:.2f}"
                f"H{left + r:.2f}A{r:.2f},{r:.2f} 0 0 1 {left + r:.2f},{top:.2f}Z"
            )
        moves = "L".join([f"{x:.2f},{y:.2f}" for x, y in self.points])
        return f"M{moves}Z" if self.kind == "polygon" else f"M{moves}"


# Drawing order, bottom to top: lane lines, joins, arrows, symbols, then labels.
LAYERS = (
    "lane",
    "join",
    "join either",
    "arrow",
    "arrow return",
    "head",
    "symbol",
    "patch",
    "connector",
    "answer",
)


class Layer(NamedTuple):
    """All shapes of one style in a row: one path, or the texts."""

    css: str
    path: str = ""
    texts: tuple[Shape, ...] = ()


class Row(NamedTuple):
    """One printed row of the table (a named tuple, as `Para`)."""

    kind: str  # step, terminal (a Mulai/Selesai of its own), continued, connector
    height: float
    cells: dict[str, tuple[Para, ...]]
    number: int | None = None
    node: Node | None = None
    top: float = 0.0  # y of the row's top edge on its page's drawing (mm)
    layers: tuple[Layer, ...] = ()  # what its window onto the page's drawing shows
    lines: dict[str, tuple[Para, ...]] | None = None  # wrapped text, to split a tall row
    minimum: float = 0.0  # the height its symbol needs


@dataclass(frozen=True)
class TablePage:
    """One page of the procedure table."""

    number: int
    count: int
    rows: tuple[Row, ...]
    arrows: tuple[tuple[str, str, str | None], ...] = ()  # (tail, head, answer) as drawn


@dataclass(frozen=True)
class ProcedureTable:
    """The whole table: columns, lane headers and pages."""

    title: str
    columns: Columns
    lanes: tuple[str, ...]
    pages: tuple[TablePage, ...]
    header_height: float
    note: str | None = None  # printed after the title, e.g. the main-path total


def _answers_text(sop: Sop, step: Langkah, number: int, lang: str) -> str | None:
    """The decision's answers in words: 'Ya: ke 3 · Tidak: kembali ke 1'."""
    if not step.jawaban:
        return None
    from generator.flow import END, resolve_target

    parts = []
    for answer, target in step.jawaban.items():
        index = resolve_target(sop, number - 1, target)
        if index is None:
            where = translate("handbook.tabel.tujuan_tak_ada", lang, target=target)
        elif index == END:
            where = translate("handbook.tabel.ke_selesai", lang)
        elif index + 1 <= number:
            where = translate("handbook.tabel.kembali_ke", lang, number=index + 1)
        else:
            where = translate("handbook.tabel.ke", lang, number=index + 1)
        parts.append(f"{answer}: {where}")
    return " · ".join(parts)


def procedure_table(
    sop: Sop,
    organisasi: Organisasi,
    lang: str = DEFAULT_LANG,
    note: str | None = None,
    geometry: Geometry = GEOMETRY,
) -> ProcedureTable:
    """The procedure table of `sop`, paginated, with the symbol grid drawn.

    `note` is printed after the table's title (the handbook puts the main-path
    working time there).
    """
    start = translate("flowchart.start", lang)
    end = translate("flowchart.end", lang)
    chart = build_chart(sop, organisasi, start, end, side_by_side=False)
    columns = columns_for(len(chart.lanes), geometry)
    lanes = tuple(lane.label for lane in chart.lanes)
    header = _header_height(lanes, columns, lang, geometry)
    title = sop.nama_prosedur or sop.nama
    caption = _caption_height(title, note, lang, geometry)
    body = geometry.content_height - header - caption - geometry.safety
    # Too large, or a header (long role names in narrow columns) that leaves too little
    # of the page for rows: no pages (the chart's note, `drawsize`, says why).
    if body < MIN_TABLE_BODY or too_large(sop, organisasi) is not None:
        return ProcedureTable(title, columns, lanes, (), header, note)
    rows = _rows(sop, chart, columns, lang, geometry)
    page_rows = _paginate(rows, body, geometry.connector_row)
    pages = _draw(chart, page_rows, columns, geometry)
    return ProcedureTable(title, columns, lanes, pages, header, note)


def _header_height(lanes: Sequence[str], columns: Columns, lang: str, geometry: Geometry) -> float:
    size = geometry.header_pt
    lane_lines = max(
        (_header_lines(label, columns.lane - 2 * 0.6, size) for label in lanes), default=1
    )
    others = [
        (translate("handbook.tabel.kelengkapan", lang), columns.kelengkapan),
        (translate("handbook.tabel.output", lang), columns.output),
        (translate("handbook.tabel.waktu", lang), columns.waktu),
    ]
    other_lines = max(_header_lines(t, w - 2 * geometry.pad_h, size) for t, w in others)
    first = max(
        _header_lines(translate("handbook.tabel.pelaksana", lang), columns.grid, size),
        _header_lines(translate("handbook.tabel.mutu_baku", lang), 60, size),
    )
    rows = first + max(lane_lines, other_lines)
    return rows * geometry.line(size) + 4 * geometry.pad_v + 3 * geometry.border


@lru_cache(maxsize=1 << 12)
def _header_lines(text: str, width: float, size: float) -> int:
    """The number of lines of a header cell, kept: the same role names and column
    titles head the tables of many SOPs."""
    return len(wrap(text, width, size, metrics(FONT_FAMILY, "bold")))


def _caption_height(title: str, note: str | None, lang: str, geometry: Geometry) -> float:
    text = translate("handbook.tabel.judul", lang, nama=title)
    text += f" ({note})" if note else ""
    text += " " + translate("handbook.tabel.lanjutan", lang, halaman=99, jumlah=99)
    lines = wrap(text, geometry.content_width, geometry.caption_pt, metrics(FONT_FAMILY, "bold"))
    return len(lines) * geometry.line(geometry.caption_pt) + 2.5


def _column_width(columns: Columns, name: str) -> float:
    return getattr(columns, name) - 2 * GEOMETRY.pad_h - GEOMETRY.border


def _rows(sop: Sop, chart: Chart, columns: Columns, lang: str, geometry: Geometry) -> list[Row]:
    """One row per chart row (`_paginate` cuts a row taller than a page)."""
    rows: list[Row] = []
    widths = {name: _column_width(columns, name) for name in TEXT_COLUMNS}
    by_row = {node.row: node for node in chart.nodes}
    for index in range(chart.rows):
        node = by_row[index]
        if node.number is None:  # a derived Mulai or Selesai
            cells = {name: () for name in TEXT_COLUMNS}
            cells["kegiatan"] = (Para(node.text, "terminal"),)
            rows.append(Row("terminal", geometry.terminal_row, cells, node=node))
            continue
        step = sop.prosedur[node.number - 1]
        cells = _step_cells(step, _answers_text(sop, step, node.number, lang))
        minimum = geometry.decision_row if node.symbol is Symbol.DECISION else geometry.min_row
        wrapped = {name: _cell_lines(paras, widths[name]) for name, paras in cells.items()}
        height = _height(wrapped, minimum)
        rows.append(Row("step", height, cells, node.number, node, lines=wrapped, minimum=minimum))
    return rows


def _cell_lines(paras: tuple[Para, ...], width: float) -> tuple[Para, ...]:
    """The lines of a cell's paragraphs wrapped to `width` mm."""
    lines: tuple[Para, ...] = ()
    for para in paras:  # most cells have one paragraph or none: its lines as they are
        lines += _para_lines(para, width)
    return lines


def _height(lines: dict[str, tuple[Para, ...]], minimum: float) -> float:
    padding = 2 * GEOMETRY.pad_v + GEOMETRY.border
    return max(minimum, max(map(_lines_height, lines.values())) + padding)


def _split(row: Row, room: float) -> tuple[Row, Row]:
    """`row` cut after as many lines as fit in `room` mm: the part above and the rest."""
    assert row.lines is not None
    padding = 2 * GEOMETRY.pad_v + GEOMETRY.border
    count = max(1, math.floor((room - padding) / GEOMETRY.line(GEOMETRY.text_pt)))
    above = {name: lines[:count] for name, lines in row.lines.items()}
    below = {name: lines[count:] for name, lines in row.lines.items()}
    head = Row(
        row.kind,
        _height(above, row.minimum),
        {name: tuple(_join_lines(lines)) for name, lines in above.items()},
        row.number,
        row.node,
        lines=above,
        minimum=row.minimum,
    )
    rest = Row(
        "continued",
        _height(below, 0.0),
        {name: tuple(_join_lines(lines)) for name, lines in below.items()},
        lines=below,
    )
    return head, rest


def _join_lines(lines: Sequence[Para]) -> list[Para]:
    """Consecutive lines of one style back into paragraphs (items stay one per line)."""
    joined: list[Para] = []
    for line in lines:
        follows = line.style == "item-more" and joined and joined[-1].style.startswith("item")
        if follows or (joined and joined[-1].style == line.style and line.style != "item"):
            joined[-1] = Para(f"{joined[-1].text} {line.text}", line.style)
        else:
            joined.append(line)
    return joined


MIN_TABLE_BODY = 40.0  # mm of a page left for rows under the header, at least
SPLIT_FROM = 40.0  # mm: a row at least this tall is cut to fill a page rather than moved


def _paginate(rows: list[Row], body: float, connector: float) -> list[list[Row]]:
    """Rows packed greedily into pages of `body` mm.

    A page after the first keeps room for a row of incoming connectors at its
    top; a page that is not the last keeps room for outgoing ones at its bottom.
    A tall row that does not fit the rest of a page is cut to fill it.
    """
    pages: list[list[Row]] = []
    rest = list(rows)
    while rest:
        room = body - (connector if pages else 0.0)
        if sum(row.height for row in rest) <= room:
            pages.append(rest)
            break
        room -= connector
        page: list[Row] = []
        used = 0.0
        while rest:
            row = rest[0]
            if used + row.height <= room:
                used += row.height
                page.append(rest.pop(0))
                continue
            free = room - used
            fills = row.height >= SPLIT_FROM and free >= SPLIT_FROM / 2
            if row.lines is not None and (not page or fills):
                head, rest[0] = _split(row, free)
                page.append(head)
            elif not page:  # a row that cannot be cut and is taller than a page
                page.append(rest.pop(0))
            break
        pages.append(page)
    return pages


# ---------------------------------------------------------------- drawing


def _symbol_size(symbol: Symbol, lane: float) -> tuple[float, float]:
    if symbol is Symbol.DECISION:
        return min(lane - 3.0, 13.0), 8.5
    if symbol is Symbol.CONNECTOR:
        return 5.5, 5.5
    # A capsule sits on the first or last activity (SOP AP): as large as the activity's box.
    return min(lane - 4.0, 15.0), 6.5


def _connector_label(index: int) -> str:
    """A, B, ..., Z, AA, AB, ... for index 0, 1, ..."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


@dataclass
class _PageDraft:
    rows: list[Row]
    top: list[Node] = field(default_factory=list)  # connectors above the first row
    bottom: list[Node] = field(default_factory=list)  # connectors below the last row
    arrows: list[tuple[str, str, str | None]] = field(default_factory=list)


def _draw(
    chart: Chart, page_rows: list[list[Row]], columns: Columns, geometry: Geometry
) -> tuple[TablePage, ...]:
    drafts = [_PageDraft(rows) for rows in page_rows]
    page_of = {
        row.node.id: index for index, rows in enumerate(page_rows) for row in rows if row.node
    }
    lane_of = {node.id: node.lane for node in chart.nodes}
    pairs: dict[tuple[int, str], str] = {}
    for arrow in chart.arrows:
        tail_page, head_page = page_of[arrow.tail], page_of[arrow.head]
        if tail_page == head_page:
            drafts[tail_page].arrows.append((arrow.tail, arrow.head, arrow.label))
            continue
        key = (tail_page, arrow.head)
        if key not in pairs:
            letter = _connector_label(len(pairs))
            pairs[key] = letter
            down = head_page > tail_page
            out_side = drafts[tail_page].bottom if down else drafts[tail_page].top
            in_side = drafts[head_page].top if down else drafts[head_page].bottom
            lane = lane_of[arrow.head]
            out_node = Node(
                f"out_{letter}",
                Symbol.CONNECTOR,
                0,
                (_free_lane(out_side, lane, columns.lanes),),
                letter,
            )
            in_node = Node(
                f"in_{letter}",
                Symbol.CONNECTOR,
                0,
                (_free_lane(in_side, lane, columns.lanes),),
                letter,
            )
            out_side.append(out_node)
            in_side.append(in_node)
            drafts[head_page].arrows.append((in_node.id, arrow.head, None))
        drafts[tail_page].arrows.append((arrow.tail, f"out_{pairs[key]}", arrow.label))
    count = len(drafts)
    return tuple(
        _draw_page(number, count, draft, columns, geometry)
        for number, draft in enumerate(drafts, start=1)
    )


def _free_lane(taken: list[Node], wanted: int, lanes: int) -> int:
    """`wanted`, or the nearest lane with no connector yet in this connector row."""
    used = {node.lane for node in taken}
    for distance in range(lanes):
        for lane in (wanted + distance, wanted - distance):
            if 0 <= lane < lanes and lane not in used:
                return lane
    return wanted


def _draw_page(
    number: int, count: int, draft: _PageDraft, columns: Columns, geometry: Geometry
) -> TablePage:
    empty = {name: () for name in TEXT_COLUMNS}
    rows: list[Row] = []
    if draft.top:
        rows.append(Row("connector", geometry.connector_row, empty))
    rows.extend(draft.rows)
    if draft.bottom:
        rows.append(Row("connector", geometry.connector_row, empty))

    lane = columns.lane
    # Each symbol as the router's box (its row is the index among the page's rows).
    boxes: dict[str, Box] = {}
    nodes: dict[str, Node] = {}
    tops: list[float] = []
    y = 0.0
    for index, row in enumerate(rows):
        tops.append(y)
        placed = [row.node] if row.node else []
        if row.kind == "connector":
            placed = draft.top if index == 0 and draft.top else draft.bottom
        for node in placed:
            width, height = _symbol_size(node.symbol, lane)
            cx = (node.lane + 0.5) * lane
            boxes[node.id] = Box(
                node.id,
                index,
                node.lane,
                cx,
                y + row.height / 2,
                width,
                height,
                node.symbol is Symbol.DECISION,
            )
            nodes[node.id] = node
        y += row.height

    shapes: list[Shape] = []
    for key, box in boxes.items():
        shapes.extend(_joins(box, nodes[key], lane))
    channels = Channels(
        tuple(k * lane for k in range(columns.lanes)),
        tuple((k + 1) * lane for k in range(columns.lanes)),
    )
    routes = route_arrows(
        boxes,
        draft.arrows,
        channels,
        style=RouteStyle(first_track=RULE_CLEARANCE, track=TRACK, label_size=LABEL_SIZE),
        label_width=metrics(FONT_FAMILY).width,
        width=lane * columns.lanes,
    )
    for route in routes:
        shapes.extend(_arrow_shapes(route))
    for key, box in boxes.items():
        shapes.extend(_symbols(box, nodes[key], lane))
    for route in routes:  # last: over the lines they sit on
        shapes.extend(_label_shapes(route.label) if route.label else [])

    bottoms = [top + row.height for top, row in zip(tops, rows, strict=True)]
    # The column rules between lanes, as `Shape("line", ...).path` writes them: the
    # numbers formatted once per page and per row, not once per rule and row, by one
    # template ({0}: the row's top, {1}: its bottom).
    rules = "".join(f"M{k * lane:.2f},{{0}}L{k * lane:.2f},{{1}}" for k in range(1, columns.lanes))
    rule_paths = [
        rules.format(f"{top:.2f}", f"{bottom:.2f}")
        for top, bottom in zip(tops, bottoms, strict=True)
    ]
    row_layers = _layers_by_row(shapes, tops, bottoms, rule_paths)
    # The wrapped lines stay with the row: the site prints them as laid out.
    final = tuple(
        row._replace(top=top, layers=drawn)
        for row, top, drawn in zip(rows, tops, row_layers, strict=True)
    )
    return TablePage(number, count, final, tuple(draft.arrows))


def _layers_by_row(
    shapes: Sequence[Shape],
    tops: Sequence[float],
    bottoms: Sequence[float],
    rules: Sequence[str],
) -> list[tuple[Layer, ...]]:
    """Per row (`tops`/`bottoms`: its edges, both ascending), the shapes that reach into
    it merged into one layer per style, in drawing order (`LAYERS`; each style's shapes
    in their given order); `rules`: each row's lane rules as path data ("" for none),
    its "lane" layer.

    Each shape is found by bisection among the rows, not tested against every row (a
    long table has many rows and many shapes), and its path is made and filed once
    for all the rows it crosses (a return arrow crosses many).
    """
    paths: list[dict[str, list[str]]] = [{"lane": [rule]} if rule else {} for rule in rules]
    texts: list[dict[str, list[Shape]]] = [{} for _ in tops]
    for shape in shapes:
        above, below = shape.extent
        # The rows with bottom >= above and top <= below.
        crossed = range(bisect_left(bottoms, above), bisect_right(tops, below))
        if shape.kind == "text":
            for index in crossed:
                texts[index].setdefault(shape.css, []).append(shape)
        else:
            path = shape.path
            for index in crossed:
                paths[index].setdefault(shape.css, []).append(path)
    return [
        tuple(
            Layer(css, "".join(row_paths.get(css, ())), tuple(row_texts.get(css, ())))
            for css in LAYERS
            if css in row_paths or css in row_texts
        )
        for row_paths, row_texts in zip(paths, texts, strict=True)
    ]


def _joins(box: Box, node: Node, lane: float) -> list[Shape]:
    """The line joining the copies of a step performed by several roles: a thick bar
    when they act together, a thin dashed one when one of them does it (either-or),
    as the swimlane draws it."""
    if len(node.lanes) < 2:
        return []
    xs = [(index + 0.5) * lane for index in node.lanes]
    css = "join either" if node.either else "join"
    return [Shape("line", ((min(xs), box.cy), (max(xs), box.cy)), css=css)]


def _symbols(box: Box, node: Node, lane: float) -> list[Shape]:
    shapes = []
    top, bottom = box.top, box.bottom
    for index in node.lanes:
        cx = (index + 0.5) * lane
        left, right = cx - box.width / 2, cx + box.width / 2
        symbol = node.symbol
        if symbol is Symbol.DECISION:
            points = ((cx, top), (right, box.cy), (cx, bottom), (left, box.cy))
            shapes.append(Shape("polygon", points, css="symbol"))
        elif symbol is Symbol.CONNECTOR:
            shoulder = top + box.height * 0.55
            points = ((left, top), (right, top), (right, shoulder), (cx, bottom), (left, shoulder))
            shapes.append(Shape("polygon", points, css="symbol"))
            shapes.append(
                Shape(
                    "text",
                    ((cx, top + 3.0),),
                    css="connector",
                    text=node.text,
                    anchor="middle",
                )
            )
        else:
            rx = box.height / 2 if symbol is Symbol.TERMINATOR else 0.0
            shapes.append(Shape("rect", ((left, top), (right, bottom)), rx=rx, css="symbol"))
    return shapes


LABEL_SIZE = 2.25  # font size of answer labels, mm (the template's "answer" style)
TRACK = 0.9  # distance between parallel return-arrow tracks, mm
# From a column rule to the nearest return-arrow track, mm: closer, a dashed line reads
# as a second rule. Less only where the symbol leaves no room (narrow lanes).
RULE_CLEARANCE = 1.8
HEAD_LENGTH = 1.6
HEAD_HALF = 0.65


def _arrow_shapes(route: Route) -> list[Shape]:
    """A routed arrow as a line and a filled head."""
    points = list(route.points)
    (x0, y0), (x1, y1) = points[-2], points[-1]
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    base = (x1 - ux * HEAD_LENGTH, y1 - uy * HEAD_LENGTH)
    head = (
        (x1, y1),
        (base[0] - uy * HEAD_HALF, base[1] + ux * HEAD_HALF),
        (base[0] + uy * HEAD_HALF, base[1] - ux * HEAD_HALF),
    )
    css = "arrow return" if route.is_return else "arrow"
    return [Shape("polyline", (*points[:-1], base), css=css), Shape("polygon", head, css="head")]


def _label_shapes(label: Label) -> list[Shape]:
    """The answer next to where its arrow leaves, on a white patch over crossing lines."""
    left, y = label.x, label.y
    patch = ((left - 0.25, y - LABEL_SIZE * 0.8), (left + label.width + 0.25, y + 0.45))
    return [
        Shape("rect", patch, css="patch"),
        Shape("text", ((left, y),), css="answer", text=label.text),
    ]
