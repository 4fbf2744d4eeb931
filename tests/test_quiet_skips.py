"""A path named on the command line that will not be read is an error saying why."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINIMAL_SOP


def sop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("command", ["check", "validate", "fmt"])
def test_named_files_that_are_not_read_are_errors(sops_dir: Path, command: str):
    (sops_dir / "catatan.txt").write_text(MINIMAL_SOP, "utf-8")
    (sops_dir / ".draf").mkdir()
    (sops_dir / ".draf" / "layanan.yaml").write_text(MINIMAL_SOP, "utf-8")
    done = sop(command, "sops/catatan.txt", "sops/.draf/layanan.yaml", cwd=sops_dir.parent)
    assert done.returncode == 1, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "sops/catatan.txt:1:1: galat loader.not_read_suffix 'catatan.txt' tidak dibaca" in output
    assert "sops/.draf/layanan.yaml:1:1: galat loader.not_read_hidden" in output
    assert "Traceback" not in output


def test_a_folder_and_a_yaml_file_are_read_quietly(sops_dir: Path):
    (sops_dir / "layanan.yaml").write_text(MINIMAL_SOP, "utf-8")
    done = sop("validate", "sops", "sops/layanan.yaml", cwd=sops_dir.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not_read" not in done.stdout + done.stderr


def test_a_draft_outside_the_folder_with_another_suffix(sops_dir: Path, tmp_path: Path):
    draft = tmp_path / "kiriman" / "layanan.yml.txt"
    draft.parent.mkdir()
    draft.write_text(MINIMAL_SOP, "utf-8")
    done = sop("check", "--sops", "sops", str(draft), cwd=sops_dir.parent)
    assert done.returncode == 1 and "loader.not_read_suffix" in done.stdout, done.stdout
    shutil.rmtree(draft.parent)
