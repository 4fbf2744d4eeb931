"""A page's lanes as SVG elements written here, not by Graphviz.

The lanes (a grey header box and a framed body per lane) are plain
rectangles with centred text: drawing them cost the embedded engine ~45 us
an element, about a tenth of a page. So the page is rendered without them
(`DotGraph.backdrop`) and these elements are set in right after the SVG's
background, behind everything else, as Graphviz would have drawn them first.
The DOT text (`--format dot`) keeps the lanes as nodes, so the chart reads
the same in Graphviz's own tools. Only framed pages do this: the engine sizes
the drawing by what it draws, and there the title and the legend's frame are
its edges, not the lanes (a bare page, the book's, is rendered whole).

Coordinates follow the engine's SVG: the page's graph is not translated
(`notranslate`), so x is the page's x and y is minus Graphviz's y (which
grows upwards from the page's bottom). Numbers are written as Graphviz
writes them (two decimals at most, no trailing zeros); every text is
XML-escaped here (a lane's name comes from the organisation registry).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

LINE_SPACING = 1.2  # Graphviz's line height, in font sizes
BASELINE = 0.3  # a single line's baseline below its box's middle, in font sizes


@lru_cache(maxsize=1024)  # a page's lanes share their tops, bottoms and widths
def number(value: float) -> str:
    """`value` as Graphviz writes a coordinate in SVG."""
    written = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if written in ("-0", "") else written


def _box(left: float, top: float, right: float, bottom: float) -> str:
    """The points of a rectangle as Graphviz lists them (top right first, closed)."""
    x0, x1, y0, y1 = number(left), number(right), number(top), number(bottom)
    return f"{x1},{y0} {x0},{y0} {x0},{y1} {x1},{y1} {x1},{y0}"


@dataclass(frozen=True)
class LaneCell:
    """One lane as its DOT nodes say: header lines, width (inches, as written), and the
    header's and body's `pos` and height (inches), so the SVG has Graphviz's numbers."""

    lines: tuple[str, ...]
    width: str
    header: tuple[str, str]
    body: tuple[str, str]


def _rectangle(pos: str, width: str, height: str) -> tuple[float, float, float, float, float]:
    """A box node's left, top, right and bottom in SVG coordinates, and its middle's y."""
    x, y = (float(value) for value in pos.split(","))
    half_w, half_h = float(width) * 36, float(height) * 36
    return x - half_w, -y - half_h, x + half_w, -y + half_h, -y


def lanes_svg(
    cells: Sequence[LaneCell],
    *,
    font: str,
    header_fill: str,
    line_color: str,
    header_size: float = 11.0,
    pen_width: float = 1.2,
) -> bytes:
    """The SVG elements of the lanes `cells`, as Graphviz draws their nodes."""
    pen = number(pen_width)
    size = f"{header_size:.2f}"
    family = escape(font, {'"': "&quot;"})
    parts = []
    for index, cell in enumerate(cells):
        left, top, right, bottom, middle = _rectangle(cell.header[0], cell.width, cell.header[1])
        cx = number((left + right) / 2)
        lines = cell.lines
        # Graphviz's baselines: centred lines, each a line height apart.
        first = middle + BASELINE * header_size
        first -= (len(lines) - 1) / 2 * LINE_SPACING * header_size
        texts = "".join(
            '<text xml:space="preserve" text-anchor="middle" '
            f'x="{cx}" y="{number(first + k * LINE_SPACING * header_size)}" '
            f'font-family="{family}" font-size="{size}">{escape(line)}</text>\n'
            for k, line in enumerate(lines)
        )
        body = _rectangle(cell.body[0], cell.width, cell.body[1])
        header, frame = f"lane{index}", f"jalur{index}"
        parts.append(
            f'<!-- {header} -->\n<g id="{header}" class="node">\n<title>{header}</title>\n'
            f'<polygon fill="{header_fill}" stroke="black" stroke-width="{pen}" '
            f'points="{_box(left, top, right, bottom)}"/>\n{texts}</g>\n'
            f'<!-- {frame} -->\n<g id="{frame}" class="node">\n<title>{frame}</title>\n'
            f'<polygon fill="none" stroke="{line_color}" stroke-width="{pen}" '
            f'points="{_box(*body[:4])}"/>\n</g>\n'
        )
    return "".join(parts).encode("utf-8")
