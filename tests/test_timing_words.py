"""Every output that prints a total says it the same way: the main path with its bounds,
office and waiting time apart, and "belum lengkap" when steps are left out (issue 13)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from generator.check import run_checks
from generator.loader import load_repository
from generator.model.sop import Sop
from generator.site.pages import SiteOptions, generate_site
from generator.site.views import sop_view as site_sop_view
from generator.timing import sop_timing
from generator.timing_words import step_list, timing_words

WAITING_SOP = textwrap.dedent(
    """\
    nama: Fasilitasi Kerja Sama
    unit: {bidang: pdip, seksi: kerjasama}
    pelaksana: [staf, kasi_kerjasama, instansi_terkait]
    prosedur:
      - kegiatan: Menerima surat permohonan
        pelaksana: staf
        waktu: 1 hari
      - kegiatan: Menunggu tanggapan instansi
        pelaksana: instansi_terkait
        waktu: paling lama 14 hari kerja
      - kegiatan: Menyusun telaah
        pelaksana: staf
        waktu: 2 hari
      - kegiatan: Memaraf telaah
        pelaksana: kasi_kerjasama
    """
)


def make_sop(waktu: list[str | None]) -> Sop:
    steps = [
        {"kegiatan": "Memeriksa berkas", "pelaksana": "staf", **({"waktu": w} if w else {})}
        for w in waktu
    ]
    return Sop.model_validate(
        {"nama": "Contoh", "unit": {"bidang": "b"}, "pelaksana": ["staf"], "prosedur": steps}
    )


def test_a_complete_total_is_plain() -> None:
    words = timing_words(sop_timing(make_sop(["15 menit", "1 jam"])))
    assert words.line() == "1 jam 15 menit"
    assert words.complete


def test_an_incomplete_total_names_the_steps_it_leaves_out() -> None:
    words = timing_words(sop_timing(make_sop(["1 jam", None, "segera", None, "2 jam"])))
    assert words.total == "3 jam"
    assert words.line() == "3 jam; belum lengkap: langkah 2-4 tanpa waktu"
    assert not words.complete
    english = timing_words(sop_timing(make_sop(["1 jam", None])), lang="en")
    assert english.line("en") == "1 hour; incomplete: step 2 without a time"


def test_nothing_known_is_not_zero() -> None:
    words = timing_words(sop_timing(make_sop([None, "tentatif"])))
    assert words.total == "belum diketahui"
    assert "0 menit" not in words.line()


def test_bounds_are_said_honestly() -> None:
    words = timing_words(sop_timing(make_sop(["paling lama 3 hari"])))
    assert words.line() == "paling lama 3 hari"
    ranged = timing_words(sop_timing(make_sop(["5-10 menit", "30 menit s/d 1 jam"])))
    assert ranged.line() == "35 menit s.d. 1 jam 10 menit"


@pytest.mark.parametrize(
    ("numbers", "text"),
    [((4,), "4"), ((4, 7), "4, 7"), ((4, 5), "4, 5"), ((2, 3, 4, 9), "2-4, 9"), ((), "")],
)
def test_step_lists_read_like_a_person_writes_them(numbers: tuple[int, ...], text: str) -> None:
    assert step_list(numbers) == text


def waiting_project(sops_dir: Path):
    (sops_dir / "kerja-sama.yaml").write_text(WAITING_SOP, encoding="utf-8")
    repository = load_repository(sops_dir).repository
    assert repository is not None
    return repository, run_checks(repository)


EXPECTED_LINE = (
    "paling lama 17 hari (kantor 3 hari + menunggu paling lama 14 hari); "
    "belum lengkap: langkah 4 tanpa waktu"
)


def test_the_site_catalogue_marks_office_waiting_and_incomplete(sops_dir: Path) -> None:
    repository, report = waiting_project(sops_dir)
    entry = repository.sop("kerja-sama")
    timing = report.timing_of(entry.id)
    view = site_sop_view(
        repository,
        entry,
        timing,
        [],
        0,
        lang="id",
        source_path="sops/kerja-sama.yaml",
        edit_url=None,
    )
    assert view.timing.catalogue == EXPECTED_LINE
    assert view.timing.complete is False
    assert view.timing.office_total == "3 hari"
    assert view.timing.waiting_total == "paling lama 14 hari"

    files = generate_site(repository, report, {}, SiteOptions())
    home = files["index.md"]
    assert isinstance(home, str)
    assert f'class="sop-belum-lengkap">{EXPECTED_LINE}</td>' in home
    page = str(files["sop/kerja-sama/index.md"])
    assert "Belum lengkap: langkah 4 tanpa waktu" in page
    assert "<td>paling lama 14 hari</td>" in page


def test_the_book_prints_office_and_waiting_time(sops_dir: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    from generator.handbook import HandbookOptions, build_handbook, build_handbook_document

    repository, report = waiting_project(sops_dir)
    options = HandbookOptions(flowchart=False, evaluation=False)
    document = build_handbook_document(repository, report, options=options)
    (sop,) = document["sops"]
    assert sop["waktu"] == f"Waktu: {EXPECTED_LINE}"
    assert sop["table"]["note"] == f"(waktu jalur utama: {EXPECTED_LINE})"
    summary = sop["extra"][-1]
    assert summary["plain"] is True
    assert summary["items"] == [
        "Jalur utama: paling lama 17 hari",
        "Waktu kerja kantor: 3 hari",
        "Waktu menunggu pihak luar: paling lama 14 hari",
        "Catatan: belum lengkap: langkah 4 tanpa waktu; total di atas tidak memuatnya.",
    ]

    book = build_handbook(repository, report, options=options)
    pages = [
        " ".join(page.extract_text().split())
        for page in pypdf.PdfReader(io.BytesIO(book.pdf)).pages
    ]
    contents = next(text for text in pages if "Daftar Isi" in text)
    assert "Waktu: paling lama 17 hari (kantor 3 hari + menunggu paling lama 14 hari)" in contents
    identity = next(text for text in pages if "Ringkasan Waktu" in text)
    assert "Waktu menunggu pihak luar: paling lama 14 hari" in identity
    assert "belum lengkap: langkah 4 tanpa waktu" in identity
    table = next(text for text in pages if "Prosedur: Fasilitasi" in text)
    assert "waktu jalur utama: paling lama 17 hari" in table


def test_the_check_summary_says_unknown_not_zero(sops_dir: Path) -> None:
    from generator.check.output import summary_lines

    text = (
        WAITING_SOP.replace("waktu: 1 hari", "waktu: segera")
        .replace("waktu: paling lama 14 hari kerja", "waktu: tentatif")
        .replace("waktu: 2 hari", "waktu: sesuai kebutuhan")
    )
    (sops_dir / "kerja-sama.yaml").write_text(text, encoding="utf-8")
    repository = load_repository(sops_dir).repository
    assert repository is not None
    (sop_report,) = run_checks(repository).sops
    lines = summary_lines(sop_report, repository.pengaturan.kalender_kerja.calendar(), "id", {})
    assert lines[1].startswith(
        "    jalur utama: belum diketahui (belum lengkap: langkah 1, 2, 3, 4"
    )
    assert "0 menit" not in "\n".join(lines[:3])
