"""Low-level reading of a .docx: its body as paragraphs and tables, with the
flowchart shapes and marks each cell holds.

Everything in the file is untrusted: the zip directory is checked before any
part is read (size limits against zip bombs), XML is parsed without entities,
DTDs or network, and an unreadable file raises `DocxError` with a message key
(never another exception).

Only structure is read here; what it means for an SOP is `sop_import`'s job.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator.safepath import UnsafePathError, read_regular_file
from generator.wordio.package_parts import IgnoredPart, ignored_parts
from generator.wordio.zipread import UnreadableMember, open_package, read_member

# The size limits of what we read, checked in the zip directory before reading.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_DOCUMENT_XML_BYTES = 40 * 1024 * 1024
MAX_ENTRIES = 5000
MAX_RATIO = 200  # compressed -> uncompressed; Word's XML compresses about 10:1

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_W = "{{{}}}".format(NS["w"])
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_EMU_PER_TWIP = 635
_TWIPS_PER_PT = 20

# DrawingML preset geometries -> the SOP AP symbol they draw.
_PRESETS = {
    "flowChartTerminator": "terminator",
    "flowChartAlternateProcess": "terminator",
    "roundRect": "terminator",
    "ellipse": "terminator",
    "flowChartProcess": "process",
    "flowChartPredefinedProcess": "process",
    "rect": "process",
    "flowChartDecision": "decision",
    "diamond": "decision",
    "flowChartOffpageConnector": "offpage",
    "homePlate": "offpage",
    "flowChartConnector": "offpage",
}
# VML shape types (o:spt numbers in "#_x0000_t116") -> symbol.
_VML_TYPES = {
    "116": "terminator",
    "176": "terminator",
    "109": "process",
    "1": "process",
    "110": "decision",
    "4": "decision",
    "177": "offpage",
    "120": "offpage",
    "32": "arrow",
    "33": "arrow",
    "34": "arrow",
    "20": "arrow",
    "202": "label",
}
_VML_ELEMENTS = {
    "roundrect": "terminator",
    "oval": "terminator",
    "rect": "process",
    "line": "arrow",
}
_CONNECTOR = re.compile(r"(straight|bent|curved)Connector\d|line|.*Arrow")


class DocxError(Exception):
    """The file cannot be read as a Word document; `key` names the message."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.details = args


@dataclass(frozen=True)
class Shape:
    """A drawn object: its symbol kind, its text, and where it sits in its cell.

    `kind` is terminator, process, decision, offpage, arrow, label (a text
    box) or other. `offset` is the horizontal distance (twips) from the left
    edge of the cell the shape is anchored in, when the file says so.
    """

    kind: str
    text: str = ""
    offset: int | None = None
    width: int | None = None
    frame: str = "column"  # what `offset` is measured from: column (the cell), margin, page
    top: int | None = None  # vertical position (twips) from the anchor, in a group or canvas
    grouped: bool = False  # one of several symbols drawn in one group or drawing canvas
    ident: str | None = None  # the shape's id inside its group (connectors refer to it)
    joins: tuple[str | None, str | None] = (None, None)  # a connector's start and end shapes


@dataclass
class Paragraph:
    """One paragraph: its text (line breaks as \\n, tabs as \\t) and its shapes."""

    text: str
    shapes: list[Shape] = field(default_factory=list)
    numbered: bool = False
    page_break: bool = False


@dataclass
class Cell:
    """One table cell as Word stores it (a merged area is one cell)."""

    paragraphs: list[Paragraph]
    grid_start: int
    grid_span: int = 1
    vmerge: str | None = None  # "restart", "continue" or None
    width: int | None = None

    @property
    def text(self) -> str:
        """The cell's text, paragraphs joined by newlines."""
        return "\n".join(p.text for p in self.paragraphs).strip()

    @property
    def shapes(self) -> list[Shape]:
        """Every shape in the cell."""
        return [shape for p in self.paragraphs for shape in p.shapes]


@dataclass
class Row:
    """One table row; `header` when Word repeats it on every page (w:tblHeader)."""

    cells: list[Cell]
    header: bool = False

    def at(self, column: int) -> Cell | None:
        """The cell covering grid column `column`."""
        for cell in self.cells:
            if cell.grid_start <= column < cell.grid_start + cell.grid_span:
                return cell
        return None


@dataclass
class Table:
    """A table: rows and the widths of its grid columns (twips)."""

    rows: list[Row]
    grid: list[int]
    page_margin: int = 1440  # left page margin (twips), for shapes placed from the page edge

    @property
    def columns(self) -> int:
        """The number of grid columns."""
        widest = max((c.grid_start + c.grid_span for r in self.rows for c in r.cells), default=0)
        return max(len(self.grid), widest)

    def column_start(self, column: int) -> int:
        """Distance (twips) from the table's left edge to grid column `column`."""
        return sum(self.grid[:column])


Block = Paragraph | Table


def read_docx(path: Path) -> list[Block]:
    """The body of the .docx at `path`, in order. Raises DocxError."""
    return read_docx_package(path)[0]


def read_docx_package(path: Path) -> tuple[list[Block], list[IgnoredPart]]:
    """The body of the .docx at `path`, and the macros, embedded objects and external
    links it holds that are left unread (see `package_parts`). Raises DocxError."""
    try:
        raw = read_regular_file(path, max_bytes=MAX_FILE_BYTES)
    except UnsafePathError as error:
        if error.key == "safepath.not_regular":  # a FIFO blocks, /dev/zero never ends
            raise DocxError("wordio.error.not_regular") from None
        if error.key == "safepath.too_large":
            raise DocxError("wordio.error.too_large") from None
        raise DocxError("wordio.error.unreadable", reason=error.args_.get("reason", "")) from None
    return _read_package(raw)


def read_docx_bytes(raw: bytes) -> list[Block]:
    """The body of a .docx given as bytes. Raises DocxError."""
    return _read_package(raw)[0]


def _read_package(raw: bytes) -> tuple[list[Block], list[IgnoredPart]]:
    if not raw:  # a failed download or copy: say so, not "not a Word file"
        raise DocxError("wordio.error.empty")
    document_xml, ignored = _document_xml(raw)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(document_xml, parser)
    except etree.XMLSyntaxError as error:
        raise _xml_error(error) from None
    if root.getroottree().docinfo.internalDTD is not None:
        # Word never writes a DOCTYPE: its entities (a file, a URL, an expansion bomb)
        # are left unresolved by the parser, and the file is refused rather than read
        # with holes where they stood.
        raise DocxError("wordio.error.entity")
    body = root.find(f"{_W}body")
    if body is None:
        raise DocxError("wordio.error.not_docx")
    blocks = list(_blocks(body))
    margin = body.find(f"{_W}sectPr/{_W}pgMar")
    left = margin.get(f"{_W}left", "") if margin is not None else ""
    if left.isdigit():
        for block in blocks:
            if isinstance(block, Table):
                block.page_margin = int(left)
    return blocks, ignored


# Files renamed .docx that are something else, by their first bytes (after spaces).
_OTHER_KINDS = ((b"%pdf", "pdf"), (b"{\\rtf", "rtf"), (b"<?xml", "xml"), (b"<", "html"))


def _document_xml(raw: bytes) -> tuple[bytes, list[IgnoredPart]]:
    """The main document part, after checking what kind of file this is and its sizes,
    and what the package holds that is left unread."""
    if raw.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise DocxError("wordio.error.encrypted")
        raise DocxError("wordio.error.old_doc")
    if not raw.startswith(_ZIP_MAGIC):
        head = raw[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
        for magic, kind in _OTHER_KINDS:
            if head[:16].lower().startswith(magic):  # a PDF or an RTF saved as .docx
                raise DocxError("wordio.error.other_kind", kind=kind.upper())
        raise DocxError("wordio.error.not_docx")
    try:
        archive = open_package(raw)
    except UnreadableMember:
        raise DocxError("wordio.error.corrupt") from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:  # Word writes tens of parts; say so, not "too large"
        raise DocxError("wordio.error.too_many_parts", count=len(infos), limit=MAX_ENTRIES)
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise DocxError("wordio.error.zip_bomb")
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DocxError("wordio.error.zip_bomb")
    names = {info.filename: info for info in infos}
    main = _main_part_name(archive, names)
    info = names.get(main)
    if info is None:
        raise DocxError("wordio.error.not_docx")
    if info.file_size > MAX_DOCUMENT_XML_BYTES:  # compresses normally, but too much text
        mb = MAX_DOCUMENT_XML_BYTES // (1024 * 1024)
        size = -(-info.file_size // (1024 * 1024))
        raise DocxError("wordio.error.part_too_large", part=main, size=size, limit=mb)
    try:
        data = read_member(archive, info, MAX_DOCUMENT_XML_BYTES + 1)
    except UnreadableMember:
        raise DocxError("wordio.error.corrupt") from None
    if len(data) > MAX_DOCUMENT_XML_BYTES:
        raise DocxError("wordio.error.zip_bomb")
    return data, ignored_parts(archive)


# libxml2's limit on element nesting without XML_PARSE_HUGE (kept off: the limits guard us).
MAX_XML_DEPTH = 256
_UNDECLARED_ENTITY = 26  # libxml2 XML_ERR_UNDECLARED_ENTITY


def _xml_error(error: etree.XMLSyntaxError) -> DocxError:
    """Why the document's XML was refused, in words the author can act on: nesting
    past libxml2's depth limit, an entity (DOCTYPE) Word never writes, or where the
    XML breaks off."""
    line, column = error.position if error.position else (0, 0)
    if "depth" in str(error.msg).lower():
        return DocxError("wordio.error.too_deep", depth=MAX_XML_DEPTH, line=line)
    if error.code == _UNDECLARED_ENTITY:
        return DocxError("wordio.error.entity")
    return DocxError("wordio.error.corrupt_at", line=line, column=column)


def _main_part_name(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> str:
    """The name of the main document part, from the package relationships."""
    rels = names.get("_rels/.rels")
    if rels is None or rels.file_size > 1024 * 1024:
        return "word/document.xml"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(read_member(archive, rels, 1024 * 1024 + 1), parser)
    except (etree.XMLSyntaxError, UnreadableMember):
        raise DocxError("wordio.error.corrupt") from None
    for rel in root:
        if str(rel.get("Type", "")).endswith("/officeDocument"):
            return str(rel.get("Target", "")).lstrip("/")
    raise DocxError("wordio.error.not_docx")


def _blocks(body: etree._Element) -> Iterator[Block]:
    for child in body:
        if child.tag == f"{_W}p":
            yield _paragraph(child)
        elif child.tag == f"{_W}tbl":
            wrapped = _layout_contents(child)
            if wrapped is not None:
                yield from _blocks(wrapped)
            else:
                yield _table(child)
        elif child.tag == f"{_W}sdt":  # content control around paragraphs or tables
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _layout_contents(table: etree._Element) -> etree._Element | None:
    """The cells' content of a one-column table used as a frame around other tables
    (an SOP drawn inside a bordered box), as one element to read in order."""
    rows = table.findall("w:tr", NS)
    cells = [cell for row in rows for cell in row.findall("w:tc", NS)]
    if not cells or len(cells) != len(rows) or not table.findall("w:tr/w:tc/w:tbl", NS):
        return None
    holder = etree.Element(f"{_W}body")
    for cell in cells:
        for child in cell:
            if child.tag in (f"{_W}p", f"{_W}tbl", f"{_W}sdt"):
                holder.append(child)
    return holder


def _paragraph(element: etree._Element) -> Paragraph:
    parts: list[str] = []
    shapes: list[Shape] = []
    page_break = element.find(f"{_W}pPr/{_W}pageBreakBefore") is not None
    numbered = element.find(f"{_W}pPr/{_W}numPr") is not None
    for node in _walk(element, shapes):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab" and node.getparent().tag == f"{_W}r":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            if node.get(f"{_W}type") == "page":
                page_break = True
            else:
                parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}sym":
            parts.append(_symbol(node.get(f"{_W}char", "")))
    return Paragraph("".join(parts), shapes, numbered, page_break)


def _walk(element: etree._Element, shapes: list[Shape]) -> Iterator[etree._Element]:
    """The text-bearing nodes of a paragraph in order; shapes go to `shapes`."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "{{{}}}AlternateContent".format(NS["mc"]):
            shapes.extend(_alternate_content(child))
        elif tag == f"{_W}drawing":
            shapes.extend(_drawing(child))
        elif tag == f"{_W}pict":
            shapes.extend(_vml(child))
        elif tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", f"{_W}instrText"):
            continue
        else:
            yield child
            yield from _walk(child, shapes)


def _alternate_content(element: etree._Element) -> list[Shape]:
    """Shapes of an mc:AlternateContent: the DrawingML choice, else the VML fallback."""
    for choice in element.findall("mc:Choice", NS):
        drawings = choice.findall(".//w:drawing", NS)
        if drawings:
            return [shape for drawing in drawings for shape in _drawing(drawing)]
    fallback = element.find("mc:Fallback", NS)
    if fallback is None:
        return []
    return [shape for pict in fallback.findall(".//w:pict", NS) for shape in _vml(pict)]


def _drawing(drawing: etree._Element) -> list[Shape]:
    """The shapes of a w:drawing (inline or anchored; a group gives several)."""
    holder = drawing.find("wp:anchor", NS)
    if holder is None:
        holder = drawing.find("wp:inline", NS)
    if holder is None:
        return []
    offset = None
    frame = "column"
    position = holder.find("wp:positionH", NS)
    relative = position.get("relativeFrom") if position is not None else None
    if position is not None and relative in ("column", "character", "margin", "page"):
        value = position.findtext("wp:posOffset", namespaces=NS)
        if value and re.fullmatch(r"-?\d{1,12}", value.strip()):
            offset = int(value) // _EMU_PER_TWIP
        # Outside a cell's layout, "column" means the page's text column: the margin.
        in_cell = holder.get("layoutInCell") != "0"
        frame = {"page": "page", "margin": "margin"}.get(relative or "", "column")
        if frame == "column" and not in_cell:
            frame = "margin"
    width = None
    extent = holder.find("wp:extent", NS)
    if extent is not None and (extent.get("cx") or "").isdigit():
        width = int(extent.get("cx") or 0) // _EMU_PER_TWIP
    top = 0
    vertical = holder.find("wp:positionV", NS)
    value = vertical.findtext("wp:posOffset", namespaces=NS) if vertical is not None else None
    if value and re.fullmatch(r"-?\d{1,12}", value.strip()):
        top = int(value) // _EMU_PER_TWIP
    data = holder.find("a:graphic/a:graphicData", NS)
    members = list(_members(data, _IDENTITY)) if data is not None else []
    symbols = sum(_dml_kind(wsp) in ("terminator", "process", "decision") for wsp, _b in members)
    found = []
    for wsp, box in members:
        if len(members) == 1:
            found.append(Shape(_dml_kind(wsp), _shape_text(wsp), offset, width, frame, top))
            continue
        x, y, cx = (int(v) // _EMU_PER_TWIP for v in box)
        found.append(
            Shape(
                _dml_kind(wsp),
                _shape_text(wsp),
                (offset or 0) + x,
                cx,
                frame,
                top + y,
                grouped=symbols > 1,
                ident=_attribute(wsp, "wps:cNvPr", "id"),
                joins=(
                    _attribute(wsp, "wps:cNvCnPr/a:stCxn", "id"),
                    _attribute(wsp, "wps:cNvCnPr/a:endCxn", "id"),
                ),
            )
        )
    if not found and data is not None:
        found.append(Shape("other", "", offset, width))  # a picture: reported, not used
    return found


def _attribute(element: etree._Element, path: str, name: str) -> str | None:
    found = element.find(path, NS)
    return found.get(name) if found is not None else None


_IDENTITY = (0.0, 0.0, 1.0, 1.0)  # x offset, y offset, x scale, y scale (EMU)


def _xfrm(element: etree._Element | None) -> tuple[float, float, float, float]:
    """(x, y, cx, cy) of an a:xfrm (zeros when absent or unreadable)."""
    if element is None:
        return 0.0, 0.0, 0.0, 0.0
    values = []
    for child, names in (("a:off", ("x", "y")), ("a:ext", ("cx", "cy"))):
        node = element.find(child, NS)
        for name in names:
            text = node.get(name, "0") if node is not None else "0"
            values.append(float(text) if re.fullmatch(r"-?\d{1,12}", text) else 0.0)
    return values[0], values[1], values[2], values[3]


def _members(
    container: etree._Element, transform: tuple[float, float, float, float], depth: int = 0
) -> Iterator[tuple[etree._Element, tuple[float, float, float]]]:
    """The shapes in a graphic, a group or a drawing canvas, each with its box
    (x, y, width in EMU) in the anchor's coordinates."""
    dx, dy, sx, sy = transform
    for child in container:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "wsp":
            x, y, cx, _cy = _xfrm(child.find("wps:spPr/a:xfrm", NS))
            yield child, (dx + x * sx, dy + y * sy, cx * sx)
        elif name in ("wgp", "grpSp") and depth < 8:
            x, y, cx, cy = _xfrm(child.find("wpg:grpSpPr/a:xfrm", NS))
            children = child.find("wpg:grpSpPr/a:xfrm", NS)
            ch = children.find("a:chOff", NS) if children is not None else None
            che = children.find("a:chExt", NS) if children is not None else None
            chx = float(ch.get("x", "0")) if ch is not None else 0.0
            chy = float(ch.get("y", "0")) if ch is not None else 0.0
            chcx = float(che.get("cx", "0")) if che is not None else 0.0
            chcy = float(che.get("cy", "0")) if che is not None else 0.0
            gsx = cx / chcx if chcx else 1.0
            gsy = cy / chcy if chcy else 1.0
            inner = (dx + (x - chx * gsx) * sx, dy + (y - chy * gsy) * sy, sx * gsx, sy * gsy)
            yield from _members(child, inner, depth + 1)
        elif name == "wpc" and depth < 8:  # a drawing canvas: children in canvas EMU
            yield from _members(child, transform, depth + 1)


def _dml_kind(wsp: etree._Element) -> str:
    non_visual = wsp.find("wps:cNvSpPr", NS)
    geometry = wsp.find("wps:spPr/a:prstGeom", NS)
    preset = geometry.get("prst", "") if geometry is not None else ""
    if wsp.find("wps:cNvCnPr", NS) is not None or _CONNECTOR.fullmatch(preset):
        return "arrow"
    if non_visual is not None and non_visual.get("txBox") == "1":
        return "label"
    return _PRESETS.get(preset, "other")


def _shape_text(shape: etree._Element) -> str:
    content = shape.find(".//w:txbxContent", NS)
    if content is None:
        return ""
    return "\n".join(_paragraph(p).text for p in content.iter(f"{_W}p")).strip()


def _vml(pict: etree._Element) -> list[Shape]:
    """Shapes drawn in VML (old Word, and the fallback of DrawingML shapes)."""
    found = []
    for element in pict.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith("{{{}}}".format(NS["v"])):
            continue
        name = etree.QName(element).localname
        if name == "shape":
            spt = element.get("{{{}}}spt".format(NS["o"])) or ""
            type_ref = element.get("type") or ""
            match = re.search(r"_x0000_t(\d+)", type_ref)
            number = spt or (match.group(1) if match else "")
            kind = _VML_TYPES.get(number, "other")
        elif name in _VML_ELEMENTS:
            kind = _VML_ELEMENTS[name]
        else:
            continue
        style = _vml_style(element.get("style") or "")
        found.append(
            Shape(kind, _shape_text(element), style.get("margin-left"), style.get("width"))
        )
    return found


def _vml_style(style: str) -> dict[str, int]:
    """Lengths (twips) from a VML style attribute ("margin-left:12pt;width:40pt")."""
    lengths = {}
    for item in style.split(";"):
        name, _, value = item.partition(":")
        match = re.fullmatch(r"\s*(-?\d{1,9}(?:\.\d+)?)(pt|in|cm|mm|px)?\s*", value)
        if match:
            number = float(match.group(1))
            factor = {"pt": 20, "in": 1440, "cm": 567, "mm": 56.7, "px": 15}.get(
                match.group(2) or "pt", 20
            )
            lengths[name.strip()] = int(number * factor)
    return lengths


def _symbol(code: str) -> str:
    """A w:sym character (a symbol font's code point, e.g. Wingdings F0FC = check)."""
    if not re.fullmatch(r"[0-9A-Fa-f]{1,6}", code):
        return ""
    value = int(code, 16)
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
    # Wingdings' check marks and crosses, the marks SOPs use in performer cells.
    wingdings = {0xFC: "✓", 0xFE: "☑", 0xFB: "✗", 0xFD: "☒", 0x6F: "□", 0xA8: "◻"}
    return wingdings.get(value, chr(value) if 0x20 <= value < 0xD800 else "")


def _table(element: etree._Element) -> Table:
    grid = []
    for column in element.findall("w:tblGrid/w:gridCol", NS):
        width = column.get(f"{_W}w") or "0"
        grid.append(int(width) if width.isdigit() else 0)
    rows = []
    for row_element in element.findall("w:tr", NS):
        header = row_element.find("w:trPr/w:tblHeader", NS) is not None
        if header and row_element.find("w:trPr/w:tblHeader", NS).get(f"{_W}val") in (
            "0",
            "false",
        ):
            header = False
        cells = []
        position = 0
        before = row_element.find("w:trPr/w:gridBefore", NS)
        if before is not None and (before.get(f"{_W}val") or "").isdigit():
            position = int(before.get(f"{_W}val") or 0)
        for cell_element in _row_cells(row_element):
            span_element = cell_element.find("w:tcPr/w:gridSpan", NS)
            span = 1
            if span_element is not None and (span_element.get(f"{_W}val") or "").isdigit():
                span = max(1, min(int(span_element.get(f"{_W}val") or 1), 64))
            merge = cell_element.find("w:tcPr/w:vMerge", NS)
            vmerge = None
            if merge is not None:
                vmerge = "restart" if merge.get(f"{_W}val") == "restart" else "continue"
            paragraphs = [
                _paragraph(p) for p in cell_element if getattr(p, "tag", None) == f"{_W}p"
            ]
            # A table nested in a cell: its text, row by row, as paragraphs.
            for nested in cell_element.findall("w:tbl", NS):
                for nested_row in _table(nested).rows:
                    paragraphs += [p for c in nested_row.cells for p in c.paragraphs]
            cells.append(Cell(paragraphs, position, span, vmerge))
            position += span
        rows.append(Row(cells, header))
    return Table(rows, grid)


def _row_cells(row: etree._Element) -> Iterator[etree._Element]:
    for child in row:
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from (c for c in content if c.tag == f"{_W}tc")
