"""Data -> PDF with Typst: the one place that touches the PDF engine.

Typst is a compiler inside the `typst` wheel (no system libraries, Windows
included). It is given only the bundled font folder and ignores the system's
fonts, so the same data gives the same bytes on every machine. The document
is `templates/handbook.typ`; everything it prints arrives as one JSON string
in `sys.inputs` (see `document` for the escaping policy). A book also reads
the SOPs' own PDFs ("bodies"): they are written with the template into a
temporary folder that is Typst's root, so Typst can read nothing else.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from generator.fonts import FONT_DIR

TEMPLATE = "handbook.typ"
PAGE = re.compile(rb"/Type\s*/Page\b")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")


class HandbookUnavailable(RuntimeError):
    """The PDF engine (the `typst` package) cannot be loaded or failed on the document."""


def _typst():
    try:
        import typst
    except ImportError as error:
        raise HandbookUnavailable(str(error) or repr(error)) from None
    return typst


@cache
def _template() -> bytes:
    return resources.files("generator.handbook").joinpath("templates", TEMPLATE).read_bytes()


def render_pdf(
    document: dict[str, Any], files: Mapping[str, bytes] | None = None
) -> tuple[bytes, int]:
    """The PDF of `document` (from `document.book_data`) and its page count.

    `files` (name -> bytes) are what the template reads with `read()`: the SOPs'
    body PDFs of a book. The bytes depend only on the data: no creation date
    unless the data names one, and Typst derives the file identifier from the
    content.
    """
    typst = _typst()
    document, files = _logo_as_file(document, files)
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    options = {
        "font_paths": [str(FONT_DIR)],
        "ignore_system_fonts": True,
        "sys_inputs": {"data": data},
        "pdf_tags": False,
    }
    try:
        if not files:
            pdf = typst.compile(_template(), **options)
        else:
            with tempfile.TemporaryDirectory(prefix="sop-handbook-") as folder:
                root = Path(folder)
                for name, content in files.items():
                    (root / name).write_bytes(content)
                main = root / TEMPLATE
                main.write_bytes(_template())
                pdf = typst.compile(str(main), root=str(root), **options)
    except Exception as error:  # TypstError: a bug of ours, reported, not a traceback
        first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise HandbookUnavailable(first) from None
    return pdf, len(PAGE.findall(pdf))


# Typst remembers what it laid out (its memoisation) until a result has gone unused
# for about ten compilations; measured: twelve empty ones let a big book's section
# (~250 MB) go, where the next section would otherwise pile on top of it.
FORGET_AFTER = 12


def forget_layouts() -> None:
    """Let Typst free what it remembers of the compilations before (a few ms)."""
    typst = _typst()
    for _ in range(FORGET_AFTER):
        typst.compile(b"", ignore_system_fonts=True)


LOGO_FILE = "logo"


def _logo_as_file(
    document: dict[str, Any], files: Mapping[str, bytes] | None
) -> tuple[dict[str, Any], Mapping[str, bytes] | None]:
    """The logo (hex text in the data) moved into a file the template reads."""
    logo = document.get("logo")
    if not logo or "hex" not in logo:
        return document, files
    moved = {"file": LOGO_FILE, "format": logo["format"]}
    return {**document, "logo": moved}, {**(files or {}), LOGO_FILE: bytes.fromhex(logo["hex"])}


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height (pt) of each page of a PDF that Typst wrote, in page order."""
    return [
        (round(float(x1) - float(x0), 4), round(float(y1) - float(y0), 4))
        for x0, y0, x1, y1 in MEDIA_BOX.findall(pdf)
    ]


def check_available() -> None:
    """Raise HandbookUnavailable now rather than after the work of preparing the data."""
    _typst()
