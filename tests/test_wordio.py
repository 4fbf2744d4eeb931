"""Word in and out: `sop import` on .docx files made the way Word makes them,
`sop export --docx`, the round trip, and bad input."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.check import run_checks
from generator.cli import cli
from generator.loader import load_repository, load_sop_bytes
from generator.model import Repository, Sop, SopEntry
from generator.model.sop import Langkah, TautanSop
from generator.wordio.docx_reader import DocxError, read_docx_bytes
from generator.wordio.importer import import_docx
from generator.wordio.shapes import xml_text
from generator.wordio.sop_export import ExportOptions, export_docx

from . import docx_fixtures as fx
from .conftest import REPO, SOPS
from .test_properties import sop_documents

ARTIFACTS = REPO / "build" / "test-artifacts" / "word"


@pytest.fixture(scope="module")
def repository() -> Repository:
    result = load_repository(SOPS)
    assert result.repository is not None
    return result.repository


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def drafts_of(data: bytes, repository: Repository, tmp_path: Path, name: str = "x.docx"):
    """Import `data`; return (ImportResult, [(id, Sop)]) with each draft loaded."""
    path = tmp_path / name
    path.write_bytes(data)
    result = import_docx(path, repository, schema_path="s.json", lang="id", taken=set())
    assert result.error is None, result.error and result.error.key
    loaded = []
    for draft in result.drafts:
        entry, problems = load_sop_bytes(
            draft.text.encode(), draft.file_name, draft.file_name[:-5], repository
        )
        assert entry is not None, [p.render("en") for p in problems]
        loaded.append((entry, entry.sop, problems))
    return result, loaded


def with_entries(repository: Repository, *entries: SopEntry) -> Repository:
    """The repository with `entries` added."""
    return dataclasses.replace(repository, sops=(*repository.sops, *entries))


# -- import: fixtures made the way Word makes them --------------------------------


def test_word_shapes_give_performers_kinds_answers_and_totals(repository, tmp_path):
    result, [(_entry, sop, problems)] = drafts_of(fx.word_style_sop(), repository, tmp_path)
    # Only the new regulation is unknown until its entry is pasted.
    assert {p.code for p in problems} == {"loader.unknown_id"}
    assert [s.pelaksana for s in sop.prosedur] == [
        ("staf",),
        ("staf",),
        ("kasi_kerjasama",),
        ("kabid_pdip",),  # drawn from the Kegiatan cell over the Kabid column
        ("kadis",),
    ]
    assert [s.kind.value for s in sop.prosedur] == [
        "mulai",
        "proses",
        "keputusan",
        "proses",
        "selesai",
    ]
    assert sop.prosedur[2].pertanyaan == "Lengkap?"
    assert sop.prosedur[2].jawaban == {"Ya": "lanjut", "Tidak": 2}
    assert sop.nomor == "470/12/SOP/DKPS/2023"
    assert str(sop.tanggal.pembuatan) == "2023-01-03"
    assert str(sop.tanggal.efektif) == "2023-03-15"  # written "Tanggal Pengesahan"
    assert sop.tanggal.revisi is None  # "-": reported as unreadable
    assert sop.disahkan_oleh.jabatan == "kadis"
    assert sop.disahkan_oleh.nama == "Ir. Dewi Isnaini, M.Si"
    assert sop.disahkan_oleh.nip == "196902021992122001"
    assert sop.disahkan_oleh.pangkat == "Pembina Utama Muda (IV/c)"
    assert (sop.unit.bidang, sop.unit.seksi) == ("pdip", "kerjasama")
    assert sop.dasar_hukum == ("uu-23-2006", "perwali-12-2020")
    assert sop.keterkaitan == (TautanSop(sop="inovasi-pelayanan"),)
    assert sop.nama_prosedur == "PELAYANAN KERJASAMA DAERAH"
    # Every guess is a comment at its line.
    text = result.drafts[0].text
    assert "perwali-12-2020   # tebakan: peraturan baru" in text
    assert "# revisi: tidak terbaca: tanggal '-' tidak terbaca" in text
    assert "# tebakan: pelaksana dari letak simbol di atas kolom" in text
    # With the proposed regulation pasted in, `sop check` adds up the source's times.
    registry = (SOPS / "peraturan.yaml").read_text("utf-8")
    folder = tmp_path / "sops"
    shutil.copytree(SOPS, folder, ignore=shutil.ignore_patterns(".*"))
    from generator.wordio.importer import registry_entries

    pasted = registry_entries([], result.drafts[0].draft.new_laws)
    (folder / "peraturan.yaml").write_text(registry + pasted, "utf-8")
    (folder / "baru.yaml").write_text(text, "utf-8")
    loaded = load_repository(folder)
    assert loaded.ok, [p.render("en") for p in loaded.problems]
    checked = {r.entry.id: r for r in run_checks(loaded.repository).sops}
    assert checked["baru"].timing.main_total.low == fx.WORD_STYLE_TOTAL


@pytest.mark.parametrize("framed", [False, True], ids=["plain", "in-a-frame-table"])
def test_marks_english_headings_and_a_table_split_by_a_page_break(repository, tmp_path, framed):
    data = fx.marks_sop(framed=framed)
    result, [(_entry, sop, _problems)] = drafts_of(data, repository, tmp_path)
    assert sop.nama == "Correspondence"
    assert len(sop.prosedur) == 5  # both tables, the repeated header skipped
    assert [s.pelaksana for s in sop.prosedur] == [
        ("staf",),
        ("staf",),
        ("kasubbag_umum",),
        ("kadis",),  # a Wingdings check mark (w:sym)
        ("staf", "kasubbag_umum"),
    ]
    assert [s.waktu for s in sop.prosedur] == ["10 menit", "20 menit", "1 jam", "1 hari", "2 jam"]
    assert sop.dasar_hukum == ("uu-23-2006",)
    assert str(sop.tanggal.efektif) == "2024-05-02"
    # The unknown role gets a ready-to-paste entry; pasted, the draft checks clean.
    [role] = result.drafts[0].draft.new_roles
    assert (role.id, role.nama) == ("kasubbag_umum", "Kasubbag Umum")
    folder = tmp_path / "sops"
    folder.mkdir()
    shutil.copy(SOPS / "peraturan.yaml", folder)
    from generator.wordio.importer import registry_entries

    organisasi = (SOPS / "organisasi.yaml").read_text("utf-8")
    (folder / "organisasi.yaml").write_text(organisasi + registry_entries([role], []), "utf-8")
    (folder / "surat.yaml").write_text(result.drafts[0].text, "utf-8")
    loaded = load_repository(folder)
    assert loaded.ok, [p.render("en") for p in loaded.problems]
    [checked] = run_checks(loaded.repository).sops
    assert checked.timing.main_total.low == fx.MARKS_TOTAL


def test_two_sops_in_one_file_vml_shapes_and_a_headerless_continuation(repository, tmp_path):
    _result, loaded = drafts_of(fx.two_sops(), repository, tmp_path)
    assert [sop.nama for _i, sop, _p in loaded] == ["Inovasi Data", "Laporan Inovasi"]
    first, second = loaded[0][1], loaded[1][1]
    assert [s.kind.value for s in first.prosedur] == ["proses", "keputusan"]
    assert first.prosedur[1].pertanyaan == "Benar?"
    assert [s.kegiatan for s in second.prosedur] == [
        "Menyusun laporan",
        "Menyetujui laporan",
        "Mengirim laporan",
    ]
    assert [s.pelaksana for s in second.prosedur] == [
        ("staf",),
        ("kasi_inovasi_pelayanan",),
        ("staf",),
    ]
    assert all(not problems for _i, _s, problems in loaded)


# -- export ------------------------------------------------------------------------


def test_export_is_reproducible_and_uses_word_shapes(repository):
    entry = repository.sop("pelayanan-kerjasama")
    first = export_docx(entry.sop, repository)
    assert first == export_docx(entry.sop, repository)
    document = zipfile.ZipFile(BytesIO(first)).read("word/document.xml").decode()
    assert document.count('prst="flowChartDecision"') == 3  # steps 2, 4 and 5
    assert document.count('prst="flowChartProcess"') == 5  # step 7 has two performers
    assert document.count("<mc:AlternateContent") == 8
    assert document.count("<w:tblHeader/>") == 2
    assert 'w:orient="landscape"' in document
    assert "Tidak → 1" in document


def test_export_paper_sizes(repository):
    entry = repository.sop("inovasi-pelayanan")
    sizes = {}
    for paper in ("a4", "f4"):
        data = export_docx(entry.sop, repository, ExportOptions(paper=paper))
        xml = zipfile.ZipFile(BytesIO(data)).read("word/document.xml").decode()
        sizes[paper] = xml.split("<w:pgSz ")[1].split("/>")[0]
    assert 'w:w="11906" w:h="16838"' in sizes["a4"]  # 210 x 297 mm
    assert 'w:w="12189" w:h="18709"' in sizes["f4"]  # 215 x 330 mm


# -- round trip --------------------------------------------------------------------


def _text(value: str | None) -> str | None:
    """What Word keeps of a text: no control characters; empty means absent."""
    if value is None:
        return None
    return xml_text(value).replace("\r", "\n").strip() or None


def comparable(sop: Sop) -> dict:
    """An SOP without what Word cannot carry (see README, "Word in and out")."""
    numbers = {step.id: index for index, step in enumerate(sop.prosedur, 1) if step.id}
    columns = list(sop.pelaksana)
    steps = []
    for step in sop.prosedur:
        performers = [role for role in columns if role in step.pelaksana]
        kind = step.kind.value if performers else None
        answers = None
        if performers and step.jawaban:
            answers = [(_text(k), numbers.get(v, v)) for k, v in step.jawaban.items()]
        jump = getattr(step, "lanjut_ke", None)  # the newer model's fields, when it has them
        flags = ("pelaksana_salah_satu", "bersamaan", "menunggu")
        steps.append(
            {
                "lanjut_ke": numbers.get(jump, jump) if performers else None,
                "flags": [f for f in flags if getattr(step, f, False)] if performers else [],
                "kegiatan": _text(step.kegiatan),
                "pelaksana": performers,
                "kind": kind,
                "pertanyaan": _text(step.pertanyaan)
                if performers and kind in ("proses", "keputusan")
                else None,
                "jawaban": answers,
                "kelengkapan": [t for t in map(_text, step.kelengkapan) if t],
                "waktu": _text(step.waktu),
                "output": _text(step.output),
                "keterangan": _text(step.keterangan),
            }
        )
    links = [item.sop if isinstance(item, TautanSop) else _text(item) for item in sop.keterkaitan]
    signer = sop.disahkan_oleh
    lists = {
        key: [t for t in map(_text, getattr(sop, key)) if t]
        for key in (
            "definisi",
            "kualifikasi_pelaksana",
            "peralatan_perlengkapan",
            "peringatan",
            "pencatatan_pendataan",
        )
    }
    extras = {
        "jenis_layanan": _text(getattr(sop, "jenis_layanan", None)),
        "biaya_tarif": _text(getattr(sop, "biaya_tarif", None)),
        "mulai": numbers.get(*[getattr(sop, "standar_waktu_mulai", None)] * 2),
        "sampai": numbers.get(*[getattr(sop, "standar_waktu_sampai", None)] * 2),
        "persyaratan": [t for t in map(_text, getattr(sop, "persyaratan", ())) if t],
        "produk_layanan": [t for t in map(_text, getattr(sop, "produk_layanan", ())) if t],
    }
    return {
        **extras,
        "nama": _text(sop.nama),
        "nama_prosedur": _text(sop.nama_prosedur) if sop.nama_prosedur != sop.nama else None,
        "nomor": _text(sop.nomor),
        "unit": sop.unit.model_dump(),
        "tanggal": sop.tanggal.model_dump(mode="json"),
        "signer": signer
        and (signer.jabatan, _text(signer.nama), _text(signer.nip), _text(signer.pangkat)),
        "dasar_hukum": list(sop.dasar_hukum),
        "keterkaitan": [link for link in links if link],
        "standar_waktu": _text(sop.standar_waktu),
        "pelaksana": columns,
        "prosedur": steps,
        **lists,
    }


def round_trip(sop: Sop, repository: Repository, tmp_path: Path, lang: str = "id") -> SopEntry:
    data = export_docx(sop, repository, ExportOptions(lang=lang))
    _result, [(entry, _sop, problems)] = drafts_of(data, repository, tmp_path)
    assert not [p for p in problems if p.severity.value == "error"]
    return entry


@pytest.mark.parametrize(
    "sop_id", ["pelayanan-kerjasama", "inovasi-pelayanan", "pemanfaatan-data-dan-dokumen"]
)
def test_exported_seeds_import_as_the_seeds(repository, tmp_path, sop_id):
    original = repository.sop(sop_id).sop
    back = round_trip(original, repository, tmp_path)
    assert comparable(back.sop) == comparable(original)
    # And so the checker sees the same SOP: same totals, same performers.
    checked = {
        r.entry.id: r.timing.main_total.low for r in run_checks(with_entries(repository, back)).sops
    }
    assert checked[back.id] == checked[sop_id]


def test_an_english_export_imports_too(repository, tmp_path):
    original = repository.sop("pemanfaatan-data-dan-dokumen").sop
    back = round_trip(original, repository, tmp_path, lang="en")
    assert comparable(back.sop) == comparable(original)


def _exportable(document: dict) -> dict:
    """A generated SOP whose text Word can hold: a step's performers are columns."""
    for step in document["prosedur"]:
        step["pelaksana"] = [r for r in step["pelaksana"] if r in document["pelaksana"]]
        if not _text(step["kegiatan"]):
            step["kegiatan"] = "x"
    if not _text(document["nama"]):
        document["nama"] = "x"
    return document


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=sop_documents().map(_exportable))
# Found by hypothesis: a PERINGATAN reading like the signer's label ("NAMA PEJABAT")
# started a second SOP, and the procedure lost its identity fields.
@example(
    document={
        "nama": "0",
        "nomor": "",
        "unit": {"bidang": "pdip", "seksi": "kerjasama"},
        "tanggal": {"pembuatan": 2022},
        "disahkan_oleh": {"jabatan": "staf", "nama": ""},
        "standar_waktu": "15 menit",
        "peringatan": "NAMA#PEJABAT",
        "pelaksana": ["staf"],
        "prosedur": [
            {"kegiatan": "0", "pelaksana": [], "waktu": "15 menit", "output": "", "keterangan": ""}
        ],
    }
)
@pytest.mark.slow
def test_random_sops_survive_the_round_trip(repository, tmp_path_factory, document):
    try:
        original = Sop.model_validate(document)
    except ValueError:
        return
    signer = original.disahkan_oleh.nama if original.disahkan_oleh else None
    if any(str(v).startswith(":") for v in (original.nomor or "", original.nama, signer or "")):
        return  # a leading ':' is read as the label's separator (documented)
    if re.search(r"[0-9]{31}", repr(document)):
        return  # over the file limits (30 digits in a row): the draft is refused on load
    back = round_trip(original, repository, tmp_path_factory.mktemp("rt"))
    assert comparable(back.sop) == comparable(original)


# -- bad input ---------------------------------------------------------------------

BAD_INPUTS = {
    "teks.docx": (b"ini bukan dokumen Word", "bukan dokumen Word"),
    "lama.doc": (fx.ole_file(encrypted=False), "dokumen Word lama (.doc)"),
    "rahasia.docx": (fx.ole_file(encrypted=True), "dilindungi kata sandi"),
    "rusak.docx": (fx.word_style_sop()[:3000], "rusak"),
    "bom.docx": (fx.zip_bomb(), "bom zip"),
    "harga.docx": (fx.not_an_sop(), "tidak ada tabel prosedur"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_one_message_and_nothing_is_written(tmp_path, name):
    data, message = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(data)
    out = tmp_path / "draf"
    result = invoke("import", str(tmp_path / name), "--sops", str(SOPS), "--out", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("sop:")]
    assert len(lines) == 1 and message in lines[0] and name in lines[0]
    assert not out.exists()


def test_zip_bomb_is_refused_from_the_directory_before_reading():
    with pytest.raises(DocxError) as error:
        read_docx_bytes(fx.zip_bomb())
    assert error.value.key == "wordio.error.zip_bomb"


def test_import_never_overwrites_and_writes_nothing_of_that_document(tmp_path):
    source = tmp_path / "dua.docx"
    source.write_bytes(fx.two_sops())
    out = tmp_path / "draf"
    out.mkdir()
    (out / "laporan-inovasi.yaml").write_text("punya saya\n", "utf-8")
    result = invoke("import", str(source), "--sops", str(SOPS), "--out", str(out))
    assert result.exit_code == 1
    assert "laporan-inovasi.yaml" in result.stderr
    assert (out / "laporan-inovasi.yaml").read_text("utf-8") == "punya saya\n"
    assert sorted(p.name for p in out.iterdir()) == ["laporan-inovasi.yaml"]


def test_cli_export_then_import_then_validate(tmp_path):
    out = tmp_path / "word"
    exported = invoke("export", str(SOPS / "pdip"), "--docx", str(out), "--kertas", "f4")
    assert exported.exit_code == 0, exported.output
    files = sorted(out.glob("*.docx"))
    assert len(files) == 3
    drafts = tmp_path / "draf"
    imported = invoke("import", *map(str, files), "--sops", str(SOPS), "--out", str(drafts))
    assert imported.exit_code == 0, imported.output
    assert len(list(drafts.glob("*.yaml"))) == 3
    validated = invoke("validate", "--sops", str(SOPS), str(drafts))
    assert validated.exit_code == 0, validated.output


def test_registry_entries_for_unknown_names_are_printed_ready_to_paste(tmp_path):
    source = tmp_path / "surat.docx"
    source.write_bytes(fx.marks_sop())
    result = invoke("import", str(source), "--sops", str(SOPS), "--out", str(tmp_path / "d"))
    assert result.exit_code == 0
    assert "  kasubbag_umum:\n    nama: Kasubbag Umum\n" in result.output


# -- a look at the page ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_exported_seed_as_a_page_image(repository, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "pelayanan-kerjasama.docx"
    source.write_bytes(export_docx(repository.sop("pelayanan-kerjasama").sop, repository))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "pelayanan-kerjasama.pdf"
    assert pdf.stat().st_size > 10_000
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", str(pdf), str(ARTIFACTS / "pelayanan-kerjasama")],
        check=True,
        timeout=60,
    )
    pages = sorted(ARTIFACTS.glob("pelayanan-kerjasama-*.png"))
    assert len(pages) >= 2  # identity page, then the landscape procedure table


@settings(max_examples=40, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=60_000),
    junk=st.sampled_from(
        [
            "",
            "<",
            "</w:tc>",
            "<w:tr>",
            '<w:gridSpan w:val="99999"/>',
            "&amp;",
            "<w:vMerge/>",
            "\x00",
        ]
    ),
    cut=st.integers(min_value=0, max_value=400),
)
def test_damaged_document_xml_never_raises(position, junk, cut):
    original = zipfile.ZipFile(BytesIO(fx.word_style_sop()))
    xml = original.read("word/document.xml").decode()
    position = min(position, len(xml))
    broken = xml[:position] + junk + xml[position + cut :]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in original.namelist():
            data = broken.encode() if name == "word/document.xml" else original.read(name)
            archive.writestr(name, data)
    try:
        blocks = read_docx_bytes(buffer.getvalue())
    except DocxError as error:
        assert error.key.startswith("wordio.error.")
        return
    from generator.wordio.sop_import import read_sops

    read_sops(blocks)


def test_signature_rows_headings_without_subcolumns_and_shapes_placed_from_the_margin(
    repository, tmp_path
):
    result, [(entry, sop, problems)] = drafts_of(fx.real_variants_sop(), repository, tmp_path)
    assert not problems
    assert sop.nama == "Penerbitan Surat Kerjasama"
    assert str(sop.tanggal.pembuatan) == "2021-07-12"
    signer = sop.disahkan_oleh
    assert (signer.jabatan, signer.nama, signer.nip) == (
        "kadis",
        "Ir. DEWI ISNAINI, M.Si",
        "196902021992122001",
    )
    assert sop.pelaksana == ("staf", "kasi_kerjasama", "kabid_pdip")
    assert [s.pelaksana for s in sop.prosedur] == [
        ("staf",),
        ("kasi_kerjasama",),
        ("kabid_pdip",),
        ("staf",),
    ]
    assert [s.kind.value for s in sop.prosedur] == ["mulai", "proses", "keputusan", "proses"]
    # "Ya" beside the diamond, "Tidak" floating one row down: both the diamond's;
    # the target of "Tidak" guessed from "dikembalikan kepada staf" (step 1), and said so.
    assert sop.prosedur[2].jawaban == {"Ya": "lanjut", "Tidak": 1}
    assert sop.prosedur[3].jawaban is None
    assert "jawaban 'Tidak' tanpa tujuan; tujuan ditebak" in result.drafts[0].text
    report = run_checks(with_entries(repository, entry))
    [checked] = [r for r in report.sops if r.entry.id == entry.id]
    assert checked.timing.main_total.low == fx.VARIANT_TOTAL


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_document_saved_again_by_another_word_processor_imports_the_same(repository, tmp_path):
    """LibreOffice rewrites every part of the file its own way (shapes, tables, styles):
    the SOP read from its .docx is still the seed."""
    original = repository.sop("pelayanan-kerjasama").sop
    source = tmp_path / "asli" / "kerjasama.docx"
    source.parent.mkdir()
    source.write_bytes(export_docx(original, repository))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = (tmp_path / "kerjasama.docx").read_bytes()
    assert resaved != source.read_bytes()
    _result, [(_entry, back, _problems)] = drafts_of(resaved, repository, tmp_path, "lo.docx")
    assert comparable(back) == comparable(original)


def test_a_flowchart_drawn_as_one_group_over_the_table(repository, tmp_path):
    result, [(entry, sop, problems)] = drafts_of(fx.drawn_over_sop(), repository, tmp_path)
    assert not problems
    assert [s.pelaksana for s in sop.prosedur] == [
        ("staf",),
        ("staf",),
        ("kasi_kerjasama",),
        ("kadis",),
        ("staf", "kasi_kerjasama"),
    ]
    kinds = ["mulai", "proses", "keputusan", "proses", "proses"]
    assert [s.kind.value for s in sop.prosedur] == kinds
    assert sop.prosedur[2].pertanyaan == "Lengkap?"
    # "Tidak" goes where the connector leaving the diamond ends (step 1), not the step before.
    assert sop.prosedur[2].jawaban == {"Ya": "lanjut", "Tidak": 1}
    assert "simbol yang digambar di atas tabel" in result.drafts[0].text
    report = run_checks(with_entries(repository, entry))
    [checked] = [r for r in report.sops if r.entry.id == entry.id]
    assert checked.timing.main_total.low == fx.DRAWN_TOTAL


NEWER_FORMS = {
    "nama": "Layanan Baru",
    "unit": {"bidang": "pdip", "seksi": "kerjasama"},
    "jenis_layanan": "Administratif",
    "biaya_tarif": "Tidak dipungut biaya",
    "persyaratan": ["KTP", "Surat permohonan"],
    "produk_layanan": ["Surat kerjasama"],
    "standar_waktu": "2 hari",
    "standar_waktu_mulai": 2,
    "standar_waktu_sampai": "akhir",
    "pelaksana": ["staf", "kasi_kerjasama", "kabid_pdip", "instansi_terkait"],
    "prosedur": [
        {"kegiatan": "Menerima", "pelaksana": "staf", "waktu": "10 menit"},
        {
            "kegiatan": "Memeriksa",
            "pelaksana": "kasi_kerjasama",
            "jawaban": {"Ya": "lanjut", "Tidak": "akhir"},
            "waktu": "20 menit",
        },
        {
            "kegiatan": "Memaraf",
            "pelaksana": ["kasi_kerjasama", "kabid_pdip"],
            "pelaksana_salah_satu": True,
            "lanjut_ke": "akhir",
            "waktu": "1 jam",
        },
        {"kegiatan": "Menunggu tanda tangan", "pelaksana": "instansi_terkait", "menunggu": True},
        {"id": "akhir", "kegiatan": "Mengarsipkan", "pelaksana": "staf", "bersamaan": True},
    ],
}


@pytest.mark.skipif(
    "lanjut_ke" not in Langkah.model_fields, reason="the model has no jumps or step flags yet"
)
def test_jumps_step_flags_and_service_fields_survive_the_round_trip(repository, tmp_path):
    original = Sop.model_validate(NEWER_FORMS)
    back = round_trip(original, repository, tmp_path)
    assert comparable(back.sop) == comparable(original)
    assert back.sop.prosedur[2].lanjut_ke == 5  # the step id comes back as its number
    assert back.sop.prosedur[2].pelaksana_salah_satu
    assert back.sop.standar_waktu_sampai == 5


def test_hostile_text_from_word_stays_text_and_the_draft_is_deterministic(repository, tmp_path):
    """Text from Word never changes the draft's YAML: not in values, not in comments."""
    roles = ["Kasi X\nstatus: berlaku # ", "Staf"]
    steps = [
        fx.Step('Menerima "berkas": {a: 1}\n- kegiatan: sisipan', [0], "15 menit"),
        fx.Step("Memeriksa # bukan komentar", [1], "30 menit\u2028x", output="*/\\u0000"),
    ]
    body = fx.table(
        fx.grid(roles),
        *fx.procedure_header(roles, fx.INDONESIAN),
        *fx.procedure_rows(roles, steps),
    )
    data = fx.package(fx.identity_table([("Nama SOP", "Uji: [x]")], ["SEKSI KERJASAMA"]) + body)
    result, [(_entry, sop, _problems)] = drafts_of(data, repository, tmp_path)
    assert sop.nama == "Uji: [x]"
    assert sop.status.value == "draf"
    assert [s.kegiatan for s in sop.prosedur] == [
        # the fixture's line break is a soft break (w:br): a space in a one-line cell
        'Menerima "berkas": {a: 1} - kegiatan: sisipan',
        "Memeriksa # bukan komentar",
    ]
    assert sop.prosedur[1].waktu == "30 menit\u2028x"
    assert sop.prosedur[1].output == "*/\\u0000"
    [new_role] = result.drafts[0].draft.new_roles
    assert new_role.id == "kasi_x_status_berlaku"
    again = import_docx(
        tmp_path / "x.docx", repository, schema_path="s.json", lang="id", taken=set()
    )
    assert again.drafts[0].text == result.drafts[0].text
