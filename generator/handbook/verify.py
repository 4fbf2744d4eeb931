"""The verification code of a printed SOP: a QR code to its intranet page and a content code.

The content code is a short hash of the SOP as loaded (its validated model, not
the file's bytes, so reformatting or comments do not change it). The same code
can be shown on the site, so a reader holding a printed copy checks it
against the page the QR code opens. Drawn with segno (pure Python).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from urllib.parse import quote

import segno

from generator.model.sop import Sop

CODE_LENGTH = 12  # hex digits: 48 bits, enough to tell versions apart at a glance


@dataclass(frozen=True)
class Verification:
    """What an identity page prints to be checked against the site."""

    url: str
    code: str
    qr_svg: str


def content_code(sop: Sop) -> str:
    """A short, stable hash of the SOP's content, grouped for reading: 'a1b2-c3d4-e5f6'."""
    digest = hashlib.sha256(sop.json_text.encode("utf-8")).hexdigest()[:CODE_LENGTH]
    return "-".join(digest[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def sop_url(site_url: str, sop_id: str) -> str:
    """The address of the SOP's page on the site (`sop/<id>/`, as the site lays it out)."""
    return f"{site_url.rstrip('/')}/sop/{quote(sop_id)}/"


def qr_svg(text: str) -> str:
    """`text` as a QR code in SVG (one path; error correction M, quiet zone of 2 modules)."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=2, xmldecl=False, nl=False)
    return out.getvalue().decode("ascii")


def verification(site_url: str | None, sop_id: str, sop: Sop) -> Verification | None:
    """The verification block of one SOP, or None when no site address is configured."""
    if not site_url:
        return None
    url = sop_url(site_url, sop_id)
    return Verification(url, content_code(sop), qr_svg(url))
