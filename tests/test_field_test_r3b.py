"""Round 3, second field test (issue 13 brief i13b): kinds of office not yet covered
(Puskesmas, BPBD, Dinas Pendidikan, Kecamatan) and hostile text in the printed book.

Each test failed before its fix.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from generator.model.sop import TanggalSop

from .site_project import run_sop

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kantor_lain"


@pytest.mark.parametrize("dash", ["-", "–", "—", "", " - "])
def test_a_dash_in_a_date_box_means_no_date(dash: str) -> None:
    """Forms print 'Tgl. Revisi : -' (Lamongan Dinas Pendidikan, BPBD Sumut)."""
    dates = TanggalSop.model_validate({"pembuatan": "01/03/2022", "revisi": dash})
    assert dates.revisi is None and dates.pembuatan is not None
    assert str(dates.pembuatan) == "2022-03-01"


def test_a_word_in_a_date_box_is_still_refused() -> None:
    with pytest.raises(ValueError):
        TanggalSop.model_validate({"revisi": "belum"})


@pytest.mark.parametrize("text", ["*) segera", "*)1 hari", "**) 15 menit", "1 hari*)"])
def test_a_footnote_mark_before_the_time_is_not_part_of_it(text: str) -> None:
    """'Paling lama 1 hari kerja*)' with '*) apabila pejabat berada di tempat' (Disdik)."""
    from generator.duration import WaktuStatus, read_waktu

    assert read_waktu(text).status is not WaktuStatus.TAK_TERBACA
    assert read_waktu(text.replace("*", "").replace(")", "")) == read_waktu(text)


@pytest.mark.parametrize(
    "text",
    ["Apabila Camat berada ditempat", "jika pejabat berada di tempat", "bila berkas lengkap"],
)
def test_a_condition_without_a_time_is_a_known_unknown(text: str) -> None:
    """Kecamatan Banjarmasin's Jangka Waktu reads only 'Apabila Camat berada ditempat':
    not a typo to correct (galat) but a time the office did not fix."""
    from generator.duration import WaktuStatus, read_waktu

    assert read_waktu(text).status is WaktuStatus.TAK_TENTU
    assert read_waktu("jika lengkap 1 hari").status is not WaktuStatus.TAK_TENTU


# Text an office may paste: Typst markup and comments, a NIK-like run with no space,
# a URL, Arabic and Hebrew, combining accents and strokes.
SPECIALS = r"#set page(width: 1cm) $x^2$ *tebal* _miring_ @ref <lbl> ] [ \ // k /* b */ `r`"
UNBROKEN = "3174012345678901-REG.0012345678901234567890-KTP_BARU_KEC.BJM.TENGAH"
URL = "https://sippn.menpan.go.id/pelayanan-publik/8041993/kota-banjarmasin/legalisasi?x=1&y=2"
RTL = "مرحبا بالعالم שלום"
COMBINING = "Ke\u0301camatan Z\u0335a\u0336l\u0337g\u0338o"


def _hostile_office(folder: Path) -> None:
    """The Banjarmasin transcription with hostile text in the instansi line, a unit,
    jabatan names, a regulation's title, the SOP's name and number and table cells."""
    shutil.copytree(FIXTURES / "kecamatan_banjarmasin", folder)
    sops = folder / "sops"

    def edit(name: str, *pairs: tuple[str, str]) -> None:
        path = sops / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")

    edit(
        "organisasi.yaml",
        ("nama: Kecamatan Banjarmasin Tengah", "nama: " + _q(f"Kecamatan {SPECIALS} {RTL}")),
        ("nama: Seksi Pelayanan Informasi", "nama: " + _q(f"Seksi #PIP {COMBINING}") + " #"),
        ("    nama: Camat\n", "    nama: " + _q("Camat #1 $ * _ @ < ] \\ // /*") + "\n"),
        ("nama: JFU Seksi PIP / Petugas Loket", "nama: " + _q(f"JFU {UNBROKEN}")),
    )
    edit("peraturan.yaml", ("tentang: Pelayanan Publik", "tentang: " + _q(f"P {SPECIALS} {URL}")))
    edit(
        "legalisasi-sktm.yaml",
        ("nama: Legalisasi Surat", "nama: " + _q(f"Legalisasi {SPECIALS} {RTL}") + " #"),
        ("nomor: 045.2/   /Kec.BT/2023", "nomor: " + _q("045.2/#/$/*_/Kec.BT//2023")),
        ("output: Berkas berparaf", "output: " + _q(f"NIK {UNBROKEN} {URL}")),
        ("output: Perintah registrasi", "output: " + _q(SPECIALS)),
        ("output: Format legalisasi berparaf", "output: " + _q(f"{UNBROKEN}{UNBROKEN}")),
        (
            "standar_waktu:",
            "peringatan: " + _q(f"{SPECIALS} {COMBINING} {RTL}") + "\nstandar_waktu:",
        ),
    )


def _q(text: str) -> str:
    """`text` as one YAML scalar on one line."""
    return json.dumps(text, ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_book_prints_hostile_office_text_literally_inside_its_pages(tmp_path: Path) -> None:
    folder = tmp_path / "kantor"
    _hostile_office(folder)
    result = run_sop(folder, "handbook", "-o", "buku.pdf")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    pdf = folder / "buku.pdf"
    # -raw: the default mode drops the hyphen of a word broken at one ("...901-REG")
    plain = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True)
    text = unicodedata.normalize("NFC", plain.stdout.decode("utf-8"))
    flat = "".join(text.split())
    for expected in (SPECIALS, "Camat #1 $ * _ @ < ] \\ // /*", "045.2/#/$/*_/Kec.BT//2023"):
        assert "".join(expected.split()) in flat, expected
    for expected in (UNBROKEN, URL, "بالعالم", "שלום", COMBINING):
        assert "".join(unicodedata.normalize("NFC", expected).split()) in flat, expected
    # Every word of every page lies inside its page (nothing runs off a narrow cell's page).
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True)
    pages = re.split(r"<page ", boxes.stdout.decode("utf-8"))[1:]
    assert len(pages) >= 8
    for page in pages:
        size = re.match(r'width="([\d.]+)" height="([\d.]+)"', page)
        assert size is not None
        width, height = float(size[1]), float(size[2])
        for box in re.finditer(
            r'xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)"', page
        ):
            x0, y0, x1, y1 = map(float, box.groups())
            assert x0 >= 0 and y0 >= 0 and x1 <= width + 0.5 and y1 <= height + 0.5, box[0]


@pytest.mark.slow
def test_a_revision_date_written_as_a_dash_is_answered_not_forgotten(tmp_path: Path) -> None:
    """'Tgl. Revisi : -' says the SOP was never revised: no 'isi sebelum ditandatangani'.
    A Tgl. Revisi left out is still reported, and a dash stays no date."""
    folder = tmp_path / "kantor"
    shutil.copytree(FIXTURES / "puskesmas_oesapa", folder)
    sop = folder / "sops" / "pendaftaran.yaml"
    assert '  revisi: "-"' in sop.read_text(encoding="utf-8")

    def empty_dates() -> list[str]:
        data = json.loads(run_sop(folder, "check", "--format", "json", "sops").stdout)
        fields = [f["message"] for f in data["findings"] if f["rule"] == "identitas-kosong"]
        return sorted(m.split("'")[1] for m in fields if "tanggal." in m)

    assert empty_dates() == []
    text = sop.read_text(encoding="utf-8")
    # no Tgl. Revisi at all, and Tgl. Efektif as a dash: both still to be filled
    text = text.replace('  revisi: "-"\n', "").replace("  efektif: 10/03/2022", '  efektif: "-"')
    sop.write_text(text, encoding="utf-8")
    assert empty_dates() == ["tanggal.efektif", "tanggal.revisi"]


@pytest.mark.parametrize(
    ("text", "minutes", "at_most"),
    [
        ("<1 jam", 60, True),
        ("≤30 menit", 30, True),
        ("<=15 menit", 15, True),
        ("maks.2 jam", 120, True),
        (">1 jam", 60, False),
        ("> 1 jam", 60, False),
        ("≥2 jam", 120, False),
        ("min.1 jam", 60, False),
    ],
)
def test_a_bound_sign_touching_the_number_is_read(text: str, minutes: int, at_most: bool) -> None:
    """BPBD and Puskesmas tables write '<1 jam' and '≤30 menit' (the spaced forms were read)."""
    from generator.duration import read_waktu

    duration = read_waktu(text).duration
    assert duration is not None, text
    assert duration.low_seconds == minutes * 60
    assert (duration.at_most, duration.at_least) == (at_most, not at_most)


def test_minutes_abbreviated_min_are_still_minutes() -> None:
    from generator.duration import read_waktu

    duration = read_waktu("30 min.").duration
    assert duration is not None and duration.low_seconds == 1800
    assert not duration.at_least


@pytest.mark.slow
def test_diff_sees_no_change_when_joint_performers_are_listed_in_another_order(
    tmp_path: Path,
) -> None:
    """A .docx exported and imported back lists a step's performers column by column:
    'petugas, pemohon' came back 'pemohon, petugas' and the diff asked for a new Tgl. Revisi."""
    source = FIXTURES / "disdik_konawe_utara" / "sops"
    folder = tmp_path / "sops"
    shutil.copytree(source, folder)
    old = folder / "kesalahan-penulisan-ijazah.yaml"
    new = folder / "baru.yaml"
    text = old.read_text(encoding="utf-8")
    assert "    pelaksana: [petugas, pemohon]\n" in text
    new.write_text(text.replace("[petugas, pemohon]", "[pemohon, petugas]"), encoding="utf-8")
    same = run_sop(tmp_path, "diff", "sops/kesalahan-penulisan-ijazah.yaml", "sops/baru.yaml")
    assert "pelaksana" not in same.stdout and "tanggal.revisi" not in same.stdout, same.stdout
    new.write_text(text.replace("[petugas, pemohon]", "[petugas]"), encoding="utf-8")
    changed = run_sop(tmp_path, "diff", "sops/kesalahan-penulisan-ijazah.yaml", "sops/baru.yaml")
    assert "pelaksana: petugas, pemohon → petugas" in changed.stdout, changed.stdout
