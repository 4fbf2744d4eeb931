"""Swimlane flowcharts of SOPs in the five SOP AP symbols, drawn with Graphviz.

The public functions take a model and return text or bytes; nothing here
reads SOP files or writes output files:

    flowchart_dot(sop, organisasi, name=..., lang=..., options=...) -> list[str]
    flowchart_svg(sop, organisasi, name=..., lang=..., options=..., cache=...) -> list[bytes]

Both return one item per page (one page unless `options.max_rows` splits the
chart). Modules: `layout` (what goes where), `text` (wrapping, escaping),
`dot` (the Graphviz graph), `render` (engines), `cache` (content-hash cache),
`accessibility` (SVG <title>/<desc>). See docs/flowchart.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import graphviz

from generator.flowchart.accessibility import with_title_and_desc
from generator.flowchart.cache import FlowchartCache
from generator.flowchart.dot import DotOptions, page_graph
from generator.flowchart.layout import Chart, Page, Symbol, build_chart, paginate
from generator.flowchart.render import Engine, EngineError, render
from generator.messages import DEFAULT_LANG, translate
from generator.model.organisasi import Organisasi
from generator.model.sop import Sop


@dataclass(frozen=True)
class FlowchartOptions:
    """How a flowchart is drawn and rendered."""

    waktu: bool = True  # show each step's waktu under its text
    max_rows: int | None = None  # split into pages of at most this many rows
    engine: Engine = Engine.EMBEDDED


def flowchart_pages(
    sop: Sop, organisasi: Organisasi, lang: str = DEFAULT_LANG, max_rows: int | None = None
) -> list[Page]:
    """The chart of `sop` split into pages (one page when `max_rows` is None)."""
    start, end = translate("flowchart.start", lang), translate("flowchart.end", lang)
    return paginate(build_chart(sop, organisasi, start, end), max_rows)


def flowchart_graphs(
    sop: Sop,
    organisasi: Organisasi,
    *,
    name: str = "flowchart",
    lang: str = DEFAULT_LANG,
    options: FlowchartOptions = FlowchartOptions(),
) -> list[graphviz.Digraph]:
    """One Graphviz graph per page; `name` (e.g. the SOP id) names each graph."""
    pages = flowchart_pages(sop, organisasi, lang, options.max_rows)
    dot_options = DotOptions(waktu=options.waktu)
    return [
        page_graph(page, name if page.count == 1 else f"{name}-{page.number}", lang, dot_options)
        for page in pages
    ]


def flowchart_dot(
    sop: Sop,
    organisasi: Organisasi,
    *,
    name: str = "flowchart",
    lang: str = DEFAULT_LANG,
    options: FlowchartOptions = FlowchartOptions(),
) -> list[str]:
    """The DOT text of each page."""
    graphs = flowchart_graphs(sop, organisasi, name=name, lang=lang, options=options)
    return [graph.source for graph in graphs]


def flowchart_svg(
    sop: Sop,
    organisasi: Organisasi,
    *,
    name: str = "flowchart",
    lang: str = DEFAULT_LANG,
    options: FlowchartOptions = FlowchartOptions(),
    cache: FlowchartCache | None = None,
) -> list[bytes]:
    """The SVG of each page, with an accessible <title> and <desc>.

    With a `cache`, a page whose DOT text was rendered before is read back
    instead of rendered. Raises `EngineError` when the engine is missing.
    """
    pages = flowchart_pages(sop, organisasi, lang, options.max_rows)
    graphs = flowchart_graphs(sop, organisasi, name=name, lang=lang, options=options)
    result = []
    for page, graph in zip(pages, graphs, strict=True):
        source = graph.source
        svg = cache.render(source, options.engine) if cache else render(source, options.engine)
        title = translate("flowchart.title", lang, nama=page.chart.title)
        if page.count > 1:
            title += " - " + translate("flowchart.page", lang, number=page.number, count=page.count)
        result.append(with_title_and_desc(svg, title, describe(page.chart, lang)))
    return result


def describe(chart: Chart, lang: str = DEFAULT_LANG) -> str:
    """The flow in words, for screen readers: lanes, then each step with its arrows."""
    lanes = ", ".join(lane.label for lane in chart.lanes)
    outgoing: dict[str, list[str]] = {}
    for arrow in chart.arrows:
        head = chart.node(arrow.head)
        target = str(head.number) if head.number is not None else head.text
        outgoing.setdefault(arrow.tail, []).append(
            f"{arrow.label} → {target}" if arrow.label else f"→ {target}"
        )
    steps = []
    for node in chart.nodes:
        if node.number is None:
            continue
        who = ", ".join(chart.lanes[lane].label for lane in node.lanes)
        text = node.text if node.symbol is not Symbol.DECISION else node.detail or node.text
        step = translate(
            "flowchart.desc_step", lang, number=node.number, kegiatan=text, pelaksana=who
        )
        if node.symbol is Symbol.DECISION:
            step += f" [{node.text}: {'; '.join(outgoing.get(node.id, []))}]"
        steps.append(step)
    return translate("flowchart.desc", lang, nama=chart.title, lanes=lanes, steps="; ".join(steps))


__all__ = [
    "Engine",
    "EngineError",
    "FlowchartCache",
    "FlowchartOptions",
    "describe",
    "flowchart_dot",
    "flowchart_graphs",
    "flowchart_pages",
    "flowchart_svg",
]
