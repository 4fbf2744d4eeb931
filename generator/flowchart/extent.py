"""The size of a book chart's pages, known before Graphviz draws them.

A chart's positions are computed here in Python (`geometry.place_page`) and
Graphviz only renders the pinned result, so the size of each page is known
before rendering. The handbook uses it to choose the rows per page once
(text printed at 8 pt or more) instead of drawing a chart and drawing it
again with fewer rows. Only charts without their frame (no title, no legend:
the book's) are measured; `tests/test_flowchart_extent.py` checks the sizes
against the rendered SVGs.
"""

from __future__ import annotations

from generator.flowchart.dot import DotOptions
from generator.flowchart.geometry import (
    FONT_SIZE,
    LABEL_SIZE,
    channel_widths,
    header_lines,
    place_page,
)
from generator.flowchart.layout import Chart, paginate
from generator.messages import translate

SMALLEST_TEXT = min(FONT_SIZE, LABEL_SIZE)  # pt, at scale 1: the smallest text of a chart
HEIGHT_SLACK = 0.5  # pt: the SVG's height is the lanes' height rounded


def unframed_page_sizes(
    chart: Chart, max_rows: int, lang: str, waktu: bool = True
) -> list[tuple[float, float]]:
    """Width and height (pt) of the lanes of each page of `chart` drawn without its
    frame (`DotOptions(frame=False)`) at `max_rows` rows a page.

    Mirrors `dot.chart_graphs` for unframed pages: the same pagination, channel
    widths, headers and placement. Graphviz sizes the SVG to what it draws: the
    lanes, and now and then a label a little beyond them. So the SVG is never
    narrower than this width (now and then ~10 pt wider) and its height is this
    height rounded to whole points (`HEIGHT_SLACK`).
    """
    options = DotOptions(waktu=waktu, frame=False)
    pages = paginate(chart, max_rows)
    if not pages:
        return []
    waktu_text = translate("flowchart.waktu", lang, waktu="{waktu}")
    channels = channel_widths(pages, options.waktu, waktu_text, options.clip)
    headers = [
        header_lines(lane.label if not lane.extra else f"{lane.label} (?)") for lane in chart.lanes
    ]
    sizes = []
    for page in pages:
        drawing = place_page(
            page,
            [],
            headers,
            channels,
            options.waktu,
            waktu_text,
            legend=False,
            clip=options.clip,
            route=False,  # sizes only
        )
        width = drawing.lane_right[-1] - drawing.lane_left[0]
        sizes.append((width, drawing.lanes_bottom - drawing.lanes_top))
    return sizes
