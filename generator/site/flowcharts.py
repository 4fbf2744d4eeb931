"""The flowchart SVGs of every SOP, for the site, read from the store when unchanged.

`flowchart_svgs` draws many charts in worker processes; each chart is one
entry of the store, keyed by what the drawing depends on (the SOP, the
organisation registry, the language, the options, the engine and the tool's
code), so an unchanged SOP costs one hash and one read. A caller that already
holds some charts (`sop generate`, whose output folder keeps them, see
`flowchart_keys`) names them in `skip`: they are neither drawn nor read.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from generator.flowchart import FlowchartCache, FlowchartOptions, chart_keys, flowchart_svgs
from generator.model import Repository
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
    entries = [entry for entry in repository.sops if entry.id not in skip]
    drawn = flowchart_svgs(
        [(entry.id, entry.sop) for entry in entries],
        repository.organisasi,
        lang=lang,
        options=options or FlowchartOptions(),
        cache=FlowchartCache(store) if store is not None and store.enabled else None,
        workers=workers,
    )
    return {entry.id: pages for entry, pages in zip(entries, drawn, strict=True)}


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
