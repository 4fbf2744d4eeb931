"""Round 6 field test (i19): six SOPs transcribed from kinds of office not met before
(Inspektorat: pengaduan masyarakat; Badan Kesbangpol: surat keterangan penelitian;
Diskominfo/PPID: permohonan informasi publik; Disnaker: kartu AK/I; Damkar:
penanganan kebakaran; BPKAD: penerbitan SP2D), with their role names, numbering,
either-or performers, jumps to another SOP, outside waits and the time phrases of
published SOP AP ("selama jam kerja", "per berkas 5 menit", "3x24 jam hari kerja",
"sesuai SLA (5 hari)", "15 menit sampai selesai", "Senin-Jumat", "selesai di
tempat", "1x24 jam hari kerja"), several of which were unread or refused before.

Fixtures: tests/fixtures/kantor_r6/<office>/sops (two SOPs and two registries each).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .field_offices import check_json, office_copy
from .site_project import run_sop

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kantor_r6"
OFFICES = sorted(p.name for p in FIXTURES.iterdir() if (p / "sops").is_dir())
DAY = 450


def _office(tmp_path: Path, name: str) -> Path:
    return office_copy(FIXTURES, tmp_path, name)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """`sop check --format json` of each office as transcribed (one run each)."""
    base = tmp_path_factory.mktemp("r6")
    return {office: check_json(_office(base, office)) for office in OFFICES}


def _by_id(data: dict) -> dict[str, dict]:
    return {summary["id"]: summary for summary in data["sops"]}


def _findings(data: dict, rule: str) -> list[dict]:
    return [f for f in data["findings"] if f["rule"] == rule]


def test_six_new_sops_in_three_offices() -> None:
    assert len(OFFICES) == 3
    assert sum(len(list((FIXTURES / o / "sops").glob("*.yaml"))) - 2 for o in OFFICES) == 6


@pytest.mark.parametrize("office", OFFICES)
def test_every_transcription_loads_and_checks_without_errors(
    office: str, checked: dict[str, dict]
) -> None:
    """Valid as written: no error, no unreadable waktu (before this round "selama jam
    kerja", "per berkas 5 menit", "3x24 jam hari kerja", "Senin-Jumat", "15 menit
    sampai selesai", "sesuai SLA (5 hari)" and "1x24 jam hari kerja" were errors)."""
    data = checked[office]
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert errors == [], errors
    assert data["broken"] == [] and len(data["sops"]) == 2


def test_the_time_phrases_add_up(checked: dict[str, dict]) -> None:
    """Each total, step by step, from the phrases as the offices write them."""
    itda = _by_id(checked["inspektorat_kesbangpol_musirawas"])
    dumas = itda["penanganan-pengaduan"]
    # (selama jam kerja) + per berkas 5 menit + 1 (satu) hari kerja + maks. 3 hari
    # + 3x24 jam hari kerja + 5 hari (OPD terlapor, waiting) + 1 hari + 30'
    assert dumas["main_path_minutes"] == 5 + DAY + 3 * DAY + 3 * DAY + 5 * DAY + DAY + 30
    assert dumas["waiting_minutes"] == 5 * DAY and dumas["untimed_steps"] == [1]
    assert dumas["main_path_bound"] is not None  # "maks. 3 hari"
    skp = itda["surat-keterangan-penelitian"]
    # ± 30 menit + 15 menit sampai selesai + 1,5 jam + setengah hari + 2 x 24 jam + 1 hari
    assert skp["main_path_minutes"] == 30 + 15 + 90 + DAY // 2 + 2 * DAY + DAY
    assert skp["untimed_steps"] == [7]  # "Senin-Jumat"
    kominfo = _by_id(checked["diskominfo_disnaker_lubuklinggau"])
    ppid = kominfo["permohonan-informasi-publik"]
    # 10 Menit + 5 menit + 1 (satu) hari kerja + sesuai SLA (5 hari) + 1 hari + 15'
    assert ppid["main_path_minutes"] == 10 + 5 + DAY + 5 * DAY + DAY + 15
    assert ppid["waiting_minutes"] == 10 + 5 * DAY and ppid["complete"] is True
    ak1 = kominfo["kartu-pencari-kerja"]
    assert (ak1["main_path_minutes"], ak1["main_path_minutes_max"]) == (50, 55)
    assert ak1["untimed_steps"] == [3]  # "selesai di tempat"
    banyuasin = _by_id(checked["damkar_bpkad_banyuasin"])
    fire = banyuasin["pemadaman-kebakaran"]
    # 1 + 2 + (1 and 5 at the same time: 5) + ± 10 + (tentatif) + 60 + 1 hari + setengah hari
    assert fire["main_path_minutes"] == 1 + 2 + 5 + 10 + 60 + DAY + DAY // 2
    sp2d = banyuasin["penerbitan-sp2d"]
    # 15 Menit + 2 jam/berkas + 1 jam + sesuai SLA (1 hari) + 1x24 jam hari kerja + 5 menit
    assert sp2d["main_path_minutes"] == 15 + 120 + 60 + DAY + DAY + 5
    assert sp2d["waiting_minutes"] == 15 + DAY  # the OPD's treasurer and the bank


def test_times_without_a_fixed_length_are_warnings_at_their_place(
    checked: dict[str, dict],
) -> None:
    """ "selama jam kerja" and "Senin-Jumat" say when, not how long: a warning at
    file:line:column with a hint, never an error; the totals say they are incomplete."""
    data = checked["inspektorat_kesbangpol_musirawas"]
    found = {(f["path"], f["line"], f["column"]): f for f in _findings(data, "waktu-tak-tentu")}
    assert set(found) == {
        ("sops/penanganan-pengaduan.yaml", 27, 12),
        ("sops/surat-keterangan-penelitian.yaml", 55, 12),
    }
    for finding in found.values():
        assert finding["severity"] == "warning"
        assert "paling lama 3 hari" in finding["hint"] and "keterangan" in finding["hint"]


def test_a_value_in_parentheses_after_words_is_read_and_its_words_pointed_to_keterangan(
    checked: dict[str, dict],
) -> None:
    """ "sesuai SLA (5 hari)" was a known unknown (nothing counted); now 5 hari is
    counted, and the info waktu-bersyarat suggests moving "sesuai SLA" out."""
    data = checked["diskominfo_disnaker_lubuklinggau"]
    (info,) = _findings(data, "waktu-bersyarat")
    assert (info["path"], info["line"], info["severity"]) == (
        "sops/permohonan-informasi-publik.yaml",
        46,
        "info",
    )
    assert "dibaca 5 hari" in info["message"]


def test_either_or_performers_written_in_one_value_get_the_list_as_hint(tmp_path: Path) -> None:
    """The Inspektorat's first draft wrote "Auditor/P2UPD" in one value, as the form
    prints it: an error at its place whose hint gives the list and
    pelaksana_salah_satu."""
    folder = _office(tmp_path, "inspektorat_kesbangpol_musirawas")
    sop = folder / "sops" / "penanganan-pengaduan.yaml"
    _edit(sop, "    pelaksana: [auditor, p2upd]\n", "    pelaksana: Auditor/P2UPD\n")
    data = check_json(folder)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert errors, data["findings"]
    (first,) = errors
    assert (first["path"], first["line"], first["column"]) == (
        "sops/penanganan-pengaduan.yaml",
        47,
        16,
    )
    assert "auditor" in first["hint"] and "pelaksana_salah_satu" in first["hint"]


def test_a_jump_to_another_sop_in_an_answer_is_told_how_to_write_it(tmp_path: Path) -> None:
    """PPID's draft wrote the refusal branch as "Ya: ke SOP Pengajuan Keberatan": an
    error at the answer whose hint says to end the branch and name the SOP."""
    folder = _office(tmp_path, "diskominfo_disnaker_lubuklinggau")
    _edit(
        folder / "sops" / "permohonan-informasi-publik.yaml",
        "jawaban: {Tidak: lanjut, Ya: 7}",
        "jawaban: {Tidak: lanjut, Ya: ke SOP Pengajuan Keberatan}",
    )
    data = check_json(folder)
    (found,) = _findings(data, "tujuan-tak-ada")
    assert (found["path"], found["line"], found["severity"]) == (
        "sops/permohonan-informasi-publik.yaml",
        39,
        "error",
    )
    assert "SOP lain, tulis 'selesai'" in found["hint"]


def test_an_unreadable_time_is_an_error_with_the_closest_readable_form(tmp_path: Path) -> None:
    folder = _office(tmp_path, "damkar_bpkad_banyuasin")
    _edit(folder / "sops" / "penerbitan-sp2d.yaml", "waktu: 1 jam\n", "waktu: 1 jm kerja\n")
    data = check_json(folder)
    (found,) = _findings(data, "waktu-tak-terbaca")
    assert (found["path"], found["line"], found["column"]) == ("sops/penerbitan-sp2d.yaml", 36, 12)
    assert "1 jam kerja" in found["hint"]


BROKEN = "nama: Draf Rusak\nunit: {bidang: ops\nprosedur: [\n"


@pytest.mark.slow
def test_generate_keeps_going_past_a_bad_draft(tmp_path: Path) -> None:
    """A draft that does not load is reported at its place; the other SOPs' pages and
    charts are written all the same (exit 1)."""
    folder = _office(tmp_path, "damkar_bpkad_banyuasin")
    (folder / "sops" / "draf-rusak.yaml").write_text(BROKEN, encoding="utf-8")
    result = run_sop(folder, "generate", "--out", "keluar")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "sops/draf-rusak.yaml:" in result.stdout + result.stderr
    written = folder / "keluar" / "sop"
    assert sorted(p.name for p in written.iterdir() if p.is_dir()) == [
        "pemadaman-kebakaran",
        "penerbitan-sp2d",
    ]
    for sop_id in ("pemadaman-kebakaran", "penerbitan-sp2d"):
        assert (written / sop_id / "index.md").is_file()
        assert (written / sop_id / f"{sop_id}.svg").is_file()


@pytest.mark.slow
def test_build_keeps_going_past_a_bad_draft(tmp_path: Path) -> None:
    """`sop build` publishes the four SOPs of two offices' worth and lists the draft
    on Tinjauan."""
    import shutil

    repo = Path(__file__).resolve().parent.parent
    folder = _office(tmp_path, "diskominfo_disnaker_lubuklinggau")
    shutil.copy(repo / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(repo / "docs", folder / "docs")
    (folder / "sops" / "draf-rusak.yaml").write_text(BROKEN, encoding="utf-8")
    result = run_sop(folder, "build", "--no-handbook")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "sops/draf-rusak.yaml" in result.stderr
    site = folder / "site"
    assert "draf-rusak.yaml" in (site / "tinjauan" / "index.html").read_text(encoding="utf-8")
    published = sorted(p.name for p in (site / "sop").iterdir() if p.is_dir())
    assert published == ["kartu-pencari-kerja", "permohonan-informasi-publik"]
    page = (site / "sop" / "permohonan-informasi-publik" / "index.html").read_text("utf-8")
    assert "sesuai SLA (5 hari)" in page  # printed as written


def test_english_messages_for_the_new_readings(tmp_path: Path) -> None:
    folder = _office(tmp_path, "inspektorat_kesbangpol_musirawas")
    english = json.loads(run_sop(folder, "--lang", "en", "check", "--format", "json").stdout)
    (first, _) = _findings(english, "waktu-tak-tentu")
    assert "selama jam kerja" in first["message"] and "not fixed" in first["message"]
