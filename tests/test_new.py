"""`sop new`: a new SOP that passes `sop validate` as written, never overwriting."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import asking
from generator.cli import cli
from generator.fmt import format_sop_text

from .conftest import MINIMAL_SOP


def sop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


FLAGS = ("--bidang", "pdip", "--seksi", "kerjasama", "--pelaksana", "staf,kasi_kerjasama")


@pytest.mark.slow
def test_new_from_flags_is_valid_numbered_and_canonical(sops_dir: Path):
    (sops_dir / "pengaturan.yaml").write_text(
        'pola_nomor: "470/{urut}/SOP/DKPS/{tahun}"\npengesah: kadis\n', "utf-8"
    )
    existing = MINIMAL_SOP.replace(
        "nama: Contoh Layanan", 'nama: Lama\nnomor: "470/7/SOP/DKPS/2025"'
    )
    (sops_dir / "lama.yaml").write_text(existing, "utf-8")
    made = sop(
        "new",
        "--nama",
        'Legalisir "Dokumen": Cepat',
        *FLAGS,
        "--tahun",
        "2025",
        cwd=sops_dir.parent,
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "SOP baru ditulis: sops/pdip/legalisir-dokumen-cepat.yaml"
    target = sops_dir / "pdip" / "legalisir-dokumen-cepat.yaml"
    text = target.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../docs/schema/sop.schema.json\n")
    assert 'nomor: "470/8/SOP/DKPS/2025"' in text
    assert "  - kasi_kerjasama   # Kepala Seksi Kerjasama" in text
    assert "jabatan: kadis   # Kepala Dinas" in text
    assert sop("validate", "sops", cwd=sops_dir.parent).returncode == 0
    assert format_sop_text(text) == text


def test_new_never_overwrites(sops_dir: Path):
    (sops_dir / "pdip").mkdir()
    (sops_dir / "pdip" / "contoh.yaml").write_text(MINIMAL_SOP, "utf-8")
    made = sop("new", "--nama", "Contoh", *FLAGS, cwd=sops_dir.parent)
    assert made.returncode == 2
    assert "berkas sudah ada: sops/pdip/contoh.yaml" in made.stderr
    assert (sops_dir / "pdip" / "contoh.yaml").read_text("utf-8") == MINIMAL_SOP


@pytest.mark.slow
def test_new_rejects_unknown_ids_and_missing_answers_without_terminal(sops_dir: Path):
    bad = sop(
        "new", "--nama", "X", "--bidang", "pdip", "--pelaksana", "stafff", cwd=sops_dir.parent
    )
    assert bad.returncode == 2 and "jabatan 'stafff' tidak dikenal" in bad.stderr
    missing = sop("new", "--nama", "X", cwd=sops_dir.parent)
    assert missing.returncode == 2 and "isian 'bidang' wajib" in missing.stderr


def test_new_asks_in_the_terminal(sops_dir: Path, monkeypatch):
    monkeypatch.setattr(asking, "interactive", lambda: True)
    answers = "Pelayanan Kartu\npdip\n\nstaf, kasi_kerjasama\n"
    result = CliRunner().invoke(cli, ["new"], input=answers)
    assert result.exit_code == 0, result.output
    text = (sops_dir / "pdip" / "pelayanan-kartu.yaml").read_text("utf-8")
    assert 'nama: "Pelayanan Kartu"' in text and "seksi:" not in text
    assert sop("validate", "sops", cwd=sops_dir.parent).returncode == 0


def test_new_says_the_file_exists_before_asking_for_anything_more(sops_dir: Path):
    (sops_dir / "pdip").mkdir()
    (sops_dir / "pdip" / "contoh.yaml").write_text(MINIMAL_SOP, "utf-8")
    # Only nama and bidang given, no terminal: the existing file is the first thing said.
    made = sop("new", "--nama", "Contoh", "--bidang", "pdip", cwd=sops_dir.parent)
    assert made.returncode == 2
    assert "berkas sudah ada: sops/pdip/contoh.yaml" in made.stderr
    assert "wajib" not in made.stderr


def test_new_accepts_names_and_asks_again_after_a_bad_answer(sops_dir: Path, monkeypatch):
    monkeypatch.setattr(asking, "interactive", lambda: True)
    # Bidang by its short name; a typo in one role is asked again, the rest kept.
    answers = "Pelayanan Kartu\nPDIP\nSeksi Kerjasama\nStaf, Kabidd\nStaf, Kabid\n"
    result = CliRunner().invoke(cli, ["new"], input=answers)
    assert result.exit_code == 0, result.output
    assert "jabatan 'Kabidd' tidak dikenal" in result.output
    text = (sops_dir / "pdip" / "pelayanan-kartu.yaml").read_text("utf-8")
    assert "kabid_pdip" in text
    assert sop("validate", "sops", cwd=sops_dir.parent).returncode == 0


def test_new_in_a_fresh_project_writes_the_schema_its_first_line_names(sops_dir: Path):
    made = sop(
        "new", "--nama", "Baru", "--bidang", "PDIP", "--pelaksana", "Staf", cwd=sops_dir.parent
    )
    assert made.returncode == 0, made.stderr
    text = (sops_dir / "pdip" / "baru.yaml").read_text("utf-8")
    schema_line = next(line for line in text.splitlines() if "$schema=" in line)
    relative = schema_line.split("$schema=")[1].strip()
    assert (sops_dir / "pdip" / relative).resolve().is_file()


@pytest.mark.slow
def test_a_new_sop_made_today_carries_todays_full_date(sops_dir: Path):
    """Tgl. Pembuatan is the day the SOP was started, so the checker has no
    'only a year' note on a file `sop new` has just written."""
    made = sop("new", "--nama", "Legalisir Akta", *FLAGS, cwd=sops_dir.parent)
    assert made.returncode == 0, made.stderr
    text = (sops_dir / "pdip" / "legalisir-akta.yaml").read_text("utf-8")
    today = dt.date.today()  # the test and the command run on the same day (a race at midnight)
    assert f"pembuatan: {today.isoformat()}" in text or f"pembuatan: {dt.date.today()}" in text
    checked = sop("check", "--format", "json", "sops", cwd=sops_dir.parent)
    rules = {f["rule"] for f in json.loads(checked.stdout)["findings"]}
    assert "tanggal-hanya-tahun" not in rules
