"""Data -> PDF with Typst: the one place that touches the PDF engine.

Typst is a compiler inside the `typst` wheel (no system libraries, Windows
included). It is given only the bundled font folder and ignores the system's
fonts, so the same data gives the same bytes on every machine. The document
is `templates/handbook.typ`; everything it prints arrives as one JSON string
in `sys.inputs` (see `document` for the escaping policy): no file is written.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from generator.fonts import FONT_DIR

TEMPLATE = "handbook.typ"
PAGE = re.compile(rb"/Type\s*/Page\b")


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


def render_pdf(document: dict[str, Any]) -> tuple[bytes, int]:
    """The PDF of `document` (from `document.book_data`) and its page count.

    The bytes depend only on the data: no creation date unless the data names
    one, and Typst derives the file identifier from the content.
    """
    typst = _typst()
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    try:
        pdf = typst.compile(
            _template(),
            font_paths=[str(FONT_DIR)],
            ignore_system_fonts=True,
            sys_inputs={"data": data},
            pdf_tags=False,
        )
    except Exception as error:  # TypstError: a bug of ours, reported, not a traceback
        first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise HandbookUnavailable(first) from None
    return pdf, len(PAGE.findall(pdf))


def check_available() -> None:
    """Raise HandbookUnavailable now rather than after the work of preparing the data."""
    _typst()
