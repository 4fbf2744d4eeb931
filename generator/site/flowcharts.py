"""The flowchart SVGs of every SOP, for the site, read from the store when unchanged.

`flowchart_svgs` draws many charts in worker processes; each chart is one
entry of the store, keyed by what the drawing depends on (the SOP, the
organisation registry, the language, the options, the engine and the tool's
code), so an unchanged SOP costs one hash and one read.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.flowchart import FlowchartCache, FlowchartOptions, flowchart_svgs
from generator.model import Repository
from generator.store import Store


def draw_flowcharts(
    repository: Repository,
    lang: str,
    *,
    options: FlowchartOptions | None = None,
    store: Store | None = None,
    workers: int | None = None,
) -> Mapping[str, list[bytes]]:
    """SOP id -> its flowchart pages as SVG bytes (read from the store when unchanged)."""
    drawn = flowchart_svgs(
        [(entry.id, entry.sop) for entry in repository.sops],
        repository.organisasi,
        lang=lang,
        options=options or FlowchartOptions(),
        cache=FlowchartCache(store) if store is not None and store.enabled else None,
        workers=workers,
    )
    return {entry.id: pages for entry, pages in zip(repository.sops, drawn, strict=True)}
