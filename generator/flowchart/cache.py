"""Rendered flowcharts kept in the store, so a rebuild renders only what changed.

One entry per chart: the key covers everything the drawing depends on (the
SOP, the organisation registry, the chart's name, the language, the options,
the engine and its version; the store adds the tool's own code), the value is
the SVG of every page, as one verified entry (`Store.write_parts`: read back
without a JSON parse). An unchanged SOP costs one hash and one read; nothing
is kept twice. Deleting the store is always safe.
"""

from __future__ import annotations

from generator.store import Store

KIND = "flowchart"


class FlowchartCache:
    """The pages of rendered charts, by chart key; counts hits and misses (in pages)."""

    def __init__(self, store: Store):
        self.store = store
        self.hits = 0  # pages read back instead of rendered
        self.misses = 0  # pages rendered

    @staticmethod
    def key(*parts: str) -> str:
        """The key of a chart drawn from `parts` (SOP, registry, name, options...)."""
        return Store.key(KIND, *parts)

    def pages(self, key: str) -> list[bytes] | None:
        """The SVG pages of the chart under `key`, or None."""
        stored = self.store.read_parts(KIND, key)
        if not stored:
            return None
        self.hits += len(stored)
        return stored

    def keep(self, key: str, pages: list[bytes]) -> None:
        """Keep the SVG pages of the chart under `key`."""
        self.misses += len(pages)
        self.store.write_parts(KIND, key, pages)
