"""Swimlane flowcharts of SOPs in the five SOP AP symbols, drawn with Graphviz.

The public functions take a model and return text or bytes; nothing here
reads SOP files or writes output files:

    flowchart_dot(sop, organisasi, name=..., lang=..., options=...) -> list[str]
    flowchart_svg(sop, organisasi, name=..., lang=..., options=..., cache=...) -> list[bytes]
    flowchart_svgs([(name, sop), ...], organisasi, lang=..., options=..., cache=...,
                   workers=...) -> list[list[bytes]]

Each returns one item per page (one page unless `options.max_rows` splits the
chart, or it has more than 40 rows). Modules: `layout` (what goes where),
`text` (wrapping, escaping), `dot` (the Graphviz graph), `render` (engines),
`cache` (content-hash cache), `accessibility` (SVG <title>/<desc>).
See docs/flowchart.md.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.drawsize import too_large
from generator.flowchart.accessibility import with_title_and_desc
from generator.flowchart.cache import FlowchartCache
from generator.flowchart.dot import DotOptions, chart_graphs
from generator.flowchart.dotwriter import DotGraph
from generator.flowchart.engine import keep_module_in
from generator.flowchart.layout import Chart, Page, Symbol, build_chart, paginate
from generator.flowchart.parts import render_graph
from generator.flowchart.placeholder import placeholder_svg, reason
from generator.flowchart.render import (
    RENDER_BUDGET_SECONDS,
    Engine,
    EngineError,
    engine_version,
    render,
)
from generator.messages import DEFAULT_LANG, translate
from generator.model.organisasi import Organisasi
from generator.model.sop import Sop
from generator.store import Store


@dataclass(frozen=True)
class FlowchartOptions:
    """How a flowchart is drawn and rendered."""

    waktu: bool = True  # show each step's waktu under its text
    max_rows: int | None = None  # split into pages of at most this many rows (cap: 40)
    engine: Engine = Engine.EMBEDDED
    frame: bool = True  # the title and the legend on each page; the handbook has its own
    # caption and explains every symbol on "Cara Membaca", so it draws charts without them
    # Wall-clock seconds one page may take to render (not part of the cache key).
    budget_seconds: float = field(default=RENDER_BUDGET_SECONDS, compare=False, repr=False)


def flowchart_pages(
    sop: Sop, organisasi: Organisasi, lang: str = DEFAULT_LANG, max_rows: int | None = None
) -> list[Page]:
    """The chart of `sop` split into pages of at most `max_rows` rows (and at most 40)."""
    start, end = translate("flowchart.start", lang), translate("flowchart.end", lang)
    return paginate(build_chart(sop, organisasi, start, end), max_rows)


def flowchart_graphs(
    sop: Sop,
    organisasi: Organisasi,
    *,
    name: str = "flowchart",
    lang: str = DEFAULT_LANG,
    options: FlowchartOptions = FlowchartOptions(),
) -> list[DotGraph]:
    """One pinned graph per page (its DOT text is `.source`); `name` (e.g. the SOP id)
    names each graph."""
    pages = flowchart_pages(sop, organisasi, lang, options.max_rows)
    return chart_graphs(pages, name, lang, DotOptions(waktu=options.waktu, frame=options.frame))


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
    placeholder: bool = True,
) -> list[bytes]:
    """The SVG of each page, with an accessible <title> and <desc>.

    With a `cache`, a chart drawn before is read back instead of rendered.
    Raises `EngineError` when the engine is missing or fails, and, with
    `placeholder=False`, when the chart is too large (see `flowchart_svgs`).
    """
    drawn = flowchart_svgs(
        [(name, sop)], organisasi, lang=lang, options=options, cache=cache, placeholder=placeholder
    )
    return drawn[0]


def chart_keys(
    sops: Sequence[tuple[str, Sop]],
    organisasi: Organisasi,
    *,
    lang: str = DEFAULT_LANG,
    options: FlowchartOptions = FlowchartOptions(),
) -> list[str]:
    """The store key of each chart that `flowchart_svgs` would draw for `sops` (the same
    arguments): it changes whenever the drawing would."""
    organisasi_json = organisasi.model_dump_json()
    version = engine_version(options.engine)
    return [
        FlowchartCache.key(name, lang, repr(options), version, organisasi_json, sop.json_text)
        for name, sop in sops
    ]


def flowchart_svgs(
    sops: Sequence[tuple[str, Sop]],
    organisasi: Organisasi,
    *,
    lang: str = DEFAULT_LANG,
    options: FlowchartOptions = FlowchartOptions(),
    cache: FlowchartCache | None = None,
    workers: int | None = None,
    placeholder: bool = True,
) -> list[list[bytes]]:
    """The SVG pages of many SOPs, given as (name, sop) pairs, in the same order.

    Charts found in the `cache` are read back without building their DOT;
    the rest are drawn and rendered, in `workers` processes (default: one
    per CPU) when there are enough of them to pay for starting the processes.

    A chart too large to draw (`generator.drawsize`) or whose render runs out
    of `options.budget_seconds` becomes one page with a note saying so
    (`placeholder`), so one hostile draft never stops a site or a book; with
    `placeholder=False` it raises `EngineError` ("too_large", "render_budget").
    """
    start, end = translate("flowchart.start", lang), translate("flowchart.end", lang)
    excess = [too_large(sop, organisasi) for _, sop in sops]
    if not placeholder:
        for found in excess:
            if found is not None:
                measure, value, limit = found
                raise EngineError(
                    "too_large",
                    ukuran=translate(f"flowchart.measure.{measure}", lang),
                    nilai=str(value),
                    batas=str(limit),
                )
    # A key costs a JSON dump of the SOP and a hash (~0.7 ms): only with a cache.
    keys = chart_keys(sops, organisasi, lang=lang, options=options) if cache else []
    pages: list[list[bytes] | None] = (
        [cache.pages(key) for key in keys] if cache else [None] * len(sops)
    )
    for index, found in enumerate(excess):
        if found is not None and pages[index] is None:
            measure, value, limit = found
            why = reason(measure, lang, nilai=value, batas=limit)
            pages[index] = [_placeholder(sops[index][1].nama, why, lang)]
            if cache:
                cache.keep(keys[index], pages[index])
    charts: list[Chart | None] = [
        build_chart(sop, organisasi, start, end) if found is None else None
        for (_, sop), found in zip(sops, pages, strict=True)
    ]
    todo = [index for index, found in enumerate(pages) if found is None]
    # The compiled engine is kept in the same store (see `engine`), also for
    # later drawings of this process that name no store; without a cache, in the
    # store the caller named for this process (`engine.keep_module_in`), if any.
    folder = cache.store.folder if cache else None
    if cache:
        keep_module_in(cache.store)
    jobs = [(charts[i], sops[i][0], lang, options, folder, placeholder) for i in todo]
    # A pool needs at least two workers, so too few jobs for two settle it without
    # asking the system for its CPUs (os.cpu_count reads /sys: 10-100 us, per chart).
    if len(jobs) >= PARALLEL_FROM * 2:
        workers = workers or os.cpu_count() or 1
    if workers and workers > 1 and len(jobs) >= PARALLEL_FROM * workers:
        import multiprocessing  # here: one chart (`sop flowchart`) needs no pool
        from concurrent.futures import ProcessPoolExecutor

        if multiprocessing.get_start_method() == "fork":
            # Start the engine once here: forked workers inherit it instead of
            # each paying the warm-up (about 0.5 s of CPU).
            render("digraph {}", options.engine, module_store=_module_store(folder))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, len(jobs) // (workers * 8))
            drawn = list(pool.map(_draw_job, jobs, chunksize=chunk))
    else:
        drawn = [_draw_job(job) for job in jobs]
    for index, rendered in zip(todo, drawn, strict=True):
        chart = charts[index]
        assert chart is not None
        if rendered is None:  # out of time: a note, not kept (another run may be faster)
            why = reason("budget", lang, seconds=f"{options.budget_seconds:g}")
            pages[index] = [_placeholder(chart.title, why, lang)]
            continue
        count = len(rendered)
        pages[index] = [
            with_title_and_desc(svg, _title(chart, lang, number, count), describe(chart, lang))
            for number, svg in enumerate(rendered, start=1)
        ]
        if cache:
            cache.keep(keys[index], pages[index])
    return [found for found in pages if found is not None]


# Below this many charts per worker, starting processes costs more than it saves.
PARALLEL_FROM = 8


def _draw_job(
    job: tuple[Chart | None, str, str, FlowchartOptions, Path | None, bool],
) -> list[bytes] | None:
    """Draw and render one chart's pages (SVG bytes, untitled); None when a page ran
    out of its time budget and `placeholder` asks for a note instead of an error.

    Runs in a worker process for big batches, so it takes and returns plain data
    (the store as its folder).
    """
    chart, name, lang, options, folder, placeholder = job
    assert chart is not None
    pages = paginate(chart, options.max_rows)
    graphs = chart_graphs(pages, name, lang, DotOptions(waktu=options.waktu, frame=options.frame))
    store = _module_store(folder)
    budget = options.budget_seconds
    try:
        if options.engine is Engine.EMBEDDED:  # its legend rendered once per process
            return [render_graph(graph, store, budget) for graph in graphs]
        return [
            render(graph.source, options.engine, module_store=store, budget_seconds=budget)
            for graph in graphs
        ]
    except EngineError as error:
        if placeholder and error.key == "render_budget":
            return None
        raise


def _module_store(folder: Path | None) -> Store | None:
    """The store of the compiled engine for a drawing: the chart cache's folder, else
    None (the store named by `engine.keep_module_in` for this process, if any)."""
    return Store(folder) if folder is not None else None


def _placeholder(title: str, why: str, lang: str) -> bytes:
    """The note drawn instead of a chart, titled like a chart."""
    name = translate("flowchart.title", lang, nama=title)
    return with_title_and_desc(placeholder_svg(why, lang), name, why)


def _title(chart: Chart, lang: str, number: int, count: int) -> str:
    title = translate("flowchart.title", lang, nama=chart.title)
    if count > 1:
        title += " - " + translate("flowchart.page", lang, number=number, count=count)
    return title


def describe(chart: Chart, lang: str = DEFAULT_LANG) -> str:
    """The flow in words, for screen readers: lanes, then each step with its arrows."""
    labels = [lane.label for lane in chart.lanes]
    lanes = ", ".join(labels)
    decision = Symbol.DECISION
    asking = {node.id for node in chart.nodes if node.symbol is decision}
    outgoing: dict[str, list[str]] = {}  # a decision's answers (no other step lists its arrows)
    for arrow in chart.arrows:
        if arrow.tail not in asking:
            continue
        head = chart.node(arrow.head)
        target = str(head.number) if head.number is not None else head.text
        outgoing.setdefault(arrow.tail, []).append(
            f"{arrow.label} → {target}" if arrow.label else f"→ {target}"
        )
    step_text = translate("flowchart.desc_step", lang)  # filled in below, once per step
    steps = []
    for node in chart.nodes:
        if node.number is None:
            continue
        who = ", ".join([labels[lane] for lane in node.lanes])
        text = node.text if node.symbol is not decision else node.detail or node.text
        step = step_text.format(number=node.number, kegiatan=text, pelaksana=who)
        if node.symbol is decision:
            step += f" [{node.text}: {'; '.join(outgoing.get(node.id, []))}]"
        steps.append(step)
    return translate("flowchart.desc", lang, nama=chart.title, lanes=lanes, steps="; ".join(steps))


__all__ = [
    "Engine",
    "EngineError",
    "FlowchartCache",
    "FlowchartOptions",
    "chart_keys",
    "describe",
    "flowchart_dot",
    "flowchart_graphs",
    "flowchart_pages",
    "flowchart_svg",
    "flowchart_svgs",
]
