"""A book from its parts: each SOP's own pages ("body") rendered on its own, then the book.

Why: a body depends only on its SOP (and the registries, the paper, the
language), so it is rendered once and kept (`BodyStore`); an edited SOP
re-renders its own pages only. The book is then the front matter plus each
body's pages placed as they are, with the running footer "halaman x dari y",
the contents' page numbers and the bookmarks added on top. The bodies are
laid out one SOP at a time (in threads), so their memory does not grow with the
book; the last run, which places every body's pages, does: about 140 MB per
100 SOPs. A book of more than SECTION_PAGES body pages is therefore laid out in
sections first (`_sectioned`), see docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from generator.handbook.pdf import (
    HandbookUnavailable,
    _template,
    forget_layouts,
    page_sizes,
    render_pdf,
)
from generator.store import Store

# What the book needs of a SOP (the contents print its time).
LIGHT_KEYS = ("id", "nama", "nomor", "bookmark", "draft", "waktu")


def _engine_version() -> str:
    try:
        return metadata.version("typst")
    except metadata.PackageNotFoundError:
        return "?"


BODY_KEYS = ("lang", "paper", "margins", "labels", "logo", "instansi", "pemerintah")


def body_document(front: dict[str, Any], sop: dict[str, Any]) -> dict[str, Any]:
    """The data of one SOP's own pages: the SOP and only what its pages print (so that
    nothing about the other SOPs, the book's year or title changes its key)."""
    return {
        **{key: front[key] for key in BODY_KEYS},
        "mode": "body",
        "title": sop["bookmark"],
        "subtitle": "",
        "year": "",
        "created": None,
        "front_matter": False,
        "keputusan": None,
        "howto": None,
        "groups": [{"title": "", "sops": [0]}],
        "sops": [sop],
    }


def body_key(body: dict[str, Any]) -> str:
    """What a body PDF depends on: its data, the template, the Typst version (and, through
    `Store.key`, the tool's own code)."""
    data = json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return Store.key("handbook-body", data, _template(), _engine_version())


@dataclass(frozen=True)
class BodyStore:
    """Body PDFs rendered before, in the project's one store (entries verified on read;
    a damaged one reads as missing and is rendered again)."""

    store: Store
    kind: str = "handbook_sop"

    def get(self, key: str) -> bytes | None:
        """The stored PDF of `key`, or None."""
        found = self.store.read(self.kind, key)
        return found if found is not None and found.startswith(b"%PDF-") else None

    def put(self, key: str, pdf: bytes) -> None:
        """Keep `pdf` under `key`; never fails the build."""
        self.store.write(self.kind, key, pdf)


def render_body(front: dict[str, Any], sop: dict[str, Any], store: BodyStore | None) -> bytes:
    """The PDF of one SOP's own pages, from the store when unchanged."""
    body = body_document(front, sop)
    key = body_key(body)
    found = store.get(key) if store else None
    if found is None:
        found, _pages = render_pdf(body)
        if store:
            store.put(key, found)
    return found


def _bodies(
    front: dict[str, Any],
    sops: Iterable[dict[str, Any]],
    store: BodyStore | None,
    pool: ThreadPoolExecutor,
) -> Iterator[tuple[dict[str, Any], bytes]]:
    """Each SOP's data and its body PDF, in order. Typst runs outside Python's lock, so
    the bodies are laid out in the pool's threads while the next SOPs' data is made;
    at most a few SOPs wait at once, so memory stays flat."""
    limit = workers() * 2
    waiting: deque[tuple[dict[str, Any], Future[bytes]]] = deque()
    for sop in sops:
        waiting.append((sop, pool.submit(render_body, front, sop, store)))
        while len(waiting) > limit:
            done, future = waiting.popleft()
            yield done, future.result()
    while waiting:
        done, future = waiting.popleft()
        yield done, future.result()


def workers() -> int:
    """Typst layouts run at once: one per CPU, at most 4 (more only adds memory)."""
    return max(1, min(4, os.cpu_count() or 1))


def _numbered(light: list[dict[str, Any]], front_pages: int) -> list[dict[str, Any]]:
    """The SOPs with the book's page number of their first page."""
    first = front_pages + 1
    numbered = []
    for entry in light:
        numbered.append({**entry, "first": first})
        first += len(entry["body"]["pages"])
    return numbered


# A book of more body pages than SECTIONED_FROM is assembled from sections of at most
# SECTION_PAGES pages (see `_sectioned`). Smaller sections cost the book more files;
# bigger ones cost it more: Typst finds a page of an embedded PDF in time that grows
# with the PDF (1,000 SOPs: 2,000-page sections tripled the book's CPU, 400 did not).
SECTIONED_FROM = 2_000
SECTION_PAGES = 400


def render_book(
    front: dict[str, Any],
    sops: Iterable[dict[str, Any]],
    store: BodyStore | None = None,
    sectioned_from: int = SECTIONED_FROM,
    section_pages: int = SECTION_PAGES,
) -> tuple[bytes, int]:
    """The whole PDF and its page count: `front` is the book's data without its SOPs
    (`document.book_data`), `sops` the SOPs' data in print order, consumed one at a
    time so that only a few SOPs' drawings are held at once.

    Every page number is decided here, not by Typst: the front matter is laid out
    alone first to count its pages (its length does not depend on the numbers'
    values), then the book; a count that still moved is laid out once more. A book of
    more than `sectioned_from` body pages is assembled from sections (`_sectioned`).
    """
    files: dict[str, bytes] = {}
    light = []
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        for index, (sop, pdf) in enumerate(_bodies(front, sops, store, pool)):
            name = f"sop-{index:05d}.pdf"
            files[name] = pdf
            entry = {key: sop[key] for key in LIGHT_KEYS}
            entry["body"] = {"file": name, "pages": [list(size) for size in page_sizes(pdf)]}
            light.append(entry)
    return _book(front, light, files, sectioned_from, section_pages)


def _book(
    front: dict[str, Any],
    light: list[dict[str, Any]],
    files: dict[str, bytes],
    sectioned_from: int = SECTIONED_FROM,
    section_pages: int = SECTION_PAGES,
) -> tuple[bytes, int]:
    """The book from the bodies' PDFs (`files`) and what it needs of each SOP (`light`)."""
    body_pages = sum(len(entry["body"]["pages"]) for entry in light)
    front_pages = 0
    if front["front_matter"]:
        counted = {**front, "mode": "front", "total_pages": body_pages}
        front_pages = render_pdf({**counted, "sops": _numbered(light, 0)})[1]
        forget_layouts()
    for _attempt in range(3):
        total = front_pages + body_pages
        placed, placed_files = light, files
        if body_pages > sectioned_from:
            placed, placed_files = _sectioned(front, light, files, front_pages, section_pages)
        document = {**front, "mode": "book", "total_pages": total}
        pdf, pages = render_pdf({**document, "sops": _numbered(placed, front_pages)}, placed_files)
        if pages == total:
            break
        front_pages = pages - body_pages
    return pdf, pages


def sections(light: list[dict[str, Any]], most: int) -> list[list[int]]:
    """The SOPs (indexes, in order) of each section: consecutive, at most `most` body
    pages each (a SOP longer than that is a section of its own)."""
    parts: list[list[int]] = []
    pages = 0
    for index, entry in enumerate(light):
        count = len(entry["body"]["pages"])
        if not parts or pages + count > most:
            parts.append([])
            pages = 0
        parts[-1].append(index)
        pages += count
    return parts


def _sectioned(
    front: dict[str, Any],
    light: list[dict[str, Any]],
    files: dict[str, bytes],
    front_pages: int,
    most: int,
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The SOPs' pages laid out with their footers a section at a time, for a big book.

    Why: Typst holds every page it places until it writes the PDF, and a body page
    with its footer drawn over it costs it ~150 KB (1,000 SOPs: the last run took
    2 GB). A section of at most `most` pages is laid out on its own and its memory
    let go (`forget_layouts`) before the next; the book then places the sections'
    finished pages, with only the bookmarks and contents' targets on them (1,000
    SOPs: 1.1 GB). Returns what `_book` places instead of
    `light` and `files`: each SOP pointing at its pages in its section's PDF.
    """
    numbered = _numbered(light, front_pages)
    total = front_pages + sum(len(entry["body"]["pages"]) for entry in light)
    placed: list[dict[str, Any]] = []
    section_files: dict[str, bytes] = {}
    for number, indexes in enumerate(sections(light, most)):
        part = [numbered[index] for index in indexes]
        document = {
            **front,
            "mode": "section",
            "front_matter": False,
            "keputusan": None,
            "total_pages": total,
            "groups": [{"title": "", "sops": list(range(len(part)))}],
            "sops": part,
        }
        needed = {entry["body"]["file"]: files[entry["body"]["file"]] for entry in part}
        name = f"bagian-{number:04d}.pdf"
        section_files[name], laid_out = render_pdf(document, needed)
        forget_layouts()
        expected = sum(len(light[index]["body"]["pages"]) for index in indexes)
        if laid_out != expected:  # every later page would be placed one off: never publish
            raise HandbookUnavailable(f"{name}: {laid_out} pages laid out, {expected} expected")
        start = 0
        for index in indexes:
            pages = light[index]["body"]["pages"]
            body = {"file": name, "pages": pages, "start": start, "footed": True}
            placed.append({**light[index], "body": body})
            start += len(pages)
    return placed, section_files
