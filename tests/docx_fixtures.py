"""Small .docx files built the way Word writes them, for `sop import` tests.

Not python-docx defaults: the XML here has what Word itself produces and a
reader must cope with: DrawingML shapes (`wps:wsp`, preset flowchart
geometries) inside `mc:AlternateContent` with VML fallbacks, anchored in a
cell or positioned over another column; text-box labels and connectors;
marks (✓, √, X, a Wingdings w:sym) in cells; merged cells (gridSpan, vMerge);
header rows repeated on every page (w:tblHeader); a row of column numbers;
a table split by a page break; several SOPs in one file; Indonesian and
English headings. Each builder returns the file's bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'mc:Ignorable="w14 wp14"'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
EMU_PER_TWIP = 635
VML_TYPES = {"flowChartTerminator": 116, "flowChartProcess": 109, "flowChartDecision": 110}


def package(body: str) -> bytes:
    """A .docx holding `body` (the XML inside w:body)."""
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {NAMESPACES}><w:body>{body}"
        '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>'
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def run(text: str, bold: bool = False) -> str:
    """A run; line breaks become w:br like Shift+Enter in Word."""
    parts = []
    for index, line in enumerate(text.split("\n")):
        if index:
            parts.append("<w:br/>")
        parts.append(f'<w:t xml:space="preserve">{escape(line)}</w:t>')
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:r>{props}{''.join(parts)}</w:r>"


def para(*content: str, page_break_before: bool = False, numbered: bool = False) -> str:
    """A paragraph of runs (or shape runs)."""
    props = ""
    if page_break_before or numbered:
        props = "<w:pPr>"
        props += "<w:pageBreakBefore/>" if page_break_before else ""
        props += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else ""
        props += "</w:pPr>"
    return f"<w:p>{props}{''.join(content)}</w:p>"


def text_para(text: str, bold: bool = False) -> str:
    return para(run(text, bold))


def cell(*paragraphs: str, span: int = 1, vmerge: str | None = None, width: int = 1000) -> str:
    """A w:tc; `vmerge` is 'restart' or 'continue'."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    content = "".join(paragraphs) or "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def text_cell(text: str, **options) -> str:
    return cell(*(text_para(line) for line in text.split("\n\n")), **options)


def row(*cells: str, header: bool = False) -> str:
    props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def table(widths: list[int], *rows: str) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


_shape_ids = iter(range(1, 1_000_000))


def shape(
    preset: str,
    text: str = "",
    *,
    offset_twips: int | None = None,
    width_twips: int = 700,
    text_box: bool = False,
    connector: bool = False,
    in_cell: bool = True,
) -> str:
    """A run holding a DrawingML shape in mc:AlternateContent with a VML fallback,
    anchored in its paragraph (floating, as Word draws flowchart shapes).
    `offset_twips` positions it from the left edge of its column (cell)."""
    number = next(_shape_ids)
    cx, cy = width_twips * EMU_PER_TWIP, 400 * EMU_PER_TWIP
    offset = (offset_twips or 0) * EMU_PER_TWIP
    non_visual = '<wps:cNvSpPr txBox="1"/>' if text_box else "<wps:cNvSpPr/>"
    if connector:
        non_visual = "<wps:cNvCnPr/>"
    body = ""
    if text:
        body = f"<wps:txbx><w:txbxContent>{text_para(text)}</w:txbxContent></wps:txbx>"
    spt = VML_TYPES.get(preset, 202 if text_box else 32)
    fallback_text = (
        f"<v:textbox><w:txbxContent>{text_para(text)}</w:txbxContent></v:textbox>" if text else ""
    )
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="{int(in_cell)}" '
        'allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{offset}</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>45720</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{number}" name="Shape {number}"/>'
        "<wp:cNvGraphicFramePr/>"
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp>{non_visual}'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="{preset}"><a:avLst/></a:prstGeom></wps:spPr>'
        f'{body}<wps:bodyPr rot="0" vert="horz" wrap="square" anchor="ctr"/>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict>"
        f'<v:shapetype id="_x0000_t{spt}" coordsize="21600,21600" o:spt="{spt}"/>'
        f'<v:shape id="_x0000_s{1024 + number}" type="#_x0000_t{spt}" '
        f'style="position:absolute;margin-left:{(offset_twips or 0) / 20}pt;'
        f'margin-top:3.6pt;width:{width_twips / 20}pt;height:20pt;z-index:251659264">'
        f"{fallback_text}</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def vml_shape(spt: int, text: str = "") -> str:
    """A run with a VML-only shape (w:pict), as Word 2007 and older converters write."""
    content = (
        f"<v:textbox><w:txbxContent>{text_para(text)}</w:txbxContent></v:textbox>" if text else ""
    )
    return (
        f'<w:r><w:pict><v:shapetype id="_x0000_t{spt}" o:spt="{spt}"/>'
        f'<v:shape type="#_x0000_t{spt}" style="width:36pt;height:20pt">{content}</v:shape>'
        "</w:pict></w:r>"
    )


def wingdings_check() -> str:
    """A check mark as Word's Insert > Symbol writes it (Wingdings F0FC)."""
    return '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'


# -- whole SOPs -------------------------------------------------------------------


@dataclass
class Step:
    """A step of a fixture SOP and how its performer is drawn."""

    kegiatan: str
    performers: list[int]  # role column indexes
    waktu: str
    how: str = "shape"  # shape, over (anchored in Kegiatan, drawn over the column), mark, vml
    kind: str = "flowChartProcess"
    text: str = ""  # text inside the shape (a decision's question)
    labels: list[str] = field(default_factory=list)  # text boxes near a decision
    mark: str = "✓"
    kelengkapan: str = ""
    output: str = ""


ROLE_WIDTH = 1100
NO_WIDTH, KEGIATAN_WIDTH = 500, 3000


def identity_table(rows: list[tuple[str, str]], heading: list[str]) -> str:
    """Identity block as Word SOPs have it: the unit heading in a vertically merged
    first column, then label | ':' | value."""
    built = []
    for index, (label, value) in enumerate(rows):
        unit = (
            cell(*(text_para(line, bold=True) for line in heading), vmerge="restart", width=3500)
            if index == 0
            else cell(vmerge="continue", width=3500)
        )
        built.append(
            row(unit, text_cell(label, width=2000), text_cell(":", width=200), text_cell(value))
        )
    return table([3500, 2000, 200, 4000], *built)


def six_fields(sections: list[tuple[str, list[str], str, list[str]]]) -> str:
    """The two-column table of the six fields: a heading row, then a content row."""
    rows = []
    for left, left_items, right, right_items in sections:
        rows.append(row(text_cell(left.upper(), width=4800), text_cell(right.upper(), width=4800)))
        rows.append(
            row(
                cell(*(para(run(i), numbered=True) for i in left_items), width=4800),
                cell(*(para(run(i), numbered=True) for i in right_items), width=4800),
            )
        )
    return table([4800, 4800], *rows)


def procedure_rows(
    roles: list[str], steps: list[Step], first_number: int = 1, merged_waktu: set[int] = frozenset()
) -> list[str]:
    rows = []
    for offset, step in enumerate(steps):
        number = first_number + offset
        role_cells = []
        over = ""
        for index in range(len(roles)):
            content = ""
            if index in step.performers:
                if step.how == "shape":
                    content = para(shape(step.kind, step.text))
                    content += "".join(
                        para(shape("rect", label, text_box=True)) for label in step.labels
                    )
                elif step.how == "mark":
                    content = (
                        para(wingdings_check()) if step.mark == "sym" else text_para(step.mark)
                    )
                elif step.how == "vml":
                    content = para(vml_shape(VML_TYPES[step.kind], step.text))
                elif step.how == "over":
                    position = index * ROLE_WIDTH + ROLE_WIDTH // 2 + KEGIATAN_WIDTH - 350
                    over = para(shape(step.kind, step.text, offset_twips=position))
            role_cells.append(cell(content, width=ROLE_WIDTH))
        kegiatan = cell(text_para(step.kegiatan), over, width=KEGIATAN_WIDTH)
        if offset in merged_waktu:
            waktu = cell(vmerge="continue", width=900)
        elif offset + 1 in merged_waktu:
            waktu = cell(text_para(step.waktu), vmerge="restart", width=900)
        else:
            waktu = text_cell(step.waktu, width=900)
        rows.append(
            row(
                text_cell(f"{number}.", width=NO_WIDTH),
                kegiatan,
                *role_cells,
                text_cell(step.kelengkapan, width=1500),
                waktu,
                text_cell(step.output, width=1500),
                text_cell("", width=1000),
            )
        )
    return rows


def procedure_header(
    roles: list[str], words: dict[str, str], column_numbers: bool = False
) -> list[str]:
    """Two header rows (vMerge and gridSpan), repeated on every page."""
    first = row(
        text_cell(words["no"], vmerge="restart", width=NO_WIDTH),
        text_cell(words["kegiatan"], vmerge="restart", width=KEGIATAN_WIDTH),
        text_cell(words["pelaksana"], span=len(roles)),
        text_cell(words["mutu"], span=3),
        text_cell(words["ket"], vmerge="restart"),
        header=True,
    )
    second = row(
        cell(vmerge="continue", width=NO_WIDTH),
        cell(vmerge="continue", width=KEGIATAN_WIDTH),
        *(text_cell(name, width=ROLE_WIDTH) for name in roles),
        text_cell(words["kelengkapan"]),
        text_cell(words["waktu"]),
        text_cell(words["output"]),
        cell(vmerge="continue"),
        header=True,
    )
    rows = [first, second]
    if column_numbers:
        count = 2 + len(roles) + 4
        rows.append(row(*(text_cell(str(i + 1)) for i in range(count))))
    return rows


def grid(roles: list[str]) -> list[int]:
    return [NO_WIDTH, KEGIATAN_WIDTH, *[ROLE_WIDTH] * len(roles), 1500, 900, 1500, 1000]


INDONESIAN = {
    "no": "No",
    "kegiatan": "Uraian Kegiatan",
    "pelaksana": "Pelaksana",
    "mutu": "Mutu Baku",
    "ket": "Ket.",
    "kelengkapan": "Kelengkapan",
    "waktu": "Waktu",
    "output": "Output",
}
ENGLISH = {
    "no": "No.",
    "kegiatan": "Activity",
    "pelaksana": "Performer",
    "mutu": "Quality Standard",
    "ket": "Remarks",
    "kelengkapan": "Requirements",
    "waktu": "Time",
    "output": "Output",
}

# The first fixture: Indonesian, shapes anchored in cells and drawn over a column.
WORD_STYLE_ROLES = ["Staf", "Kasi Kerjasama", "Kabid", "Kepala Dinas"]
WORD_STYLE_STEPS = [
    Step(
        "Menerima permohonan kerjasama", [0], "15 Menit", kind="flowChartTerminator", text="Mulai"
    ),
    Step("Menyiapkan bahan kelengkapan", [0], "1 Jam", kelengkapan="Surat permohonan"),
    Step(
        "Memeriksa berkas",
        [1],
        "30 Menit",
        kind="flowChartDecision",
        text="Lengkap?",
        labels=["Ya", "Tidak → 2"],
    ),
    Step("Memaraf konsep", [2], "1 hari", how="over", output="Konsep berparaf"),
    Step("Menandatangani kerjasama", [3], "2 hari", kind="flowChartTerminator", text="Selesai"),
]
# Main path: 15 + 60 + 30 + 450 + 900 minutes.
WORD_STYLE_TOTAL = 1455


def word_style_sop() -> bytes:
    """One SOP as Word writes it: identity table, six fields, a procedure table with
    two repeated header rows and shapes in AlternateContent (one drawn over its column
    from the Kegiatan cell), a decision with text-box labels and a connector."""
    heading = ["SEKSI KERJASAMA", "BIDANG PEMANFAATAN DATA DAN INOVASI PELAYANAN"]
    identity = identity_table(
        [
            ("NOMOR SOP", "470/12/SOP/DKPS/2023"),
            ("TGL. PEMBUATAN", "3 Januari 2023"),
            ("TGL. REVISI", "-"),
            ("TANGGAL PENGESAHAN", "15 Maret 2023"),
            (
                "DISAHKAN OLEH",
                "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Palembang,\n"
                "Ir. Dewi Isnaini, M.Si\nPembina Utama Muda (IV/c)\nNIP. 19690202 199212 2 001",
            ),
            ("NAMA SOP", "Pelayanan Kerjasama Daerah"),
        ],
        heading,
    )
    fields = six_fields(
        [
            (
                "Dasar Hukum",
                [
                    "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan",
                    "Peraturan Wali Kota Palembang Nomor 12 Tahun 2020 tentang Tata Kerja",
                ],
                "Kualifikasi Pelaksana",
                ["Terampil mengoperasikan komputer"],
            ),
            ("Keterkaitan", ["SOP Inovasi Pelayanan"], "Peralatan/Perlengkapan", ["Komputer"]),
            (
                "Peringatan",
                ["Apabila tidak dilaksanakan, kerjasama tertunda"],
                "Pencatatan dan Pendataan",
                ["Disimpan sebagai data elektronik"],
            ),
        ]
    )
    roles = WORD_STYLE_ROLES
    procedure = table(
        grid(roles),
        *procedure_header(roles, INDONESIAN, column_numbers=True),
        *procedure_rows(roles, WORD_STYLE_STEPS),
    )
    connector = para(shape("bentConnector3", connector=True))
    return package(
        identity
        + text_para("")
        + fields
        + para(run("PROSEDUR :\nPELAYANAN KERJASAMA DAERAH", bold=True), page_break_before=True)
        + procedure
        + connector
    )


# The second fixture: English headings, identity in paragraphs, marks, a table split
# by a page break with its header repeated by hand, a merged Time cell, a new role.
MARKS_ROLES = ["Staf", "Kasubbag Umum", "Kepala Dinas"]
MARKS_STEPS = [
    Step("Receive the letter", [0], "10 menit", how="mark", mark="✓"),
    Step("Register the letter", [0], "20 menit", how="mark", mark="√"),
    Step("Check the letter", [1], "1 jam", how="mark", mark="X"),
    Step("Sign the reply", [2], "1 hari", how="mark", mark="sym"),
    Step("Send the reply", [0, 1], "2 jam", how="mark", mark="v"),
]
# Main path: 10 + 20 + 60 + 450 + 120 minutes.
MARKS_TOTAL = 660


def marks_sop(framed: bool = False) -> bytes:
    """One SOP with English headings and marks instead of shapes, its procedure
    table split in two by a page break (the header typed again on the new page).
    `framed`: all of it inside a one-cell table, a box drawn around the SOP."""
    roles = MARKS_ROLES
    identity = "".join(
        text_para(line)
        for line in (
            "SEKSI KERJASAMA",
            "SOP Number\t: 800/5/SOP/2024",
            "Date Created\t: 2024",
            "Effective Date\t: 2 May 2024",
            "Approved by\t: Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Palembang",
            "SOP Name\t: Correspondence",
        )
    )
    fields = text_para("LEGAL BASIS") + text_para(
        "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan"
    )
    first = table(
        grid(roles), *procedure_header(roles, ENGLISH), *procedure_rows(roles, MARKS_STEPS[:3])
    )
    second = table(
        grid(roles),
        *procedure_header(roles, ENGLISH),
        *procedure_rows(roles, MARKS_STEPS[3:], first_number=4),
    )
    body = (
        identity
        + fields
        + text_para("PROCEDURE: CORRESPONDENCE")
        + first
        + para(page_break_before=True)
        + second
    )
    if framed:
        body = table([14000], row(cell(body, para(), width=14000)))
    return package(body)


TWO_ROLES = ["Staf", "Kasi Inovasi Pelayanan"]
TWO_FIRST = [
    Step("Menyiapkan data", [0], "1 hari", how="vml"),
    Step("Memeriksa data", [1], "1 hari", how="vml", kind="flowChartDecision", text="Benar?"),
]
TWO_SECOND = [
    Step("Menyusun laporan", [0], "2 jam"),
    Step("Menyetujui laporan", [1], "1 jam"),
    Step("Mengirim laporan", [0], "30 menit"),
]


def two_sops() -> bytes:
    """Two SOPs in one file; the first with VML-only shapes, the second with its
    table continued on the next page without headers."""
    roles = TWO_ROLES
    body = ""
    for name, steps in (("Inovasi Data", TWO_FIRST), ("Laporan Inovasi", TWO_SECOND)):
        body += identity_table(
            [("Nomor SOP", "-"), ("Nama SOP", name)], ["SEKSI INOVASI PELAYANAN"]
        )
        body += para(run(f"PROSEDUR: {name.upper()}"), page_break_before=True)
        if steps is TWO_SECOND:
            body += table(
                grid(roles), *procedure_header(roles, INDONESIAN), *procedure_rows(roles, steps[:2])
            )
            body += para(page_break_before=True)
            body += table(grid(roles), *procedure_rows(roles, steps[2:], first_number=3))
        else:
            body += table(
                grid(roles), *procedure_header(roles, INDONESIAN), *procedure_rows(roles, steps)
            )
        body += para(run(""))
    return package(body)


def not_an_sop() -> bytes:
    """A Word file with a table that is not an SOP (a price list)."""
    return package(
        text_para("Daftar Harga")
        + table(
            [3000, 2000],
            row(text_cell("Barang"), text_cell("Harga")),
            row(text_cell("Kertas"), text_cell("50.000")),
        )
    )


def zip_bomb() -> bytes:
    """A .docx whose document part unpacks to far more than it weighs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", b"<" + b" " * (8 * 1024 * 1024))
    return buffer.getvalue()


def ole_file(encrypted: bool) -> bytes:
    """An OLE compound file: a password-protected .docx or an old .doc."""
    stream = "EncryptedPackage" if encrypted else "WordDocument"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + stream.encode("utf-16-le") + b"\x00" * 1024


# The third fixture: what real documents do that the form does not say. The
# signature block continues in the rows below "DISAHKAN OLEH"; Kelengkapan,
# Waktu and Output are headed in the first row, so the second header row holds
# only the role names; every symbol is anchored in the Kegiatan cell and placed
# from the margin (layoutInCell="0"), and the decision's "Tidak" label floats
# into the row below.
VARIANT_ROLES = ["Staf", "Kasi Kerjasama", "Kepala Bidang"]
VARIANT_TOTAL = 15 + 60 + 30 + 10  # main path: steps 1 to 4 (the "Tidak" goes back)


def real_variants_sop() -> bytes:
    roles = VARIANT_ROLES
    identity = table(
        [2600, 300, 5000],
        row(text_cell("NOMOR SOP"), text_cell(":"), text_cell("470/3/SOP/2021")),
        row(text_cell("TGL PEMBUATAN"), text_cell(":"), text_cell("12-07-2021")),
        row(
            text_cell("DISAHKAN OLEH"),
            text_cell(":"),
            text_cell("KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA PALEMBANG"),
        ),
        row(text_cell(""), text_cell(""), text_cell("")),
        row(text_cell(""), text_cell(""), text_cell("Ir. DEWI ISNAINI, M.Si")),
        row(text_cell(""), text_cell(""), text_cell("NIP. 196902021992122001")),
        row(text_cell("NAMA SOP"), text_cell(":"), text_cell("Penerbitan Surat Kerjasama")),
    )
    widths = [NO_WIDTH, KEGIATAN_WIDTH, *[ROLE_WIDTH] * len(roles), 1500, 900, 1500]
    header = [
        row(
            text_cell("NO", vmerge="restart"),
            text_cell("URAIAN PROSEDUR", vmerge="restart"),
            text_cell("PELAKSANA", span=len(roles)),
            text_cell("PERSYARATAN/PERLENGKAPAN", vmerge="restart"),
            text_cell("WAKTU", vmerge="restart"),
            text_cell("OUTPUT/HASIL", vmerge="restart"),
            header=True,
        ),
        row(
            cell(vmerge="continue"),
            cell(vmerge="continue"),
            *(text_cell(name) for name in roles),
            cell(vmerge="continue"),
            cell(vmerge="continue"),
            cell(vmerge="continue"),
            header=True,
        ),
    ]
    steps = [
        ("Menerima surat", 0, "flowChartTerminator", "", "15 menit"),
        ("Memaraf surat", 1, "flowChartProcess", "", "1 jam"),
        (
            "Memeriksa surat; jika belum sesuai dikembalikan kepada staf",
            2,
            "flowChartDecision",
            "Sesuai?",
            "30 menit",
        ),
        ("Mengarsipkan surat", 0, "flowChartProcess", "", "10 menit"),
    ]
    rows = []
    for number, (kegiatan, role, preset, text, waktu) in enumerate(steps, 1):
        x = KEGIATAN_WIDTH + NO_WIDTH + role * ROLE_WIDTH + 200
        anchored = [para(shape(preset, text, offset_twips=x, in_cell=False))]
        if preset == "flowChartDecision":
            anchored.append(para(shape("rect", "Ya", offset_twips=x, text_box=True, in_cell=False)))
        if number == 4:  # the label of step 3's "no" branch, floating one row down
            anchored.append(
                para(shape("rect", "Tidak", offset_twips=x - 800, text_box=True, in_cell=False))
            )
        rows.append(
            row(
                text_cell(str(number)),
                cell(text_para(kegiatan), *anchored),
                *(cell() for _ in roles),
                text_cell(""),
                text_cell(waktu),
                text_cell(""),
            )
        )
    return package(identity + text_para("PROSEDUR") + table(widths, *header, *rows))


# The fourth fixture: the flowchart drawn as one group over the procedure table
# (anchored in the "PROSEDUR" paragraph), the table itself without symbols. The
# group's child coordinates are scaled (chExt twice its extent), as Word writes
# a group that was resized.
DRAWN_ROLES = ["Staf", "Kasi Kerjasama", "Kepala Dinas"]
DRAWN_STEPS = [
    ("Menerima berkas", [0], "flowChartTerminator", "Mulai", "10 menit"),
    ("Mencatat berkas", [0], "flowChartProcess", "", "10 menit"),
    ("Memeriksa kelengkapan berkas", [1], "flowChartDecision", "Lengkap?", "20 menit"),
    ("Menandatangani surat", [2], "flowChartProcess", "", "1 jam"),
    ("Menyerahkan surat", [0, 1], "flowChartProcess", "", "30 menit"),
]
DRAWN_TOTAL = 10 + 10 + 20 + 60 + 30


def _group_member(
    preset: str,
    text: str,
    x: int,
    y: int,
    text_box: bool = False,
    ident: int = 0,
    joins: tuple[int, int] | None = None,
) -> str:
    """A wps:wsp inside a group, at child coordinates (EMU) x, y; a connector
    `joins` the shapes with those ids (a:stCxn, a:endCxn)."""
    non_visual = '<wps:cNvSpPr txBox="1"/>' if text_box else "<wps:cNvSpPr/>"
    if preset.endswith("Connector3"):
        non_visual = "<wps:cNvCnPr/>"
        if joins:
            non_visual = (
                f'<wps:cNvCnPr><a:stCxn id="{joins[0]}" idx="1"/>'
                f'<a:endCxn id="{joins[1]}" idx="3"/></wps:cNvCnPr>'
            )
    non_visual = f'<wps:cNvPr id="{ident}" name="Shape {ident}"/>' + non_visual
    body = f"<wps:txbx><w:txbxContent>{text_para(text)}</w:txbxContent></wps:txbx>" if text else ""
    return (
        f'<wps:wsp>{non_visual}<wps:spPr><a:xfrm><a:off x="{x}" y="{y}"/>'
        f'<a:ext cx="{2 * 700 * EMU_PER_TWIP}" cy="{2 * 400 * EMU_PER_TWIP}"/></a:xfrm>'
        f'<a:prstGeom prst="{preset}"><a:avLst/></a:prstGeom></wps:spPr>{body}'
        "<wps:bodyPr/></wps:wsp>"
    )


def drawn_over_sop() -> bytes:
    roles = DRAWN_ROLES
    members = []
    for index, (_kegiatan, performers, preset, text, _waktu) in enumerate(DRAWN_STEPS):
        y = 2 * (1800 + index * 1500) * EMU_PER_TWIP
        for role in performers:
            middle = NO_WIDTH + KEGIATAN_WIDTH + role * ROLE_WIDTH + ROLE_WIDTH // 2
            x = 2 * (middle - 350) * EMU_PER_TWIP
            members.append(_group_member(preset, text, x, y, ident=10 * (index + 1) + role))
        if preset == "flowChartDecision":
            members.append(_group_member("rect", "Ya", x + 2 * 800 * EMU_PER_TWIP, y, True))
            members.append(_group_member("rect", "Tidak", x, y + 2 * 500 * EMU_PER_TWIP, True))
        members.append(_group_member("bentConnector3", "", x, y + 2 * 400 * EMU_PER_TWIP))
    # The "Tidak" branch: an elbow connector from the diamond (step 3) back to step 1.
    members.append(_group_member("bentConnector3", "", 0, 0, ident=99, joins=(31, 10)))
    width, height = 14000 * EMU_PER_TWIP, 8000 * EMU_PER_TWIP
    group = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wpg"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:wrapNone/>'
        '<wp:docPr id="900" name="Group 900"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingGroup"><wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/>'
        f'<a:chOff x="0" y="0"/><a:chExt cx="{2 * width}" cy="{2 * height}"/></a:xfrm>'
        f"</wpg:grpSpPr>{''.join(members)}</wpg:wgp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict/></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    steps = [Step(kegiatan, [], waktu, how="none") for kegiatan, _p, _k, _t, waktu in DRAWN_STEPS]
    procedure = table(
        grid(roles), *procedure_header(roles, INDONESIAN), *procedure_rows(roles, steps)
    )
    return package(
        identity_table([("Nama SOP", "Penyerahan Surat")], ["SEKSI KERJASAMA"])
        + para(run("PROSEDUR"), group)
        + procedure
    )
