"""Messages a new author met (issue 13, item 9): each says what happened and how to fix it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINIMAL_SOP


def sop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True
    )


def test_a_row_pasted_from_excel_is_not_called_indentation(sops_dir: Path) -> None:
    pasted = MINIMAL_SOP.replace(
        "    waktu: 30 menit\n", "    waktu: 30 menit\n\tMenyerahkan\t15 menit\n"
    )
    (sops_dir / "x.yaml").write_text(pasted)
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert result.returncode == 1
    assert "galat loader.tab_pasted" in result.stdout
    assert "spreadsheet" in result.stdout and "dua spasi" not in result.stdout


def test_a_tab_kept_inside_a_value_is_reported(sops_dir: Path) -> None:
    (sops_dir / "x.yaml").write_text(MINIMAL_SOP.replace("Menyiapkan berkas", "Menyiapkan\tberkas"))
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert "sops/x.yaml:7:15: peringatan loader.tab_in_text" in result.stdout


def test_a_tab_used_for_indentation_keeps_its_message(sops_dir: Path) -> None:
    (sops_dir / "x.yaml").write_text("nama: A\nunit:\n\tbidang: pdip\n")
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert "galat loader.tab " in result.stdout and "dua spasi" in result.stdout


def test_a_loop_without_exit_is_reported_at_the_answer_that_closes_it(tmp_path: Path) -> None:
    from .test_check_rules import findings_for

    loop = """\
prosedur:
  - kegiatan: Menerima berkas
    pelaksana: staf
    kelengkapan: Berkas
    waktu: 15 menit
    output: Berkas diterima
  - kegiatan: Memeriksa berkas
    pelaksana: kasi
    jawaban: {Ya: 1, Tidak: 1}
    kelengkapan: Berkas
    waktu: 30 menit
    output: Berkas diperiksa
"""
    assert "putaran-tanpa-keluar" in findings_for(tmp_path, loop)
    written = tmp_path / "sops" / "a.yaml"
    answers_line = (
        written.read_text("utf-8").splitlines().index("    jawaban: {Ya: 1, Tidak: 1}") + 1
    )
    result = sop("check", "sops/a.yaml", cwd=tmp_path)
    loops = [line for line in result.stdout.splitlines() if "putaran-tanpa-keluar" in line]
    assert len(loops) == 2, result.stdout
    assert all(line.startswith(f"sops/a.yaml:{answers_line}:") for line in loops), loops
    assert "kembali ke langkah 1 dan menutup putaran" in loops[0]


def test_amending_law_already_cited_gets_no_advice_to_add_it(tmp_path: Path) -> None:
    from .test_check_rules import findings_for

    assert "dasar-hukum-diubah" in findings_for(tmp_path / "1", "dasar_hukum: [uu-23-2006]\n")
    both = "dasar_hukum: [uu-23-2006, uu-24-2013]\n"
    assert "dasar-hukum-diubah" not in findings_for(tmp_path / "2", both)


def test_a_counter_service_signed_by_the_kadis_is_not_flagged(tmp_path: Path) -> None:
    from .test_check_rules import findings_for

    counter = """\
prosedur:
  - kegiatan: Menerima berkas permohonan
    pelaksana: staf
    kelengkapan: Formulir
    waktu: 15 menit
    output: Berkas
  - kegiatan: Mencetak dokumen
    pelaksana: kasi
    kelengkapan: Berkas
    waktu: 10 menit
    output: Dokumen
"""
    assert "pengesah-tak-terlibat" not in findings_for(tmp_path / "1", counter)
    approved = counter.replace("Mencetak dokumen", "Menandatangani dokumen")
    signer = "disahkan_oleh: {jabatan: kadis, nama: Budi}\n"
    # The unit's own Kasi signing the product is delegated signing (issue 13, i13).
    assert "pengesah-tak-terlibat" not in findings_for(tmp_path / "2", approved + signer)
    elsewhere = approved.replace("    pelaksana: kasi\n", "    pelaksana: sekretaris\n")
    assert "pengesah-tak-terlibat" in findings_for(tmp_path / "3", elsewhere + signer)


def test_an_unregistered_role_is_told_how_to_register_it(sops_dir: Path) -> None:
    (sops_dir / "x.yaml").write_text(
        MINIMAL_SOP.replace("[staf, kasi_kerjasama]", "[staf, kasi_kerjasama, Pemohon Layanan]")
    )
    result = sop("validate", "sops", cwd=sops_dir.parent)
    line = next(line for line in result.stdout.splitlines() if "saran:" in line)
    assert "organisasi.yaml" in line and "pemohon_layanan: {nama: Pemohon Layanan}" in line
    assert "eksternal: true" in line


def test_a_file_name_with_a_space_gets_a_proposed_name(sops_dir: Path) -> None:
    (sops_dir / "Layanan Baru.yaml").write_text(MINIMAL_SOP)
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert "'layanan-baru.yaml'" in result.stdout


@pytest.mark.slow
def test_a_role_name_shared_by_two_bidang_resolves_by_the_sops_unit(sops_dir: Path) -> None:
    organisasi = (sops_dir / "organisasi.yaml").read_text("utf-8")
    organisasi = organisasi.replace(
        "\njabatan:\n",
        "\njabatan:\n  kabid_lain: {nama: Kepala Bidang Lain, singkatan: Kabid, bidang: lain}\n",
    ).replace("\nbidang:\n", "\nbidang:\n  lain: {nama: Bidang Lain}\n")
    (sops_dir / "organisasi.yaml").write_text(organisasi, "utf-8")
    (sops_dir / "x.yaml").write_text(
        MINIMAL_SOP.replace("[staf, kasi_kerjasama]", "[staf, kasi_kerjasama, Kabid]")
    )
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert "tulis id 'kabid_pdip'" in result.stdout, result.stdout
    (sops_dir / "x.yaml").write_text(
        MINIMAL_SOP.replace("[staf, kasi_kerjasama]", "[staf, kasi_kerjasama, Kabid]").replace(
            "bidang: pdip\n  seksi: kerjasama", "bidang: sekretariat_tidak_ada"
        )
    )
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert "nama beberapa jabatan" in result.stdout and "kabid_lain" in result.stdout


def test_numbers_of_thousands_of_digits_in_targets_never_raise(sops_dir: Path) -> None:
    digits = "9" * 5000
    text = MINIMAL_SOP.replace(
        "    waktu: 30 menit\n", f"    waktu: 30 menit\n    lanjut_ke: {digits}\n"
    ).replace(
        "pelaksana: [staf",
        f"standar_waktu_mulai: {digits}\nstandar_waktu: 1 hari\npelaksana: [staf",
    )
    (sops_dir / "x.yaml").write_text(text)
    result = sop("check", "sops", cwd=sops_dir.parent)
    assert "Traceback" not in result.stderr
    # Refused when read (generator/limits.py), before any rule: one finding per number.
    assert result.stdout.count("galat limits.too_many_digits") == 2
    assert len(max(result.stdout.splitlines(), key=len)) < 400


def test_a_utf16_file_names_the_menu_to_fix_it(sops_dir: Path) -> None:
    (sops_dir / "x.yaml").write_bytes(MINIMAL_SOP.encode("utf-16"))
    (sops_dir / "y.yaml").write_bytes(MINIMAL_SOP.encode("utf-16-le"))
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert result.stdout.count("galat loader.utf16") == 2
    assert "Save As" in result.stdout and "UTF-8" in result.stdout


def test_a_return_to_a_decision_with_an_output_is_not_called_documentless(tmp_path: Path) -> None:
    from .test_check_rules import findings_for

    to_decision = """\
prosedur:
  - kegiatan: Menyiapkan konsep
    pelaksana: staf
    kelengkapan: Berkas
    waktu: 15 menit
    output: Konsep
  - kegiatan: Memeriksa konsep
    pelaksana: kasi
    jawaban: {Ya: lanjut, Tidak: 1}
    kelengkapan: Konsep
    waktu: 30 menit
    output: Konsep diperiksa
  - kegiatan: Menandatangani surat
    pelaksana: kadis
    jawaban: {Ya: selesai, Tidak: 2}
    kelengkapan: Konsep diperiksa
    waktu: 1 jam
    output: Surat
"""
    assert "panah-balik-salah-tujuan" in findings_for(tmp_path, to_decision)
    result = sop("check", "sops/a.yaml", cwd=tmp_path)
    line = next(line for line in result.stdout.splitlines() if "panah-balik-salah-tujuan" in line)
    assert "pemeriksaan (keputusan)" in line and "tidak menghasilkan dokumen" not in line
