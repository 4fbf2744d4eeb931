"""A big book is assembled from sections (issue 15: 1,000 SOPs in one book).

Typst holds every page it places until it writes the PDF, so a book of more
than `SECTION_PAGES` body pages is laid out a section at a time, and the book
then places the sections' finished pages. The reader must not see the
difference: the same pages, sizes, text, footers, bookmarks, contents links
and page images as a book placed in one run.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from generator.check import run_checks  # noqa: E402
from generator.handbook import HandbookOptions, _plan, _sop_documents  # noqa: E402
from generator.handbook.assemble import render_book, sections  # noqa: E402
from generator.loader import load_repository  # noqa: E402

from .conftest import SOPS  # noqa: E402


@pytest.fixture(scope="module")
def books():
    repository = load_repository(SOPS).repository
    report = run_checks(repository)
    options = HandbookOptions()
    plan = _plan(repository, "id", None, options)
    sops = list(_sop_documents(plan, repository, report, "id", options, None))
    whole = render_book(plan.front, sops)
    parted = render_book(plan.front, sops, sectioned_from=0, section_pages=8)  # 3 parts
    again = render_book(plan.front, sops, sectioned_from=0, section_pages=8)
    return whole, parted, again


def outline(reader) -> list[tuple[str, int]]:
    found, stack = [], list(reversed(reader.outline))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        else:
            found.append((item.title, reader.get_destination_page_number(item)))
    return found


def link_targets(reader) -> list[int]:
    """The page each link of the contents points to."""
    named = reader.named_destinations
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            dest = annotation.get_object().get("/Dest")
            if isinstance(dest, str) and dest in named:
                targets.append(reader.get_destination_page_number(named[dest]))
    return targets


def test_sections_group_consecutive_sops_up_to_the_page_limit():
    light = [{"body": {"pages": [[1, 1]] * count}} for count in (5, 4, 3, 9, 1)]
    assert sections(light, 8) == [[0], [1, 2], [3], [4]]
    assert sections(light, 100) == [[0, 1, 2, 3, 4]]


@pytest.mark.slow
def test_a_sectioned_book_reads_as_the_book_placed_in_one_run(books, tmp_path: Path):
    (whole, whole_pages), (parted, parted_pages), (again, _pages) = books
    assert parted != whole  # really assembled another way
    assert parted == again  # and the same bytes on every run
    assert parted_pages == whole_pages
    one, other = pypdf.PdfReader(io.BytesIO(whole)), pypdf.PdfReader(io.BytesIO(parted))
    assert [p.mediabox for p in other.pages] == [p.mediabox for p in one.pages]
    assert [p.extract_text() for p in other.pages] == [p.extract_text() for p in one.pages]
    assert outline(other) == outline(one)
    assert link_targets(other) == link_targets(one) and link_targets(one)
    if shutil.which("pdftoppm"):  # and every page looks the same
        pages = [grey_pages(pdf, tmp_path / name) for name, pdf in (("a", whole), ("b", parted))]
        assert len(pages[0]) == len(pages[1]) == whole_pages
        for number, (mine, theirs) in enumerate(zip(*pages, strict=True), 1):
            assert len(mine) == len(theirs), number
            # A page placed twice (section, then book) is drawn through one more
            # transformation: an edge pixel may round the other way, nothing more.
            differing = [abs(a - b) for a, b in zip(mine, theirs, strict=True) if a != b]
            assert len(differing) <= 4 and max(differing, default=0) <= 40, number


def grey_pages(pdf: bytes, prefix: Path) -> list[bytes]:
    """Each page rendered by poppler at 40 dpi in grey: its pixels."""
    prefix.with_suffix(".pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", str(prefix.with_suffix(".pdf")), str(prefix)], check=True
    )
    pixels = []
    for image in sorted(prefix.parent.glob(f"{prefix.name}-*.pgm")):
        data = image.read_bytes()  # P5, width height, 255, then one byte a pixel
        pixels.append(data.split(b"\n", 3)[3])
    return pixels
