"""A flowchart page as a Graphviz graph (DOT), built with the `graphviz` package.

Layout technique (dot, top to bottom), detailed in docs/flowchart.md:

- the page is a grid (see `_Grid`): per row a `rank=same` subgraph whose
  items are chained left to right by invisible edges (this keeps the lanes in
  the declared order), per column a heavy chain top to bottom (this keeps
  columns straight); the left frame line has a point on every row and so
  orders the rows; the other lane lines are single straight edges from the
  header row to the bottom line;
- flow arrows do not constrain the ranks (`constraint=false`): the grid alone
  places every symbol, so crossing minimisation cannot drag a lane out of order;
- return arrows, the joins of a multi-role step and arrows along a row are
  drawn as visible grid edges, so they run straight and never through a symbol;
- arrow labels are `xlabel`s (a `label` would double the ranks);
- the legend (the five symbols) is a small cluster below the grid.

No HTML-like label is used (the embedded engine has no libexpat), and every
text an author wrote goes through `text.dot_label` and the `graphviz` package's
quoting, so hostile text cannot break or inject into the DOT.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import graphviz
from graphviz.quoting import attr_list
from graphviz.quoting import quote as graphviz_quote

from generator.flowchart.layout import Arrow, Node, Page, Symbol
from generator.flowchart.text import dot_label, normalise, wrap
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


def _dot(color: str) -> dict[str, str]:
    """A grid point on a drawn line: a dot of the line's colour fills the gap dot leaves."""
    return {
        "shape": "square",
        "label": "",
        "width": "0.028",
        "height": "0.028",
        "fixedsize": "true",
        "style": "filled",
        "fillcolor": color,
        "penwidth": "0",
    }


LINE = {
    "dir": "none",
    "color": LINE_COLOR,
    "weight": "100",
    "headclip": "false",
    "tailclip": "false",
}
INVISIBLE = {"style": "invis", "weight": "100"}  # keeps a lane's column straight
FLAT_LINE = {"dir": "none", "color": LINE_COLOR, "headclip": "false", "tailclip": "false"}
ORDER = {"style": "invis"}  # keeps the lanes in order along a row
# The grid alone fixes rows and lanes; an arrow that constrained the ranks
# would also let crossing minimisation pull a lane line across a node.
FLOW = {"class": "panah", "constraint": "false"}
JOIN = {"dir": "none", "penwidth": "3", "color": "black", "style": "solid"}
RETURN = {
    "style": "solid",
    "dir": "none",
    "color": RETURN_COLOR,
    "fontcolor": RETURN_COLOR,
    "class": "panah-balik",
}

SHAPES = {
    Symbol.TERMINATOR: {"shape": "box", "style": "rounded,filled", "fillcolor": TERMINATOR_FILL},
    Symbol.PROCESS: {"shape": "box", "style": "filled", "fillcolor": PROCESS_FILL},
    Symbol.DECISION: {
        "shape": "diamond",
        "style": "filled",
        "fillcolor": DECISION_FILL,
        "margin": "0.02,0.02",
    },
    Symbol.CONNECTOR: {
        "shape": "invhouse",  # a pentagon pointing down: the flow continues elsewhere
        "style": "filled",
        "fillcolor": CONNECTOR_FILL,
        "width": "0.45",
        "height": "0.45",
        "fixedsize": "true",
    },
}


@dataclass(frozen=True)
class DotOptions:
    """How a page is drawn: label widths (characters) and whether waktu is shown."""

    waktu: bool = True
    box_width: int = 20
    decision_width: int = 18
    header_width: int = 16


def page_graph(
    page: Page, name: str, lang: str = "id", options: DotOptions = DotOptions()
) -> graphviz.Digraph:
    """The Graphviz graph of one page; `name` becomes the SVG graph's <title>."""
    chart = page.chart
    graph = graphviz.Digraph(name=graphviz.escape(name))
    graph.attr(
        newrank="true",
        rankdir="TB",
        splines="spline",
        nodesep="0.12",
        ranksep="0.22",
        pad="0.2",
        fontname=FONT,
        fontsize="16",
        labelloc="t",
        label=dot_label(_title_lines(page, lang)),
        bgcolor="white",
    )
    graph.attr("node", fontname=FONT, fontsize="10", margin="0.16,0.06", penwidth="1.2")
    graph.attr("edge", fontname=FONT, fontsize="9", arrowsize="0.7", penwidth="1.1")

    cell: dict[tuple[int, int], str] = {}
    for node in page.nodes:
        for copy, lane in enumerate(node.lanes):
            cell[(node.row, lane)] = _copy_id(node, copy)
            _draw_node(graph, node, copy, lang, options)

    for index, lane in enumerate(chart.lanes):
        label = lane.label if not lane.extra else f"{lane.label} (?)"
        graph.node(
            _header_id(index),
            dot_label(wrap(label, options.header_width) or [" "]),
            shape="box",
            style="filled",
            fillcolor=HEADER_FILL,
            fontsize="11",
            width="1.4",
        )

    node_of = {node.id: node for node in page.nodes}
    returns = [a for a in page.arrows if _is_return(node_of[a.tail], node_of[a.head])]
    grid = _Grid(page, cell, returns)
    for node in page.nodes:  # one step in several lanes: join neighbouring copies
        copies = sorted(range(len(node.lanes)), key=lambda copy: node.lanes[copy])
        for left, right in itertools.pairwise(copies):
            grid.route_join(_copy_id(node, left), _copy_id(node, right), node.row)
    blocked = [arrow for arrow in returns if not grid.route_return(arrow, node_of)]
    along = [arrow for arrow in page.arrows if grid.route_along_row(arrow, node_of)]
    grid.draw(graph)
    for arrow in page.arrows:
        if arrow not in returns and arrow not in along:
            graph.edge(arrow.tail, arrow.head, **_label(arrow, "xlabel"), **FLOW)
    for arrow in blocked:
        _draw_return_edge(graph, arrow)

    _legend(graph, _point_id("bottom", "sep0"), lang)
    return graph


def _title_lines(page: Page, lang: str) -> list[str]:
    lines = wrap(page.chart.title, 90)
    if page.count > 1:
        lines.append(translate("flowchart.page", lang, number=page.number, count=page.count))
    return lines


def _header_id(lane: int) -> str:
    return f"lane{lane}"


def _point_id(row: str, column: str) -> str:
    """A grid point's id: starts with `_`, which no symbol's id does ("m" for a minus)."""
    return f"_{row}_{column}".replace("-", "m")


def _copy_id(node: Node, copy: int) -> str:
    return node.id if copy == 0 else f"{node.id}__{copy + 1}"


def _draw_node(
    graph: graphviz.Digraph, node: Node, copy: int, lang: str, options: DotOptions
) -> None:
    width = options.decision_width if node.symbol is Symbol.DECISION else options.box_width
    text = node.text if node.number is None else f"{node.number}. {normalise(node.text)}"
    lines = wrap(text, width) if node.symbol is not Symbol.CONNECTOR else [node.text]
    if options.waktu and node.waktu and node.symbol is not Symbol.CONNECTOR:
        lines += wrap(translate("flowchart.waktu", lang, waktu=normalise(node.waktu)), width)
    attrs = dict(SHAPES[node.symbol])
    if node.detail:
        attrs["tooltip"] = graphviz.escape(normalise(node.detail))
    if node.number is not None:
        attrs["id"] = f"langkah-{node.number}" + (f"-{copy + 1}" if copy else "")
    graph.node(_copy_id(node, copy), dot_label(lines), **attrs)


class _Grid:
    """The page as a grid of rows and columns, kept in place by invisible edges.

    Columns, left to right: a separator, then for each lane its cell column and
    one narrow channel per return target in that lane, then a separator again.
    Rows, top to bottom: a top line, the lane headers, the page's rows and a
    bottom line. A row holds its step's node(s), the channel points a return
    arrow passes (with a point in the lane beside them) and a point on the
    left separator; invisible edges between the neighbours of a row keep them
    in order, heavy vertical edges keep every column straight, and the left
    separator's chain orders the rows. The other separators have points only
    on the top, header and bottom rows: each is one long straight edge, which
    is much cheaper to lay out than a point per row. Grid points are tiny
    nodes whose ids start with `_`. Return arrows, the joins of a multi-role
    step and arrows along a row are drawn by making some of those edges
    visible, so they run straight along the grid and never through a node.
    """

    def __init__(self, page: Page, cell: dict[tuple[int, int], str], returns: list[Arrow]):
        node_of = {node.id: node for node in page.nodes}
        lane_count = len(page.chart.lanes)
        targets: dict[int, list[Node]] = {lane: [] for lane in range(lane_count)}
        lowest: dict[str, int] = {}  # return target id -> row of its lowest tail
        for arrow in returns:
            head, tail = node_of[arrow.head], node_of[arrow.tail]
            if head not in targets[head.lane]:
                targets[head.lane].append(head)
            lowest[head.id] = max(lowest.get(head.id, head.row), tail.row)
        self.channel: dict[str, str] = {}  # return target id -> its channel column
        self.columns: list[str] = []  # column keys, left to right
        channel_rows: dict[str, range] = {}
        lane_channels: dict[int, list[str]] = {lane: [] for lane in range(lane_count)}
        for lane in range(lane_count):
            self.columns += [f"sep{lane}", f"lane{lane}"]
            # The lowest target gets the channel nearest its lane, so shorter
            # loops nest inside longer ones.
            for index, head in enumerate(sorted(targets[lane], key=lambda n: -n.row)):
                column = f"ch{lane}x{index}"
                self.columns.append(column)
                self.channel[head.id] = column
                channel_rows[column] = range(head.row, lowest[head.id] + 1)
                lane_channels[lane].append(column)
        self.columns.append(f"sep{lane_count}")
        self.rows = ["top", "header", *(str(row) for row in page.rows), "bottom"]
        self.items: dict[tuple[str, str], str] = {}
        for row in self.rows:
            for column in self.columns:
                point = _point_id(row, column)
                if column.startswith("sep"):
                    if row in ("top", "header", "bottom") or column == "sep0":
                        self.items[(row, column)] = point
                elif row in ("top", "bottom"):
                    continue
                elif column.startswith("lane"):
                    lane = int(column.removeprefix("lane"))
                    if row == "header":
                        self.items[(row, column)] = _header_id(lane)
                    elif (int(row), lane) in cell:
                        self.items[(row, column)] = cell[(int(row), lane)]
                    elif any(int(row) in channel_rows[c] for c in lane_channels[lane]):
                        # The lane's column passes left of its channel here,
                        # pinned by a point (a bare long edge could cross it).
                        self.items[(row, column)] = point
                elif row == "header" or int(row) in channel_rows[column]:
                    self.items[(row, column)] = point
        # Grid edges drawn visibly, by (left, right) or (upper, lower) item,
        # and the colour of the grid points they pass through.
        self.visible: dict[tuple[str, str], dict[str, str]] = {}
        self.drawn: dict[str, str] = {}

    def _row(self, row: str) -> list[str]:
        return [self.items[(row, c)] for c in self.columns if (row, c) in self.items]

    def _column(self, column: str) -> list[str]:
        return [self.items[(r, column)] for r in self.rows if (r, column) in self.items]

    def draw(self, graph: graphviz.Digraph) -> None:
        """The grid's points and edges: separator lines, routed paths, invisible order.

        A page has hundreds of grid statements, so they are added to the graph's
        body as lines: ids through the `graphviz` package's `quote`, attribute
        lists through its `attr_list`, block defaults computed once (grid ids
        are ours, never an author's text). This keeps building the DOT fast.
        """
        lines: list[str] = []
        for row in self.rows:
            ids = self._row(row)
            edges = _FLAT_LINE_DEFAULTS if row in ("top", "bottom") else _ORDER_DEFAULTS
            lines += ["\t{\n", _RANK_SAME, _POINT_DEFAULTS, edges]
            for item in ids:
                if item in self.drawn:
                    attrs = {"fillcolor": self.drawn[item]}
                elif item.startswith("_") and "_sep" not in item:
                    attrs = {"style": "invis"}
                else:
                    attrs = {}
                lines.append(f"\t\t{quote(item)}{attr_list(kwargs=attrs)}\n")
            lines += [self._edge_line(pair) for pair in itertools.pairwise(ids)]
            lines.append("\t}\n")
        for kind, defaults in (("sep", _LINE_DEFAULTS), ("lane", _INVISIBLE_DEFAULTS)):
            lines += ["\t{\n", defaults]
            for column in self.columns:
                if column.startswith(kind) or (kind == "lane" and column.startswith("ch")):
                    column_items = self._column(column)
                    lines += [self._edge_line(pair) for pair in itertools.pairwise(column_items)]
            lines.append("\t}\n")
        graph.body.extend(lines)

    def _edge_line(self, pair: tuple[str, str]) -> str:
        """An edge of the grid: its own attributes when drawn, else its block's defaults."""
        attrs = attr_list(kwargs=self.visible[pair]) if pair in self.visible else ""
        return f"\t\t{quote(pair[0])} -> {quote(pair[1])}{attrs}\n"

    def route_join(self, left: str, right: str, row: int) -> None:
        """Join two copies of a multi-role step along their row with a thick line."""
        ids = self._row(str(row))
        span = ids[ids.index(left) : ids.index(right) + 1]
        for pair in itertools.pairwise(span):
            self.visible[pair] = JOIN
            self.drawn |= {item: JOIN["color"] for item in pair if item.startswith("_")}

    def route_return(self, arrow: Arrow, node_of: dict[str, Node]) -> bool:
        """Route a return arrow along the grid; False when a node blocks the way."""
        tail, head = node_of[arrow.tail], node_of[arrow.head]
        if tail.id == head.id:
            return False
        channel = self.channel[head.id]
        tail_row, head_row = str(tail.row), str(head.row)
        across = self._span(tail_row, arrow.tail, channel)
        into = self._span(head_row, arrow.head, channel)
        if any(not item.startswith("_") for item in across[1:] + into[1:]):
            return False
        planned: dict[tuple[str, str], dict[str, str]] = {}
        # Across the tail's row; the piece at the tail leaves from its side
        # and carries the answer.
        rightwards = self.columns.index(f"lane{tail.lane}") < self.columns.index(channel)
        for index, pair in enumerate(itertools.pairwise(across)):
            attrs = dict(RETURN)
            if index == 0:
                attrs |= _label(arrow, "xlabel")
            planned[pair if rightwards else pair[::-1]] = attrs
        # Up the channel, then into the head from its right (arrowhead on the
        # head, as the edge is drawn left to right with dir=back).
        column = self._column(channel)
        rows = column[column.index(self.items[(head_row, channel)]) :]
        rows = rows[: rows.index(self.items[(tail_row, channel)]) + 1]
        for pair in itertools.pairwise(rows):
            planned[pair] = RETURN | {"weight": "100"}
        for index, pair in enumerate(itertools.pairwise(into)):
            planned[pair] = RETURN | ({"dir": "back"} if index == 0 else {})
        if any(pair in self.visible for pair in planned if "xlabel" in planned[pair]):
            return False  # two answers of one step cannot share the same path
        for pair, attrs in planned.items():
            self.visible.setdefault(pair, attrs)
            self.drawn |= {item: RETURN_COLOR for item in pair if item.startswith("_")}
        return True

    def route_along_row(self, arrow: Arrow, node_of: dict[str, Node]) -> bool:
        """Route an arrow to the right along its row (to a connector) straight over the grid.

        False for any other arrow, or when a node sits between tail and head.
        """
        tail, head = node_of[arrow.tail], node_of[arrow.head]
        if head.row != tail.row or _is_return(tail, head):
            return False
        ids = self._row(str(tail.row))
        start, stop = ids.index(arrow.tail), ids.index(arrow.head)
        if any(not item.startswith("_") for item in ids[start + 1 : stop]):
            return False
        pairs = list(itertools.pairwise(ids[start : stop + 1]))
        for index, pair in enumerate(pairs):
            attrs = {"class": "panah", "style": "solid", "color": "black", "dir": "none"}
            if index == 0:
                attrs |= _label(arrow, "xlabel")
            if index == len(pairs) - 1:
                attrs |= {"dir": "forward"}
            self.visible[pair] = attrs
            self.drawn |= {item: "black" for item in pair if item.startswith("_")}
        return True

    def _span(self, row: str, start: str, channel: str) -> list[str]:
        """The items of `row` from item `start` to the channel's point, both included, in order."""
        ids = self._row(row)
        first, last = ids.index(start), ids.index(self.items[(row, channel)])
        step = 1 if last >= first else -1
        return ids[first : last + step : step] if last + step >= 0 else ids[first::step]


# Grid ids repeat across statements and pages: quote each once.
quote = functools.cache(graphviz_quote)


def _is_return(tail: Node, head: Node) -> bool:
    """A return arrow runs up, or left along its row (a connector beside its step).

    An arrow to the right along its row is drawn as a plain arrow.
    """
    return head.row < tail.row or (head.row == tail.row and head.lane <= tail.lane)


def _defaults(kind: str, attrs: dict[str, str]) -> str:
    """A block's default attributes as one DOT line, quoted by the `graphviz` package."""
    return f"\t\t{kind}{attr_list(kwargs=attrs)}\n"


_RANK_SAME = "\t\trank=same\n"
_POINT_DEFAULTS = _defaults("node", _dot(LINE_COLOR))
_FLAT_LINE_DEFAULTS = _defaults("edge", FLAT_LINE)
_ORDER_DEFAULTS = _defaults("edge", ORDER)
_LINE_DEFAULTS = _defaults("edge", LINE)
_INVISIBLE_DEFAULTS = _defaults("edge", INVISIBLE)


def _label(arrow: Arrow, attribute: str = "label") -> dict[str, str]:
    return {attribute: dot_label(wrap(arrow.label, 16))} if arrow.label else {}


def _draw_return_edge(graph: graphviz.Digraph, arrow: Arrow) -> None:
    """A return arrow Graphviz routes itself (when the grid path is blocked)."""
    attrs = {"constraint": "false", "tailport": "e", "headport": "e"}
    graph.edge(arrow.tail, arrow.head, **(RETURN | attrs | {"dir": "forward"}), **_label(arrow))


def _legend(graph: graphviz.Digraph, anchor: str, lang: str) -> None:
    """The five symbols, in a boxed row under the chart (the same lines on every page)."""
    graph.body.extend(_legend_lines(anchor, lang))


@functools.cache
def _legend_lines(anchor: str, lang: str) -> tuple[str, ...]:
    graph = graphviz.Digraph()

    def text(key: str) -> str:
        return dot_label(wrap(translate(f"flowchart.legend.{key}", lang), 14))

    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(
            label=dot_label([translate("flowchart.legend.title", lang)]),
            labeljust="l",
            fontsize="10",
            style="rounded",
            color="#9a9a9a",
            margin="4",
        )
        legend.attr("node", fontsize="9", height="0.3", margin="0.06,0.03")
        legend.node("legend_terminator", text("terminator"), **SHAPES[Symbol.TERMINATOR])
        legend.node("legend_process", text("process"), **SHAPES[Symbol.PROCESS])
        legend.node("legend_decision", text("decision"), **SHAPES[Symbol.DECISION], height="0.5")
        legend.node("legend_arrow_from", "", shape="point", width="0.05")
        legend.node("legend_arrow", text("arrow"), shape="plaintext")
        connector = {**SHAPES[Symbol.CONNECTOR], "width": "0.3", "height": "0.3"}
        legend.node("legend_connector", "A", **connector)
        legend.node("legend_connector_text", text("connector"), shape="plaintext")
        order = [
            "legend_terminator",
            "legend_process",
            "legend_decision",
            "legend_arrow_from",
            "legend_arrow",
            "legend_connector",
            "legend_connector_text",
        ]
        with legend.subgraph() as same:
            same.attr(rank="same")
            for left, right in itertools.pairwise(order):
                if (left, right) == ("legend_arrow_from", "legend_arrow"):
                    same.edge(left, right, minlen="2")
                else:
                    same.edge(left, right, style="invis")
    graph.edge(anchor, order[0], style="invis")
    return tuple(graph.body)
