"""SOPs transcribed from other offices' published procedures (issue 13: the general case).

Nineteen projects under tests/fixtures/kantor_lain/ (Disdukcapil of other
kabupaten, DPMPTSP perizinan, Dinas Sosial, BKPSDM kepegawaian, Kecamatan,
Bappeda, a provincial representative office, BPBD, Puskesmas, Dinas Pendidikan),
twenty-four SOPs written the way
offices write them: time phrases ("paling lama 14 hari kerja", "1 x 24 jam",
"± 15 menit", "2 jam/berkas", "14 hari kalender", "sesuai jadwal", "setiap
hari", "paling lambat akhir bulan Juni"),
either-or performers, outside parties, jumps that rejoin, ends in the middle of
the table, parallel steps, decisions that are also work, service standards with
a start step, steps lettered a-i, numbered branches, a row pasted twice,
tables without a performer column. Every one loads and checks without an error, and its totals are
the ones worked out by hand (in the comments).
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import REPO
from .site_project import run_sop

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kantor_lain"
OFFICES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())
DAY = 450

# id: (main path low, high, bound, office low, waiting high, untimed, main path steps)
EXPECTED = {
    # 15 + 5..10 + 30..60 + 10 + 450 (1x24 jam, "salah satu") + 5; step 7 "segera"
    "akta-kelahiran": (515, 550, None, 500, 15, [7], [1, 2, 3, 4, 5, 6, 7]),
    # steps 4 and 5 at the same time: the longer (1 jam) counts; step 3 is off the path
    "pindah-datang": (540, 540, None, 525, 15, [], [1, 2, 4, 5, 6, 7]),
    # the Ditjen's 1x24 jam is waiting; "Ganda" leads to step 7, an end branch
    "perekaman-ktp-el": (650, 655, None, 195, 455, [], [1, 2, 3, 4, 5, 6]),
    # "Ya: 10" jumps past the refusal branch (6-9, which ends at 9)
    "izin-reklame": (3300, 3300, None, 1935, 1365, [4], [1, 2, 3, 4, 5, 10, 11, 12, 13]),
    # step 4 jumps to 6 (lanjut_ke), rejoining the branch through 5
    "pengaduan": (945, 975, None, 930, 15, [6], [1, 2, 3, 4, 6]),
    # step 1 is marked as waiting; "2 jam/berkas" is 2 hours for this application
    "rekomendasi-pbi-jk": (1075, 1105, None, 620, 455, [], [1, 2, 3, 5, 6, 7, 8]),
    # 14 hari kalender = 10 working days, in parallel with the Kalurahan's 1 day
    "verifikasi-dtks": (5180, 5630, None, 5180, 0, [1, 7], [1, 2, 3, 4, 5, 6, 7]),
    # the BKN's "paling lama 14 hari kerja" is waiting, and a bound
    "kenaikan-pangkat": (8565, 8565, "at_most", 2265, 6300, [1], [1, 2, 3, 4, 5, 6]),
    # the pengantar from the Kelurahan (1 x 24 jam) is waiting
    "rekomendasi-izin-keramaian": (495, 495, None, 40, 455, [6], [1, 2, 3, 4, 5, 6, 7]),
    # 1 bulan + 2 minggu + (parallel) 1-2 minggu + 2 hari + 3 minggu + 3 hari + 1 hari
    # + paling lama 1 bulan (DPRD, waiting); a deadline ("akhir bulan Juni") is untimed
    "penyusunan-rkpd": (
        76 * DAY,
        81 * DAY,
        "at_most",
        56 * DAY,
        20 * DAY,
        [3, 10],
        list(range(1, 11)),
    ),
    # Round 3 (issue 13 field test): eight more offices, nine SOPs.
    # Cianjur, ISO style, steps lettered a-i with jumps by letter ("Tidak lengkap: b"):
    # 5+10+10+2+30+15 + 1 hari (paraf) + 1 hari (TTD) + 5; the pemohon's 15 is waiting
    "akta-kematian": (977, 977, None, 962, 15, [], list(range(1, 10))),
    # Banda Aceh kecamatan tables: 5+20+15+5+10 and 5+10+15+5+10 ("Camat/Sekcam" once)
    "kartu-keluarga": (55, 55, None, 50, 5, [], [1, 2, 3, 4, 5]),
    "kartu-tanda-penduduk": (45, 45, None, 40, 5, [], [1, 2, 3, 4, 5]),
    # cuti signed by the Kakan (first answer) skips the BKD branch: 5+10+15+10+15+450+5
    "pengajuan-cuti": (510, 510, None, 510, 0, [], [1, 2, 3, 4, 5, 6, 9]),
    # Wajo: butir 4 and 7 are numbered branches; 10+15+450+1350+120+450+15+10,
    # step 2 "Tergantung kesiapan pemohon" is a known unknown
    "izin-usaha": (2420, 2420, None, 2420, 0, [2], [1, 2, 3, 5, 6, 8, 9, 10, 11]),
    # Kudus: butir 3 and 4 are the same sentence, kept; 15+60+900+900+450+120+450+15+15+10
    "rekomendasi-manual": (2935, 2935, None, 2935, 0, [], list(range(1, 11))),
    # Wonogiri online: 15 (waiting) + 30+60+30+15+15 + "1 x 60 menit" + 5
    "pencatatan-akta-kematian": (230, 230, None, 215, 15, [], list(range(1, 9))),
    # Karangasem: 30+450 + ATR/BPN "Paling lambat 10 hari kerja" (waiting, a bound)
    # + FPR "sesuai jadwal sidang" (untimed) + 450+10
    "pkkpr": (5440, 5440, "at_most", 940, 4500, [4], [1, 2, 3, 4, 5, 6]),
    # Bandung Barat, unnumbered bullets: 5+15+1 hari+2 hari+1 hari+3 hari+15+1 hari
    "kutipan-akta-kematian": (3635, 3635, None, 3630, 5, [], list(range(1, 9))),
    # Round 3, second field test: kinds of office not covered before.
    # BPBD tanggap darurat: 5+10+15 + 7 Jam (staf with outside parties: office time)
    # + 15+10+10 = 485 minutes, more than one working day
    "evakuasi-korban": (485, 485, None, 485, 0, [], list(range(1, 8))),
    # Puskesmas: 1 (pasien, waiting) + 1 + 1 + "3-5 menit" (pasien baru, step 4,
    # which jumps past 5) + "± 2 menit" + 2
    "pendaftaran": (10, 12, None, 9, 1, [], [1, 2, 3, 4, 6, 7]),
    # Disdik: 5 (pemohon) + 10 + 30 (sekolah tutup: the office writes it) + 15 + 15
    # + "*) segera" (untimed) + 10; the school's 1 x 24 jam is off the main path
    "kesalahan-penulisan-ijazah": (85, 85, None, 80, 5, [7], [1, 2, 3, 5, 6, 7, 8]),
    # Kecamatan SKTM, times as 5' and 10': 5 (pemohon) + 10+10+5+10+5+5+5+5;
    # the DTKS registration (step 3, "sesuai jadwal") is off the main path
    "sktm": (60, 60, None, 55, 5, [], [1, 2, 4, 5, 6, 7, 8, 9, 10]),
    # Kecamatan legalisasi: 10+15+10+5 (Camat, or Sekcam/Kasi) + 5 + 10
    "legalisasi-sktm": (55, 55, None, 55, 0, [], [1, 2, 3, 4, 5, 6]),
}


def project(tmp_path: Path, office: str) -> Path:
    """A copy of one office's project (so caches never land in the source tree)."""
    target = tmp_path / office
    shutil.copytree(FIXTURES / office, target)
    return target


def test_there_are_twenty_four_sops_from_nineteen_offices() -> None:
    files = [p for office in OFFICES for p in (FIXTURES / office / "sops").glob("*.yaml")]
    sops = [p for p in files if p.name not in ("organisasi.yaml", "peraturan.yaml")]
    assert len(OFFICES) == 19 and len(sops) == len(EXPECTED) == 24


@pytest.mark.parametrize("office", OFFICES)
def test_every_sop_checks_without_an_error_and_totals_as_worked_out(
    tmp_path: Path, office: str
) -> None:
    result = run_sop(project(tmp_path, office), "check", "--format", "json", "sops")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["broken"] == []
    assert [f for f in data["findings"] if f["severity"] == "error"] == []
    assert all(f["line"] and f["column"] and f["hint"] for f in data["findings"])
    for sop in data["sops"]:
        got = (
            sop["main_path_minutes"],
            sop["main_path_minutes_max"],
            sop["main_path_bound"],
            sop["office_minutes"],
            sop["waiting_minutes_max"],
            sop["untimed_steps"],
            sop["main_path_steps"],
        )
        assert got == EXPECTED[sop["id"]], sop["id"]
        assert sop["complete"] is (not EXPECTED[sop["id"]][5])


@pytest.mark.slow
def test_an_office_project_builds_its_site_and_book(tmp_path: Path) -> None:
    folder = project(tmp_path, "dpmptsp_makassar")
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "docs", folder / "docs")
    assert run_sop(folder, "validate", "sops").returncode == 0
    result = run_sop(folder, "build")
    assert result.returncode == 0, result.stderr
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "belum lengkap: langkah 4 tanpa waktu" in home
    assert "kantor 4 hari 2 jam 15 menit + menunggu 3 hari 15 menit" in home
    page = (folder / "site" / "sop" / "izin-reklame" / "index.html").read_text(encoding="utf-8")
    assert "Tim Teknis" in page and "sesuai jadwal" in page
    assert (folder / "site" / "buku-sop.pdf").stat().st_size > 10_000


ROUND_3_OFFICES = [
    "disdukcapil_bandung_barat",
    "disdukcapil_cianjur",
    "disdukcapil_wonogiri",
    "dpmptsp_karangasem",
    "dpmptsp_kudus",
    "dpmptsp_wajo",
    "kantor_perwakilan_sumut",
    "kecamatan_baiturrahman",
    # second field test: emergency, health, education, two kecamatan
    "bpbd_evakuasi",
    "puskesmas_oesapa",
    "disdik_konawe_utara",
    "kecamatan_sei_suka",
    "kecamatan_banjarmasin",
]

# numbered branches that jump (Wajo), long answer labels and two returns (Wonogiri)
BOOKS_PRINTED = ("dpmptsp_wajo", "disdukcapil_wonogiri")


@pytest.mark.slow
@pytest.mark.parametrize("office", ROUND_3_OFFICES)
def test_each_new_office_generates_its_pages_charts_and_book(tmp_path: Path, office: str) -> None:
    """Pages carry the hand-worked totals, every chart is valid SVG with each step; books print."""

    folder = project(tmp_path, office)
    result = run_sop(folder, "generate", "--out", "out", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    home = (folder / "out" / "index.md").read_text(encoding="utf-8")
    sop_ids = [p.stem for p in (folder / "sops").glob("*.yaml")]
    sop_ids = [name for name in sop_ids if name not in ("organisasi", "peraturan")]
    for sop_id in sop_ids:
        assert f'data-sort="{EXPECTED[sop_id][0]}"' in home, sop_id
        svg = folder / "out" / "sop" / sop_id / f"{sop_id}.svg"
        texts = "".join(ET.parse(svg).getroot().itertext())
        for number in EXPECTED[sop_id][6]:
            assert f"{number}. " in texts, (sop_id, number)
    if office in BOOKS_PRINTED:  # the book costs ~2 s of CPU each: two shapes suffice
        book = run_sop(folder, "handbook", "-o", "buku.pdf")
        assert book.returncode == 0, book.stdout + book.stderr
        assert (folder / "buku.pdf").read_bytes().startswith(b"%PDF")
