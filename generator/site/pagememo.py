"""Each SOP's rendered pages kept between runs, keyed by everything they are made from.

After an edit of one SOP, `sop generate` renders that SOP's pages (and the
index pages, which list every SOP) and reads the others' from the store. The
key of an SOP's pages holds the tool's code (the store adds it), the
language and link style, the registries and every SOP's id, name and path
(an SOP page links to the SOPs it names), the SOP's own model, its findings,
its number of flowchart pages, its monitoring and its source path and edit
link (not its timing: that is computed from the model and the registries):
when any of them changes the pages are rendered again. Entries are verified
JSON in the store; anything damaged or foreign reads as missing.

A caller writing into a folder can say which SOPs' pages the folder already
holds, by key (`present`, from its own record of the folder): an SOP whose
key this run is the same is neither rendered nor read back from the store;
its pages are listed in `kept_paths` instead of the files, for the caller to
leave as they are. `keys` records each SOP's key and page paths of this run, for the next.

The caller's record also keeps each SOP's summary (what the index pages read
of it, `summary`) under the SOP's key, and each index page's key: an SOP whose
key is unchanged needs no view built, and an index page whose key is the one
the destination holds (`index_there`) is neither rendered nor written.

A caller whose destination keeps every page it writes (`sop generate`, whose
record of the folder verifies each file) may ask for no page entries at all
(`kept_in_store=False`): a cold run then spends nothing (~1.5 ms of CPU an
SOP) on entries nothing would read; a page changed by hand in the destination
is rendered again.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.site.summary import (
    SopSummary,
    summary_data,
    summary_digests,
    summary_from_data,
)
from generator.store import Store

KIND = "page"


class PageMemo:
    """Rendered pages per key, in a store (a disabled store keeps nothing)."""

    def __init__(
        self,
        store: Store,
        present: Mapping[str, str] | None = None,
        summaries: Mapping[str, object] | None = None,
        index_present: Mapping[str, str] | None = None,
        kept_in_store: bool = True,
    ):
        self.store = store
        self.kept_in_store = kept_in_store and store.enabled
        self.hits = 0
        self.misses = 0
        # SOP id -> key of the pages the destination already holds (see the module doc).
        self.present: Mapping[str, str] = present or {}
        # SOP id -> [key, paths] of its pages in this run (the record for the next run).
        self.keys: dict[str, list] = {}
        self.kept_paths: list[str] = []  # pages left in the destination, not rendered
        # SOP id -> [key, summary data, its digests] of the last run (`summaries`) and of
        # this one.
        self.summaries_in: Mapping[str, object] = summaries or {}
        self.summaries: dict[str, list] = {}
        # Index page path -> key the destination holds (`index_present`) / of this run;
        # None: the caller keeps no record of its index pages (they are not keyed).
        self.index_present: Mapping[str, str] | None = index_present
        self.index_keys: dict[str, str] = {}

    def summary(self, sop_id: str, key: str) -> SopSummary | None:
        """The summary of `sop_id` kept under `key` by the last run, or None."""
        found = self.summaries_in.get(sop_id)
        if not (isinstance(found, list) and len(found) == 3 and found[0] == key):
            return None
        summary = summary_from_data(found[1], found[2])
        if summary is not None:
            self.summaries[sop_id] = found
        return summary

    def keep_summary(self, sop_id: str, key: str, summary: SopSummary) -> None:
        """Record `summary` as `sop_id`'s under `key`, for the next run."""
        self.summaries[sop_id] = [key, summary_data(summary), summary_digests(summary)]

    def index_there(self, path: str, key: str) -> bool:
        """Note `key` as the index page `path`'s; True (and `path` kept) when the
        destination holds it."""
        self.index_keys[path] = key
        if self.index_present is None or self.index_present.get(path) != key:
            return False
        self.kept_paths.append(path)
        return True

    def already_there(self, sop_id: str, key: str, paths: tuple[str, ...]) -> bool:
        """Note `key` as `sop_id`'s; True (and `paths` kept) when the destination holds it."""
        self.keys[sop_id] = [key, list(paths)]
        if self.present.get(sop_id) != key:
            return False
        self.kept_paths.extend(paths)
        return True

    @staticmethod
    def key(*parts: str) -> str:
        """The key of pages made from `parts` (the tool's code always included)."""
        return Store.key(KIND, *parts)

    def get(self, key: str) -> dict[str, str] | None:
        """The pages (path -> text) kept under `key`, or None."""
        if not self.kept_in_store:
            return None
        stored = self.store.read_texts(KIND, key)
        if stored is None or len(stored) % 2:
            self.misses += 1
            return None
        self.hits += 1
        return dict(zip(stored[::2], stored[1::2], strict=True))

    def put(self, key: str, pages: dict[str, str]) -> None:
        """Keep `pages` under `key` (skipped when the store is disabled or read-only, or
        pages are not kept in it)."""
        if self.kept_in_store:  # path, text, path, text...: read back without a JSON parse
            self.store.write_texts(KIND, key, [part for item in pages.items() for part in item])
