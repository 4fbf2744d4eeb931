"""Builds you can trust: reproducible output, and no network needed."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

SOP = str(Path(sys.executable).parent / "sop")


def project_copy(target: Path) -> Path:
    """A copy of the project's inputs (sops/, docs/, mkdocs.yml) in `target`."""
    target.mkdir(parents=True)
    shutil.copytree(REPO / "sops", target / "sops")
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build(folder: Path, *prefix: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run(
        [*prefix, SOP, "build"], cwd=folder, capture_output=True, text=True, env=env, timeout=600
    )


def test_two_builds_in_different_folders_are_byte_identical(tmp_path: Path):
    first, second = project_copy(tmp_path / "a"), project_copy(tmp_path / "one" / "b")
    for folder in (first, second):
        result = build(folder)
        assert result.returncode == 0, result.stdout + result.stderr
    assert tree_digest(first / "site") == tree_digest(second / "site")


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="needs `unshare -n` (root or user namespaces)")
def test_build_needs_no_network(tmp_path: Path):
    folder = project_copy(tmp_path / "offline")
    result = build(folder, "unshare", "-n", "--")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / "site" / "index.html").is_file()
