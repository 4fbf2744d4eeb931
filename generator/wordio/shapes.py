"""Flowchart symbols as Word shapes: DrawingML `wps:wsp` with a preset
geometry, inside `mc:AlternateContent` with a VML fallback, the way Word 2010
and later write them. Text from an SOP only ever becomes an element's text
(never XML source), after characters XML cannot hold are dropped.
"""

from __future__ import annotations

import re

from lxml import etree

from generator.wordio.docx_reader import NS

EMU_PER_MM = 36000

# SOP AP symbol -> (DrawingML preset, VML shape type number).
PRESETS = {
    "terminator": ("flowChartTerminator", "116"),
    "process": ("flowChartProcess", "109"),
    "decision": ("flowChartDecision", "110"),
    "offpage": ("flowChartOffpageConnector", "177"),
}
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (control characters)."""
    return _XML_INVALID.sub("", text)


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


# The prefixes Word uses, declared on the run so the shape's XML reads like Word's.
_PREFIXES = {p: NS[p] for p in ("w", "mc", "wp", "a", "wps", "v", "o")}


def _el(parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
    if parent is None:
        element = etree.Element(_q(tag), nsmap=_PREFIXES)
    else:
        element = etree.SubElement(parent, _q(tag))
    for name, value in attrs.items():
        element.set(_q(name) if ":" in name else name, value)
    return element


def _text_content(parent: etree._Element, text: str, size_half_points: int) -> None:
    """A w:txbxContent with one centred paragraph holding `text` (lines as w:br)."""
    content = _el(parent, "w:txbxContent")
    paragraph = _el(content, "w:p")
    properties = _el(paragraph, "w:pPr")
    _el(properties, "w:spacing", **{"w:before": "0", "w:after": "0", "w:line": "200"})
    _el(properties, "w:jc", **{"w:val": "center"})
    for index, line in enumerate(xml_text(text).split("\n")):
        run = _el(paragraph, "w:r")
        run_properties = _el(run, "w:rPr")
        _el(run_properties, "w:sz", **{"w:val": str(size_half_points)})
        if index:
            _el(run, "w:br")
        t = _el(run, "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line


def shape_run(
    kind: str, width_mm: float, height_mm: float, text: str, shape_id: int
) -> etree._Element:
    """A w:r holding one flowchart symbol, inline in its paragraph."""
    preset, vml_type = PRESETS[kind]
    cx, cy = int(width_mm * EMU_PER_MM), int(height_mm * EMU_PER_MM)
    run = _el(None, "w:r")
    alternate = _el(run, "mc:AlternateContent")
    choice = _el(alternate, "mc:Choice", Requires="wps")
    drawing = _el(choice, "w:drawing")
    inline = _el(drawing, "wp:inline", distT="0", distB="0", distL="0", distR="0")
    _el(inline, "wp:extent", cx=str(cx), cy=str(cy))
    _el(inline, "wp:effectExtent", l="0", t="0", r="0", b="0")
    _el(inline, "wp:docPr", id=str(shape_id), name=f"{preset} {shape_id}")
    _el(inline, "wp:cNvGraphicFramePr")
    graphic = _el(inline, "a:graphic")
    data = _el(graphic, "a:graphicData", uri=NS["wps"])
    wsp = _el(data, "wps:wsp")
    _el(wsp, "wps:cNvSpPr")
    properties = _el(wsp, "wps:spPr")
    transform = _el(properties, "a:xfrm")
    _el(transform, "a:off", x="0", y="0")
    _el(transform, "a:ext", cx=str(cx), cy=str(cy))
    geometry = _el(properties, "a:prstGeom", prst=preset)
    _el(geometry, "a:avLst")
    fill = _el(properties, "a:solidFill")
    _el(fill, "a:srgbClr", val="FFFFFF")
    line = _el(properties, "a:ln", w="9525")
    line_fill = _el(line, "a:solidFill")
    _el(line_fill, "a:srgbClr", val="000000")
    box = _el(wsp, "wps:txbx")  # always a text box: Word and LibreOffice centre it alike
    _text_content(box, text, 10)
    _el(
        wsp,
        "wps:bodyPr",
        rot="0",
        vert="horz",
        wrap="square",
        lIns="0",
        tIns="0",
        rIns="0",
        bIns="0",
        anchor="ctr",
    )
    fallback = _el(alternate, "mc:Fallback")
    pict = _el(fallback, "w:pict")
    vml = _el(
        pict,
        "v:shape",
        id=f"_x0000_s{1024 + shape_id}",
        type=f"#_x0000_t{vml_type}",
        style=f"width:{width_mm * 72 / 25.4:.1f}pt;height:{height_mm * 72 / 25.4:.1f}pt",
        fillcolor="white",
        strokeweight=".75pt",
    )
    vml.set(_q("o:spt"), vml_type)
    if text:
        box = _el(vml, "v:textbox", inset="0,0,0,0")
        _text_content(box, text, 10)
    return run
