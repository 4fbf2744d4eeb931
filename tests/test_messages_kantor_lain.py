"""What a new author at another office writes wrong, and what the tool then says (issue 13):
each message names the place and gives the fix, in the author's words."""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator.check import run_checks
from generator.loader import load_repository
from generator.problems import Problem

from .conftest import MINIMAL_SOP


def problems(sops_dir: Path, text: str) -> list[Problem]:
    (sops_dir / "contoh.yaml").write_text(text, encoding="utf-8")
    return [
        p for p in load_repository(sops_dir).problems if p.position.path.endswith("contoh.yaml")
    ]


def findings(sops_dir: Path, text: str, rule: str) -> list[Problem]:
    (sops_dir / "contoh.yaml").write_text(text, encoding="utf-8")
    repository = load_repository(sops_dir).repository
    assert repository is not None
    return [f for f in run_checks(repository).findings if f.rule == rule]


def test_two_roles_in_one_value_get_the_list_and_salah_satu(sops_dir: Path) -> None:
    text = MINIMAL_SOP.replace("pelaksana: kasi_kerjasama", "pelaksana: Kepala Bidang/Sekretaris")
    (found,) = problems(sops_dir, text)
    assert found.code == "loader.role_either"
    assert (found.position.line, found.position.column) == (11, 16)
    assert "pelaksana: [kabid_pdip, sekretaris]" in found.hint()
    assert "pelaksana_salah_satu: true" in found.hint()
    assert "organisasi.yaml" not in found.hint()  # not "register a role named so"


def test_roles_joined_by_atau_or_dan(sops_dir: Path) -> None:
    either = MINIMAL_SOP.replace("pelaksana: staf\n", "pelaksana: Kasi Kerjasama atau Staf\n")
    (found,) = problems(sops_dir, either)
    assert found.code == "loader.role_either"
    assert "[kasi_kerjasama, staf]" in found.hint()
    together = MINIMAL_SOP.replace("pelaksana: staf\n", "pelaksana: Kasi Kerjasama dan Staf\n")
    (found,) = problems(sops_dir, together)
    assert found.code == "loader.role_together"
    assert "[kasi_kerjasama, staf]" in found.hint("en")


def test_an_unknown_part_still_gets_the_register_hint(sops_dir: Path) -> None:
    text = MINIMAL_SOP.replace("pelaksana: staf\n", "pelaksana: Kasi Kerjasama/Lurah\n")
    (found,) = problems(sops_dir, text)
    assert found.code in ("loader.unknown_role", "loader.unknown_id_suggest")


def test_a_bare_dash_for_an_empty_cell(sops_dir: Path) -> None:
    (found,) = problems(sops_dir, MINIMAL_SOP.replace("waktu: 15 menit", "waktu: -"))
    assert found.code == "loader.yaml_dash"
    assert (found.position.line, found.position.column) == (9, 12)
    assert 'waktu: "-"' in found.hint()


def test_a_quoted_dash_is_a_step_without_waktu(sops_dir: Path) -> None:
    (found,) = findings(
        sops_dir, MINIMAL_SOP.replace("waktu: 15 menit", 'waktu: "-"'), "waktu-kosong"
    )
    assert (found.position.line, found.position.column) == (9, 12)


def test_a_title_after_a_comma_inside_braces(sops_dir: Path) -> None:
    text = MINIMAL_SOP + 'disahkan_oleh: {jabatan: kadis, nama: Contoh, S.Sos, nip: "1"}\n'
    (found,) = problems(sops_dir, text)
    assert found.code == "loader.unknown_key_comma"
    assert "'S.Sos'" in found.message()
    assert 'nama: "Dr. Contoh, M.Si"' in found.hint()


SIGNED = textwrap.dedent(
    """\
    nama: Penerbitan Surat
    unit: {bidang: pdip, seksi: kerjasama}
    disahkan_oleh: {jabatan: kadis, nama: Contoh, nip: "196902021992122001"}
    pelaksana: [staf, kasi_kerjasama, kabid_pdip, sekretaris]
    prosedur:
      - kegiatan: Menyusun konsep surat
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 1 jam
        output: Konsep
      - kegiatan: Menandatangani surat
        pelaksana: {signers}
        pelaksana_salah_satu: true
        kelengkapan: Konsep
        waktu: 1 hari
        output: Surat
    """
)


def test_a_product_signed_by_the_units_officials_is_delegated_signing(sops_dir: Path) -> None:
    rule = "pengesah-tak-terlibat"
    assert (
        findings(sops_dir, SIGNED.replace("{signers}", "[kasi_kerjasama, kabid_pdip]"), rule) == []
    )
    assert findings(sops_dir, SIGNED.replace("{signers}", "[kabid_pdip, sekretaris]"), rule) == []
    assert len(findings(sops_dir, SIGNED.replace("{signers}", "[sekretaris]"), rule)) == 1


def test_a_standard_exceeded_by_waiting_says_where_the_clock_could_start(sops_dir: Path) -> None:
    text = MINIMAL_SOP.replace(
        "pelaksana: [staf, kasi_kerjasama]",
        "standar_waktu: 1 jam\npelaksana: [instansi_terkait, staf, kasi_kerjasama]",
    ).replace(
        "prosedur:\n",
        "prosedur:\n  - kegiatan: Mengurus surat pengantar\n"
        "    pelaksana: instansi_terkait\n    waktu: 1 hari\n",
    )
    (found,) = findings(sops_dir, text, "melebihi-standar-waktu")
    hint = found.hint()
    assert "1 hari di antaranya waktu menunggu (langkah 1)" in hint
    assert "standar_waktu_mulai: 2" in hint
    assert "1 day of it is waiting (step 1)" in found.hint("en")


def test_dates_as_indonesian_documents_print_them(sops_dir: Path) -> None:
    from generator.model.tanggal import PartialDate, parse_partial_date

    assert parse_partial_date("2 Januari 2023") == PartialDate(2023, 1, 2)
    assert parse_partial_date("02-01-2023") == PartialDate(2023, 1, 2)
    assert parse_partial_date("02/01/2023") == PartialDate(2023, 1, 2)
    assert parse_partial_date("Agustus 2023") == PartialDate(2023, 8)
    text = MINIMAL_SOP + "tanggal: {pembuatan: 15 Maret 2022, efektif: 01-04-2022}\n"
    assert problems(sops_dir, text) == []
    (wrong,) = problems(sops_dir, MINIMAL_SOP + "tanggal: {pembuatan: 31 Februari 2022}\n")
    assert wrong.code == "loader.wrong_value" and "15 Maret 2022" in wrong.message()


def test_jumps_written_as_documents_write_them(sops_dir: Path) -> None:
    from generator.flow import END, Flow

    text = MINIMAL_SOP + (
        "  - kegiatan: Memeriksa ulang\n    pelaksana: kasi_kerjasama\n"
        "    jawaban: {Ya: Selesai., Tidak: kembali ke langkah 1}\n"
    )
    (sops_dir / "contoh.yaml").write_text(text, encoding="utf-8")
    repository = load_repository(sops_dir).repository
    assert repository is not None
    sop = repository.sop("contoh")
    assert sop is not None
    assert sop.sop.prosedur[2].jawaban == {"Ya": "selesai", "Tidak": 1}
    assert {(a.label, a.target) for a in Flow(sop.sop).outgoing(2)} == {("Ya", END), ("Tidak", 0)}


def test_columns_of_the_form_written_as_step_keys(sops_dir: Path) -> None:
    numbered = MINIMAL_SOP.replace(
        "  - kegiatan: Menyiapkan berkas", "  - no: 1\n    kegiatan: Menyiapkan berkas"
    )
    (found,) = problems(sops_dir, numbered)
    assert found.code == "loader.step_number_key" and "lanjut_ke: 10" in found.hint()
    grouped = MINIMAL_SOP.replace(
        "    waktu: 15 menit\n", "    mutu_baku:\n      waktu: 15 menit\n"
    )
    (found,) = problems(sops_dir, grouped)
    assert found.code == "loader.mutu_baku_key"
    assert (found.position.line, found.position.column) == (9, 5)
