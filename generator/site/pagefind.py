"""The search index: Pagefind run over the built site (the binary from the `pagefind_bin` wheel).

Pagefind reads the HTML that MkDocs wrote and writes `pagefind/` next to it:
the index in chunks, loaded by the browser only as a search needs them, and
its own scripts. Nothing is fetched from the network, at build time or in
the browser.

Same site, same bytes: Pagefind writes each filter's values in hash-map order,
which changes from run to run, and names the files after their content. After
it runs, `canonical_filters` sorts every filter's values, renames the filter
files after their new content and rewrites the index's entry files to match.

Which parts of a page are indexed, their weights and filters are marked in
the page templates (`data-pagefind-*`, see `theme/main.html` and
`templates/sop.md.j2`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import time
from pathlib import Path

import cbor2

INDEX_FOLDER = "pagefind"
# The pages worth reading: the SOP pages and pages one folder deep (the
# documentation, the indexes). The rest (evaluation sheets, checklists, role
# pages: half the site) carry no `data-pagefind-body`; not reading them halves
# the indexing time. A documentation page two folders deep is not indexed.
PAGES = "{*.html,*/index.html,sop/*/index.html}"


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message says which, with its output."""


def pagefind_executable() -> Path:
    """The Pagefind binary shipped in the `pagefind_bin` wheel."""
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise SearchIndexError("pagefind_bin") from error
    try:
        return get_executable()
    except FileNotFoundError as error:
        raise SearchIndexError(str(error)) from error


def build_search_index(site_dir: Path, language: str = "id") -> float:
    """Index the built site in `site_dir` (writes `site_dir/pagefind/`); returns the seconds taken.

    `language` is forced so that every page is stemmed alike, whatever its
    `<html lang>` says.
    """
    return SearchIndexRun(site_dir, language).wait()


class SearchIndexRun:
    """Pagefind indexing `site_dir`, started at once; `wait` for the finished bundle.

    So that `sop build` can make the handbook and the register while Pagefind
    works on the other core; `cancel` stops it (a build that failed meanwhile).
    """

    def __init__(self, site_dir: Path, language: str = "id") -> None:
        self.site_dir = site_dir
        command = [
            str(pagefind_executable()),
            "--site",
            str(site_dir),
            "--output-subdir",
            INDEX_FOLDER,
            "--force-language",
            language,
            # The heading permalinks ("¶") are not words of the page.
            "--exclude-selectors",
            ".headerlink",
            "--glob",
            PAGES,
            "--silent",
        ]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def wait(self) -> float:
        """Wait for Pagefind, put the filters in order; the seconds since the start."""
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            raise SearchIndexError((stderr or stdout).strip())
        canonical_filters(self.site_dir / INDEX_FOLDER)
        return time.perf_counter() - self.started

    def cancel(self) -> None:
        """Stop Pagefind if it still runs, and wait until it has."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


_MAGIC = b"pagefind_dcd"  # what every binary file of the bundle starts with, once unzipped


def _read(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_MAGIC):
        raise SearchIndexError(f"{path.name}: not a Pagefind file")
    return cbor2.loads(data[len(_MAGIC) :])


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: object) -> str:
    """Write `value` as a Pagefind file named after its content; return the name's hash part."""
    data = gzip.compress(_MAGIC + cbor2.dumps(value), mtime=0)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def canonical_filters(bundle: Path) -> None:
    """Make the bundle's bytes depend on the site only (see the module's docstring)."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text("utf-8"))
    for lang, info in entry["languages"].items():
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_file)
        renamed = {}
        for name, old in meta[3]:
            old_file = bundle / "filter" / f"{old}.pf_filter"
            label, values = _read(old_file)
            ordered = sorted(([value, sorted(pages)] for value, pages in values), key=str)
            new = _write(bundle / "filter", lang, 7, ".pf_filter", [label, ordered])
            if new != old:
                old_file.unlink()
            renamed[name] = new
        meta[3] = sorted([name, renamed[name]] for name, _ in meta[3])
        info["hash"] = _write(bundle, f"pagefind.{lang}", 10, ".pf_meta", meta)
        info["hash"] = info["hash"].removeprefix("pagefind.")
        if meta_file.name != f"pagefind.{info['hash']}.pf_meta":
            meta_file.unlink()
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
