"""A flowchart page as a pinned Graphviz graph (DOT): every position is ours.

`geometry.place_page` decides where every lane, symbol and arrow goes; this
module writes it as DOT with `pos` on every node and a `pos` spline on every
edge, for Graphviz's `nop2` engine (no layout: it draws what it is given).
There is no invisible scaffold: every node and edge of the graph is drawn.

- Lanes: a grey header box and a framed body box per lane; neighbouring
  boxes share their border, so lanes are separated by plain lines (no ticks).
- Symbols: the five SOP AP symbols; a step shared by several roles is drawn
  in each lane with a double outline, the copies joined by a thick line; a
  step done by one of several roles (either-or) in each candidate lane with a
  dashed outline, joined by a dashed line; both explained in the legend.
- Arrows: the router's orthogonal polylines, as straight Bezier pieces; the
  answer is an `xlabel` pinned beside the line (`xlp`); return arrows are dark
  grey (`class="panah-balik"`), other arrows black (`class="panah"`).
- Legend: the same node and edge kinds as the chart, under the lanes.

No HTML-like label is used (the embedded engine has no libexpat), and every
text an author wrote goes through `dotwriter.label` or `dotwriter.text` and
`dotwriter.quote`, so hostile text cannot break or inject into the DOT.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from generator.flowchart.backdrop import LaneCell, lanes_svg
from generator.flowchart.dotwriter import DotGraph, quote, quote_name
from generator.flowchart.dotwriter import label as dot_label
from generator.flowchart.dotwriter import tooltip as dot_tooltip
from generator.flowchart.geometry import (
    FONT_SIZE,
    LABEL_SIZE,
    MARGIN,
    TITLE_LINE,
    WORK_SUFFIX,
    Drawing,
    Placed,
    channel_widths,
    header_lines,
    is_clipped,
    page_texts,
    place_page,
)
from generator.flowchart.layout import Node, Page, Symbol
from generator.flowchart.router import LINE_SPACING, Box, Point, Route
from generator.flowchart.text import normalise, wrap
from generator.fonts import FONT_FAMILY
from generator.messages import translate

FONT = FONT_FAMILY  # the bundled family (generator/fonts): the handbook embeds it
# Greys that survive greyscale printing, with black outlines and text.
HEADER_FILL = "#c8c8c8"
TERMINATOR_FILL = "#d9d9d9"
DECISION_FILL = "#efefef"
PROCESS_FILL = "#ffffff"
CONNECTOR_FILL = "#ffffff"
RETURN_COLOR = "#404040"
LINE_COLOR = "#8c8c8c"
ARROW_SIZE = 0.7
HEAD_LENGTH = 10.0 * ARROW_SIZE  # Graphviz's arrowhead length at this arrowsize

SHAPES = {
    Symbol.TERMINATOR: {"shape": "box", "style": "rounded,filled", "fillcolor": TERMINATOR_FILL},
    Symbol.PROCESS: {"shape": "box", "style": "filled", "fillcolor": PROCESS_FILL},
    Symbol.DECISION: {"shape": "diamond", "style": "filled", "fillcolor": DECISION_FILL},
    Symbol.CONNECTOR: {"shape": "invhouse", "style": "filled", "fillcolor": CONNECTOR_FILL},
}
FLOW = {"class": "panah", "color": "black"}
RETURN = {"class": "panah-balik", "color": RETURN_COLOR, "fontcolor": RETURN_COLOR}
JOIN = {"dir": "none", "penwidth": "3", "color": "black", "class": "bersama"}
SHARED = {"peripheries": "2"}  # a step shared by several roles: double outline
# A step done by one of several roles: dashed outlines joined by a dashed line.
EITHER_JOIN = {"dir": "none", "penwidth": "1.5", "style": "dashed", "class": "salah-satu"}


@dataclass(frozen=True)
class DotOptions:
    """How a page is drawn: whether waktu is shown; whether the title and legend are."""

    waktu: bool = True
    frame: bool = True

    @property
    def clip(self) -> bool:
        """A chart without its frame sits beside its procedure table (the book), which
        holds every whole text: its symbols cut long texts to keep the print legible."""
        return not self.frame


def chart_graphs(
    pages: Sequence[Page], name: str, lang: str = "id", options: DotOptions = DotOptions()
) -> list[DotGraph]:
    """One pinned graph per page; every page has the same lane widths."""
    if not pages:
        return []
    waktu_text = translate("flowchart.waktu", lang, waktu="{waktu}")
    prepared = [page_texts(page, options.waktu, waktu_text, options.clip) for page in pages]
    channels = channel_widths(pages, options.waktu, waktu_text, options.clip, prepared)
    chart = pages[0].chart
    headers = [
        header_lines(lane.label if not lane.extra else f"{lane.label} (?)") for lane in chart.lanes
    ]
    shared = any(len(node.lanes) > 1 and not node.either for node in chart.nodes)
    either = any(node.either for node in chart.nodes)
    parallel = any(node.parallel for node in chart.nodes)
    graphs = []
    for page, texts in zip(pages, prepared, strict=True):
        page_name = name if page.count == 1 else f"{name}-{page.number}"
        title = _title_lines(page, lang) if options.frame else []
        drawing = place_page(
            page,
            title,
            headers,
            channels,
            options.waktu,
            waktu_text,
            legend=options.frame,
            clip=options.clip,
            prepared=texts,
        )
        kinds = Legend(shared, either, parallel)
        if drawing.legend_top is not None:  # room for the legend's longest text
            extra = LEGEND_LINE * max(0, _legend_lines(drawing, lang, kinds) - 2)
            drawing = replace(drawing, height=drawing.height + extra)
        graphs.append(_graph(page, drawing, headers, page_name, lang, kinds))
    return graphs


def page_graph(
    page: Page, name: str, lang: str = "id", options: DotOptions = DotOptions()
) -> DotGraph:
    """The pinned graph of one page on its own (lane widths from this page only)."""
    return chart_graphs([page], name, lang, options)[0]


def _title_lines(page: Page, lang: str) -> list[str]:
    lines = wrap(page.chart.title, 90)
    if page.count > 1:
        lines.append(translate("flowchart.page", lang, number=page.number, count=page.count))
    return lines


def _pos(x: float, y: float, height: float) -> str:
    """A point in Graphviz's coordinates (y grows upwards), in points."""
    return f"{x:.2f},{height - y:.2f}"


def _inches(points: float) -> str:
    return f"{points / 72:.4f}"


def _spline(points: Sequence[Point], height: float, arrow: bool = True) -> str:
    """A polyline as a Graphviz spline: straight Bezier pieces, the tip as the end point."""
    if arrow:
        (x0, y0), (x1, y1) = points[-2], points[-1]
        # Comparisons, not max() and min(): the same values, two calls less an arrow.
        length = abs(x1 - x0) + abs(y1 - y0)
        if length < 1e-9:
            length = 1e-9
        back = length * 0.9 if length * 0.9 < HEAD_LENGTH else HEAD_LENGTH
        x, y = x1 - (x1 - x0) / length * back, y1 - (y1 - y0) / length * back
        end = f"{x:.2f},{height - y:.2f}"
        if len(points) == 2:  # one straight line (most arrows): written at once
            start = f"{x0:.2f},{height - y0:.2f}"
            return f"e,{x1:.2f},{height - y1:.2f} {start} {start} {end} {end}"
        coords = [f"{px:.2f},{height - py:.2f}" for px, py in points[:-1]]
        coords.append(end)
    else:
        coords = [f"{px:.2f},{height - py:.2f}" for px, py in points]
    # Each point after the first starts a straight piece: written three times (the
    # piece's two control points and its end), the first and the last twice.
    if len(coords) == 1:
        body = coords[0]
    else:
        first, last = coords[0], coords[-1]
        inner = "".join([f" {c} {c} {c}" for c in coords[1:-1]])
        body = f"{first} {first}{inner} {last} {last}"
    if arrow:
        x1, y1 = points[-1]
        return f"e,{x1:.2f},{height - y1:.2f} {body}"
    return body


# The defaults of every page (the page's extent, `bb`, is written apart): the same
# statements on every page, written once.
def _page_defaults() -> tuple[str, ...]:
    scratch = DotGraph("")
    scratch.defaults(
        "graph",
        outputorder="nodesfirst",
        notranslate="true",  # our coordinates as they are: a part rendered apart fits
        pad="0",
        bgcolor="white",
        fontname=FONT,
    )
    scratch.defaults(
        "node",
        fontname=FONT,
        fontsize=f"{FONT_SIZE:g}",
        fixedsize="true",
        margin="0",
        penwidth="1.2",
    )
    scratch.defaults(
        "edge",
        fontname=FONT,
        fontsize=f"{LABEL_SIZE:g}",
        arrowsize=f"{ARROW_SIZE:g}",
        penwidth="1.1",
    )
    return tuple(scratch.head)


_PAGE_DEFAULTS = _page_defaults()


def _graph(
    page: Page,
    drawing: Drawing,
    headers: Sequence[Sequence[str]],
    name: str,
    lang: str,
    kinds: Legend,
) -> DotGraph:
    height = drawing.height
    graph = DotGraph(name)
    graph.defaults("graph", page_only=True, bb=f"0,0,{drawing.width:.2f},{height:.2f}")
    graph.add_defaults(_PAGE_DEFAULTS)
    title_height = TITLE_LINE * len(drawing.title)
    if drawing.title:
        graph.node(
            "judul",
            dot_label(list(drawing.title)),
            shape="plaintext",
            fontsize="16",
            pos=_pos(drawing.width / 2, MARGIN + title_height / 2, height),
            width=_inches(drawing.width - 2 * MARGIN),
            height=_inches(title_height),
        )
    _lanes(graph, drawing, headers)
    nodes = {node.id: node for node in page.nodes}
    lines = graph.lines
    copies: dict[str, list[Box]] = {}  # each node's drawn copies, for `_joins`
    for placed in drawing.symbols:
        node = nodes[placed.node_id]
        lines += _symbol(node, placed, drawing)
        copies.setdefault(placed.node_id, []).append(placed.box)
    for node in page.nodes:
        drawn = copies.get(node.id, ())
        if len(drawn) > 1:
            lines += _join(node, drawn, height)
    lines += [_arrow(route, height) for route in drawing.routes]
    if drawing.legend_top is not None:
        _legend(graph, drawing, lang, kinds)
    return graph


def _lanes(graph: DotGraph, drawing: Drawing, headers: Sequence[Sequence[str]]) -> None:
    """The lanes' header and body boxes; rendered by `backdrop.lanes_svg`, not the engine."""
    start = len(graph.lines)
    height = drawing.height
    header_height = drawing.header_bottom - drawing.lanes_top
    body_height = drawing.lanes_bottom - drawing.header_bottom
    header_y = _pos(0.0, drawing.lanes_top + header_height / 2, height).partition(",")[2]
    body_y = _pos(0.0, drawing.header_bottom + body_height / 2, height).partition(",")[2]
    header_inches = _inches(header_height)
    body_inches = _inches(max(body_height, 1.0))
    cells: list[LaneCell] = []
    lines = graph.lines
    for index, (left, right) in enumerate(zip(drawing.lane_left, drawing.lane_right, strict=True)):
        x = f"{(left + right) / 2:.2f}"
        width = _inches(right - left)
        header = (f"{x},{header_y}", header_inches)
        body = (f"{x},{body_y}", body_inches)
        label = quote(dot_label(list(headers[index])))
        lines.append(
            f'\tlane{index} [label={label} shape="box" style="filled" fillcolor="{HEADER_FILL}"'
            f' fontsize="11" pos="{header[0]}" width="{width}" height="{header[1]}"]\n'
        )
        lines.append(
            f'\tjalur{index} [label="" shape="box" color="{LINE_COLOR}" pos="{body[0]}"'
            f' width="{width}" height="{body[1]}"]\n'
        )
        cells.append(LaneCell(tuple(headers[index]), width, header, body))

    def draw() -> bytes:
        return lanes_svg(cells, font=FONT, header_fill=HEADER_FILL, line_color=LINE_COLOR)

    # Only on a framed page: its title and legend set the drawing's extent, which the
    # engine computes from what it draws; a bare page's lanes are its edges.
    if drawing.title and drawing.legend_top is not None:
        graph.backdrop = (start, len(graph.lines), draw)


@lru_cache(maxsize=32)
def _shape_attrs(symbol: Symbol, either: bool, shared: bool) -> str:
    """A symbol's shape attributes as written in its node statement (` shape=...`)."""
    attrs = dict(SHAPES[symbol])
    if either:
        attrs["style"] = f"{attrs['style']},dashed"
    elif shared:
        attrs |= SHARED
    return "".join(f' {key}="{value}"' for key, value in attrs.items())


def _symbol(node: Node, placed: Placed, drawing: Drawing) -> list[str]:
    """The node statement(s) of one drawn copy of a step (a decision that is also work:
    its work box and the line down to the diamond too), as `DotGraph.node` writes them."""
    box = placed.box
    height = drawing.height
    texts = drawing.texts
    shared = len(node.lanes) > 1
    attrs = _shape_attrs(node.symbol, node.either, shared)
    label = dot_label(texts[node.id])
    if node.detail:
        attrs += f" tooltip={quote(dot_tooltip(normalise(node.detail)))}"
    # A cut text ends a line in "…": only then is it worth asking which.
    elif "…" in label and is_clipped(node, texts):  # the whole text, for a pointing reader
        attrs += f" tooltip={quote(dot_tooltip(normalise(node.text)))}"
    if node.number is not None:  # a name with "-": always quoted, never escaped
        copy = f"-{placed.copy + 1}" if placed.copy else ""
        attrs += f' id="langkah-{node.number}{copy}"'
    name = quote_name(box.id)
    statements = [
        f"\t{name} [label={quote(label)}"
        f' pos="{box.cx:.2f},{height - box.cy:.2f}" width="{box.width / 72:.4f}"'
        f' height="{box.height / 72:.4f}"{attrs}]\n'
    ]
    work = texts.get(node.id + WORK_SUFFIX)
    if work and box.work_height:  # a decision that is also work: its work in a box above it
        work_height = box.work_height
        top = box.top
        work_attrs = _shape_attrs(Symbol.PROCESS, node.either, shared)
        work_name = quote_name(box.id + WORK_SUFFIX)
        statements.append(
            f"\t{work_name} [label={quote(dot_label(work))}"
            f' pos="{_pos(box.cx, top + work_height / 2, height)}"'
            f' width="{_inches(box.work_width)}" height="{_inches(work_height)}"{work_attrs}]\n'
        )
        points = [(box.cx, top + work_height), (box.cx, box.cy - box.height / 2)]
        statements.append(
            f'\t{work_name} -> {name} [pos="{_spline(points, height)}" color="black"'
            ' class="kerja-keputusan"]\n'
        )
    return statements


def _join(node: Node, drawn: Sequence[Box], height: float) -> list[str]:
    """The thick line joining the copies of a step shared by several roles."""
    copies = sorted(drawn, key=lambda box: box.cx)
    join = _JOIN_ATTRS[node.either]
    return [
        f"\t{quote_name(left.id)} -> {quote_name(right.id)} [pos="
        f'"{_spline([(left.right, left.cy), (right.left, right.cy)], height, arrow=False)}"'
        f"{join}]\n"
        for left, right in itertools.pairwise(copies)
    ]


_JOIN_ATTRS = {
    either: "".join(f' {key}="{value}"' for key, value in attrs.items())
    for either, attrs in ((False, JOIN), (True, EITHER_JOIN))
}
# An arrow's attributes before its `pos`, by whether it is a return arrow.
_ARROW_ATTRS = {
    is_return: " ".join(f'{key}="{value}"' for key, value in attrs.items())
    for is_return, attrs in ((False, FLOW), (True, RETURN))
}


def _arrow(route: Route, height: float) -> str:
    """An arrow's edge statement, as `DotGraph.edge` writes it."""
    spline = _spline(route.points, height)
    ends = f"\t{quote_name(route.tail)} -> {quote_name(route.head)}"
    label = route.label
    if not label:
        return f'{ends} [{_ARROW_ATTRS[route.is_return]} pos="{spline}"]\n'
    lines = [normalise(line) for line in label.lines] or [normalise(label.text)]
    below = LINE_SPACING * LABEL_SIZE * (len(lines) - 1) / 2  # the block's middle
    centre = (label.x + label.width / 2, label.y - LABEL_SIZE * 0.3 + below)
    return (
        f'{ends} [{_ARROW_ATTRS[route.is_return]} pos="{spline}"'
        f' xlabel={quote(dot_label(lines))} xlp="{_pos(*centre, height)}"]\n'
    )


@dataclass(frozen=True)
class Legend:
    """The optional kinds of step the chart uses, each explained in its legend."""

    shared: bool = False  # a step done together by several roles
    either: bool = False  # a step done by one of several roles
    parallel: bool = False  # steps done at the same time (bersamaan)


LEGEND_LINE = 11.0  # one line of a legend's text
LEGEND_PART = "keterangan"  # the `DotGraph` part of the legend's contents


def _legend_items(kinds: Legend) -> list[str]:
    items = ["terminator", "process", "decision", "arrow", "return", "connector"]
    if kinds.shared:
        items.append("shared")
    if kinds.either:
        items.append("either")
    if kinds.parallel:
        items.append("parallel")
    return items


def _legend_texts(page_width: float, lang: str, kinds: Legend) -> list[tuple[str, list[str]]]:
    """Each legend item with its text wrapped to the item's share of the width."""
    items = _legend_items(kinds)
    slot = max(page_width - 2 * MARGIN, 1.0) / len(items)
    chars = max(8, int(slot / 5.4))
    return [(item, wrap(translate(f"flowchart.legend.{item}", lang), chars)) for item in items]


def _legend_lines(drawing: Drawing, lang: str, kinds: Legend) -> int:
    """The most lines any legend text needs."""
    return _most_legend_lines(drawing.width, lang, kinds)


@lru_cache(maxsize=64)
def _most_legend_lines(page_width: float, lang: str, kinds: Legend) -> int:
    """`_legend_lines` by the page's width (kept per process: the same widths recur)."""
    return max(len(text) for _, text in _legend_texts(page_width, lang, kinds))


def _legend(graph: DotGraph, drawing: Drawing, lang: str, kinds: Legend) -> None:
    """The symbols and arrows of the chart, drawn with the same attributes, with their names."""
    height = drawing.height
    top = drawing.legend_top or 0.0
    left = MARGIN
    width = max(drawing.width - 2 * MARGIN, 1.0)
    box_height = height - MARGIN - top  # LEGEND_HEIGHT, or more for long texts
    graph.node(
        "keterangan",
        dot_label([translate("flowchart.legend.title", lang)]),
        shape="box",
        style="rounded",
        color="#9a9a9a",
        fontsize="10",
        labelloc="t",
        pos=_pos(left + width / 2, top + box_height / 2, height),
        width=_inches(width),
        height=_inches(box_height),
    )
    # Its contents are the same on every page of this width (the frame above sets the
    # page's extent): rendered once and set into each page (`generator.flowchart.parts`),
    # so every one of them carries its own SVG id.
    graph.start_part(LEGEND_PART)
    graph.extend(_legend_contents(drawing.width, box_height, lang, kinds))


@lru_cache(maxsize=64)
def _legend_contents(
    page_width: float, box_height: float, lang: str, kinds: Legend
) -> tuple[str, ...]:
    """The legend's symbols, arrows and texts as DOT statements, placed from the legend's
    own top, so the same on every page of this width (kept per process)."""
    graph = DotGraph(LEGEND_PART)
    height = MARGIN + box_height  # Graphviz's y of the legend's top
    top = 0.0
    left = MARGIN
    width = max(page_width - 2 * MARGIN, 1.0)
    texts = _legend_texts(page_width, lang, kinds)
    slot = width / len(texts)
    symbol_y, text_y = top + 30.0, top + 47.0
    for index, (item, text) in enumerate(texts):
        cx = left + slot * (index + 0.5)
        graph.node(
            f"keterangan_{item}_teks",
            dot_label(text),
            id=f"keterangan_{item}_teks",
            shape="plaintext",
            fontsize=f"{LABEL_SIZE:g}",
            pos=_pos(cx, text_y + LEGEND_LINE * len(text) / 2, height),  # top-aligned
            width=_inches(slot - 4),
            height=_inches(LEGEND_LINE * len(text)),
        )
        sample = {"pos": _pos(cx, symbol_y, height), "fontsize": f"{LABEL_SIZE:g}"}
        if item in ("terminator", "process", "decision", "connector"):
            symbol = Symbol(item)
            size = (22.0, 22.0) if symbol is Symbol.CONNECTOR else (44.0, 20.0)
            graph.node(
                f"keterangan_{item}",
                "A" if symbol is Symbol.CONNECTOR else "",
                id=f"keterangan_{item}",
                width=_inches(size[0]),
                height=_inches(size[1]),
                **SHAPES[symbol],
                **sample,
            )
        elif item in ("arrow", "return"):
            points = [(cx - 24.0, symbol_y), (cx + 24.0, symbol_y)]
            if item == "return":
                points.reverse()
            attrs = RETURN if item == "return" else FLOW
            graph.edge(
                f"keterangan_{item}_teks",
                f"keterangan_{item}_teks",
                id=f"keterangan_{item}_panah",
                pos=_spline(points, height),
                **attrs,
            )
        elif item == "parallel":
            _legend_parallel(graph, cx, symbol_y, height)
        else:  # a shared (or either-or) step: two boxes joined, as in the chart
            box = dict(SHAPES[Symbol.PROCESS])
            if item == "either":
                box["style"] = f"{box['style']},dashed"
            else:
                box |= SHARED
            for offset, key in ((-20.0, "a"), (20.0, "b")):
                graph.node(
                    f"keterangan_{item}_{key}",
                    "",
                    id=f"keterangan_{item}_{key}",
                    width=_inches(24.0),
                    height=_inches(18.0),
                    **box,
                    pos=_pos(cx + offset, symbol_y, height),
                )
            points = [(cx - 8.0, symbol_y), (cx + 8.0, symbol_y)]
            graph.edge(
                f"keterangan_{item}_a",
                f"keterangan_{item}_b",
                id=f"keterangan_{item}_garis",
                pos=_spline(points, height, arrow=False),
                **(EITHER_JOIN if item == "either" else JOIN),
            )
    return tuple(graph.lines)


def _legend_parallel(graph: DotGraph, cx: float, symbol_y: float, height: float) -> None:
    """Two steps side by side, each reached by its own arrow from one point above."""
    fork = symbol_y - 13.0
    for offset, key in ((-15.0, "a"), (15.0, "b")):
        box = f"keterangan_parallel_{key}"
        graph.node(
            box,
            "",
            id=box,
            width=_inches(24.0),
            height=_inches(14.0),
            **SHAPES[Symbol.PROCESS],
            pos=_pos(cx + offset, symbol_y + 3.0, height),
        )
        points = [(cx, fork), (cx + offset, fork), (cx + offset, symbol_y - 4.0)]
        graph.edge(box, box, id=f"{box}_panah", pos=_spline(points, height), **FLOW)
