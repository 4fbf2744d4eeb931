"""A page's SVG with its repeated parts (the legend) rendered once per process, and
its lanes written by `backdrop.lanes_svg` (set in behind everything, not rendered).

The legend's contents are the same on every page of the same width, kind
and language, yet drawing them cost Graphviz ~0.45 ms of a ~3 ms page. So
a page is rendered without its parts (`DotGraph.source_without_parts`), and
each part (`DotGraph.part_source`: the graph's defaults and the part's own
statements) is rendered once, cut out of its SVG and set into every page
that has the same part, just before the page's closing tags.

This is exact because of how the pages are written (`generator.flowchart.dot`):
the graphs are not translated (`notranslate`), so a part drawn on its own
has the same coordinates as inside its page; the legend's frame, which
holds every item of it, stays in the page, so the page's extent is the same
with or without the part; and every node and edge of a part carries its own
SVG `id`, so nothing in it is numbered by its position in the graph. The
only difference from rendering the whole graph at once is the order of the
elements: the part's come after the page's edges, which never overlap them
(tests/test_flowchart_parts.py compares both, element by element).
"""

from __future__ import annotations

from collections import OrderedDict

from generator.flowchart.dotwriter import DotGraph
from generator.flowchart.render import render
from generator.store import Store

# The closing tags after the last element of Graphviz's SVG (its root group, the svg).
_END = b"</g>\n</svg>\n"
# The background polygon, the last element before the first node or edge.
_BACKGROUND = b"<polygon fill="

_MEMO_SIZE = 64  # parts kept per process (a part is ~5 KB of SVG)
_memo: OrderedDict[str, bytes] = OrderedDict()


def render_graph(
    graph: DotGraph, module_store: Store | None = None, budget_seconds: float | None = None
) -> bytes:
    """The SVG of a pinned `graph` from the embedded engine, its parts rendered once
    per process. Raises `EngineError` as `render.render` does."""
    extra = {} if budget_seconds is None else {"budget_seconds": budget_seconds}
    if not graph.parts and graph.backdrop is None:
        return render(graph.source, module_store=module_store, **extra)
    svg = render(graph.source_to_render, module_store=module_store, **extra)
    # The page's SVG cut where the lanes and the parts go, and joined once: views of it,
    # not slices (each a copy of ~40 KB), and one join, not a concatenation per piece.
    whole = memoryview(svg)
    pieces: list[bytes | memoryview] = []
    start = 0
    if graph.backdrop is not None:  # behind everything: right after the background
        after = svg.index(b"\n", svg.index(_BACKGROUND)) + 1
        pieces += [whole[:after], graph.backdrop[2]()]
        start = after
    if graph.parts:  # at the end, before the closing tags
        end = svg.rindex(_END)
        pieces.append(whole[start:end])
        pieces += [_fragment(graph.part_source(part), module_store, extra) for part in graph.parts]
        start = end
    pieces.append(whole[start:])
    return b"".join(pieces)


def _fragment(source: str, module_store: Store | None, extra: dict[str, float]) -> bytes:
    """The elements of the part whose graph is `source`: its SVG between the background
    and the closing tags (kept for the next page with the same part)."""
    kept = _memo.get(source)
    if kept is not None:
        _memo.move_to_end(source)
        return kept
    svg = render(source, module_store=module_store, **extra)
    background = svg.index(_BACKGROUND)
    start = svg.index(b"\n", background) + 1
    fragment = svg[start : svg.rindex(_END)]
    _memo[source] = fragment
    if len(_memo) > _MEMO_SIZE:
        _memo.popitem(last=False)
    return fragment
