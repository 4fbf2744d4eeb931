"""The flowchart SVGs of every SOP, for the site, read from the store when unchanged.

`flowchart_svgs` draws each chart; each chart is one entry of the store,
keyed by what the drawing depends on (the SOP, the organisation registry, the
language, the options, the engine and the tool's code), so an unchanged SOP
costs one hash and one read. A caller that already holds some charts (`sop
generate`, whose output folder keeps them, see `flowchart_keys`) names them
in `skip`: they are neither drawn nor read.

Many charts are drawn in forked workers (`forkmap`), each SOP's whole drawing
there: its store key, its layout, the engine's render, its accessible title
and its store entry. Only the SVG bytes come back. (Asked to draw many charts
at once, `flowchart_svgs` lays every chart out and keeps every entry in the
calling process, one core's work while the other waits.) Where processes are
not forked, `flowchart_svgs` draws them as before, with its own pool.
`sop generate` draws none ahead: it hands `generate_site` a `ChartsToDraw`,
which draws each chart when asked, in the worker making that SOP's pages; its
output folder keeps the charts it draws (`kept_in_store=False`: no store
entry, ~1.4 ms of CPU a chart, that nothing would read), the store only the
compiled engine.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Mapping
from functools import partial

from generator.flowchart import (
    Engine,
    FlowchartCache,
    FlowchartOptions,
    chart_keys,
    flowchart_svgs,
)
from generator.model import Repository
from generator.model.organisasi import Organisasi
from generator.model.sop import Sop
from generator.site.forkmap import fork_map, forks
from generator.store import Store


def draw_flowcharts(
    repository: Repository,
    lang: str,
    *,
    options: FlowchartOptions | None = None,
    store: Store | None = None,
    workers: int | None = None,
    skip: Collection[str] = (),
) -> Mapping[str, list[bytes]]:
    """SOP id -> its flowchart pages as SVG bytes (read from the store when unchanged);
    the SOPs named in `skip` are left out."""
    options = options or FlowchartOptions()
    cache = FlowchartCache(store) if store is not None and store.enabled else None
    entries = [entry for entry in repository.sops if entry.id not in skip]
    sops = [(entry.id, entry.sop) for entry in entries]
    if forks(len(sops), workers):
        drawn = _drawn_in_workers(sops, repository.organisasi, lang, options, cache, workers)
    else:
        drawn = flowchart_svgs(
            sops, repository.organisasi, lang=lang, options=options, cache=cache, workers=workers
        )
    return {entry.id: pages for entry, pages in zip(entries, drawn, strict=True)}


class ChartsToDraw(Mapping[str, list[bytes]]):
    """SOP id -> its flowchart pages as SVG bytes, each chart drawn (or read from the
    store) when first asked for: `generate_site` asks for each SOP's chart in the
    worker that makes its pages, so the chart's drawing, its store entry and its
    files stay in that worker. The SOPs named in `skip` are left out. With
    `kept_in_store=False` the charts are neither read from nor kept in `store`
    (the caller's output folder keeps them); the store still keeps the compiled
    engine."""

    def __init__(
        self,
        repository: Repository,
        lang: str,
        *,
        options: FlowchartOptions | None = None,
        store: Store | None = None,
        skip: Collection[str] = (),
        kept_in_store: bool = True,
    ):
        self.organisasi = repository.organisasi
        self.lang = lang
        self.options = options or FlowchartOptions()
        usable = store is not None and store.enabled
        self.module_store = store if usable else None
        self.cache = FlowchartCache(store) if usable and kept_in_store else None
        if self.module_store is not None and self.cache is None:
            # Drawings without a cache load the compiled engine from the store named here.
            from generator.flowchart.engine import keep_module_in

            keep_module_in(self.module_store)
        self.sops = {entry.id: entry.sop for entry in repository.sops if entry.id not in skip}
        self.drawn: dict[str, list[bytes]] = {}

    def __getitem__(self, sop_id: str) -> list[bytes]:
        pages = self.drawn.get(sop_id)
        if pages is None:
            sop = self.sops[sop_id]  # KeyError: not a chart of this mapping
            pages = self.drawn[sop_id] = flowchart_svgs(
                [(sop_id, sop)], self.organisasi, lang=self.lang, options=self.options,
                cache=self.cache,
            )[0]  # fmt: skip
        return pages

    def __iter__(self) -> Iterator[str]:
        return iter(self.sops)

    def __len__(self) -> int:
        return len(self.sops)

    def before_fork(self) -> None:
        """Start the engine here (compiled, or loaded from the store): forked workers
        inherit it instead of each paying its start (~0.5 s of CPU)."""
        if self.options.engine is Engine.EMBEDDED and self.sops:
            _start_engine(self.options, self.module_store)


def flowchart_keys(
    repository: Repository, lang: str, *, options: FlowchartOptions | None = None
) -> dict[str, str]:
    """SOP id -> the key of its chart as `draw_flowcharts` draws it (it changes whenever
    the drawing would): a folder holding the chart drawn under the same key holds it."""
    keys = chart_keys(
        [(entry.id, entry.sop) for entry in repository.sops],
        repository.organisasi,
        lang=lang,
        options=options or FlowchartOptions(),
    )
    return {entry.id: key for entry, key in zip(repository.sops, keys, strict=True)}


def _drawn_in_workers(
    sops: list[tuple[str, Sop]],
    organisasi: Organisasi,
    lang: str,
    options: FlowchartOptions,
    cache: FlowchartCache | None,
    workers: int | None,
) -> list[list[bytes]]:
    """Every chart of `sops` drawn by forked workers, one SOP per job, in order."""
    if options.engine is Engine.EMBEDDED:
        # Start the engine here (compiled, or loaded from the store): the forked
        # workers inherit it instead of each paying its start (~0.5 s of CPU).
        _start_engine(options, cache.store if cache else None)
    draw = partial(_draw_one, organisasi, lang, options, cache, os.getpid())
    results = fork_map(draw, sops, workers)
    if cache:  # what the workers kept counts towards the store's bound (`Store.prune`)
        cache.store.count_written(sum(written for _, written in results))
    return [pages for pages, _ in results]


def _start_engine(options: FlowchartOptions, store: Store | None) -> None:
    """Make this process's chart engine ready (before workers fork), its compiled module
    kept in `store` (if any)."""
    from generator.flowchart.engine import keep_module_in
    from generator.flowchart.render import render

    if store is not None:
        keep_module_in(store)
    render("digraph {}", options.engine, module_store=store)


def _draw_one(
    organisasi: Organisasi,
    lang: str,
    options: FlowchartOptions,
    cache: FlowchartCache | None,
    parent: int,
    name: str,
    sop: Sop,
) -> tuple[list[bytes], int]:
    """One SOP's SVG pages, and the bytes a worker kept in the store (0 when run in
    the `parent` process itself: there the store counts them already)."""
    before = cache.store.written_bytes() if cache else 0
    pages = flowchart_svgs([(name, sop)], organisasi, lang=lang, options=options, cache=cache)[0]
    in_worker = cache is not None and os.getpid() != parent
    return pages, (cache.store.written_bytes() - before if in_worker else 0)
