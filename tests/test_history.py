"""Finding the last signed (berlaku) version of an SOP in git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.loader import load_repository
from generator.review.history import last_signed_version

from .conftest import SOPS


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_last_berlaku_version_is_found_behind_drafts(tmp_path: Path):
    shutil.copytree(SOPS, tmp_path / "sops")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "signed")
    target = tmp_path / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    for waktu in ("2 hari", "3 hari"):
        text = target.read_text("utf-8").replace("status: berlaku", "status: draf")
        target.write_text(text.replace("    waktu: 1 hari\n", f"    waktu: {waktu}\n", 1), "utf-8")
        git(tmp_path, "commit", "-qam", f"draft {waktu}")
    repository = load_repository(tmp_path / "sops").repository
    signed = last_signed_version(target, "inovasi-pelayanan", repository)
    assert signed is not None
    assert signed.entry.sop.prosedur[0].waktu == "1 hari"
    assert signed.entry.sop.status == "berlaku"


def test_outside_git_there_is_no_history(tmp_path: Path):
    shutil.copytree(SOPS, tmp_path / "sops")
    repository = load_repository(tmp_path / "sops").repository
    target = tmp_path / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    assert last_signed_version(target, "inovasi-pelayanan", repository) is None


@pytest.mark.slow
def test_review_page_shows_what_changed_in_a_draft_since_it_was_signed(tmp_path: Path, monkeypatch):
    from generator.check import run_checks
    from generator.site.history import changes_since_signed
    from generator.site.pages import SiteOptions, generate_site

    shutil.copytree(SOPS, tmp_path / "sops")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "signed")
    target = tmp_path / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    text = target.read_text("utf-8").replace("status: berlaku", "status: draf")
    target.write_text(text.replace("    waktu: 1 hari\n", "    waktu: 2 hari\n", 1), "utf-8")
    monkeypatch.chdir(tmp_path)
    repository = load_repository(Path("sops")).repository
    since = changes_since_signed(repository, "id")
    assert list(since) == ["inovasi-pelayanan"]
    label, changes = since["inovasi-pelayanan"]
    assert changes == [
        "status: 'berlaku' → 'draf'",
        "langkah 1 → 1, waktu: '1 hari' → '2 hari'",
        "total jalur utama: 5 hari → 6 hari",
    ]
    page = generate_site(repository, run_checks(repository), {}, SiteOptions(), since_signed=since)[
        "tinjauan.md"
    ]
    assert f"Sejak versi berlaku {label}:" in page
    assert "<li>langkah 1 → 1, waktu: &#39;1 hari&#39; → &#39;2 hari&#39;</li>" in page


def _draft(path: Path, waktu: str) -> None:
    text = path.read_text("utf-8").replace("status: berlaku", "status: draf")
    path.write_text(text.replace("    waktu: 1 hari\n", f"    waktu: {waktu}\n", 1), "utf-8")


def test_drafts_in_several_folders_all_get_their_signed_version(tmp_path: Path, monkeypatch):
    from generator.site.history import changes_since_signed

    shutil.copytree(SOPS, tmp_path / "sops")
    (tmp_path / "sops" / "lain").mkdir()
    shutil.copy(
        tmp_path / "sops" / "pdip" / "inovasi-pelayanan.yaml",
        tmp_path / "sops" / "lain" / "inovasi-kedua.yaml",
    )
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "signed")
    _draft(tmp_path / "sops" / "pdip" / "inovasi-pelayanan.yaml", "2 hari")
    _draft(tmp_path / "sops" / "lain" / "inovasi-kedua.yaml", "3 hari")
    monkeypatch.chdir(tmp_path)
    repository = load_repository(Path("sops")).repository
    since = changes_since_signed(repository, "id")
    assert sorted(since) == ["inovasi-kedua", "inovasi-pelayanan"]
    assert "langkah 1 → 1, waktu: '1 hari' → '3 hari'" in since["inovasi-kedua"][1]


def test_a_merge_that_resolved_a_conflict_is_a_version_of_the_file(tmp_path: Path):
    shutil.copytree(SOPS, tmp_path / "sops")
    target = tmp_path / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "signed")
    git(tmp_path, "checkout", "-qb", "other")
    target.write_text(target.read_text("utf-8").replace("1 hari", "2 hari", 1), "utf-8")
    git(tmp_path, "commit", "-qam", "other: 2 hari")
    git(tmp_path, "checkout", "-q", "main")
    target.write_text(target.read_text("utf-8").replace("1 hari", "3 hari", 1), "utf-8")
    git(tmp_path, "commit", "-qam", "main: 3 hari")
    subprocess.run(["git", "merge", "-q", "other"], cwd=tmp_path, capture_output=True)
    # The conflict is resolved by hand to a fourth value, then the SOP becomes a draft.
    resolved = (SOPS / "pdip" / "inovasi-pelayanan.yaml").read_text("utf-8")
    target.write_text(resolved.replace("    waktu: 1 hari\n", "    waktu: 4 hari\n", 1), "utf-8")
    git(tmp_path, "commit", "-qam", "merge: 4 hari")
    _draft(target, "5 hari")
    git(tmp_path, "commit", "-qam", "draft")
    repository = load_repository(tmp_path / "sops").repository
    signed = last_signed_version(target, "inovasi-pelayanan", repository)
    assert signed is not None
    assert signed.entry.sop.prosedur[0].waktu == "4 hari"  # the merge's version


def test_a_draft_in_a_folder_with_quotes_in_its_name_is_found(tmp_path: Path, monkeypatch):
    from generator.site.history import changes_since_signed

    shutil.copytree(SOPS, tmp_path / "sops")
    odd = tmp_path / "sops" / 'bidang "A" \\ lama'
    odd.mkdir()
    name = "inovasi-pelayanan.yaml"
    shutil.move(tmp_path / "sops" / "pdip" / name, odd / name)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "signed")
    _draft(odd / name, "2 hari")
    monkeypatch.chdir(tmp_path)
    repository = load_repository(Path("sops")).repository
    assert list(changes_since_signed(repository, "id")) == ["inovasi-pelayanan"]
