"""The `sop` command as a user runs it: exit codes, messages, help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINIMAL_SOP, REPO


def sop(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_validate_seed_sops_exits_0():
    result = sop("validate", "sops/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "3 SOP dimuat tanpa masalah."


def test_validate_one_file_exits_0():
    assert sop("validate", "sops/pdip/inovasi-pelayanan.yaml").returncode == 0


def test_validate_reports_problems_and_exits_1(sops_dir: Path):
    (sops_dir / "x.yaml").write_text(MINIMAL_SOP.replace("nama:", "nomr: 1\nnama:"))
    result = sop("validate", "sops", cwd=sops_dir.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "sops/x.yaml:1:1: galat loader.unknown_key_suggest kunci 'nomr' tidak dikenal; "
        "mungkin maksudnya 'nomor'?",
        "    saran: ganti menjadi 'nomor'; kunci yang dikenal di sini: biaya_tarif, "
        "dasar_hukum, definisi, disahkan_oleh, jenis_layanan, keterkaitan, "
        "kualifikasi_pelaksana, nama, nama_prosedur, nomor, pelaksana, pemeriksaan, "
        "penanganan_pengaduan, pencatatan_pendataan, peralatan_perlengkapan, peringatan, "
        "persyaratan, "
        "produk_layanan, prosedur, standar_waktu, standar_waktu_mulai, "
        "standar_waktu_sampai, status, tanggal, unit",
    ]
    assert "1 galat, 0 peringatan di 1 berkas." in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_in_english(sops_dir: Path):
    (sops_dir / "x.yaml").write_text("")
    result = sop("--lang", "en", "validate", "sops", cwd=sops_dir.parent)
    assert result.returncode == 1
    assert result.stdout.startswith("sops/x.yaml:1:1: error loader.empty the file is empty")


@pytest.mark.slow
def test_validate_only_reports_the_named_file(sops_dir: Path):
    (sops_dir / "good.yaml").write_text(MINIMAL_SOP)
    (sops_dir / "bad.yaml").write_text("")
    assert sop("validate", "sops/good.yaml", cwd=sops_dir.parent).returncode == 0
    assert sop("validate", "sops/bad.yaml", cwd=sops_dir.parent).returncode == 1


def test_validate_without_registries_is_a_usage_error(tmp_path: Path):
    (tmp_path / "x.yaml").write_text(MINIMAL_SOP)
    result = sop("validate", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "organisasi.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_is_a_usage_error():
    result = sop("validate", "tidak-ada/")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_schema_prints_json():
    result = sop("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"].startswith("SOP AP")


@pytest.mark.parametrize("command", [[], ["validate"], ["schema"]])
@pytest.mark.slow
def test_every_command_has_help(command):
    result = sop(*command, "--help")
    assert result.returncode == 0
    assert "Usage: sop" in result.stdout


@pytest.mark.slow
def test_console_script_is_installed():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "sop"), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0


@pytest.mark.slow
def test_commands_run_inside_a_subfolder_of_the_sop_folder(sops_dir: Path):
    """Paths are shown relative to where the author stands, the same way by the
    loader and by the file arguments, so the named file is found and reported."""
    folder = sops_dir / "pdip"
    folder.mkdir()
    (folder / "baik.yaml").write_text(MINIMAL_SOP)
    (folder / "rusak.yaml").write_text(MINIMAL_SOP.replace("nama:", "namma: Y\nnama:"))
    validate = sop("validate", "rusak.yaml", cwd=folder)
    assert validate.returncode == 1
    assert validate.stdout.startswith("rusak.yaml:1:1: galat loader.unknown_key_suggest")
    check = sop("check", "--format", "json", "baik.yaml", cwd=folder)
    assert [s["id"] for s in json.loads(check.stdout)["sops"]] == ["baik"]
    flowchart = sop("flowchart", "baik.yaml", "-o", str(folder / "baik.svg"), cwd=folder)
    assert flowchart.returncode == 0, flowchart.stderr


def _project_with_a_broken_sop(sops_dir: Path) -> Path:
    (sops_dir / "pdip").mkdir()
    (sops_dir / "pdip" / "baik.yaml").write_text(MINIMAL_SOP)
    (sops_dir / "rusak.yaml").write_text(MINIMAL_SOP.replace("nama:", "namma: Y\nnama:"))
    return sops_dir


def test_a_parent_folder_as_path_means_that_folder(sops_dir: Path):
    _project_with_a_broken_sop(sops_dir)
    result = sop("validate", "..", cwd=sops_dir / "pdip")
    assert result.returncode == 1
    assert f"{sops_dir / 'rusak.yaml'}:1:1:" in result.stdout  # outside the cwd: absolute
    here = sop("validate", ".", cwd=sops_dir / "pdip")  # only what lies here
    assert here.returncode == 0, here.stdout


@pytest.mark.slow
def test_without_path_inside_the_sop_folder_the_whole_folder_is_checked(sops_dir: Path):
    _project_with_a_broken_sop(sops_dir)
    result = sop("check", cwd=sops_dir / "pdip")
    assert result.returncode == 1
    assert f"{sops_dir / 'rusak.yaml'}:1:1: galat" in result.stdout  # a file outside pdip/
    (sops_dir / "rusak.yaml").unlink()
    fine = sop("check", "--format", "json", cwd=sops_dir / "pdip")
    assert [s["id"] for s in json.loads(fine.stdout)["sops"]] == ["baik"]


@pytest.mark.slow
def test_a_symlinked_sop_folder_and_file_are_checked_like_real_ones(sops_dir: Path):
    project = sops_dir.parent
    shared = project / "bersama"
    shared.mkdir()
    (shared / "tautan.yaml").write_text(MINIMAL_SOP)
    (sops_dir / "tautan.yaml").symlink_to(shared / "tautan.yaml")
    (sops_dir / "biasa.yaml").write_text(MINIMAL_SOP)
    sops_dir.rename(project / "asli")
    (project / "sops").symlink_to(project / "asli")
    result = sop("check", "--format", "json", cwd=project)
    assert sorted(s["id"] for s in json.loads(result.stdout)["sops"]) == ["biasa", "tautan"]
    one = sop("check", "--format", "json", "sops/tautan.yaml", cwd=project)
    assert [s["id"] for s in json.loads(one.stdout)["sops"]] == ["tautan"]
    chart = sop("flowchart", "sops/tautan.yaml", "-o", "tautan.svg", cwd=project)
    assert chart.returncode == 0, chart.stderr


@pytest.mark.slow
def test_a_draft_outside_the_sop_folder_is_checked_against_it_with_sops(sops_dir: Path):
    (sops_dir / "ada.yaml").write_text(MINIMAL_SOP)
    mail = sops_dir.parent / "surel"
    mail.mkdir()
    (mail / "draf-baru.yaml").write_text(MINIMAL_SOP.replace("15 menit", "kilat"))
    (mail / "rusak.yaml").write_text(MINIMAL_SOP.replace("nama:", "namma: Y\nnama:"))
    without = sop("check", "surel/draf-baru.yaml", cwd=sops_dir.parent)
    assert without.returncode == 2 and "--sops" in without.stderr  # the hint names the way
    result = sop(
        "check", "--format", "json", "--sops", "sops", "surel/draf-baru.yaml", cwd=sops_dir.parent
    )
    data = json.loads(result.stdout)
    assert [s["id"] for s in data["sops"]] == ["draf-baru"]
    assert {f["rule"] for f in data["findings"]} >= {"waktu-tak-terbaca"}
    assert {f["path"] for f in data["findings"]} == {"surel/draf-baru.yaml"}
    broken = sop("validate", "--sops", "sops", "surel", cwd=sops_dir.parent)
    assert broken.returncode == 1
    assert broken.stdout.startswith("surel/rusak.yaml:1:1: galat loader.unknown_key_suggest")
    chart = sop(
        "flowchart", "--sops", "sops", "surel/draf-baru.yaml", "-o", "d.svg", cwd=sops_dir.parent
    )
    assert chart.returncode == 0, chart.stderr
