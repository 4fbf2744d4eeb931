"""Handbook PDFs kept between runs: the whole book or one SOP's file, rendered only when
something it depends on changed. What `sop handbook` and `sop build` share.

Each PDF is one verified entry of the store (its page count in the entry); an
entry that is damaged, truncated or not a PDF is rendered again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from generator import runcache
from generator.atomicfile import write_atomically
from generator.check import CheckReport
from generator.flowchart import FlowchartCache
from generator.handbook import (
    BodyStore,
    HandbookOptions,
    build_handbook,
    logo_from_registry,
    select_sops,
)
from generator.handbook.warmup import start_chart_engine
from generator.model import Repository
from generator.model.pengaturan import Kertas
from generator.store import Store
from generator.usage import UsageError


@dataclass(frozen=True)
class BookSettings:
    """How the books are printed (every one of them is part of the stored PDF's key)."""

    lang: str
    evaluasi: bool = True
    created: str | None = None
    kertas: Kertas | None = None  # None: `kertas` of pengaturan.yaml
    site_url: str | None = None


def chosen_sops(
    repository: Repository, sop_ids: Sequence[str], bidang: str | None, status: str | None
) -> list[str]:
    """The SOPs to print: those named (all when none), narrowed by `bidang` and `status`.

    Raises UsageError for an unknown id or when nothing is left.
    """
    known = sorted(entry.id for entry in repository.sops)
    for sop_id in sop_ids:
        if sop_id not in known:
            example = known[0] if known else "pelayanan-kerjasama"
            hint = "handbook.cli.unknown_sop_hint"
            raise UsageError("handbook.cli.unknown_sop", hint, id=sop_id, example=example)
    selected = select_sops(repository, list(sop_ids) or None, bidang, status)
    if not selected:
        raise UsageError("handbook.cli.no_sops", "handbook.cli.no_sops_hint")
    return selected


@dataclass
class Books:
    """The books of one SOP folder: read from the store, or rendered and stored.

    `report` gives the check report; it is only asked for when a book is rendered.
    Raises HandbookUnavailable when the PDF engine (Typst) is missing or fails.
    """

    root: Path
    repository: Repository
    report: Callable[[], CheckReport | None]
    settings: BookSettings
    cache: bool = True
    _checked: list[CheckReport | None] = field(default_factory=list)

    def book(self, name: str, only: list[str], front: bool) -> tuple[bytes, int]:
        """The PDF (bytes, pages) of the SOPs `only`, with the front matter when `front`."""
        store = Store.beside(self.root, enabled=self.cache)
        paper = self.settings.kertas or self.repository.pengaturan.kertas
        options = {
            "lang": self.settings.lang,
            "evaluasi": self.settings.evaluasi,
            "created": self.settings.created,
            "only": only,
            "front": front,
            "kertas": paper.value,
            "site_url": self.settings.site_url,
        }
        key = Store.key(name, book_key(self.root, self.repository, options))
        found = _read_pdf(store, key)
        if found is not None:
            return found
        engine = start_chart_engine(store)
        try:
            if not self._checked:
                self._checked.append(self.report())
        finally:
            engine.join()  # never left compiling while the process ends
        book = build_handbook(
            self.repository,
            self._checked[0],  # type: ignore[arg-type]
            lang=self.settings.lang,
            only=only,
            options=HandbookOptions(
                front_matter=front,
                evaluation=self.settings.evaluasi,
                created=self.settings.created,
                kertas=paper,
                site_url=self.settings.site_url,
            ),
            flowchart_cache=FlowchartCache(store) if self.cache else None,
            body_store=BodyStore(store) if self.cache else None,
        )
        store.write("book", key, str(book.pages).encode() + b"\n" + book.pdf)
        store.prune()
        return book.pdf, book.pages

    def write(self, selected: list[str], output: Path, each: Path | None) -> list[tuple[Path, int]]:
        """Write the book of `selected` to `output`, or with `each` one PDF per SOP into
        that folder (`<id>.pdf`); each file atomically. Returns (file, pages) per file."""
        if each is None:
            targets = [(output, "buku", selected, True)]
        else:
            targets = [(each / f"{sop_id}.pdf", sop_id, [sop_id], False) for sop_id in selected]
        written = []
        for path, name, only, front in targets:
            pdf, pages = self.book(name, only, front)
            write_atomically(path, pdf)
            written.append((path, pages))
        return written

    def whole(self, name: str = "buku") -> tuple[bytes, int]:
        """The whole handbook, as `sop handbook` makes it by default."""
        return self.book(name, select_sops(self.repository), True)

    def one(self, sop_id: str, name: str | None = None) -> tuple[bytes, int]:
        """One SOP's own file (as `sop handbook --each`)."""
        return self.book(name or sop_id, [sop_id], False)


def _read_pdf(store: Store, key: str) -> tuple[bytes, int] | None:
    """The stored PDF and its page count, or None (absent, damaged, not a PDF)."""
    data = store.read("book", key)
    if data is None:
        return None
    pages, _, pdf = data.partition(b"\n")
    if not pages.isdigit() or not pdf.startswith(b"%PDF-"):
        return None
    return pdf, int(pages)


def book_key(root: Path, repository: Repository, options: dict[str, object]) -> str:
    """Everything the PDF depends on: SOP files, the tool's code and templates, the
    Typst template, the logo, the Typst version, and the options (the fonts are bundled)."""
    template = resources.files("generator.handbook").joinpath("templates", "handbook.typ")
    logo = logo_from_registry(repository)
    extra = {
        "typ": hashlib.sha256(template.read_bytes()).hexdigest(),
        "logo": hashlib.sha256(logo[0]).hexdigest() if logo else None,
        "typst": _version("typst"),
    }
    return runcache.cache_key("handbook", root, {**options, **extra})


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None
