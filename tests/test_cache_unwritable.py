"""A project whose cache folder cannot be written still gets every output, with no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .site_project import copy_project, run_sop


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["flowchart", "sops/pdip/pelayanan-kerjasama.yaml", "-o", "chart.svg"],
        ["generate", "--out", "out"],
        ["build", "--no-handbook"],
        ["handbook", "-o", "buku.pdf"],
    ],
    ids=["check", "flowchart", "generate", "build", "handbook"],
)
@pytest.mark.slow
def test_a_cache_folder_that_is_a_file_is_skipped(tmp_path: Path, command: list[str]):
    project = copy_project(tmp_path / "project")
    (project / ".sop-cache").write_text("not a folder: nothing can be cached here")
    result = run_sop(project, *command)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    expected = {
        "check": None,
        "flowchart": project / "chart.svg",
        "generate": project / "out" / "index.md",
        "build": project / "site" / "index.html",
        "handbook": project / "buku.pdf",
    }[command[0]]
    assert expected is None or expected.is_file()
