"""Round 3 field test (issue 13 brief): what a new author and real offices' files still met.

Each test failed before its fix.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from .site_project import run_sop

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kantor_lain"


def test_a_missing_logo_alone_is_not_told_to_fill_the_wilayah_too(tmp_path: Path) -> None:
    """Every transcribed office has its wilayah but no logo: the hint must fit that case."""
    folder = tmp_path / "kantor"
    shutil.copytree(FIXTURES / "dpmptsp_wajo", folder)
    data = json.loads(run_sop(folder, "check", "--format", "json", "sops").stdout)
    kop = [f for f in data["findings"] if f["rule"] == "kop-tak-lengkap"]
    assert [f["message"].split()[0] for f in kop] == ["instansi.logo"]
    assert "'logo: logo.png'" in kop[0]["hint"] and "wilayah" not in kop[0]["hint"]


def _word_sop_with_soft_breaks(path: Path, numbers: tuple[str, str] = ("1.", "2.")) -> None:
    """A .docx as offices type it: Times New Roman, the identity as 'LABEL : value'
    paragraphs, marks in the performer columns and Shift+Enter breaks that wrap the
    text of narrow cells (kegiatan, waktu, output)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(11)
    for line in ("Nomor SOP : 470/ /SOP/2024", "Nama SOP : Legalisir Dokumen"):
        document.add_paragraph(line)
    headers = ["No", "Kegiatan", "Staf", "Kepala Dinas", "Kelengkapan", "Waktu", "Output"]
    rows = [
        (
            numbers[0],
            "Menerima berkas\nlegalisir",
            2,
            "Fotokopi KK",
            "15\nmenit",
            "Berkas\nditerima",
        ),
        (numbers[1], "Menandatangani\nlegalisir", 3, "Berkas", "1 hari", "Dokumen terlegalisir"),
    ]
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    for column, header in enumerate(headers):
        table.cell(0, column).text = header
    for index, (number, kegiatan, who, kelengkapan, waktu, output) in enumerate(rows, 1):
        cells = table.rows[index].cells
        cells[0].text, cells[who].text, cells[4].text = number, "√", kelengkapan
        for cell, text in ((cells[1], kegiatan), (cells[5], waktu), (cells[6], output)):
            paragraph = cell.paragraphs[0]
            for part_index, part in enumerate(text.split("\n")):
                if part_index:
                    paragraph.runs[-1].add_break(WD_BREAK.LINE)
                paragraph.add_run(part)
    document.save(str(path))


def test_soft_line_breaks_in_a_word_cell_are_spaces_in_the_draft(tmp_path: Path) -> None:
    from generator.loader import load_repository
    from generator.wordio.importer import import_docx

    source = tmp_path / "legalisir.docx"
    _word_sop_with_soft_breaks(source)
    repository = load_repository(Path(__file__).resolve().parent.parent / "sops").repository
    result = import_docx(source, repository, schema_path="s.json", lang="id", taken=set())
    assert result.error is None
    (draft,) = result.drafts
    text = draft.text
    assert "kegiatan: Menerima berkas legalisir" in text
    assert "kegiatan: Menandatangani legalisir" in text
    assert 'waktu: "15 menit"' in text and "output: Berkas diterima" in text
    assert "\\n" not in text


def test_a_row_copied_twice_in_a_published_sop_is_pointed_out(tmp_path: Path) -> None:
    """Kudus lists butir 3 twice; the transcription keeps it, the checker names it."""
    folder = tmp_path / "kudus"
    shutil.copytree(FIXTURES / "dpmptsp_kudus", folder)
    data = json.loads(run_sop(folder, "check", "--format", "json", "sops").stdout)
    twins = [f for f in data["findings"] if f["rule"] == "langkah-kembar"]
    assert [(f["line"], f["message"]) for f in twins] == [
        (27, "langkah 4 sama dengan langkah 3 (kegiatan dan pelaksana sama)")
    ]


# Waktu as the transcribed tables write them and the reader did not yet read:
# "hr"/"mgg" abbreviations, a list's closing ";" or ",", and "24 jam" standing alone,
# which service standards use as "1 x 24 jam" (one working day, not 3.2).
DAY = 450


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1 hr", DAY),
        ("2 Hr", 2 * DAY),
        ("1 mgg", 5 * DAY),
        ("1 jam;", 60),
        ("15 menit,", 15),
        ("24 jam", DAY),
        ("48 Jam", 2 * DAY),
        ("paling lama 24 jam", DAY),
        ("8 jam", DAY),  # more than a working day, less than "24 jam": one day
        ("7 jam", 7 * 60),
        ("36 jam", 3 * DAY // 2),  # days of 24 from 24 hours on: 1.5 days, not 4.8
    ],
)
def test_more_waktu_forms_of_transcribed_tables_are_read(text: str, minutes: int) -> None:
    from generator.duration import WaktuStatus, read_waktu

    reading = read_waktu(text)
    assert reading.status is WaktuStatus.TERBACA, text
    assert reading.duration is not None and reading.duration.low == minutes
    assert reading.condition is None


def test_an_empty_docx_says_it_is_empty(tmp_path: Path) -> None:
    """A 0-byte file (a failed download or copy) is named as such, not 'not a Word file'."""
    (tmp_path / "sops").mkdir()
    for name in ("organisasi.yaml", "peraturan.yaml"):
        shutil.copy(FIXTURES / "dpmptsp_wajo" / "sops" / name, tmp_path / "sops" / name)
    (tmp_path / "kosong.docx").write_bytes(b"")
    result = run_sop(tmp_path, "import", "kosong.docx", "--out", "draf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("sop:")]
    assert lines == ["sop: kosong.docx: berkas kosong (0 byte); simpan ulang dari Word"]
    assert not (tmp_path / "draf").exists()


@pytest.mark.parametrize("numbers", [("a.", "b."), ("(1)", "(2)"), ("I", "II"), ("1)", "2)")])
def test_rows_numbered_as_offices_number_them_are_not_called_unnumbered(
    tmp_path: Path, numbers: tuple[str, str]
) -> None:
    from generator.loader import load_repository
    from generator.wordio.importer import import_docx

    source = tmp_path / "legalisir.docx"
    _word_sop_with_soft_breaks(source, numbers)
    repository = load_repository(Path(__file__).resolve().parent.parent / "sops").repository
    result = import_docx(source, repository, schema_path="s.json", lang="id", taken=set())
    (draft,) = result.drafts
    assert draft.text.count("- kegiatan:") == 2
    assert "tanpa nomor" not in draft.text


def test_a_comma_inside_brackets_of_a_flow_list_is_pointed_out(sops_dir: Path) -> None:
    """`[Kutipan Akta (TTE, cetak mandiri)]` is two items in YAML: the author meant one."""
    from generator.loader import load_repository

    from .conftest import MINIMAL_SOP

    text = MINIMAL_SOP.replace(
        "pelaksana: [staf, kasi_kerjasama]\n",
        "pelaksana: [staf, kasi_kerjasama]\nproduk_layanan: [Kutipan Akta (TTE, cetak mandiri), "
        "Surat (asli)]\n",
    )
    (sops_dir / "x.yaml").write_text(text)
    result = load_repository(sops_dir)
    found = [p for p in result.problems if p.code == "loader.flow_comma"]
    assert [(p.position.line, p.position.column, p.severity.value) for p in found] == [
        (6, 18, "warning")
    ]
    assert "'Kutipan Akta (TTE' sampai 'cetak mandiri)'" in found[0].message("id")
    assert result.repository.sops  # a warning: the SOP still loads


def test_a_comma_split_over_several_items_is_pointed_out_once(sops_dir: Path) -> None:
    """Banyumas' `[Alat perekaman (kamera, sidik jari, iris, tanda tangan), Printer KTP-el]`."""
    from generator.loader import load_repository

    from .conftest import MINIMAL_SOP

    text = MINIMAL_SOP.replace(
        "pelaksana: [staf, kasi_kerjasama]\n",
        "pelaksana: [staf, kasi_kerjasama]\n"
        "peralatan_perlengkapan: [Alat perekaman (kamera, sidik jari, iris, tanda tangan), "
        "Printer KTP-el, (a), b)]\n",
    )
    (sops_dir / "x.yaml").write_text(text)
    found = [p for p in load_repository(sops_dir).problems if p.code == "loader.flow_comma"]
    assert [p.message("id") for p in found] == [
        "koma di dalam ( ) memecah satu butir daftar [ ... ]: 'Alat perekaman (kamera' "
        "sampai 'tanda tangan)' menjadi beberapa butir"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_import_of_a_fifo_or_a_device_is_refused_not_a_hang(tmp_path: Path, kind: str) -> None:
    """A FIFO blocked `sop import` for ever; a link to /dev/zero read until memory ran out."""
    import subprocess
    import sys

    (tmp_path / "sops").mkdir()
    for name in ("organisasi.yaml", "peraturan.yaml"):
        shutil.copy(FIXTURES / "dpmptsp_wajo" / "sops" / name, tmp_path / "sops" / name)
    target = tmp_path / "sop.docx"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "import", "sop.docx", "--out", "draf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("sop:")]
    assert lines == ["sop: sop.docx: bukan berkas biasa (folder, FIFO atau perangkat)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_flowchart_of_a_fifo_says_why_it_is_not_read(tmp_path: Path) -> None:
    """`sop flowchart sops/x.yaml` on a FIFO printed '0 galat' and 'fix the problems above'."""
    folder = tmp_path / "kantor"
    shutil.copytree(FIXTURES / "dpmptsp_wajo", folder)
    os.mkfifo(folder / "sops" / "x.yaml")
    result = run_sop(folder, "flowchart", "sops/x.yaml")
    assert result.returncode == 1
    assert "sops/x.yaml:1:1: galat safepath.not_regular" in result.stdout + result.stderr


def test_a_mistyped_command_is_answered_in_indonesian_with_the_closest_command(
    tmp_path: Path,
) -> None:
    """'sop chek' answered "Error: No such command 'chek'." (Click's English)."""
    result = run_sop(tmp_path, "chek", "sops")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "sop: perintah 'chek' tidak ada; mungkin maksudnya 'sop check'?"
    )
    assert "No such command" not in result.stderr
    english = run_sop(tmp_path, "--lang", "en", "bulid")
    assert english.stderr.splitlines()[0] == (
        "sop: there is no command 'bulid'; did you mean 'sop build'?"
    )


# -- Word files of varied real shapes: each gives a usable draft or one clear error --


def _shaped_docx(path: Path, shape: str) -> None:
    """A .docx as offices make them, built with python-docx, in one of several shapes."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    roles = ["Pemohon", "Petugas Loket", "Kepala Dinas"] + (["Sekretaris"] * (shape == "empty"))
    steps = [("Menyerahkan berkas", 0, "5 Menit"), ("Memeriksa berkas", 1, "15 Menit")]
    steps += [("Menandatangani surat", 2, "1 hari"), ("Menyerahkan surat", 1, "5 menit")]
    document = Document()
    document.add_paragraph("Nama SOP : Pelayanan Surat")

    def table(part: list, header: bool, first: int):
        columns = 2 + len(roles) + 3
        grid = document.add_table(rows=(2 if header else 0) + len(part), cols=columns)
        mutu = 2 + len(roles)
        if header:
            grid.cell(0, 0).merge(grid.cell(1, 0)).text = "No"
            grid.cell(0, 1).merge(grid.cell(1, 1)).text = "Kegiatan"
            grid.cell(0, 2).merge(grid.cell(0, mutu - 1)).text = "Pelaksana"
            for index, role in enumerate(roles):
                grid.cell(1, 2 + index).text = role
            grid.cell(0, mutu).merge(grid.cell(0, mutu + 2)).text = "Mutu Baku"
            for index, label in enumerate(["Kelengkapan", "Waktu", "Output"]):
                grid.cell(1, mutu + index).text = label
        for offset, (kegiatan, who, waktu) in enumerate(part):
            cells = grid.rows[(2 if header else 0) + offset].cells
            cells[0].text, cells[1].text, cells[2 + who].text = f"{first + offset}.", kegiatan, "√"
            cells[mutu + 1].text, cells[mutu + 2].text = waktu, "Hasil"
        return grid

    if shape == "split":  # the table continued on the next page without its header
        table(steps[:2], True, 1)
        document.add_page_break()
        table(steps[2:], False, 3)
    else:
        grid = table(steps, True, 1)
    if shape == "tracked":  # Word's tracked changes: the deleted text is not read
        paragraph = grid.rows[3].cells[1].paragraphs[0]
        for run in list(paragraph.runs):
            paragraph._p.remove(run._r)
        for tag, text_tag, text in (
            ("w:del", "w:delText", "Mengecek"),
            ("w:ins", "w:t", "Meneliti"),
        ):
            change = OxmlElement(tag)
            change.set(qn("w:id"), "1")
            change.set(qn("w:author"), "Kasi")
            run = OxmlElement("w:r")
            node = OxmlElement(text_tag)
            node.text = text
            run.append(node)
            change.append(run)
            paragraph._p.append(change)
    if shape == "blank_row":  # an empty spacer row in the middle
        spacer = __import__("copy").deepcopy(grid.rows[3]._tr)
        for node in spacer.iter(qn("w:t")):
            node.text = ""
        grid.rows[3]._tr.addnext(spacer)
    if shape == "nested":  # a table nested 40 deep in a Keterangan-less cell
        inner = grid.rows[2].cells[-1]
        for _ in range(40):
            inner = inner.add_table(rows=1, cols=1).cell(0, 0)
    document.save(str(path))


@pytest.mark.parametrize("shape", ["plain", "split", "tracked", "blank_row", "empty", "nested"])
def test_word_files_of_real_shapes_give_a_usable_draft(tmp_path: Path, shape: str) -> None:
    from generator.loader import load_repository, load_sop_bytes
    from generator.wordio.importer import import_docx

    source = tmp_path / "sop.docx"
    _shaped_docx(source, shape)
    repository = load_repository(Path(__file__).resolve().parent.parent / "sops").repository
    result = import_docx(source, repository, schema_path="s.json", lang="id", taken=set())
    assert result.error is None
    (draft,) = result.drafts
    entry, _problems = load_sop_bytes(draft.text.encode(), draft.file_name, "sop", repository)
    kegiatan = [step.kegiatan for step in entry.sop.prosedur] if entry else draft.text
    second = "Meneliti" if shape == "tracked" else "Memeriksa berkas"
    assert kegiatan == ["Menyerahkan berkas", second, "Menandatangani surat", "Menyerahkan surat"]
    assert [step.waktu for step in entry.sop.prosedur] == [
        "5 Menit",
        "15 Menit",
        "1 hari",
        "5 menit",
    ]
