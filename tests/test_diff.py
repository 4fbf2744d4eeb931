"""`sop diff` reports meaning, not lines: pairs of real-looking versions of the seeds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.duration import DEFAULT_CALENDAR
from generator.loader import load_repository, load_sop_bytes
from generator.review.diff import diff_sops
from generator.review.render import change_text

from .conftest import REPO, SOPS

KERJASAMA = (SOPS / "pdip" / "pelayanan-kerjasama.yaml").read_text("utf-8")
PEMANFAATAN = (SOPS / "pdip" / "pemanfaatan-data-dan-dokumen.yaml").read_text("utf-8")


def changes(old_text: str, new_text: str) -> list[str]:
    repository = load_repository(SOPS).repository
    old, problems_old = load_sop_bytes(old_text.encode(), "old.yaml", "x", repository)
    new, problems_new = load_sop_bytes(new_text.encode(), "new.yaml", "x", repository)
    assert old and new, (problems_old, problems_new)
    result = diff_sops("x", old.sop, new.sop, DEFAULT_CALENDAR)
    return [change_text(c, "id") for c in result.changes] + [
        "! " + change_text(w, "id") for w in result.warnings
    ]


def test_no_change():
    assert changes(KERJASAMA, KERJASAMA) == []


def test_added_step_waktu_law_and_revision_date():
    new = (
        KERJASAMA.replace("  revisi: 2022\n", "  revisi: 2024-02-01\n")
        .replace("  - uu-23-2006\n", "  - uu-23-2006\n  - uu-24-2013\n")
        .replace(
            "    waktu: 1 hari\n    output: Surat MOU siap\n",
            "    waktu: 2 hari\n    output: Surat MOU siap\n",
        )
        .replace(
            "  # 4. Pemeriksaan pertama",
            "  - kegiatan: Mengirim konsep kerjasama kepada Instansi Terkait\n"
            "    pelaksana: kasi_kerjasama\n    waktu: 1 hari\n\n  # 4. Pemeriksaan pertama",
        )
    )
    assert changes(KERJASAMA, new) == [
        "tanggal.revisi: '2022' → '2024-02-01'",
        "dasar hukum ditambah: uu-24-2013",
        "langkah 4 ditambah: Mengirim konsep kerjasama kepada Instansi Terkait",
        "langkah 6 → 7, waktu: '1 hari' → '2 hari'",
        "total jalur utama: 4 hari 1 jam 55 menit → 6 hari 1 jam 55 menit",
    ]


def test_reworded_role_changed_and_stale_revision_date_warns():
    new = KERJASAMA.replace(
        "  - kegiatan: Menyetujui Konsep Kerjasama\n    pelaksana: kadis\n",
        "  - kegiatan: Menyetujui dan memaraf Konsep Kerjasama\n    pelaksana: sekretaris\n",
    )
    assert changes(KERJASAMA, new) == [
        "langkah 6 → 6, kegiatan diubah: 'Menyetujui Konsep Kerjasama' → "
        "'Menyetujui dan memaraf Konsep Kerjasama'",
        "langkah 6 → 6, pelaksana: kadis → sekretaris",
        "! isi berubah tetapi tanggal revisi tetap 2022; perbarui tanggal.revisi",
    ]


def _pemanfaatan_revised(return_to: int) -> str:
    """Step 1 dropped, step 8 (Menggandakan) moved before step 7 (Menandatangani),
    and the checks' return arrows rewritten to `return_to` in the new numbering."""
    new = PEMANFAATAN
    new = new.replace(new[new.index("  # 1. Mengambil") : new.index("  # 2. Mengimpor")], "")
    sign = new[new.index("  # 7. Menandatangani") : new.index("  # 8. Menggandakan")]
    copy = new[new.index("  # 8. Menggandakan") : new.index("  # 9. Baris")]
    new = new.replace(sign + copy, copy + sign)
    new = new.replace("  revisi: 2022\n", "  revisi: 2024-05-02\n")
    return new.replace("      Tidak: 2\n", f"      Tidak: {return_to}\n")


def test_removed_and_moved_steps_renumbering_is_not_a_change():
    # Return arrows still go to the same step (Pengimporan), now numbered 1.
    assert changes(PEMANFAATAN, _pemanfaatan_revised(return_to=1)) == [
        "tanggal.revisi: '2022' → '2024-05-02'",
        "langkah 1 dihapus: Pengambilan Data Konsolidasi",
        "langkah 6 → 5, jawaban 'Ya': dulu menuju 7, kini 6 (nomor baru)",
        "langkah 8 dipindah menjadi langkah 6",
        "total jalur utama: 26 hari 1 jam → 26 hari",
    ]


def test_return_arrow_sent_elsewhere():
    revised = _pemanfaatan_revised(return_to=1).replace("      Tidak: 1\n", "      Tidak: 2\n", 1)
    assert (
        "langkah 4 → 3, panah balik 'Tidak': dulu ke langkah 1, kini ke langkah 2 (nomor baru)"
        in (changes(PEMANFAATAN, revised))
    )


def sop_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True
    )


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo_with_history(tmp_path: Path) -> Path:
    """A git repository: commit 1 = the seeds, commit 2 = a revision of one SOP."""
    shutil.copytree(SOPS, tmp_path / "sops")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "seeds")
    target = tmp_path / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    text = target.read_text("utf-8").replace("    waktu: 1 hari\n", "    waktu: 2 hari\n", 1)
    target.write_text(text.replace("  revisi: 2022\n", "  revisi: 2025-01-15\n"), "utf-8")
    git(tmp_path, "commit", "-qam", "revisi inovasi")
    return tmp_path


def test_git_range_reports_only_changed_sops(repo_with_history: Path):
    result = sop_cli("diff", "--rev", "HEAD~1..HEAD", "--format", "json", cwd=repo_with_history)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == ["inovasi-pelayanan"]
    assert [c["message"] for c in data[0]["changes"]] == [
        "tanggal.revisi: '2022' → '2025-01-15'",
        "langkah 1 → 1, waktu: '1 hari' → '2 hari'",
        "total jalur utama: 5 hari → 6 hari",
    ]
    assert (data[0]["main_path_minutes_before"], data[0]["main_path_minutes_after"]) == (2250, 2700)


def test_git_revision_against_working_tree(repo_with_history: Path):
    target = repo_with_history / "sops" / "pdip" / "pelayanan-kerjasama.yaml"
    target.write_text(target.read_text("utf-8").replace("15 Menit", "20 Menit"), "utf-8")
    result = sop_cli(
        "diff", "--rev", "main", "--", "sops/pdip/pelayanan-kerjasama.yaml", cwd=repo_with_history
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Perubahan SOP pelayanan-kerjasama (main:sops/pdip/pelayanan-kerjasama.yaml → "
        "sops/pdip/pelayanan-kerjasama.yaml)",
        "  - langkah 1 → 1, waktu: '15 Menit' → '20 Menit'",
        "  - total jalur utama: 4 hari 1 jam 55 menit → 4 hari 2 jam",
        "  ! Peringatan: isi berubah tetapi tanggal revisi tetap 2022; perbarui tanggal.revisi",
    ]


def test_markdown_output_escapes_and_lists(repo_with_history: Path):
    result = sop_cli("diff", "--rev", "HEAD~1..HEAD", "--format", "markdown", cwd=repo_with_history)
    assert result.stdout.startswith("### Perubahan SOP inovasi-pelayanan")
    assert "- langkah 1 → 1, waktu: '1 hari' → '2 hari'" in result.stdout


def test_no_changed_sop_is_said(repo_with_history: Path):
    result = sop_cli("diff", "--rev", "HEAD", cwd=repo_with_history)
    assert (result.returncode, result.stdout) == (0, "Tidak ada SOP yang berubah.\n")


@pytest.mark.slow
def test_usage_errors_exit_2():
    assert sop_cli("diff", cwd=REPO).returncode == 2
    assert sop_cli("diff", "--rev", "no-such-rev", cwd=REPO).returncode == 2


def test_totals_are_written_in_the_readers_language():
    repository = load_repository(SOPS).repository
    entry = repository.sop("inovasi-pelayanan")
    slower = entry.sop.model_copy(
        update={
            "prosedur": (
                entry.sop.prosedur[0].model_copy(update={"waktu": "2 hari"}),
                *entry.sop.prosedur[1:],
            )
        }
    )
    calendar = repository.pengaturan.kalender_kerja.calendar()
    english = diff_sops("x", entry.sop, slower, calendar, lang="en")
    assert (english.total_before, english.total_after) == ("5 days", "6 days")
    assert diff_sops("x", entry.sop, slower, calendar).total_after == "6 hari"


def test_diff_shows_waiting_apart_and_untimed_steps_in_json(tmp_path: Path):
    from .test_resilience import SERVICE

    sops = tmp_path / "sops"
    sops.mkdir()
    for name in ("organisasi.yaml", "peraturan.yaml"):
        (sops / name).write_bytes((REPO / "sops" / name).read_bytes())
    old = sops / "lama.yaml"
    new = sops / "kerja-sama.yaml"
    old.write_text(SERVICE, "utf-8")
    new.write_text(SERVICE.replace("waktu: 3 hari", "waktu: 5 hari").replace("15 menit", "segera"))
    result = sop_cli("diff", str(old), str(new), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)[0]
    messages = [c["message"] for c in data["changes"]]
    assert "waktu menunggu di jalur utama: 3 hari → 5 hari" in messages
    assert data["timing_after"]["untimed_steps"] == [1]
    assert data["timing_after"]["complete"] is False
    assert data["timing_before"]["complete"] is True
    assert data["timing_after"]["waiting_steps"] == [4]


@pytest.mark.slow
def test_rev_with_a_path_that_exists_nowhere_is_a_usage_error(repo_with_history: Path):
    result = sop_cli("diff", "--rev", "HEAD~1", "--", "sops/pdip/typo.yaml", cwd=repo_with_history)
    assert result.returncode == 2
    assert "sops/pdip/typo.yaml" in result.stderr and "ejaan" in result.stderr
    after = sop_cli("diff", "--rev", "HEAD~1", "--", "--format", "json", cwd=repo_with_history)
    assert after.returncode == 2 and "sebelum '--'" in after.stderr
    fine = sop_cli(
        "diff", "--rev", "HEAD~1", "--", "sops/pdip/inovasi-pelayanan.yaml", cwd=repo_with_history
    )
    assert fine.returncode == 0, fine.stderr


@pytest.mark.slow
def test_a_folder_or_fifo_named_as_a_version_is_not_called_missing(tmp_path: Path):
    """`sop diff sops x.yaml` said "berkas tidak ada: sops" of a folder that is there;
    a FIFO got the same (nothing is read from it either way)."""
    target = str(SOPS / "pdip" / "inovasi-pelayanan.yaml")
    named = [str(SOPS)]
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "draf.yaml"
        os.mkfifo(fifo)
        named.append(str(fifo))
    for path in named:
        result = sop_cli("diff", path, target, cwd=REPO)
        assert result.returncode == 2
        assert f"'{path}' bukan berkas SOP biasa" in result.stderr
        assert "tidak ada" not in result.stderr
