"""Each SOP's rendered pages kept between runs, keyed by everything they are made from.

After an edit of one SOP, `sop generate` renders that SOP's pages (and the
index pages, which list every SOP) and reads the others' from the store. The
key of an SOP's pages holds the tool's code (the store adds it), the
language and link style, the registries and every SOP's id, name and path
(an SOP page links to the SOPs it names), the SOP's own model, its findings,
its timing, its number of flowchart pages and its source path and edit link:
when any of them changes the pages are rendered again. Entries are verified
JSON in the store; anything damaged or foreign reads as missing.

A caller writing into a folder can say which SOPs' pages the folder already
holds, by key (`present`, from its own record of the folder): an SOP whose
key this run is the same is neither rendered nor read back from the store;
its pages are listed in `kept_paths` instead of the files, for the caller to
leave as they are. `keys` records each SOP's key and page paths of this run, for the next.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.store import Store

KIND = "page"


class PageMemo:
    """Rendered pages per key, in a store (a disabled store keeps nothing)."""

    def __init__(self, store: Store, present: Mapping[str, str] | None = None):
        self.store = store
        self.hits = 0
        self.misses = 0
        # SOP id -> key of the pages the destination already holds (see the module doc).
        self.present: Mapping[str, str] = present or {}
        # SOP id -> [key, paths] of its pages in this run (the record for the next run).
        self.keys: dict[str, list] = {}
        self.kept_paths: list[str] = []  # pages left in the destination, not rendered

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
        if not self.store.enabled:
            return None
        stored = self.store.read_texts(KIND, key)
        if stored is None or len(stored) % 2:
            self.misses += 1
            return None
        self.hits += 1
        return dict(zip(stored[::2], stored[1::2], strict=True))

    def put(self, key: str, pages: dict[str, str]) -> None:
        """Keep `pages` under `key` (skipped when the store is disabled or read-only)."""
        if self.store.enabled:  # path, text, path, text...: read back without a JSON parse
            self.store.write_texts(KIND, key, [part for item in pages.items() for part in item])
