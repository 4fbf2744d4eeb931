"""Round 5 field test (i13): eight SOPs transcribed from kinds of office not met before
(Bapenda, Dinas Sosial, BPBD, Dishub uji KIR, UPTD Puskesmas, DLH, BKPSDM), with the
time phrases, flows, signers and numbers of published SOP AP; then hostile files of
classes not covered before (active SVG logos, invisible characters in names and file
names, symlinks out of the project, macro-enabled Word files, payloads in the charts).

Fixtures: tests/fixtures/kantor_r5/<office>/sops. Each test below the first failed
before its fix, unless its docstring says it holds a behaviour that already worked.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .field_offices import check_json, office_copy
from .site_project import run_sop

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kantor_r5"
OFFICES = sorted(p.name for p in FIXTURES.iterdir() if (p / "sops").is_dir())


def _office(tmp_path: Path, name: str) -> Path:
    return office_copy(FIXTURES, tmp_path, name)


_check = check_json


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _by_id(data: dict) -> dict[str, dict]:
    return {summary["id"]: summary for summary in data["sops"]}


@pytest.mark.parametrize("office", OFFICES)
def test_every_transcription_loads_and_checks_without_errors(office: str, tmp_path: Path) -> None:
    """Holds the transcriptions to what they are: valid. (The BPBD SOP's "03/2026"
    dates were an error before the month-and-year form was read.)"""
    data = _check(_office(tmp_path, office))
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert errors == [], errors
    assert data["broken"] == []
    expected = len(list((FIXTURES / office / "sops").glob("*.yaml"))) - 2  # the registries
    assert len(data["sops"]) == expected == 2


@pytest.mark.slow
def test_the_time_phrases_of_published_sops_add_up(tmp_path: Path) -> None:
    """Already worked, held here: "5-10 menit", "½ jam", "5 menit per berkas",
    "1 x 24 jam", "2 (dua) minggu", "paling lama 30 hari kalender"; "sesuai SLA",
    "tentatif", "segera", "per berkas" are known unknowns named in the totals."""
    bapenda = _by_id(_check(_office(tmp_path, "bapenda_lahat")))
    pbb = bapenda["pendaftaran-objek-pbb"]
    # 5-10 + 5 + 30 + (tentatif) + (sesuai SLA) + 1 day + 10 minutes
    assert (pbb["main_path_minutes"], pbb["main_path_minutes_max"]) == (500, 505)
    assert (pbb["complete"], pbb["untimed_steps"]) == (False, [4, 5])
    keberatan = bapenda["keberatan-pbb"]
    assert keberatan["untimed_steps"] == [7]  # "segera"
    assert keberatan["main_path_bound"] is not None  # "paling lama 30 hari kalender"
    assert keberatan["office_minutes"] == 5 + 10 * 450 + 3 * 450 + 450  # 2 (dua) minggu
    dlh = _by_id(_check(_office(tmp_path, "dlh_bkd_muaraenim")))
    cuti = dlh["cuti-tahunan"]
    assert cuti["target_steps"] == [3, 4, 5, 6] and cuti["untimed_steps"] == [6]  # "-"
    assert cuti["waiting_minutes"] == 15 + 450  # the PNS and the atasan: outside the office
    ukl = dlh["persetujuan-ukl-upl"]
    assert ukl["main_path_minutes"] == (2 + 10 + 1 + 1) * 450
    kir = _by_id(_check(_office(tmp_path, "dishub_puskesmas_prabumulih")))["uji-kir"]
    # A loop that waits for the owner's repair of unknown length: off the main path.
    assert kir["main_path_steps"] == [1, 2, 3, 4, 6] and kir["complete"] is True


@pytest.mark.parametrize(
    ("text", "year", "month"),
    [("03/2026", 2026, 3), ("3-2026", 2026, 3), ("12.2025", 2025, 12), ("Maret 2026", 2026, 3)],
)
def test_a_month_written_as_forms_print_it_is_a_date(text: str, year: int, month: int) -> None:
    from generator.model.tanggal import PartialDate, parse_partial_date

    assert parse_partial_date(text) == PartialDate(year, month)


@pytest.mark.parametrize(
    "text", ["00/2026", "2026-00", "0 Maret 2026", "00-03-2026", "2026-03-00", "13/2026"]
)
def test_a_month_or_day_of_zero_is_no_date(text: str) -> None:
    """A month or day 0 used to pass (`month or 1`), and `sop generate` then stopped
    with a traceback looking up the name of month 0."""
    from pydantic_core import PydanticCustomError

    from generator.model.tanggal import parse_partial_date

    with pytest.raises(PydanticCustomError):
        parse_partial_date(text)


def test_a_month_that_does_not_exist_is_still_an_error(tmp_path: Path) -> None:
    folder = _office(tmp_path, "dinsos_bpbd_ogan")
    sop = folder / "sops" / "tanggap-darurat.yaml"
    _edit(sop, "pembuatan: 03/2026", "pembuatan: 13/2026")
    data = _check(folder)
    (found,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert (found["rule"], found["line"], found["column"]) == ("loader.wrong_value", 7, 22)
    assert "03/2022" in found["message"]  # the forms it reads, this one included


@pytest.mark.parametrize(
    ("file", "written", "role_id"),
    [
        ("persetujuan-ukl-upl", "Kasi Kajian", "kepala_seksi_kajian"),
        ("persetujuan-ukl-upl", "Kabid TL", "kepala_bidang_tl"),
        ("persetujuan-ukl-upl", "Ka. Bidang TL", "kepala_bidang_tl"),
        ("cuti-tahunan", "Kepala Subbidang Kesejahteraan", "kasubbid_kesejahteraan"),
    ],
)
def test_a_role_written_with_another_short_form_is_pointed_to_its_id(
    file: str, written: str, role_id: str, tmp_path: Path
) -> None:
    """The SOP writes "Kasi Kajian", the registry "Kepala Seksi Kajian": the hint said to
    register a new role 'kasi_kajian' (a duplicate); now it names the role meant."""
    folder = _office(tmp_path, "dlh_bkd_muaraenim")
    _edit(folder / "sops" / f"{file}.yaml", f"pelaksana: {role_id}", f"pelaksana: {written}")
    data = _check(folder)
    (found,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert found["rule"] == "loader.role_by_name", found
    assert f"'{role_id}'" in found["hint"]


def test_a_lone_short_form_is_not_taken_for_one_role(tmp_path: Path) -> None:
    """ "Kasi" alone names a kind of position: it is a near miss, not a role's name."""
    from generator.role_abbreviations import long_form

    assert long_form("kasi") == "kasi"
    assert long_form("kasi kajian") == "kepala seksi kajian"
    assert long_form("kasie pelayanan") == "kepala seksi pelayanan"


@pytest.mark.slow
def test_a_jump_to_a_missing_step_names_lanjut_ke_and_how_to_reach_another_sop(
    tmp_path: Path,
) -> None:
    """Was "jawaban 'lanjut_ke' langkah 2 ...": lanjut_ke is a field, not an answer."""
    folder = _office(tmp_path, "bapenda_lahat")
    sop = folder / "sops" / "keberatan-pbb.yaml"
    _edit(
        sop,
        "    output: Register keberatan\n",
        "    output: Register keberatan\n    lanjut_ke: 12\n",
    )
    _edit(sop, "Ditolak: selesai", "Ditolak: lanjut ke SOP Banding Pajak Daerah")
    data = _check(folder)
    found = [f for f in data["findings"] if f["rule"] == "tujuan-tak-ada"]
    assert [(f["line"], f["column"]) for f in found] == [(31, 16), (51, 44)]
    jump, answer = found
    assert jump["message"].startswith("isian 'lanjut_ke' langkah 2 menuju '12'")
    assert "jawaban" not in jump["message"]
    assert answer["message"].startswith("jawaban 'Ditolak' langkah 6 menuju 'lanjut ke SOP")
    for finding in found:
        assert "1 sampai 7" in finding["hint"] and "SOP lain, tulis 'selesai'" in finding["hint"]
    (dead,) = [f for f in data["findings"] if f["rule"] == "jalan-buntu"]
    assert "keputusan ini" not in dead["hint"] and "lanjut_ke" in dead["hint"]
    english = json.loads(run_sop(folder, "--lang", "en", "check", "--format", "json").stdout)
    (jump_en, _) = [f for f in english["findings"] if f["rule"] == "tujuan-tak-ada"]
    assert jump_en["message"].startswith("field 'lanjut_ke' of step 2 leads to '12'")


def test_a_loop_closed_by_lanjut_ke_names_the_field(tmp_path: Path) -> None:
    """Uji KIR as first typed: "Lulus: lanjut" goes to the repair row (5), whose jump
    returns to the test: a loop without exit, reported at the lanjut_ke."""
    folder = _office(tmp_path, "dishub_puskesmas_prabumulih")
    _edit(
        folder / "sops" / "uji-kir.yaml",
        "jawaban: {Lulus: 6, Tidak lulus: lanjut}",
        "jawaban: {Lulus: lanjut, Tidak lulus: 5}",
    )
    data = _check(folder)
    loops = [f for f in data["findings"] if f["rule"] == "putaran-tanpa-keluar"]
    messages = [f["message"] for f in loops]
    assert any(m.startswith("isian 'lanjut_ke' langkah 5 kembali ke langkah 3") for m in messages)
    assert not any("'lanjut_ke'" in m and "jawaban 'lanjut_ke'" in m for m in messages)


# --- hostile files -----------------------------------------------------------

SVG = b'<svg xmlns="http://www.w3.org/2000/svg">'


@pytest.mark.parametrize(
    "svg",
    [
        SVG + b'<g><set attributeName="href" to="javascript:alert(1)"/><rect/></g></svg>',
        SVG + b'<animate attributeName="href" values="JaVaScRiPt:alert(1)"/></svg>',
        SVG + b'<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script></svg>',
        SVG + b'<handler xmlns="http://www.w3.org/2001/xml-events">alert(1)</handler></svg>',
        SVG + b'<style>@import "http://203.0.113.9/x.css";</style></svg>',
        SVG + b'<style>@im\\70 ort "http://203.0.113.9/x.css";</style></svg>',
        SVG + b'<image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Lz48L3N2Zz4="/></svg>',
        SVG[:-1] + b' xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>',
        SVG[:-1] + b' xmlns:s="http://www.w3.org/2000/svg"><s:foreignObject/></svg>',
        SVG[:-1] + b' xmlns:s="http://www.w3.org/2000/svg"><s:set to="javascript:x"/></svg>',
        SVG + b'<style>/*&lt;*/@\\69mport "http://203.0.113.9/x.css";</style></svg>',
        SVG + b'<style><![CDATA[@\\69mport "http://203.0.113.9/x.css";]]></style></svg>',
        SVG + b'<rect style="fill:u\\72l(http://203.0.113.9/x)"/></svg>',
    ],
    ids=["set-href", "animate-href", "xhtml-script", "xml-events", "import", "css-escape",
         "nested-svg", "prefixed-script", "prefixed-foreignobject", "prefixed-set",
         "escape-after-lt", "escape-in-cdata", "escape-in-style-attribute"],
)  # fmt: skip
def test_an_svg_logo_that_can_act_is_refused(svg: bytes, tmp_path: Path) -> None:
    """Variants the first SVG filter let through; a plain logo with a style and an
    embedded PNG is still read."""
    from generator.safepath import UnsafePathError, read_project_file

    kinds = {"png", "jpeg", "svg"}
    (tmp_path / "logo.svg").write_bytes(svg)
    with pytest.raises(UnsafePathError) as refused:
        read_project_file(tmp_path, "logo.svg", max_bytes=10_000, kinds=kinds)
    # Refused as active, not merely as broken XML: a typo in a payload must not pass.
    assert refused.value.code == "active_svg", refused.value.args_
    plain = SVG + b'<style>rect{fill:#c00}</style><rect/><image href="data:image/png;base64,iVBO"/>'
    (tmp_path / "logo.svg").write_bytes(plain + b"</svg>")
    assert read_project_file(tmp_path, "logo.svg", max_bytes=10_000, kinds=kinds).kind == "svg"


def test_an_active_svg_logo_in_the_registry_is_a_finding_at_its_line(tmp_path: Path) -> None:
    folder = _office(tmp_path, "bapenda_lahat")
    (folder / "sops" / "logo.svg").write_bytes(
        SVG + b'<g><set attributeName="href" to="javascript:alert(1)"/><rect/></g></svg>'
    )
    _edit(
        folder / "sops" / "organisasi.yaml",
        "  singkatan: Bapenda\n",
        "  singkatan: Bapenda\n  logo: logo.svg\n",
    )
    result = run_sop(folder, "check")
    assert "Traceback" not in result.stderr, result.stderr
    assert "sops/organisasi.yaml:5:9: galat safepath.active_svg" in result.stdout, result.stdout


RLO, ZWSP = "\u202e", "\u200b"


def test_invisible_characters_in_file_and_sop_names_are_shown_and_told_apart(
    tmp_path: Path,
) -> None:
    """An RLO in a file name was printed raw at the head of the report line (the
    terminal reordered it) and in the list of broken files; a zero-width space made two
    SOPs of the same name look like one, with no finding."""
    folder = _office(tmp_path, "bapenda_lahat")
    sops = folder / "sops"
    source = (sops / "keberatan-pbb.yaml").read_text(encoding="utf-8")
    (sops / f"keberatan-{RLO}pbb.yaml").write_text(source, encoding="utf-8")
    twin = source.replace(
        "nama: Pengajuan Keberatan PBB-P2", f'nama: "Pengajuan Keberatan{ZWSP} PBB-P2"'
    ).replace("nomor: 973/124/BAPENDA/2026", "nomor: 973/125/BAPENDA/2026")
    (sops / "keberatan-kedua.yaml").write_text(twin, encoding="utf-8")
    result = run_sop(folder, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert RLO not in result.stdout and ZWSP not in result.stdout
    assert "sops/keberatan-<U+202E>pbb.yaml:1:1: galat loader.bad_file_name" in result.stdout
    assert "\n    sops/keberatan-<U+202E>pbb.yaml\n" in result.stdout  # the broken files
    assert "Pengajuan Keberatan<U+200B> PBB-P2 (7 langkah)" in result.stdout
    twins = [line for line in result.stdout.splitlines() if " nama-ganda " in line]
    assert [line.split(":")[0] for line in twins] == [
        "sops/keberatan-kedua.yaml",
        "sops/keberatan-pbb.yaml",
    ]
    assert "<U+200B>" in twins[0] and "keberatan-pbb" in twins[0]


@pytest.mark.parametrize(
    ("one", "other", "alike"),
    [
        ("Pengajuan Keberatan", "pengajuan  keberatan", True),
        ("Pengajuan Keberatan", f"Pengajuan{RLO} Keberatan", True),
        ("Pengajuan Keberatan", "Ｐｅｎｇａｊｕａｎ Keberatan", True),  # full-width
        ("Pengajuan Keberatan", "Pengajuan Keberatan PBB", False),
    ],
)
def test_names_are_compared_as_a_reader_sees_them(one: str, other: str, alike: bool) -> None:
    from generator.check.rules.nama_ganda import as_read

    assert (as_read(one) == as_read(other)) is alike


def _exported_docx(folder: Path, sop: str) -> Path:
    out = folder / f"{sop}.docx"
    result = run_sop(folder, "export", f"sops/{sop}.yaml", "--docx", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _rezip(source: Path, target: Path, change, extra: dict[str, bytes]) -> None:
    """`source` copied to `target`, each part through `change(name, data)`, plus `extra`."""
    import zipfile

    with zipfile.ZipFile(source) as old:
        parts = [(info.filename, old.read(info.filename)) for info in old.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts:
            new.writestr(name, change(name, data))
        for name, data in extra.items():
            new.writestr(name, data)


@pytest.mark.slow
def test_a_macro_enabled_word_file_renamed_docx_imports_its_text_only(tmp_path: Path) -> None:
    """Holds (already worked): a .docm saved as .docx, with a VBA project whose
    AutoOpen would run a program; the import reads the text and nothing of the macro."""
    folder = _office(tmp_path, "bapenda_lahat")
    source = _exported_docx(folder, "pendaftaran-objek-pbb")
    macro = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1Attribute VB_Name = AutoOpen: Shell(KANARI-VBA)"

    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = data.replace(
                b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
            ).replace(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                b"</Types>",
            )
        if name == "word/_rels/document.xml.rels":
            data = data.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
            )
        return data

    _rezip(source, folder / "makro.docx", change, {"word/vbaProject.bin": macro})
    result = run_sop(folder, "import", "makro.docx", "--out", "draf")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    (draft,) = (folder / "draf").iterdir()
    text = draft.read_text(encoding="utf-8")
    assert "Menyerahkan SPPT dan/atau surat keterangan NOP" in text
    assert "KANARI-VBA" not in text and "AutoOpen" not in text
    assert sorted(p.name for p in (folder / "draf").iterdir()) == [draft.name]


@pytest.mark.slow
def test_a_word_file_of_six_thousand_parts_is_refused_as_such(tmp_path: Path) -> None:
    """Was "too large after unpacking (zip bomb)" for a file of small empty parts."""
    folder = _office(tmp_path, "bapenda_lahat")
    source = _exported_docx(folder, "keberatan-pbb")
    extra = {f"word/media/x{n}.bin": b"" for n in range(6000)}
    _rezip(source, folder / "banyak.docx", lambda _name, data: data, extra)
    result = run_sop(folder, "import", "banyak.docx", "--out", "draf")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("sop: ")]
    assert "bagian (batas 5000;" in line and "bom zip" not in line
    assert not (folder / "draf").exists() or not list((folder / "draf").iterdir())


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="no symlinks")
def test_links_out_of_the_project_are_refused_and_never_read(tmp_path: Path) -> None:
    """Holds (already worked): an SOP file that is a link to a file outside the project
    is an error at that file; a linked folder (outside, or back to itself) is not
    followed; the other SOPs are checked as usual."""
    import os

    folder = _office(tmp_path, "bapenda_lahat")
    outside = tmp_path / "luar"
    (outside / "map").mkdir(parents=True)
    secret = (folder / "sops" / "keberatan-pbb.yaml").read_text(encoding="utf-8")
    secret = secret.replace("Pengajuan Keberatan PBB-P2", "KANARI-RAHASIA")
    (outside / "rahasia.yaml").write_text(secret, encoding="utf-8")
    (outside / "map" / "lain.yaml").write_text(secret, encoding="utf-8")
    try:
        os.symlink(outside / "rahasia.yaml", folder / "sops" / "tautan.yaml")
        os.symlink(outside / "map", folder / "sops" / "map-luar", target_is_directory=True)
        os.symlink(folder / "sops", folder / "sops" / "putar", target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not permitted here")
    data = _check(folder)
    assert [(f["path"], f["rule"]) for f in data["findings"] if f["severity"] == "error"] == [
        ("sops/tautan.yaml", "safepath.outside")
    ]
    assert sorted(_by_id(data)) == ["keberatan-pbb", "pendaftaran-objek-pbb"]
    assert "KANARI-RAHASIA" not in json.dumps(data)


TYPST = (
    '#read("/etc/hostname") #include "rahasia.typ" #eval("1+1") #footnote[catatan] '
    '#link("javascript:alert(1)")[klik] $x^2$ <lbl> @lbl'
)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_a_poisoned_office_with_a_broken_draft_builds_and_no_page_acts(tmp_path: Path) -> None:
    """The injection corpus in every text of the Dinas Sosial/BPBD office (loops,
    steps at the same time, jumps by id, external roles) and Typst in its texts, plus
    a draft that does not load: `sop build` publishes the rest and lists the draft;
    no flowchart SVG holds script, foreignObject or an event or javascript: link; in
    Chromium no page calls alert/fetch/XHR or navigates, and no request leaves; the
    book prints the Typst as text. (Holds: no change was needed for this class.)"""
    import functools
    import http.server
    import subprocess
    import threading
    import xml.etree.ElementTree as ElementTree

    from .cdp import Chromium
    from .injection.corpus import poison_project
    from .test_injection import HOOKS, _own_file_read, _Quiet

    repo = Path(__file__).resolve().parent.parent
    folder = _office(tmp_path, "dinsos_bpbd_ogan")
    shutil.copy(repo / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(repo / "docs", folder / "docs")
    (folder / "rahasia.typ").write_text("KANARI-TYPST", encoding="utf-8")
    _edit(
        folder / "sops" / "tanggap-darurat.yaml",
        "peringatan: Korban tidak tertangani dan kerugian bertambah",
        f"peringatan: {json.dumps(TYPST)}",
    )
    counts = poison_project(folder, copies=2)
    assert sum(counts.values()) > 100, counts
    (folder / "sops" / "draf-rusak.yaml").write_text(
        "nama: Draf Rusak\nunit: {bidang: linjamsos\nprosedur: [\n", encoding="utf-8"
    )
    result = run_sop(folder, "build")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "sops/draf-rusak.yaml" in result.stderr
    site = folder / "site"
    review = (site / "tinjauan" / "index.html").read_text(encoding="utf-8")
    assert "draf-rusak.yaml" in review
    published = sorted(p.name for p in (site / "sop").iterdir() if p.is_dir())
    assert len(published) == 4 and not [p for p in published if "rusak" in p], published
    shown = "".join(p.read_text("utf-8") for p in (site / "sop").rglob("*.html"))
    assert "alert(1)" in shown and "#eval(" in shown  # the payloads are there, as text
    charts = sorted((site / "sop").rglob("*.svg"))
    assert len(charts) >= 4
    for svg in charts:
        for element in ElementTree.parse(svg).iter():
            assert element.tag.split("}")[-1].lower() not in ("script", "foreignobject"), svg
            for name, value in element.attrib.items():
                name = name.split("}")[-1].lower()
                assert not name.startswith("on"), (svg, name)
                if name in ("href", "src"):
                    assert ":" not in value.split("/")[0], (svg, value)  # no scheme
    # The BPMN of a poisoned SOP with a loop by id: XML with no script and no link.
    drawn = sorted((folder / "sops").glob("tanggap-darurat-r*.yaml"))[0]
    bpmn = run_sop(folder, "flowchart", str(drawn), "--format", "bpmn")
    assert bpmn.returncode == 0, bpmn.stderr
    assert "alert(1)" in bpmn.stdout  # the payloads are there, as text
    for element in ElementTree.fromstring(bpmn.stdout.encode("utf-8")).iter():
        assert "script" not in element.tag.lower(), element.tag
        assert not [a for a in element.attrib if "href" in a.lower()], element.attrib
    # Every page in Chromium, with every call that could act hooked.
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] in ("sop", "tinjauan", "jabatan", "bidang", "index.html")
    )
    try:
        with Chromium(
            shutil.which("chromium") or "chromium",
            tmp_path / "profil",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ) as browser:
            page = browser.new_page()
            page.send("Page.addScriptToEvaluateOnNewDocument", {"source": HOOKS})
            calls: dict[str, list[str]] = {}
            for path in pages:
                page.navigate(url + path)
                found = page.evaluate(
                    "(() => { for (const el of document.querySelectorAll('body *'))"
                    " for (const kind of ['mouseover', 'focus', 'animationstart'])"
                    " el.dispatchEvent(new Event(kind));"
                    " return window.__calls.slice(); })()"
                )
                assert page.evaluate("location.href") == url + path
                unexpected = [c for c in found if not _own_file_read(c, url, site)]
                if unexpected:
                    calls[path] = unexpected
            outside = [u for u in browser.requested_urls() if not u.startswith((url, "data:"))]
    finally:
        server.shutdown()
        server.server_close()
    assert len(pages) > 10 and calls == {} and outside == [], (calls, outside)
    books = sorted(site.rglob("*.pdf"))
    assert books
    if shutil.which("pdftotext") is not None:
        text = subprocess.run(
            ["pdftotext", "-raw", str(books[0]), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        flat = "".join(text.split())
        assert '#read("/etc/hostname")' in flat and "#footnote[catatan]" in flat
        assert "KANARI-TYPST" not in text
    for book in books:
        assert b"KANARI-TYPST" not in book.read_bytes()


@pytest.mark.slow
def test_an_unanswered_monitoring_record_does_not_stop_the_register(tmp_path: Path) -> None:
    """As a new user: `sop pantau` writes the empty record, then `sop report` wrote
    nothing (exit 1) until every answer was filled in; now it reports the record's
    problems and writes the register of every SOP, as `sop build` does."""
    folder = _office(tmp_path, "bapenda_lahat")
    started = run_sop(folder, "pantau", "pendaftaran-objek-pbb", "--tanggal", "2026-06-01")
    assert started.returncode == 0, started.stderr
    result = run_sop(folder, "report", "--csv", "register.csv", "--tanggal", "2026-06-01")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "sops/pemantauan/2026-1/pendaftaran-objek-pbb.yaml:" in result.stdout
    rows = (folder / "register.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 3 and "973/123/BAPENDA/2026" in "".join(rows)


def _repository(office: str):
    from generator.loader import load_repository

    loaded = load_repository(FIXTURES / office / "sops")
    assert loaded.repository is not None
    return loaded.repository


@pytest.mark.parametrize(
    ("written", "acting", "nama"),
    [
        ("Plh. Hj. Siti Aminah, S.Kom., M.Si.", "Plh.", "Hj. Siti Aminah, S.Kom., M.Si."),
        ("PLT. Ir. Heri Setiawan, S.T., M.T.", "Plt.", "Ir. Heri Setiawan, S.T., M.T."),
        ("Pj.  Drs. H. Amin", "Pj.", "Drs. H. Amin"),
        ("Pjs.H. Amin", "Pjs.", "H. Amin"),
        ("H. Ahmad Rizal, S.Kom., M.Si.", "", "H. Ahmad Rizal, S.Kom., M.Si."),
        ("Pltu Nama", "", "Pltu Nama"),
    ],
)
def test_an_acting_signer_prefix_is_read_off_the_name(written: str, acting: str, nama: str) -> None:
    from generator.resolved import acting_prefix

    assert acting_prefix(written) == (acting, nama)


def test_an_acting_signer_signs_as_plh_of_the_position(tmp_path: Path) -> None:
    """ "Plh." copied before the name was printed "Kepala Badan ... / Plh. Hj. Siti
    Aminah"; the form puts it before the position: "Plh. Kepala Badan ... / Hj. Siti
    Aminah", on the identity page, the site and the register alike (one resolved
    signer), and in the Keputusan's signature (not in its title)."""
    from generator.handbook.keputusan import build_keputusan
    from generator.resolved import resolve

    repository = _repository("dlh_bkd_muaraenim")
    entry = next(e for e in repository.sops if e.id == "cuti-tahunan")
    signer = resolve(entry, repository).signer
    assert signer is not None
    assert signer.jabatan.nama == "Plh. Kepala Badan Kepegawaian dan Pengembangan SDM"
    assert signer.nama == "Hj. Siti Aminah, S.Kom., M.Si."
    keputusan = build_keputusan(repository, [entry], ["Bidang Mutasi"], "id")
    assert keputusan.penanda_tangan[:2] == (
        "Plh. KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM,",
        "Hj. Siti Aminah, S.Kom., M.Si.",
    )
    assert "PLH" not in keputusan.judul.upper()


def test_a_region_the_office_name_already_holds_is_not_printed_twice() -> None:
    """ "Pemerintah Kabupaten Muara Enim" in Kabupaten Muara Enim was printed
    "Pemerintah Kabupaten Muara Enim Kabupaten Muara Enim" on every page of the book,
    and twice in the Keputusan's letterhead."""
    from generator.handbook.keputusan import build_keputusan

    repository = _repository("dlh_bkd_muaraenim")
    instansi = repository.organisasi.instansi
    assert instansi.nama_lengkap == "Pemerintah Kabupaten Muara Enim"
    keputusan = build_keputusan(repository, list(repository.sops), ["a", "b"], "id")
    assert keputusan.kop == ("PEMERINTAH KABUPATEN MUARA ENIM",)
    other = _repository("bapenda_lahat").organisasi.instansi
    assert other.nama_lengkap == "Badan Pendapatan Daerah Kabupaten Lahat"


@pytest.mark.slow
def test_a_dash_in_kelengkapan_is_no_item_to_tick(tmp_path: Path) -> None:
    """BKPSDM's filing step leaves its mutu baku blank with "-", as the form does: the
    checklist gave it a checkbox labelled "-"; the table still shows the dash."""
    folder = _office(tmp_path, "dlh_bkd_muaraenim")
    result = run_sop(folder, "generate", "--out", "keluar")
    assert result.returncode == 0, result.stderr
    page = (folder / "keluar" / "sop" / "cuti-tahunan" / "daftar-periksa.md").read_text("utf-8")
    boxes = [line for line in page.splitlines() if line.startswith("<li><label><input")]
    assert len(boxes) == 5 and not [b for b in boxes if b.endswith("> &#45;</label></li>")]
    assert "6. Mengarsipkan surat izin cuti</strong>" not in page  # nothing to check there
    assert "<td>Mengarsipkan surat izin cuti</td><td>&#45;</td>" in page
    assert "## Kelengkapan per langkah\n\n<div" in page  # the heading stays a heading


@pytest.mark.parametrize(
    "logo",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " vbscript:msgbox(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "http://203.0.113.9/logo.png",
        "file:///etc/hostname",
    ],
)
def test_a_logo_written_as_an_address_is_refused_as_such(logo: str, tmp_path: Path) -> None:
    """Was "file 'http://...' not found" (and on Windows "javascript:x" names an
    alternate data stream of a file "javascript"): an address is never opened."""
    folder = _office(tmp_path, "bapenda_lahat")
    _edit(
        folder / "sops" / "organisasi.yaml",
        "  singkatan: Bapenda\n",
        f"  singkatan: Bapenda\n  logo: {json.dumps(logo)}\n",
    )
    data = _check(folder)
    (found,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert (found["rule"], found["path"], found["line"]) == (
        "safepath.url",
        "sops/organisasi.yaml",
        5,
    )
    assert "alamat (URL)" in found["message"] and "folder proyek" in found["hint"]
    assert len(data["sops"]) == 2  # the SOPs are still checked


@pytest.mark.parametrize(
    ("file", "step_id", "number"),
    [("uji-kir", "uji", 3), ("persetujuan-ukl-upl", "periksa", 2)],
)
@pytest.mark.slow
def test_a_jump_by_id_or_by_number_to_the_same_step_is_no_change(
    file: str, step_id: str, number: int, tmp_path: Path
) -> None:
    """A Word round trip writes step numbers for ids: answers were compared by meaning
    but `lanjut_ke` by its text, so `sop diff` reported "lanjut_ke: 'uji' -> '3'"."""
    office = "dishub_puskesmas_prabumulih" if file == "uji-kir" else "dlh_bkd_muaraenim"
    folder = _office(tmp_path, office)
    text = (folder / "sops" / f"{file}.yaml").read_text(encoding="utf-8")
    renumbered = text.replace(f"lanjut_ke: {step_id}", f"lanjut_ke: {number}")
    assert renumbered != text
    (folder / "sops" / "baru.yaml").write_text(renumbered, encoding="utf-8")
    same = run_sop(folder, "diff", f"sops/{file}.yaml", "sops/baru.yaml")
    assert "tidak ada perubahan isi" in same.stdout, same.stdout + same.stderr
    elsewhere = renumbered.replace(f"lanjut_ke: {number}", "lanjut_ke: 1")
    (folder / "sops" / "baru.yaml").write_text(elsewhere, encoding="utf-8")
    moved = run_sop(folder, "diff", f"sops/{file}.yaml", "sops/baru.yaml")
    assert f"lanjut_ke: '{step_id}' → '1'" in moved.stdout, moved.stdout + moved.stderr


@pytest.mark.slow
def test_a_file_rewritten_while_being_read_is_never_a_traceback(tmp_path: Path) -> None:
    """Holds (already worked): an editor or a sync tool rewrites an SOP in place, in
    pieces, and deletes and recreates it, while `sop check` and `sop generate` run: each
    run ends with 0, 1 (the file read half-written) or 3 (it vanished), never a trace."""
    import threading

    folder = _office(tmp_path, "bapenda_lahat")
    sop = folder / "sops" / "keberatan-pbb.yaml"
    text = sop.read_bytes()
    stop = threading.Event()

    def churn() -> None:
        cut = 0
        while not stop.is_set():
            cut = (cut + 97) % len(text)
            with open(sop, "wb") as handle:
                handle.write(text[:cut])
                handle.flush()
                handle.write(text[cut:])
            if cut % 3 == 0:
                sop.unlink()
                sop.write_bytes(text)

    writer = threading.Thread(target=churn, daemon=True)
    writer.start()
    try:
        results = [run_sop(folder, "check") for _ in range(3)]
        results.append(run_sop(folder, "generate", "--out", "keluar"))
    finally:
        stop.set()
        writer.join()
    for result in results:
        assert result.returncode in (0, 1, 3), result.stdout + result.stderr
        assert "Traceback" not in result.stderr, result.stderr
    sop.write_bytes(text)
    assert run_sop(folder, "check").returncode == 0


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("5 ~ 10 menit", (5, 10)),  # was unreadable (the error waktu-tak-terbaca)
        ("5~10 menit", (5, 10)),
        ("sampai selesai", None),  # was unreadable (an error); a loop until a condition
        ("hingga seluruh NIK padan", None),
        ("selama proses berlangsung", None),
        ("sampai dua hari", (900, 900)),  # still a time: not taken for a condition
        ("selama 3 hari", (1350, 1350)),
    ],
)
def test_a_tilde_range_and_until_a_condition_are_read(
    text: str, minutes: tuple[int, int] | None
) -> None:
    from generator.duration import WaktuStatus, read_waktu

    reading = read_waktu(text)
    if minutes is None:
        assert reading.status is WaktuStatus.TAK_TENTU
    else:
        assert reading.duration is not None
        assert (reading.duration.low_seconds // 60, reading.duration.high_seconds // 60) == minutes


@pytest.mark.parametrize(
    "written", ["Penerbitan Surat\nKeterangan", "Penerbitan\tSurat Keterangan"]
)
def test_a_name_broken_over_lines_reads_as_its_one_line_twin(written: str) -> None:
    from generator.check.rules.nama_ganda import as_read

    assert as_read(written) == as_read("Penerbitan Surat Keterangan")
