"""`sop check` on the three Palembang SOPs: the totals the issue gives, the real
defects of the drafts, and the JSON / SARIF / exit-code interface."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.check import run_checks
from generator.loader import load_repository

from .conftest import MINIMAL_SOP, REPO, SOPS


def sop(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def report():
    return run_checks(load_repository(SOPS).repository)


def test_main_path_totals_of_the_seeds():
    totals = {r.entry.id: r.timing.main_total.low for r in report().sops}
    assert totals == {
        "pelayanan-kerjasama": 1915,
        "inovasi-pelayanan": 2250,
        "pemanfaatan-data-dan-dokumen": 11760,
    }


def test_worst_case_and_roles_of_kerjasama():
    [kerjasama] = [r for r in report().sops if r.entry.id == "pelayanan-kerjasama"]
    # 1915 + (steps 1-2: 45) + (steps 3-4: 40) + (steps 3-5: 70)
    assert kerjasama.timing.worst_total.low == 2070
    assert kerjasama.timing.by_role["kadis"].low == 450 + 1350
    assert kerjasama.timing.by_role["kasi_kerjasama"].low == 40


def test_real_defects_of_the_seed_drafts():
    found = {(f.position.path.split("/")[-1], f.rule) for f in report().findings}
    assert ("inovasi-pelayanan.yaml", "output-kosong") in found  # step 4 has no output
    assert ("pemanfaatan-data-dan-dokumen.yaml", "output-kosong") in found  # step 8
    assert ("pelayanan-kerjasama.yaml", "nomor-sementara") in found
    assert ("pemanfaatan-data-dan-dokumen.yaml", "langkah-terlalu-lama") in found
    assert ("pelayanan-kerjasama.yaml", "dasar-hukum-diubah") in found
    assert not [f for f in report().findings if f.severity.value == "error"]


def test_check_text_output_and_exit_code():
    result = sop("check", "sops/")
    assert result.returncode == 0, result.stderr
    assert "sops/pdip/inovasi-pelayanan.yaml:90:5: peringatan output-kosong langkah 4" in (
        result.stdout
    )
    assert "jalur utama: 4 hari 1 jam 55 menit" in result.stdout
    assert "jalur utama: 26 hari 1 jam" in result.stdout
    assert "Traceback" not in result.stderr


def test_strict_fails_on_warnings():
    assert sop("check", "--strict", "sops/").returncode == 1


def test_json_output():
    data = json.loads(sop("check", "--format", "json", "sops/").stdout)
    assert {s["id"]: s["main_path_minutes"] for s in data["sops"]} == {
        "inovasi-pelayanan": 2250,
        "pelayanan-kerjasama": 1915,
        "pemanfaatan-data-dan-dokumen": 11760,
    }
    finding = data["findings"][0]
    assert set(finding) >= {"path", "line", "column", "rule", "severity", "message"}
    assert data["sops"][0]["steps"] == 6 and "minutes_by_role" in data["sops"][0]


def test_sarif_output():
    data = json.loads(sop("check", "--format", "sarif", "sops/").stdout)
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    assert run["tool"]["driver"]["name"] == "sop check"
    first = run["results"][0]
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == first["ruleId"]


def test_errors_exit_1_and_english(sops_dir: Path):
    bad = MINIMAL_SOP.replace("    waktu: 15 menit\n", "    waktu: kilat\n")
    (sops_dir / "x.yaml").write_text(bad)
    result = sop("--lang", "en", "check", "sops", cwd=sops_dir.parent)
    assert result.returncode == 1
    assert "sops/x.yaml:9:12: error waktu-tak-terbaca waktu 'kilat' cannot be read" in (
        result.stdout
    )


def test_rule_switched_off_for_one_sop_with_reason(sops_dir: Path):
    bad = MINIMAL_SOP.replace("    waktu: 15 menit\n", "    waktu: kilat\n")
    off = "pemeriksaan:\n  aturan:\n    waktu-tak-terbaca: {tingkat: info, alasan: masih dibahas}\n"
    (sops_dir / "x.yaml").write_text(bad + off)
    result = sop("check", "sops", cwd=sops_dir.parent)
    assert result.returncode == 0
    assert "info waktu-tak-terbaca" in result.stdout


def test_office_settings_regrade_and_unknown_rule(sops_dir: Path):
    (sops_dir / "x.yaml").write_text(MINIMAL_SOP)
    (sops_dir / "pengaturan.yaml").write_text(
        "pemeriksaan:\n  aturan:\n"
        "    identitas-kosong: {tingkat: galat, alasan: wajib sebelum tanda tangan}\n"
        "    tidak-ada: {tingkat: mati, alasan: salah ketik}\n"
    )
    result = sop("check", "sops", cwd=sops_dir.parent)
    assert result.returncode == 1
    assert "galat identitas-kosong" in result.stdout
    assert "sops/pengaturan.yaml:4:5: peringatan aturan-tak-dikenal" in result.stdout


def test_loader_errors_stop_the_check(sops_dir: Path):
    (sops_dir / "x.yaml").write_text("nama: [")
    result = sop("check", "sops", cwd=sops_dir.parent)
    assert result.returncode == 1
    assert "loader.yaml_syntax" in result.stdout


def test_rules_page_is_fresh():
    committed = (REPO / "docs" / "aturan.md").read_text("utf-8")
    assert committed == sop("check", "--rules-doc").stdout, (
        "run: sop check --rules-doc > docs/aturan.md"
    )


@pytest.mark.slow
def test_identical_rerun_is_served_from_the_cache_and_any_change_misses(sops_dir: Path):
    (sops_dir / "x.yaml").write_text(MINIMAL_SOP)
    first = sop("check", "--format", "json", "sops", cwd=sops_dir.parent)
    stored = [p for p in (sops_dir.parent / ".sop-cache" / "run").rglob("*") if p.is_file()]
    assert len(stored) == 1
    second = sop("check", "--format", "json", "sops", cwd=sops_dir.parent)
    assert (second.stdout, second.returncode) == (first.stdout, first.returncode)
    # A changed SOP is a different input: checked again, new result.
    (sops_dir / "x.yaml").write_text(MINIMAL_SOP.replace("15 menit", "kilat"))
    third = sop("check", "--format", "json", "sops", cwd=sops_dir.parent)
    assert third.returncode == 1 and "waktu-tak-terbaca" in third.stdout
    assert sop("check", "--no-cache", "--format", "json", "sops", cwd=sops_dir.parent).stdout == (
        third.stdout
    )


def test_checking_one_file_reports_what_the_whole_folder_reports_for_it(tmp_path: Path):
    shutil.copytree(SOPS, tmp_path / "sops")
    for name in ("inovasi-pelayanan", "pelayanan-kerjasama"):  # one number for two SOPs
        path = tmp_path / "sops" / "pdip" / f"{name}.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("470/ /SOP", "470/12/SOP"), encoding="utf-8"
        )
    whole = json.loads(sop("check", "--no-cache", "--format", "json", "sops/", cwd=tmp_path).stdout)
    target = "sops/pdip/inovasi-pelayanan.yaml"
    one = json.loads(sop("check", "--no-cache", "--format", "json", target, cwd=tmp_path).stdout)
    assert one["findings"] == [f for f in whole["findings"] if f["path"] == target]
    assert one["findings"], "the seed has findings, so the comparison means something"
    # nomor-ganda compares SOPs with each other: still found when checking one of them
    assert "nomor-ganda" in {f["rule"] for f in one["findings"]}
    assert [s["id"] for s in one["sops"]] == ["inovasi-pelayanan"]


def test_run_checks_only_runs_sop_rules_on_the_chosen_sops():
    repository = load_repository(SOPS).repository
    chosen = run_checks(repository, only=lambda entry: entry.id == "inovasi-pelayanan")
    assert [r.entry.id for r in chosen.sops] == ["inovasi-pelayanan"]
    repository_rules = ("nomor-ganda", "kop-tak-lengkap")  # about the whole folder
    paths = {f.position.path for f in chosen.findings if f.rule not in repository_rules}
    assert paths == {"sops/pdip/inovasi-pelayanan.yaml"}


@pytest.mark.slow
def test_no_cache_reads_and_writes_nothing_kept_between_runs(sops_dir: Path):
    (sops_dir / "x.yaml").write_text(MINIMAL_SOP)
    cached = sop("check", "--format", "json", "sops", cwd=sops_dir.parent)
    kept = sops_dir.parent / ".sop-cache"
    assert {p.name for p in kept.iterdir()} == {
        ".gitignore",
        "CACHEDIR.TAG",
        "check",
        "parse",
        "run",
        "usage",  # the store's size note (Store.prune)
    }
    shutil.rmtree(kept)
    fresh = sop("check", "--no-cache", "--format", "json", "sops", cwd=sops_dir.parent)
    assert fresh.stdout == cached.stdout
    assert not kept.exists()


@pytest.mark.slow
def test_an_sop_that_cannot_be_loaded_is_reported_in_the_format_asked_for(sops_dir: Path):
    (sops_dir / "rusak.yaml").write_text(MINIMAL_SOP.replace("nama:", "namma: Y\nnama:"))
    result = sop("check", "--format", "json", "sops", cwd=sops_dir.parent)
    assert result.returncode == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["path"], finding["rule"]) == ("sops/rusak.yaml", "loader.unknown_key_suggest")
    sarif = sop("check", "--format", "sarif", "sops", cwd=sops_dir.parent)
    assert sarif.returncode == 1
    [entry] = json.loads(sarif.stdout)["runs"][0]["results"]
    assert entry["ruleId"] == "loader.unknown_key_suggest" and entry["level"] == "error"


def test_durations_are_written_in_the_readers_language():
    indonesian = sop("check", "--no-cache", "sops/pdip/pelayanan-kerjasama.yaml")
    english = sop("--lang", "en", "check", "--no-cache", "sops/pdip/pelayanan-kerjasama.yaml")
    assert "jalur utama: 4 hari 1 jam 55 menit" in indonesian.stdout
    assert "main path: 4 days 1 hour 55 minutes" in english.stdout
    assert "step 7 (3 days) takes 70%" in english.stdout  # a finding's argument, too
    assert " hari" not in english.stdout.split("Time summary")[1]
