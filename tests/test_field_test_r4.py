"""Round 4 field test (i13): eight SOPs transcribed from six kinds of office not met
before (RSUD, Satpol PP, UPTD Puskesmas, Kelurahan, BKPSDM, Disdukcapil), files saved
the Windows way, hostile Word files and drafts.

Fixtures: tests/fixtures/kantor_r4/<office>/sops. Each test below the first failed
before its fix (the first holds the transcriptions to what they are: valid).
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from . import docx_fixtures as dx
from .field_offices import check_json, office_copy
from .site_project import run_sop

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kantor_r4"
OFFICES = sorted(p.name for p in FIXTURES.iterdir() if (p / "sops").is_dir())


def _office(tmp_path: Path, name: str) -> Path:
    return office_copy(FIXTURES, tmp_path, name)


_check = check_json


@pytest.mark.parametrize("office", OFFICES)
def test_every_transcription_loads_and_checks_without_errors(office: str, tmp_path: Path) -> None:
    data = _check(_office(tmp_path, office))
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert errors == [], errors
    expected = len(list((FIXTURES / office / "sops").glob("*.yaml"))) - 2  # the registries
    assert len(data["sops"]) == expected


def test_the_windows_saved_file_keeps_its_bom_crlf_and_positions(tmp_path: Path) -> None:
    """Notepad's BOM and CRLF, NBSP from Word, a tab inside a quoted text: read as
    written, and each finding still points at its line and column."""
    folder = _office(tmp_path, "kelurahan_sukajadi")
    raw = (folder / "sops" / "ahli-waris.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\xc2\xa0" in raw
    data = _check(folder)
    tabs = [(f["line"], f["column"]) for f in data["findings"] if f["rule"] == "loader.tab_in_text"]
    assert tabs == [(11, 25), (28, 15)]
    (summary,) = data["sops"]
    # "10\u00a0menit" and "30\u00a0menit" are read: 1 + 10 min + 30 min + 1 + 1 + 5 min
    assert summary["main_path_minutes"] == 3 * 450 + 45


@pytest.mark.slow
def test_a_windows_1252_draft_is_one_error_and_generate_goes_on(tmp_path: Path) -> None:
    folder = _office(tmp_path, "disdukcapil_sidoarjo")
    source = (folder / "sops" / "perubahan-data-kk.yaml").read_text(encoding="utf-8")
    ansi = source.replace("Menyerahkan KK baru", "Menyerahkan KK baru “asli” – René")
    (folder / "sops" / "draf-ansi.yaml").write_bytes(ansi.encode("cp1252"))
    data = _check(folder)
    (bad,) = [f for f in data["findings"] if f["path"].endswith("draf-ansi.yaml")]
    assert (bad["rule"], bad["line"], bad["column"]) == ("loader.not_utf8", 3, 29)  # the '±'
    assert "UTF-8" in bad["hint"]
    result = run_sop(folder, "generate", "--out", "keluar")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    pages = sorted(p.name for p in (folder / "keluar" / "sop").iterdir())
    assert pages == ["akta-perkawinan", "perubahan-data-kk"]


@pytest.mark.parametrize("hours", range(1, 73))
def test_more_hours_never_read_as_less_time(hours: int) -> None:
    """'8 jam' was 480 working minutes and '24 jam' (1 x 24 jam) 450: a step of 8 hours
    exceeded a service standard of 24."""
    from generator.duration import read_waktu

    def minutes(n: int) -> int:
        duration = read_waktu(f"{n} jam").duration
        assert duration is not None
        return duration.low_seconds // 60

    assert minutes(hours) <= minutes(hours + 1)
    assert minutes(8) <= minutes(24) and minutes(7) == 420


def test_an_eight_hour_step_fits_a_standard_of_24_hours(tmp_path: Path) -> None:
    folder = _office(tmp_path, "disdukcapil_sidoarjo")
    sop = folder / "sops" / "akta-perkawinan.yaml"
    text = sop.read_text(encoding="utf-8")
    # only the 8-hour step inside the standard's stretch
    sop.write_text(
        text.replace("standar_waktu_mulai: 3", "standar_waktu_mulai: 4\nstandar_waktu_sampai: 4")
    )
    data = _check(folder)
    assert [f for f in data["findings"] if f["rule"] == "melebihi-standar-waktu"] == []


def test_the_step_limit_reads_24_hours_as_the_steps_do(tmp_path: Path) -> None:
    """batas_waktu_langkah '24 jam' was 3.2 working days while a step's '36 jam' is 1.5:
    a step over the limit passed."""
    folder = _office(tmp_path, "disdukcapil_sidoarjo")
    (folder / "sops" / "pengaturan.yaml").write_text(
        "pemeriksaan:\n  batas_waktu_langkah: 24 jam\n", encoding="utf-8"
    )
    sop = folder / "sops" / "perubahan-data-kk.yaml"
    sop.write_text(sop.read_text(encoding="utf-8").replace("waktu: 1 jam", "waktu: 36 jam"))
    data = _check(folder)
    found = [(f["path"], f["line"]) for f in data["findings"] if f["rule"] == "waktu-tak-wajar"]
    assert found == [("sops/perubahan-data-kk.yaml", 39)]  # its waktu


def test_a_revoked_law_without_its_successor_says_what_is_missing(tmp_path: Path) -> None:
    data = _check(_office(tmp_path, "rsud_sidoarjo"))
    (found,) = [f for f in data["findings"] if f["rule"] == "dasar-hukum-dicabut"]
    assert not found["message"].endswith("oleh -")
    assert "dicabut_oleh" in found["message"]


@pytest.mark.slow
def test_a_uptd_kop_asks_for_its_parent_office(tmp_path: Path) -> None:
    kenten = _office(tmp_path, "uptd_puskesmas_kenten")
    kop = [f for f in _check(kenten)["findings"] if f["rule"] == "kop-tak-lengkap"]
    assert [f["message"].split()[0] for f in kop] == ["instansi.logo"]
    # A UPTD whose registry lacks the parent office is told to add it.
    oesapa = tmp_path / "oesapa"
    shutil.copytree(FIXTURES.parent / "kantor_lain" / "puskesmas_oesapa", oesapa)
    kop = [f for f in _check(oesapa)["findings"] if f["rule"] == "kop-tak-lengkap"]
    assert [f["message"].split()[0] for f in kop] == ["instansi.induk", "instansi.logo"]
    assert "'induk: Dinas Kesehatan'" in kop[0]["hint"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_a_uptd_site_and_book_print_its_parent_office(tmp_path: Path) -> None:
    import subprocess

    kenten = _office(tmp_path, "uptd_puskesmas_kenten")
    result = run_sop(kenten, "generate", "--out", "keluar")
    assert result.returncode == 0, result.stderr
    index = (kenten / "keluar" / "index.md").read_text(encoding="utf-8")
    assert "UPTD Puskesmas Kenten Dinas Kesehatan Kota Palembang" in index
    book = run_sop(kenten, "handbook", "-o", "buku.pdf")
    assert book.returncode == 0, book.stderr
    plain = subprocess.run(
        ["pdftotext", "-raw", str(kenten / "buku.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "UPTD Puskesmas Kenten Dinas Kesehatan Kota Palembang" in plain


def test_export_without_a_path_writes_every_sop(tmp_path: Path) -> None:
    folder = _office(tmp_path, "rsud_sidoarjo")
    result = run_sop(folder, "export", "--docx", "word")
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(p.name for p in (folder / "word").iterdir())
    assert written == ["peminjaman-rekam-medis.docx", "penerimaan-rawat-inap.docx"]


@pytest.mark.slow
@pytest.mark.parametrize("office", ["rsud_sidoarjo", "bkpsdm_bogor", "kelurahan_sukajadi"])
def test_word_round_trip_keeps_three_answers_either_or_and_unicode(
    office: str, tmp_path: Path
) -> None:
    """Export then import: a three-answer decision, 'salah satu' performers, forward
    jumps, NBSP and Arabic text come back with no change of meaning."""
    folder = _office(tmp_path, office)
    assert run_sop(folder, "export", "--docx", "word").returncode == 0
    for docx in sorted((folder / "word").glob("*.docx")):
        drafts = folder / f"draf-{docx.stem}"
        imported = run_sop(folder, "import", str(docx), "--out", str(drafts))
        assert imported.returncode == 0, imported.stderr
        (draft,) = drafts.glob("*.yaml")
        shutil.move(draft, folder / "sops" / f"zz-{docx.stem}.yaml")
        diff = run_sop(folder, "diff", f"sops/{docx.stem}.yaml", f"sops/zz-{docx.stem}.yaml")
        assert "tidak ada perubahan isi" in diff.stdout, diff.stdout + diff.stderr
        (folder / "sops" / f"zz-{docx.stem}.yaml").unlink()


# --- hostile and odd Word files -------------------------------------------------


def _with_document(document: str) -> bytes:
    """A minimal package whose main part is `document` (any text, even broken XML)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


BODY = f"<w:document {dx.NAMESPACES}><w:body>{dx.text_para('Nama SOP : Uji')}</w:body></w:document>"


@pytest.mark.parametrize(
    ("document", "key"),
    [
        (BODY.replace("<w:body>", "<w:body>" + "<w:sdt>" * 300 + "</w:sdt>" * 300), "too_deep"),
        (
            '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
            '"file:///etc/hostname">]>' + BODY.replace("Uji", "&x;"),
            "entity",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "lol">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + BODY.replace("Uji", "&b;"),
            "entity",
        ),
        (BODY[: len(BODY) // 2], "corrupt_at"),
    ],
    ids=["nested-300", "external-entity", "entity-expansion", "cut-off"],
)
def test_a_refused_word_xml_says_why(document: str, key: str) -> None:
    from generator.messages import translate
    from generator.wordio.docx_reader import DocxError, read_docx_bytes

    with pytest.raises(DocxError) as refused:
        read_docx_bytes(_with_document(document))
    assert refused.value.key == f"wordio.error.{key}"
    message = translate(refused.value.key, "id", **refused.value.details)
    assert "rusak (zip atau XML tidak utuh)" not in message
    if key == "too_deep":
        assert "256" in message


@pytest.mark.slow
def test_sop_import_reports_hostile_word_files_in_one_line_each(tmp_path: Path) -> None:
    deep = BODY.replace("<w:body>", "<w:body>" + "<w:sdt>" * 300 + "</w:sdt>" * 300)
    (tmp_path / "dalam.docx").write_bytes(_with_document(deep))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", BODY + " " * (60 * 1024 * 1024))
    (tmp_path / "bom.docx").write_bytes(bomb.getvalue())
    escape = io.BytesIO()
    with zipfile.ZipFile(escape, "w") as archive:
        archive.writestr("word/document.xml", BODY)
        archive.writestr("../../keluar.txt", "x")
    (tmp_path / "jalan.docx").write_bytes(escape.getvalue())
    result = run_sop(
        tmp_path, "import", "dalam.docx", "bom.docx", "jalan.docx", "--out", "draf",
        "--sops", str(Path(__file__).resolve().parent.parent / "sops"),
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("sop: ")]
    assert len(lines) == 3, result.stderr
    assert "256 tingkat" in lines[0] and "bom zip" in lines[1] and "tabel prosedur" in lines[2]
    assert not (tmp_path.parent / "keluar.txt").exists()


def _word_sop(path: Path, identity: list[tuple[str, str]]) -> None:
    """A one-step Word SOP as offices type it: 'LABEL : value' lines, then the table."""
    from docx import Document

    document = Document()
    for label, value in identity:
        document.add_paragraph(f"{label} : {value}")
    headers = ["No", "Kegiatan", "Staf", "Kelengkapan", "Waktu", "Output"]
    table = document.add_table(rows=2, cols=len(headers))
    for column, header in enumerate(headers):
        table.cell(0, column).text = header
    values = ["1.", "Menerima berkas", "√", "Berkas", "5 menit", "Berkas diterima"]
    for column, value in enumerate(values):
        table.cell(1, column).text = value
    document.save(str(path))


def _import(source: Path) -> list:
    from generator.loader import load_repository
    from generator.wordio.importer import import_docx

    repository = load_repository(Path(__file__).resolve().parent.parent / "sops").repository
    result = import_docx(source, repository, schema_path="s.json", lang="id", taken=set())
    assert result.error is None
    return result.drafts


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Rev. 01", None),
        ("Revisi ke-2", None),
        ("01", None),
        ("R-00", '"-"'),
        ("Revisi ke-2 / 01-02-2024", '"2024-02-01"'),
        ("Rev.01 (15 Maret 2023)", '"2023-03-15"'),
        ("15 Maret 2023", '"2023-03-15"'),
    ],
)
def test_a_revision_number_in_tgl_revisi_is_not_taken_for_a_date(
    text: str, written: str | None, tmp_path: Path
) -> None:
    source = tmp_path / "rev.docx"
    _word_sop(
        source, [("Nomor SOP", "445/12/PKM/2023"), ("Tgl. Revisi", text), ("Nama SOP", "Uji")]
    )
    (draft,) = _import(source)
    lines = [line.strip() for line in draft.text.splitlines() if "revisi" in line]
    if written is None:
        assert any(line.startswith("# revisi:") and "nomor revisi" in line for line in lines)
    else:
        assert any(line.startswith(f"revisi: {written}") for line in lines), lines


def test_a_word_sop_named_like_a_windows_device_gets_a_usable_file_name(tmp_path: Path) -> None:
    source = tmp_path / "con.docx"
    _word_sop(source, [("Nama SOP", "CON")])
    assert [draft.file_name for draft in _import(source)] == ["con-2.yaml"]


@pytest.mark.slow
def test_sop_new_refuses_a_path_as_id_and_renames_a_device_name(tmp_path: Path) -> None:
    folder = _office(tmp_path, "bkpsdm_bogor")
    new = ("new", "--bidang", "mutasi", "--pelaksana", "analis")
    refused = run_sop(folder, *new, "--nama", "X", "--id", "../../lepas")
    assert refused.returncode == 2 and "--id lepas" in refused.stderr, refused.stderr
    assert not (tmp_path / "lepas.yaml").exists() and not (folder / "lepas.yaml").exists()
    made = run_sop(folder, *new, "--nama", "CON")
    assert made.returncode == 0, made.stderr
    assert (folder / "sops" / "mutasi" / "con-1.yaml").is_file()
    assert run_sop(folder, "validate").returncode == 0


@pytest.mark.parametrize("pattern", ["470/{urut}/SOP/{tahun}/{tahun}", "{urut}-{urut}/{tahun}"])
def test_a_number_pattern_with_a_field_twice_gives_the_next_number(pattern: str) -> None:
    from generator.loader import load_repository
    from generator.new_sop import next_number

    repository = load_repository(Path(__file__).resolve().parent.parent / "sops").repository
    number = next_number(pattern, repository, 2024)
    assert number == pattern.replace("{urut}", "1").replace("{tahun}", "2024")


# --- hostile drafts in an office not seen before ------------------------------


def _typst_payload(canary: Path) -> str:
    """Typst that would read a local file, pull in another, evaluate code, add a footnote
    or a link, if the book's text were markup rather than data."""
    path = canary.as_posix()
    return (
        f'#read("{path}") #include "{path}" #image("{path}") #eval("1+1") '
        '#footnote[catatan] #link("javascript:alert(1)")[klik] $x^2$ <lbl> @lbl'
    )


@pytest.mark.slow
def test_a_hostile_rsud_office_reaches_no_page_chart_or_book_as_markup(tmp_path: Path) -> None:
    """The injection corpus in every text of the RSUD office (instansi.induk added,
    answer labels of a three-answer decision too) and Typst in the book's texts: the
    site holds only what the templates write, the BPMN is XML, the book prints the
    text and never the canary file it names."""
    import subprocess
    import xml.etree.ElementTree as ElementTree

    from .injection.corpus import poison_project
    from .injection.inspect import inventory_of

    repo = Path(__file__).resolve().parent.parent
    canary = tmp_path / "rahasia.txt"
    canary.write_text("KANARI-RAHASIA-7f3c", encoding="utf-8")
    projects = []
    for name in ("plain", "poisoned"):
        folder = tmp_path / name
        shutil.copytree(FIXTURES / "rsud_sidoarjo", folder)
        shutil.copy(repo / "mkdocs.yml", folder / "mkdocs.yml")
        shutil.copytree(repo / "docs", folder / "docs")
        organisasi = folder / "sops" / "organisasi.yaml"
        text = organisasi.read_text(encoding="utf-8")
        organisasi.write_text(text.replace("  wilayah:", "  induk: Dinas Kesehatan\n  wilayah:"))
        projects.append(folder)
    plain, poisoned = projects
    typst = json.dumps(_typst_payload(canary))
    organisasi = poisoned / "sops" / "organisasi.yaml"
    text = organisasi.read_text(encoding="utf-8")
    organisasi.write_text(text.replace("induk: Dinas Kesehatan", f"induk: {typst}"))
    sop = poisoned / "sops" / "penerimaan-rawat-inap.yaml"
    text = sop.read_text(encoding="utf-8")
    line = "peringatan: Pasien tidak segera mendapat tempat tidur dan tindakan lanjutan tertunda"
    assert line in text
    sop.write_text(text.replace(line, f"peringatan: {typst}"))
    counts = poison_project(poisoned, copies=2)
    assert sum(counts.values()) > 100 and counts["organisasi.yaml"] > 10, counts
    poisoned_organisasi = (poisoned / "sops" / "organisasi.yaml").read_text(encoding="utf-8")
    assert "#read(" in poisoned_organisasi and "<script>" in poisoned_organisasi
    for project in projects:
        result = run_sop(project, "build", "--no-handbook")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    pages = "".join(p.read_text("utf-8") for p in (poisoned / "site").rglob("*.html"))
    assert "alert(1)" in pages and "#read(" in pages  # the texts are there, as text
    found = inventory_of(poisoned / "site")
    assert found.beyond(inventory_of(plain / "site")) == {}
    assert not [a for a in found.attributes if a.split("@")[1].startswith("on")]
    # BPMN and DOT of the poisoned three-answer SOP
    drawn = sorted((poisoned / "sops").glob("penerimaan-rawat-inap-r*.yaml"))[0]
    bpmn = run_sop(poisoned, "flowchart", str(drawn), "--format", "bpmn")
    assert bpmn.returncode == 0, bpmn.stderr
    tree = ElementTree.fromstring(bpmn.stdout.encode("utf-8"))
    assert not [e for e in tree.iter() if "script" in e.tag.lower()]
    dot = run_sop(poisoned, "flowchart", str(drawn), "--format", "dot")
    assert dot.returncode == 0 and "digraph" in dot.stdout, dot.stderr
    # the book: Typst text printed literally, the canary never read
    book = run_sop(poisoned, "handbook", "-o", "buku.pdf")
    assert book.returncode == 0 and "Traceback" not in book.stderr, book.stderr
    if shutil.which("pdftotext") is not None:
        plain_text = subprocess.run(
            ["pdftotext", "-raw", str(poisoned / "buku.pdf"), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        flat = "".join(plain_text.split())
        assert '#read("' in flat and "#footnote[catatan]" in flat
        assert "KANARI-RAHASIA" not in plain_text
    assert b"KANARI-RAHASIA" not in (poisoned / "buku.pdf").read_bytes()


@pytest.mark.parametrize(
    ("text", "minutes", "condition"),
    [
        ("1 hr kerja", 450, None),
        ("1 jam, 30 menit", 90, None),  # was 60, with "30 menit" taken for a condition
        ("2 hari, 3 jam", 2 * 450 + 180, None),
        ("1 hari, bila berkas lengkap", 450, "bila berkas lengkap"),
        ("1,5 jam", 90, None),
    ],
)
def test_waktu_forms_of_the_round_4_offices_are_read(
    text: str, minutes: int, condition: str | None
) -> None:
    from generator.duration import read_waktu

    reading = read_waktu(text)
    assert reading.duration is not None, text
    assert reading.duration.low_seconds == minutes * 60
    assert reading.condition == condition


@pytest.mark.parametrize("text", ["Otomatis", "otomatis (sistem)", "Pada hari yang sama"])
def test_no_delay_written_in_words_is_a_known_unknown(text: str) -> None:
    from generator.duration import WaktuStatus, read_waktu

    assert read_waktu(text).status is WaktuStatus.TAK_TENTU


@pytest.mark.parametrize("written", ["Rev. 01", "Revisi ke-2", "R-01", "01"])
def test_a_revision_number_written_as_tgl_revisi_is_named_as_such(
    written: str, tmp_path: Path
) -> None:
    """Forms print 'Tgl. Revisi : Rev. 01': an author copying it got 'should be a date'
    with the generic hint; now the message names a revision number and says what to do."""
    folder = _office(tmp_path, "bkpsdm_bogor")
    sop = folder / "sops" / "cuti-besar.yaml"
    text = sop.read_text(encoding="utf-8")
    sop.write_text(text.replace("revisi: 14/08/2024", f'revisi: "{written}"'), encoding="utf-8")
    data = _check(folder)
    (found,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert (found["rule"], found["line"]) == ("loader.revision_number", 8)
    assert "nomor revisi" in found["message"] and "'-'" in found["hint"]


@pytest.mark.slow
def test_the_checklist_says_a_step_is_for_one_of_its_performers(tmp_path: Path) -> None:
    """Kelurahan: 'Menandatangani' by the Lurah OR the Sekretaris Kelurahan. The checklist
    and both task cards listed '(Lurah, Sekel)' as if both had to sign."""
    folder = _office(tmp_path, "kelurahan_sukajadi")
    result = run_sop(folder, "generate", "--out", "keluar")
    assert result.returncode == 0, result.stderr
    page = (folder / "keluar" / "sop" / "ahli-waris" / "daftar-periksa.md").read_text("utf-8")
    note = "dikerjakan salah satu dari: Lurah/Sekel"
    assert page.count(note) == 3  # the kelengkapan checklist and the two task cards
    assert page.count("dikerjakan salah satu") == 3  # and no other step says so


@pytest.mark.slow
def test_fmt_keeps_a_notepad_file_notepad_shaped(tmp_path: Path) -> None:
    """The Kelurahan file (BOM, CRLF, standar_waktu after persyaratan): fmt refused it,
    blaming a head comment the BOM hid; now it reorders the keys and keeps the BOM and
    CRLF, and a second run finds nothing to do."""
    folder = _office(tmp_path, "kelurahan_sukajadi")
    sop = folder / "sops" / "ahli-waris.yaml"
    before = sop.read_bytes()
    result = run_sop(folder, "fmt")
    assert result.returncode == 0, result.stderr
    after = sop.read_bytes()
    assert after != before and after.startswith(b"\xef\xbb\xbf")
    assert after.count(b"\r\n") == before.count(b"\r\n") and b"\n" not in after.replace(
        b"\r\n", b""
    )
    assert sorted(after.splitlines()) == sorted(before.splitlines())  # moved, not changed
    again = run_sop(folder, "fmt", "--check")
    assert again.returncode == 0, again.stdout + again.stderr
