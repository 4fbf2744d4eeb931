"""Built pages and files reused from the previous site when nothing they are made from changed.

After an edit of one SOP, MkDocs would render every page of every SOP again
through the theme (most of a build's time). `sop build` instead leaves out of
the MkDocs build each generated page whose key is the one the previous build
recorded for it, and takes its HTML from the previous site. The key of a page
holds its path and its whole Markdown, and the site's fingerprint: everything
site-wide that a page shows (the MkDocs configuration and nav, the theme's
settings and the office's own theme files, the other documentation pages, the
reference date) plus, through
`Store.key`, the tool's own files (theme overrides, stylesheets) and the
installed versions of MkDocs and Material. A generated file that is not a page
(a flowchart's SVG, a published SOP's YAML) is its own content: it is reused
when the previous site's file holds exactly those bytes.

The record of the last build (path -> key, built file, SHA-256) is one JSON
entry of the store. A page is reused only when its key matches and the
previous site's file still has the recorded SHA-256 (checked when the build
decides); a damaged or foreign record, or a missing or changed file, means
"build it again". Nothing is reused when the site has a `site_url` (MkDocs'
sitemap would then list only the pages it built) or without a previous site.

A reused file is hard-linked from the previous site into the new one (no bytes
written), or copied where the file system has no hard links. This is done
after MkDocs has written everything (`place`), so nothing can write through a
link into the previous site, which stays whole until the finished site is
swapped in.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.store import Store

KIND = "site_pages"
# The configuration items a page's HTML depends on besides its own Markdown.
CONFIG_ITEMS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "use_directory_urls",
    "extra",
    "extra_css",
    "extra_javascript",
    "markdown_extensions",
    "mdx_configs",
    "nav",
    "not_in_nav",
)


def site_fingerprint(
    config: Mapping[str, Any], docs: Iterable[tuple[str, bytes]], plugin: Mapping[str, Any]
) -> str:
    """What every page shows besides its own Markdown: `config` (an MkDocs configuration),
    the documentation pages that are not generated (`docs`: path, bytes) and the
    `sop` plugin's options."""
    theme = config["theme"]
    parts = {
        "config": {name: config.get(name) for name in CONFIG_ITEMS},
        "theme": {"name": theme.name, "dirs": theme.dirs, **dict(theme.items())},
        "overrides": _own_theme_files(theme.dirs),
        "plugins": sorted(config["plugins"].keys()),
        "sop": dict(plugin),
        "docs": sorted((path, hashlib.sha256(data).hexdigest()) for path, data in docs),
        "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    return json.dumps(parts, sort_keys=True, default=str)


def _own_theme_files(dirs: Iterable[str]) -> list[tuple[str, str]]:
    """The files of the office's own theme folders (`custom_dir`): the installed themes
    and the tool's overrides are covered by the versions and the code in `Store.key`."""
    package = Path(__file__).resolve().parents[1]
    found = []
    for folder in map(Path, dirs):
        inside = {part.lower() for part in folder.resolve().parts}
        if {"site-packages", "dist-packages"} & inside or folder.resolve().is_relative_to(package):
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found.append((path.relative_to(folder).as_posix(), digest))
    return found


class PageReuse:
    """The pages of the previous build that can be copied instead of built again."""

    def __init__(self, store: Store, fingerprint: str, previous_site: Path | None) -> None:
        self.store = store
        self.fingerprint = fingerprint
        self.previous_site = previous_site
        self.keys: dict[str, tuple[str, str]] = {}  # src path -> (key, built file)
        self.reused: set[str] = set()  # the pages (src paths) taken from the previous site
        self.placed: dict[str, str] = {}  # built file -> src path, of every file taken
        loaded = store.read_json(KIND, self._record_key()) if store.enabled else None
        self.record: dict[str, list[str]] = (
            loaded["pages"]
            if isinstance(loaded, dict)
            and isinstance(loaded.get("pages"), dict)
            and all(
                isinstance(v, list) and len(v) == 3 and all(isinstance(x, str) for x in v)
                for v in loaded["pages"].values()
            )
            else {}
        )

    def _record_key(self) -> str:
        return Store.key(KIND, "record")

    def page_key(self, src: str, content: str) -> str:
        """The key of the page at `src` made from `content` (its Markdown)."""
        return Store.key(KIND, self.fingerprint, src, content)

    def copy(self, src: str, dest: str, content: str | bytes) -> bool:
        """Whether the file built before at `dest` from `content` can be taken from the
        previous site (checked now, put in place by `place`); True: leave it out of the
        build. A page (`.md`) needs its recorded key and SHA-256; any other file needs
        the previous file to hold exactly `content`."""
        if not src.endswith(".md"):
            return self._same_file(src, dest, content)
        assert isinstance(content, str)
        key = self.page_key(src, content)
        self.keys[src] = (key, dest)
        recorded = self.record.get(src)
        if self.previous_site is None or recorded is None or recorded[:2] != [key, dest]:
            return False
        data = self._previous_bytes(dest)
        if data is None or hashlib.sha256(data).hexdigest() != recorded[2]:
            return False
        self.reused.add(src)
        self.placed[dest] = src
        return True

    def _same_file(self, src: str, dest: str, content: str | bytes) -> bool:
        expected = content.encode("utf-8") if isinstance(content, str) else content
        data = self._previous_bytes(dest, len(expected))
        if data is None or data != expected:
            return False
        self.placed[dest] = src
        return True

    def _previous_bytes(self, dest: str, size: int | None = None) -> bytes | None:
        """The previous site's regular file at `dest` (None: none, or not of `size`)."""
        if self.previous_site is None:
            return None
        source = self.previous_site / dest
        try:
            found = os.lstat(source)
            if not stat.S_ISREG(found.st_mode) or (size is not None and found.st_size != size):
                return None
            return source.read_bytes()
        except OSError:
            return None

    def place(self, site_dir: Path) -> None:
        """Put every reused file into `site_dir`: a hard link to the previous site's file,
        or a copy where links are not possible. Call it once MkDocs has written the site."""
        assert self.previous_site is not None or not self.placed
        for dest in sorted(self.placed):
            source, target = self.previous_site / dest, site_dir / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:  # no hard links here (FAT, another device): copy
                shutil.copyfile(source, target)

    def save(self, site_dir: Path) -> None:
        """Record every keyed page as it is in `site_dir` (after the build)."""
        if not self.store.enabled:
            return
        pages: dict[str, list[str]] = {}
        for src, (key, dest) in sorted(self.keys.items()):
            if src in self.reused:  # copied after checking its recorded SHA-256
                pages[src] = self.record[src]
                continue
            try:
                data = (site_dir / dest).read_bytes()
            except OSError:
                continue
            pages[src] = [key, dest, hashlib.sha256(data).hexdigest()]
        self.store.write_json(KIND, self._record_key(), {"pages": pages})
