"""Logos exported by drawing programs carry a DOCTYPE (round 7).

Adobe Illustrator declares its namespaces as entities in the DOCTYPE's internal
subset and uses them in `xmlns:` attributes; CorelDRAW and old Inkscape write a
plain DOCTYPE with the SVG 1.1 DTD's address. Every DOCTYPE was refused, so a real
office logo was refused. They are read now, safely: the external id is never
fetched, the internal subset may hold only plain text entities.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from generator.safepath import UnsafePathError, read_project_file
from generator.svgclean import (
    MAX_ENTITIES,
    MAX_ENTITY_VALUE,
    SvgRefused,
    clean_svg,
)

LOGOS = Path(__file__).parent / "fixtures" / "logos_r7"
EXPORTS = ("illustrator_cc", "illustrator_10", "coreldraw", "inkscape_old")
DOCTYPE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://x/svg11.dtd"'
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg">'


@pytest.mark.parametrize("name", EXPORTS)
def test_a_drawing_programs_export_is_read_and_its_drawing_kept(name: str) -> None:
    cleaned = clean_svg((LOGOS / f"{name}.svg").read_bytes())
    assert cleaned.count(b"<path") + cleaned.count(b"<polygon") >= 2, cleaned
    for left_out in (b"DOCTYPE", b"ENTITY", b"&ns_", b"foreignObject", b"pgf", b"xmpmeta"):
        assert left_out not in cleaned
    assert cleaned == clean_svg((LOGOS / f"{name}.svg").read_bytes())  # same bytes


def test_illustrators_namespace_entities_are_expanded() -> None:
    """`xmlns="&ns_svg;"` (Illustrator 10) puts the drawing in the SVG namespace, and
    `style="&st0;"` gives it its colours."""
    cleaned = clean_svg((LOGOS / "illustrator_10.svg").read_bytes())
    assert b'style="fill:#0B6E2E;stroke:#F2C12E;stroke-width:8"' in cleaned
    assert b"font-family:'Arial'" in cleaned


def test_the_project_reader_accepts_an_illustrator_logo(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_bytes((LOGOS / "illustrator_cc.svg").read_bytes())
    found = read_project_file(tmp_path, "logo.svg", max_bytes=2_000_000, kinds={"svg", "png"})
    assert found.kind == "svg" and b"<polygon" in found.data


def test_the_illustrator_logo_shows_when_typst_draws_it(tmp_path: Path) -> None:
    """Illustrator's `<switch>` first holds a `foreignObject` for itself: left out, the
    drawing after it is what a renderer shows (the shield's green at its centre)."""
    import typst

    (tmp_path / "logo.svg").write_bytes(clean_svg((LOGOS / "illustrator_cc.svg").read_bytes()))
    (tmp_path / "main.typ").write_text(
        '#set page(width: 200pt, height: 220pt, margin: 0pt)\n#image("logo.svg", width: 100%)\n',
        "utf-8",
    )
    png = typst.compile(str(tmp_path / "main.typ"), format="png", ppi=72)
    red, green, blue = _pixel(png, 100, 40)[:3]  # inside the shield
    assert green > 80 and red < 60 and blue < 90, (red, green, blue)
    assert _pixel(png, 2, 2)[:3] == (255, 255, 255)  # outside it: the white page


def _pixel(png: bytes, x: int, y: int) -> tuple[int, ...]:
    """The RGBA pixel at (x, y) of an 8-bit RGBA, non-interlaced PNG (what Typst writes)."""
    position, chunks = 8, []
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        chunks.append((png[position + 4 : position + 8], png[position + 8 : position + 8 + length]))
        position += 12 + length
    width, _, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour, interlace) == (8, 6, 0)
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride, previous = width * 4, bytearray(width * 4)
    for row in range(y + 1):  # undo each row's filter (PNG specification, 9)
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for at in range(stride):
            left = line[at - 4] if at >= 4 else 0
            up, corner = previous[at], previous[at - 4] if at >= 4 else 0
            line[at] = (line[at] + _predictor(kind, left, up, corner)) & 0xFF
        previous = line
    return tuple(previous[x * 4 : x * 4 + 4])


def _predictor(kind: int, left: int, up: int, corner: int) -> int:
    if kind == 0:
        return 0
    if kind in (1, 2):
        return left if kind == 1 else up
    if kind == 3:
        return (left + up) // 2
    guess = left + up - corner  # Paeth
    near = min(
        (abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner)
    )
    return near[2]


REFUSED: dict[str, tuple[bytes, str]] = {
    "external-entity": (b' [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "<!ENTITY x SYSTEM>"),
    "public-entity": (b' [<!ENTITY x PUBLIC "-//x" "http://x/y">]>', "<!ENTITY x SYSTEM>"),
    "parameter-entity": (b' [<!ENTITY % p "x">]>', "<!ENTITY % p>"),
    "external-parameter-entity": (
        b' [<!ENTITY % p SYSTEM "http://203.0.113.9/x.dtd"> %p;]>',
        "<!ENTITY % p>",
    ),
    "entity-of-an-entity": (b' [<!ENTITY a "x"><!ENTITY b "&a;&a;">]>', "<!ENTITY b '&a;&a;'>"),
    "character-reference-to-markup": (
        b' [<!ENTITY a "&#60;script&#62;alert(1)&#60;/script&#62;">]>',
        "<!ENTITY a '<script>alert(1)</script>'>",
    ),
    "unparsed-entity": (b' [<!ENTITY u SYSTEM "x" NDATA n>]>', "<!ENTITY NDATA>"),
    "attlist-default-onload": (b' [<!ATTLIST svg onload CDATA "alert(1)">]>', "<!ATTLIST>"),
    "element-declaration": (b" [<!ELEMENT svg ANY>]>", "<!ELEMENT>"),
    "notation": (b' [<!NOTATION n SYSTEM "x">]>', "<!NOTATION>"),
    "too-long": (b' [<!ENTITY a "%s">]>' % (b"x" * (MAX_ENTITY_VALUE + 1)), "<!ENTITY a> > 512"),
    "too-many": (
        b" [%s]>" % b"".join(b'<!ENTITY e%d "x">' % i for i in range(MAX_ENTITIES + 1)),
        "<!ENTITY> x 257",
    ),
}


@pytest.mark.parametrize("subset,what", REFUSED.values(), ids=REFUSED.keys())
def test_a_doctype_that_is_more_than_plain_text_entities_is_refused_where_it_is(
    subset: bytes, what: str
) -> None:
    with pytest.raises(SvgRefused) as refused:
        clean_svg(DOCTYPE + subset + b"\n" + SVG + b"<rect/></svg>")
    assert refused.value.what.startswith(what), refused.value.what
    assert refused.value.line == 2 and refused.value.column > 1
    assert not refused.value.broken  # "active": the hint says what is accepted


def test_an_entity_expanded_many_times_is_refused_before_it_is_expanded() -> None:
    """No entity refers to another, but 400 kB of `&a;` times 512 characters would
    still be 68 MB of text: bounded by the count of `&` times the longest value."""
    subset = b' [<!ENTITY a "%s">]>' % (b"x" * MAX_ENTITY_VALUE)
    body = b"<text>" + b"&a;" * 130_000 + b"</text>"
    with pytest.raises(SvgRefused) as refused:
        clean_svg(DOCTYPE + subset + SVG + body + b"</svg>")
    assert refused.value.what == "<!ENTITY> x 130000 '&'"
    assert b"x" * 1000 in clean_svg(DOCTYPE + subset + SVG + b"<text>&a;&a;</text></svg>")


def test_the_external_dtd_is_never_fetched_and_unknown_entities_stay_text() -> None:
    """The DTD's address names a host that does not exist: reading takes no time and
    an entity only the DTD could declare is skipped, not fetched."""
    data = DOCTYPE.replace(b"http://x/", b"http://203.0.113.9/") + b">" + SVG
    assert clean_svg(data + b"<text>a&nbsp;b</text></svg>").count(b"<text>") == 1


@pytest.mark.parametrize(
    "inner",
    [
        b"<script>alert(1)</script>",
        b'<div xmlns="http://www.w3.org/1999/xhtml">x</div>',
        b'<rect onload="alert(1)"/>',
    ],
)
def test_what_acts_inside_illustrators_foreign_object_is_still_refused(inner: bytes) -> None:
    data = SVG + b'<switch><foreignObject requiredExtensions="x">' + inner
    with pytest.raises(SvgRefused):
        clean_svg(data + b"</foreignObject><rect/></switch></svg>")


def test_a_foreign_object_without_required_extensions_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(SvgRefused) as refused:
        clean_svg(SVG + b'<switch><foreignObject requiredExtensions=" "/></switch></svg>')
    assert refused.value.what == "<foreignObject>"
    (tmp_path / "logo.svg").write_bytes(SVG + b"<foreignObject/></svg>")
    with pytest.raises(UnsafePathError) as unsafe:
        read_project_file(tmp_path, "logo.svg", max_bytes=2_000_000, kinds={"svg"})
    assert unsafe.value.code == "active_svg"


def test_a_percent_sign_written_as_a_character_reference_is_plain_text() -> None:
    """`&#37;` in an entity's value is a "%" once declared: text, not a parameter entity."""
    subset = b' [<!ENTITY st0 "stop-opacity:50&#37;;">]>'
    cleaned = clean_svg(DOCTYPE + subset + SVG + b'<stop style="&st0;"/></svg>')
    assert b'style="stop-opacity:50%"' in cleaned


def test_character_references_do_not_count_toward_the_expansion_bound() -> None:
    """A reviewer's finding: 2,000 `&#233;` beside one long entity used once were
    refused as 2,001 references to it; a character reference expands to one character."""
    subset = b' [<!ENTITY a "%s">]>' % (b"x" * MAX_ENTITY_VALUE)
    body = b"<text>&a;" + b"&#233;" * 2_000 + b"</text>"
    cleaned = clean_svg(DOCTYPE + subset + SVG + body + b"</svg>")
    assert b"x" * MAX_ENTITY_VALUE in cleaned
