"""Each SOP's rendered pages kept between runs, keyed by everything they are made from.

After an edit of one SOP, `sop generate` renders that SOP's pages (and the
index pages, which list every SOP) and reads the others' from here. The key
of an SOP's pages holds the tool's code, the language and link style, the
registries and every SOP's id, name and path (an SOP page links to the SOPs
it names), the SOP's own model, its findings, its timing, its number of
flowchart pages and its source path and edit link: when any of them changes
the pages are rendered again. Entries are JSON text verified by their SHA-256
(`generator.verifiedfile`); anything damaged reads as missing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.codeversion import package_fingerprint
from generator.verifiedfile import read_verified, write_verified


class PageMemo:
    """Rendered pages per key, in `folder` (None: keep nothing)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(*parts: str) -> str:
        """The key of pages made from `parts` (the tool's code always included)."""
        digest = hashlib.sha256(package_fingerprint())
        for part in parts:
            data = part.encode("utf-8")
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, str] | None:
        """The pages (path -> text) kept under `key`, or None."""
        if self.folder is None:
            return None
        data = read_verified(self._path(key))
        pages = None
        if data is not None:
            try:
                loaded = json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                loaded = None
            if isinstance(loaded, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
            ):
                pages = loaded
        if pages is None:
            self.misses += 1
        else:
            self.hits += 1
        return pages

    def put(self, key: str, pages: dict[str, str]) -> None:
        """Keep `pages` under `key` (skipped when the folder cannot be written)."""
        if self.folder is not None:
            data = json.dumps(pages, ensure_ascii=False, sort_keys=True).encode("utf-8")
            write_verified(self._path(key), data)
