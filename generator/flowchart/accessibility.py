"""Accessible SVG: a <title> and a <desc> as the first children of the <svg> element.

Graphviz writes a <title> per graph, node and edge, but none for the picture
as a whole, and never a <desc>. Screen readers announce the root's <title>
and <desc>, so the flowchart gets its SOP's name and a text version of the
flow (the steps in order, with who performs them).
"""

from __future__ import annotations

from html import escape


def with_title_and_desc(svg: bytes, title: str, desc: str) -> bytes:
    """`svg` with `role="img"`, a <title> and a <desc> added to its root element."""
    start = svg.index(b"<svg")
    end = svg.index(b">", start) + 1
    opening = svg[start:end].replace(b"<svg", b'<svg role="img"', 1)
    text = (
        f"\n<title>{escape(title, quote=False)}</title>\n<desc>{escape(desc, quote=False)}</desc>"
    )
    whole = memoryview(svg)  # one copy of the SVG (the join), not two
    return b"".join([whole[:start], opening, text.encode("utf-8"), whole[end:]])
