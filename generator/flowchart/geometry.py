"""Where everything on a swimlane page goes, in points: lanes, rows, symbols, arrow routes.

The tool places every symbol itself (lane x row) and routes every arrow with
the shared orthogonal router (`generator.flowchart.router`), so Graphviz only
draws the pinned result. Coordinates grow rightwards and downwards from the
page's top-left corner; `dot.py` turns them round for Graphviz.

- Every lane has one symbol column (as wide as a diamond) and a channel on
  each side for the tracks of the arrows that run beside it; a channel is as
  wide as the most tracks it needs on any page, so every page of a chart has
  the same lanes at the same x (they line up when printed side by side).
- A row is as tall as its tallest symbol plus room for a bend and a label.
- The legend sits under the lanes and is drawn with the chart's own symbols.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.flowchart.layout import Node, Page, Symbol
from generator.flowchart.router import Box, Channels, Route, RouteStyle, route_arrows, track_slots
from generator.flowchart.text import normalise, wrap, wrapped

LINE = 12.0  # one line of 10 pt text
FONT_SIZE = 10.0
LABEL_SIZE = 10.0  # answers beside arrows (the chart's smallest text: prints at 8 pt or more)
MARGIN = 12.0
TITLE_LINE = 19.0
HEADER_LINE = 13.0
BOX_WIDTH = 100.0  # process and terminator: 16 characters a line
DECISION_WIDTH = 108.0  # 12 characters a line in the middle (see diamond_height)
TERMINATOR_WIDTH = BOX_WIDTH  # a capsule carries an activity (SOP AP)
CONNECTOR_SIZE = 28.0
ROW_GAP = 30.0  # between the symbols of two rows: a bend and a label fit in
GUTTER = 6.0  # between a lane's edge and its first track
TRACK = 6.0  # between two tracks of a channel
COLUMN = DECISION_WIDTH + 2.0  # the symbol column of every lane
LEGEND_HEIGHT = 72.0  # symbols, and two lines of text under them

STYLE = RouteStyle(
    first_track=GUTTER,
    track=TRACK,
    edge_margin=3.0,
    turn=12.0,
    bottom_exit=10.0,
    label_size=LABEL_SIZE,
    label_gap=4.0,
    label_rise=4.0,
    label_beside=4.0,
    label_drop=11.0,
    label_fall=11.0,
    label_clear=5.0,
    lane_pitch=COLUMN + 2 * GUTTER,
)
LABEL_WIDTH = 0.56  # an answer's width per character at font size 1


def label_width(text: str) -> float:
    """The width of an answer's text at font size 1."""
    return LABEL_WIDTH * len(text)


BOX_CHARS = 16
DECISION_CHARS = 12
HEADER_CHARS = 16


# Not frozen: made dozens of times a chart, and a frozen dataclass's __init__ sets
# each field through object.__setattr__ (~10x slower); nothing changes one once made.
@dataclass(slots=True, unsafe_hash=True)
class Placed:
    """One drawn copy of a node: its box (a multi-role step has one copy per lane)."""

    node_id: str
    copy: int  # 0 for the lane arrows use, 1.. for the other lanes of a shared step
    box: Box


@dataclass(frozen=True)
class Drawing:
    """A page with every position decided."""

    width: float
    height: float
    title: tuple[str, ...]
    lane_left: tuple[float, ...]
    lane_right: tuple[float, ...]
    lanes_top: float  # the top of the header row
    header_bottom: float
    lanes_bottom: float
    symbols: tuple[Placed, ...]
    routes: tuple[Route, ...]
    legend_top: float | None  # None: drawn without a legend
    texts: dict[str, tuple[str, ...]]  # node id (or id + WORK_SUFFIX) -> its text lines


WORK_SUFFIX = "_kerja"  # text key (and DOT node id) of a decision's work box
WORK_GAP = 12.0  # between a decision's work box and its diamond


MAX_LINES = 6  # of a step's text in its symbol; the rest is cut with "…" (see `clipped`)


def clipped(text: str, width: int, most: int | None = MAX_LINES) -> tuple[str, ...]:
    """`text` wrapped to `width` characters, at most `most` lines (None: all), the last
    ending in "…" when cut.

    A symbol on the swimlane holds the start of a long kegiatan; the whole text
    is the symbol's tooltip and stands in the procedure table beside the chart.
    Keeping symbols short keeps rows low, so the printed chart stays legible.
    """
    lines = wrapped(text, width)
    if most is None:
        return lines
    if lines and lines[0].removesuffix(".").isdigit():
        most += 1  # a step number alone on its line ("12.") does not count
    if len(lines) <= most:
        return lines
    return (*lines[: most - 1], lines[most - 1][: width - 1].rstrip() + "…")


def _texts(
    node: Node, waktu: bool, lang_waktu: str, clip: bool
) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """The text lines of a node, and those of its work when it is a decision that is
    also work (else None).

    With `clip` (a chart printed beside its procedure table, which holds every
    whole text) long texts are cut with "…" so rows stay low and the print legible;
    without it (the site, `sop flowchart`) every symbol holds its whole text.
    """
    symbol = node.symbol
    if symbol is Symbol.CONNECTOR:
        return (node.text,), None
    box_most = MAX_LINES if clip else None
    time = _time_lines(lang_waktu, normalise(node.waktu), BOX_CHARS) if waktu and node.waktu else ()
    if node.detail:  # the work in a box (with its waktu), the question in the diamond
        work = clipped(f"{node.number}. {normalise(node.detail)}", BOX_CHARS, box_most)
        question = _diamond_lines(node.text, lang_waktu, "", 4 if clip else None)
        return question, (*work, *time)
    text = node.text if node.number is None else f"{node.number}. {normalise(node.text)}"
    if symbol is Symbol.DECISION:
        shown = normalise(node.waktu or "") if time else ""
        return _diamond_lines(text, lang_waktu, shown, 3 if clip else None), None
    lines = clipped(text, BOX_CHARS, box_most) or (" ",)
    return (*lines, *time), None


@lru_cache(maxsize=1024)
def _time_lines(template: str, waktu: str, width: int) -> tuple[str, ...]:
    """The "Waktu: ..." line(s) of a symbol, never breaking inside the duration itself.

    "Waktu: 1 hari" that does not fit becomes "Waktu:" over "1 hari", not
    "Waktu: 1" over "hari"; a duration longer than a line is wrapped as text.
    Remembered: a few durations ("1 hari", "15 menit") recur in every SOP, each
    tried at up to seven widths in every diamond.
    """
    whole = template.replace("{waktu}", waktu)
    if len(whole) <= width:
        return (whole,)
    head, _, tail = template.partition("{waktu}")
    if len(waktu) <= width and not tail.strip():
        return (*wrap(head, width), waktu)
    return tuple(wrap(whole, width))


def _diamond_lines(text: str, template: str, waktu: str, most: int | None) -> tuple[str, ...]:
    """A diamond's lines: wrapped at the width (8 to 14 characters) that gives the
    lowest diamond (`diamond_height`), the text at most `most` lines, then the waktu."""
    best: tuple[str, ...] = (" ",)
    best_height = math.inf
    longest = max((len(word) for word in normalise(text).split()), default=0)
    narrowest = min(max(8, longest), DECISION_CHARS + 2)  # no word split if it can be helped
    previous: tuple[str, ...] | None = None
    for width in range(narrowest, DECISION_CHARS + 3):
        lines = clipped(text, width, most) or (" ",)
        if waktu:
            lines += _time_lines(template, waktu, width)
        if lines == previous:  # the same wrap as one width narrower: the same height
            continue
        previous = lines
        height = diamond_height(lines)
        if height < best_height - 0.5:  # ties: the narrower wrap, found first
            best, best_height = lines, height
    return best


def is_clipped(node: Node, texts: dict[str, tuple[str, ...]]) -> bool:
    """True when a node's text (or its work) was cut to fit its symbol."""
    for key in (node.id, node.id + WORK_SUFFIX):
        for line in texts.get(key, ()):
            if line.endswith("…"):
                return True
    return False


CHAR_WIDTH = 5.4  # a character of 10 pt text, on average, with room to spare


def diamond_height(lines: Sequence[str]) -> float:
    """The height of a diamond whose every text line fits inside its slanted sides.

    A diamond is widest in the middle: a line at distance d from the middle
    has W * (1 - 2d / H) of room, so the height follows from the widest line
    for its place (short first and last lines need less than a box of text).
    """
    count = len(lines)
    height = max(52.0, LINE * count + 16.0)
    middle = (count - 1) / 2
    # Comparisons instead of min() and max(): the same values, fewer calls (per wrap tried).
    for index, line in enumerate(lines):
        edge = abs(index - middle) * LINE + LINE / 2
        share = (len(line) * CHAR_WIDTH + 8.0) / DECISION_WIDTH
        if share > 0.9:
            share = 0.9
        need = 2 * edge / (1 - share)
        if need > height:
            height = need
    return height


def symbol_size(symbol: Symbol, lines: int, text: Sequence[str] = ()) -> tuple[float, float]:
    """Width and height of a symbol holding `lines` lines of text (a diamond: `text` itself)."""
    if symbol is Symbol.DECISION:
        return DECISION_WIDTH, diamond_height(text or ["M" * DECISION_CHARS] * lines)
    if symbol is Symbol.TERMINATOR:
        return TERMINATOR_WIDTH, max(28.0, LINE * lines + 12.0)
    if symbol is Symbol.CONNECTOR:
        return CONNECTOR_SIZE, CONNECTOR_SIZE
    return BOX_WIDTH, max(34.0, LINE * lines + 12.0)


@dataclass(frozen=True)
class PageTexts:
    """A page's text lines and symbol sizes, computed once for sizing its channels
    and for placing it (`page_texts`)."""

    texts: dict[str, tuple[str, ...]]  # node id (or id + WORK_SUFFIX) -> its text lines
    # Node id -> the symbol's width and height, and the height of a work box above it
    # and its gap (0: none).
    sizes: dict[str, tuple[float, float, float]]
    # The page's rows (chart row -> index on the page), and each one's height: its
    # tallest symbol with a gap (for sizing the channels and for placing the page).
    order: dict[int, int]
    heights: tuple[float, ...]


def page_texts(page: Page, waktu: bool, lang_waktu: str, clip: bool = False) -> PageTexts:
    """The text lines and symbol sizes of every node on `page`."""
    texts: dict[str, tuple[str, ...]] = {}
    sizes: dict[str, tuple[float, float, float]] = {}
    order = {row: index for index, row in enumerate(page.rows)}
    heights = [0.0] * len(order)
    for node in page.nodes:
        lines, work = _texts(node, waktu, lang_waktu, clip)
        texts[node.id] = lines
        width, height = symbol_size(node.symbol, len(lines), lines)
        above = 0.0  # the height of a work box above the symbol (and the gap)
        if work:
            texts[node.id + WORK_SUFFIX] = work
            above = symbol_size(Symbol.PROCESS, len(work))[1] + WORK_GAP
        sizes[node.id] = (width, height, above)
        need = height + above + ROW_GAP  # a comparison, not max(): once a node
        index = order[node.row]
        if need > heights[index]:
            heights[index] = need
    return PageTexts(texts, sizes, order, tuple(heights))


@dataclass(frozen=True)
class _Rows:
    order: dict[int, int]  # chart row -> index on the page
    tops: tuple[float, ...]
    heights: tuple[float, ...]


def _rows(prepared: PageTexts, top: float) -> _Rows:
    """The page's rows from `top` down (their heights from `page_texts`)."""
    tops, y = [], top
    for height in prepared.heights:
        tops.append(y)
        y += height
    return _Rows(prepared.order, tuple(tops), prepared.heights)


def _boxes(
    page: Page, sizes: dict[str, tuple[float, float, float]], rows: _Rows, centres: Sequence[float]
) -> list[Placed]:
    result = []
    for node in page.nodes:
        width, height, above = sizes[node.id]
        index = rows.order[node.row]
        # The symbol (and its work box) centred in the row; ports on the symbol.
        cy = rows.tops[index] + rows.heights[index] / 2 + above / 2
        diamond = node.symbol is Symbol.DECISION
        work_width, work_height = (BOX_WIDTH, above - WORK_GAP) if above else (0.0, 0.0)
        for copy, lane in enumerate(node.lanes):
            box_id = node.id if copy == 0 else f"{node.id}__{copy + 1}"
            box = Box(
                box_id,
                index,
                lane,
                centres[lane],
                cy,
                width,
                height,
                diamond,
                above,
                work_width,
                work_height,
            )
            result.append(Placed(node.id, copy, box))
    return result


def channel_widths(
    pages: Sequence[Page],
    waktu: bool,
    lang_waktu: str,
    clip: bool = False,
    prepared: Sequence[PageTexts] | None = None,
) -> list[tuple[int, int]]:
    """Per lane, the tracks its left and right channels need on the busiest page.

    `prepared`: each page's `page_texts`, when the caller has them already.
    """
    lanes = len(pages[0].chart.lanes) if pages else 0
    need = [[0, 0] for _ in range(lanes)]
    centres = [1000.0 * lane + 500.0 for lane in range(lanes)]
    for number, page in enumerate(pages):
        texts = (
            prepared[number] if prepared is not None else page_texts(page, waktu, lang_waktu, clip)
        )
        sizes = texts.sizes
        rows = _rows(texts, 0.0)
        boxes = {s.box.id: s.box for s in _boxes(page, sizes, rows, centres)}
        arrows = [(a.tail, a.head, a.label) for a in page.arrows]
        slots = track_slots(boxes, arrows, lanes, style=STYLE, label_width=label_width)
        for (lane, side), count in slots.items():
            index = 0 if side == "left" else 1
            need[lane][index] = max(need[lane][index], count)
    return [(left, right) for left, right in need]


def place_page(
    page: Page,
    title: Sequence[str],
    headers: Sequence[Sequence[str]],
    channels: Sequence[tuple[int, int]],
    waktu: bool,
    lang_waktu: str,
    legend: bool = True,
    clip: bool = False,
    prepared: PageTexts | None = None,
    route: bool = True,
) -> Drawing:
    """Every position on `page`; `channels` from `channel_widths` over all pages.

    Without `title` lines the lanes start at the top margin; without `legend`
    the page ends below the lanes. `prepared`: the page's `page_texts`, when
    the caller has them already. Without `route`, no arrow is routed (`routes`
    is empty: for a caller that routes them its own way, or needs only sizes).
    """
    if prepared is None:
        prepared = page_texts(page, waktu, lang_waktu, clip)
    texts, sizes = prepared.texts, prepared.sizes
    lefts, rights, centres = [], [], []
    x = MARGIN
    for left_tracks, right_tracks in channels:
        left_room = GUTTER + TRACK * left_tracks
        right_room = GUTTER + TRACK * right_tracks
        lefts.append(x)
        centres.append(x + left_room + COLUMN / 2)
        x += left_room + COLUMN + right_room
        rights.append(x)
    width = x + MARGIN
    lanes_top = MARGIN + (TITLE_LINE * len(title) + 6.0 if title else 0.0)
    header_lines = max((len(lines) for lines in headers), default=1)
    header_bottom = lanes_top + HEADER_LINE * header_lines + 10.0
    rows = _rows(prepared, header_bottom)
    lanes_bottom = rows.tops[-1] + rows.heights[-1] if rows.tops else header_bottom
    symbols = _boxes(page, sizes, rows, centres)
    boxes = {s.box.id: s.box for s in symbols}
    routes = (
        route_arrows(
            boxes,
            [(a.tail, a.head, a.label) for a in page.arrows],
            Channels(tuple(lefts), tuple(rights)),
            style=STYLE,
            label_width=label_width,
            width=x,
        )
        if route
        else ()
    )
    legend_top = lanes_bottom + 14.0 if legend else None
    return Drawing(
        width=max(width, 560.0),
        height=(legend_top + LEGEND_HEIGHT if legend_top is not None else lanes_bottom) + MARGIN,
        title=tuple(title),
        lane_left=tuple(lefts),
        lane_right=tuple(rights),
        lanes_top=lanes_top,
        header_bottom=header_bottom,
        lanes_bottom=lanes_bottom,
        symbols=tuple(symbols),
        routes=routes,
        legend_top=legend_top,
        texts=texts,
    )


def header_lines(label: str) -> tuple[str, ...]:
    """A lane header's text lines."""
    return tuple(wrap(label, HEADER_CHARS) or [" "])
