"""`sop export --docx`: one SOP as an editable Word document in the SOP AP layout.

Portrait identity page (unit, number, dates, signer, name, then the six
fields in two columns), then a landscape section with the procedure table:
No | Kegiatan | one column per pelaksana | Mutu Baku (Kelengkapan, Waktu,
Output) | Keterangan, its two header rows repeated on every page, and each
step's symbol drawn as a Word shape in its performers' columns. A decision's
answers are written under its diamond as "Ya → 3" lines, which `sop import`
reads back.

Pure: model in, bytes out (same SOP, same bytes).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.messages import translate
from generator.model import Repository, Sop
from generator.model.sop import JenisLangkah, Langkah, TautanSop
from generator.model.tanggal import PartialDate
from generator.resolved import law, role_name, unit_name
from generator.wordio.shapes import shape_run, xml_text

# Paper sizes (width, height) in mm: A4, and F4/Folio as Indonesian offices use it.
PAPERS = {"a4": (210, 297), "f4": (215, 330)}
FONT = "Arial"  # the handbook's font (Liberation Sans is metric-compatible)
MARGIN_MM = 15
ARROW = "→"
_NUMBERED = re.compile(r"\d+\.\t")
_FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Step flags of the newer model, written under the symbol as a word each.
STEP_FLAGS = ("pelaksana_salah_satu", "bersamaan", "menunggu")
# Identity rows and sections of the newer model (standar pelayanan), when it has them.
EXTRA_IDENTITY = ("jenis_layanan", "biaya_tarif", "standar_waktu_mulai", "standar_waktu_sampai")
EXTRA_SECTIONS = ("persyaratan", "produk_layanan")
_SYMBOL = {
    JenisLangkah.MULAI: "terminator",
    JenisLangkah.SELESAI: "terminator",
    JenisLangkah.PROSES: "process",
    JenisLangkah.KEPUTUSAN: "decision",
}


@dataclass(frozen=True)
class ExportOptions:
    """How to print: paper (a4 or f4) and the language of the form's labels."""

    paper: str = "a4"
    lang: str = "id"


def format_date(date: PartialDate | None, lang: str) -> str:
    """A date as the form writes it: '2022', 'Maret 2022' or '15 Maret 2022'."""
    if date is None:
        return ""
    if date.month is None:
        return str(date.year)
    month = translate("wordio.months", lang).split()[date.month - 1]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}"


def export_docx(sop: Sop, repository: Repository, options: ExportOptions | None = None) -> bytes:
    """The .docx bytes of `sop`."""
    options = options or ExportOptions()
    writer = _Writer(sop, repository, options)
    return writer.document_bytes()


class _Writer:
    def __init__(self, sop: Sop, repository: Repository, options: ExportOptions) -> None:
        self.sop = sop
        self.repository = repository
        self.lang = options.lang
        self.paper = PAPERS[options.paper]
        self.shape_id = 0
        self.document = docx.Document()
        self._styles()

    def label(self, key: str) -> str:
        return translate(f"wordio.label.{key}", self.lang)

    def _styles(self) -> None:
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(9)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)

    def document_bytes(self) -> bytes:
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(self.paper[0]), Mm(self.paper[1])
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        self._identity()
        self._six_fields()
        landscape = self.document.add_section(WD_SECTION.NEW_PAGE)
        landscape.orientation = WD_ORIENT.LANDSCAPE
        landscape.page_width, landscape.page_height = Mm(self.paper[1]), Mm(self.paper[0])
        self._procedure()
        properties = self.document.core_properties
        properties.title = xml_text(self.sop.nama)
        properties.author = "sop-handbook"
        properties.last_modified_by = "sop-handbook"
        properties.created = properties.modified = _FIXED_DATE
        properties.revision = 1
        buffer = BytesIO()
        self.document.save(buffer)
        return _reproducible_zip(buffer.getvalue())

    # -- identity page -------------------------------------------------------

    def _unit_lines(self) -> list[str]:
        unit = unit_name(self.repository, self.sop.unit.bidang, self.sop.unit.seksi)
        lines = []
        if unit.seksi_known and unit.seksi:
            lines.append(unit.seksi)
        lines.append(unit.bidang)
        lines.append(self.repository.organisasi.instansi.nama_lengkap)
        return [line.upper() for line in lines]

    def _identity(self) -> None:
        sop = self.sop
        rows: list[tuple[str, str]] = [
            (self.label("nomor"), sop.nomor or ""),
            (self.label("pembuatan"), format_date(sop.tanggal.pembuatan, self.lang)),
            (self.label("revisi"), format_date(sop.tanggal.revisi, self.lang)),
            (self.label("efektif"), format_date(sop.tanggal.efektif, self.lang)),
        ]
        signer = sop.disahkan_oleh
        if signer is not None:
            rows.append((self.label("disahkan"), role_name(self.repository, signer.jabatan).nama))
            rows.append((self.label("pengesah_nama"), signer.nama or ""))
            if signer.pangkat:
                rows.append((self.label("pangkat"), signer.pangkat))
            rows.append((self.label("nip"), signer.nip or ""))
        rows.append((self.label("nama_sop"), sop.nama))
        if sop.standar_waktu:
            rows.append((self.label("standar_waktu"), sop.standar_waktu))
        numbers = {step.id: index for index, step in enumerate(sop.prosedur, 1) if step.id}
        for key in EXTRA_IDENTITY:
            value = getattr(sop, key, None)
            if value is not None and value != "":
                rows.append((self.label(key), str(numbers.get(value, value))))
        table = self.document.add_table(rows=len(rows), cols=3)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_widths(table, [70, 35, self.paper[0] - 2 * MARGIN_MM - 105])
        for row_index, (name, value) in enumerate(rows):
            cells = table.rows[row_index].cells
            _write(cells[1], [name], bold=True)
            _write(cells[2], [value])
        unit = table.cell(0, 0).merge(table.cell(len(rows) - 1, 0))  # vMerge, as Word does
        _write(unit, self._unit_lines(), bold=True, center=True)
        self.document.add_paragraph()

    def _six_fields(self) -> None:
        sop = self.sop
        pairs: list[tuple[tuple[str, list[str]], tuple[str, list[str]] | None]] = []
        if sop.definisi:
            pairs.append(((self.label("definisi"), list(sop.definisi)), None))
        for key in EXTRA_SECTIONS:
            if getattr(sop, key, ()):
                pairs.append(((self.label(key), list(getattr(sop, key))), None))
        cited = ((i, law(self.repository, i)) for i in sop.dasar_hukum)
        dasar = [found.judul if found else i for i, found in cited]
        links = [self._link_text(item) for item in sop.keterkaitan]
        pairs += [
            (
                (self.label("dasar_hukum"), dasar),
                (self.label("kualifikasi"), list(sop.kualifikasi_pelaksana)),
            ),
            (
                (self.label("keterkaitan"), links),
                (self.label("peralatan"), list(sop.peralatan_perlengkapan)),
            ),
            (
                (self.label("peringatan"), list(sop.peringatan)),
                (self.label("pencatatan"), list(sop.pencatatan_pendataan)),
            ),
        ]
        table = self.document.add_table(rows=2 * len(pairs), cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        half = (self.paper[0] - 2 * MARGIN_MM) / 2
        _set_widths(table, [half, half])
        for index, (left, right) in enumerate(pairs):
            head, body = table.rows[2 * index].cells, table.rows[2 * index + 1].cells
            if right is None:
                head = [head[0].merge(head[1])]
                body = [body[0].merge(body[1])]
            for (name, items), head_cell, body_cell in zip(
                [left, right] if right else [left], head, body, strict=True
            ):
                _write(head_cell, [name.upper()], bold=True)
                _write(body_cell, _numbered(items))

    def _link_text(self, item: str | TautanSop) -> str:
        if isinstance(item, str):
            return item
        for entry in self.repository.sops:
            if entry.id == item.sop:
                return f"SOP {entry.sop.nama}"
        return item.sop

    # -- procedure table -----------------------------------------------------

    def _procedure(self) -> None:
        sop = self.sop
        heading = self.document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = heading.add_run(
            xml_text(f"{self.label('prosedur').upper()}: {sop.nama_prosedur or sop.nama}")
        )
        run.bold = True
        roles = list(sop.pelaksana)
        names = [role_name(self.repository, r).label for r in roles]
        count = 2 + len(roles) + 4
        table = self.document.add_table(rows=2 + len(sop.prosedur), cols=count)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        usable = self.paper[1] - 2 * MARGIN_MM
        fixed = {"no": 9, "kegiatan": 55, "kelengkapan": 32, "waktu": 18, "output": 30, "ket": 22}
        role_width = max(14, (usable - sum(fixed.values())) / max(len(roles), 1))
        widths = [fixed["no"], fixed["kegiatan"], *[role_width] * len(roles)]
        widths += [fixed["kelengkapan"], fixed["waktu"], fixed["output"], fixed["ket"]]
        _set_widths(table, widths)
        top, second = table.rows[0].cells, table.rows[1].cells
        first_role, mutu = 2, 2 + len(roles)
        _write(
            table.cell(0, 0).merge(table.cell(1, 0)),
            [self.label("nomor_urut")],
            bold=True,
            center=True,
        )
        _write(
            table.cell(0, 1).merge(table.cell(1, 1)),
            [self.label("kegiatan")],
            bold=True,
            center=True,
        )
        if roles:
            merged = top[first_role].merge(top[mutu - 1]) if len(roles) > 1 else top[first_role]
            _write(merged, [self.label("pelaksana")], bold=True, center=True)
            for offset, name in enumerate(names):
                _write(second[first_role + offset], [name], bold=True, center=True)
        _write(top[mutu].merge(top[mutu + 2]), [self.label("mutu_baku")], bold=True, center=True)
        for offset, key in enumerate(("kelengkapan", "waktu", "output")):
            _write(second[mutu + offset], [self.label(key)], bold=True, center=True)
        _write(
            table.cell(0, count - 1).merge(table.cell(1, count - 1)),
            [self.label("keterangan")],
            bold=True,
            center=True,
        )
        for header in table.rows[:2]:
            properties = header._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:tblHeader"))
        numbers = {step.id: index for index, step in enumerate(sop.prosedur, 1) if step.id}
        for index, step in enumerate(sop.prosedur, 1):
            row = table.rows[1 + index]
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            cells = row.cells
            _write(cells[0], [f"{index}."], center=True)
            # A line break in these one-line fields is a paragraph: the importer reads
            # Word's soft breaks there as the wrapping of a narrow cell (a space).
            _write(cells[1], _LINE_BREAK.split(step.kegiatan))
            self._symbols(step, roles, cells[first_role:mutu], role_width, numbers)
            _write(cells[mutu], list(step.kelengkapan))
            _write(cells[mutu + 1], _LINE_BREAK.split(step.waktu or ""), center=True)
            _write(cells[mutu + 2], _LINE_BREAK.split(step.output or ""))
            _write(cells[mutu + 3], [step.keterangan or ""])

    def _symbols(
        self,
        step: Langkah,
        roles: list[str],
        cells: list,
        role_width: float,
        numbers: dict[str, int],
    ) -> None:
        kind = step.kind
        text = step.pertanyaan or ""
        if kind is JenisLangkah.MULAI:
            text = self.label("mulai")
        elif kind is JenisLangkah.SELESAI:
            text = self.label("selesai")
        width = min(role_width - 6, 24)
        height = 10 if kind is JenisLangkah.KEPUTUSAN else 7
        first = True
        for role, cell in zip(roles, cells, strict=True):
            if role not in step.pelaksana:
                continue
            self.shape_id += 1
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph._p.append(shape_run(_SYMBOL[kind], width, height, text, self.shape_id))
            if first:
                lines = []
                for answer, target in (step.jawaban or {}).items():
                    target = numbers.get(target, target) if isinstance(target, str) else target
                    lines.append(f"{answer} {ARROW} {target}")
                jump = getattr(step, "lanjut_ke", None)  # newer model: process jumps
                if jump is not None:
                    jump = numbers.get(jump, jump) if isinstance(jump, str) else jump
                    lines.append(f"{ARROW} {jump}")
                lines += [self.label(flag) for flag in STEP_FLAGS if getattr(step, flag, False)]
                for line in lines:
                    label = cell.add_paragraph()
                    label.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    label.add_run(xml_text(line)).font.size = Pt(7)
            first = False


def _numbered(items: list[str]) -> list[str]:
    """List items as the form prints them: '1.<tab>...' when there are several."""
    if len(items) < 2:
        return items
    return [f"{index}.\t{item}" for index, item in enumerate(items, 1)]


def _set_widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths (grid and cells), so Word and LibreOffice lay it out alike."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


_LINE_BREAK = re.compile("[\r\n]")  # each one a break, as python-docx would write it


def _write(cell, lines: list[str], *, bold: bool = False, center: bool = False) -> None:
    """Put `lines` into `cell`, one paragraph each (line breaks inside a line stay)."""
    paragraphs = cell.paragraphs
    for index, line in enumerate(lines):
        paragraph = paragraphs[0] if index == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if _NUMBERED.match(line):  # hanging indent: the text lines up after the number
            paragraph.paragraph_format.left_indent = Mm(6)
            paragraph.paragraph_format.first_line_indent = Mm(-6)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(6))
        run = paragraph.add_run(xml_text(line))
        run.bold = bold or None


def _reproducible_zip(raw: bytes) -> bytes:
    """The same zip with fixed timestamps, so the same SOP gives the same bytes."""
    source = zipfile.ZipFile(BytesIO(raw))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return buffer.getvalue()
