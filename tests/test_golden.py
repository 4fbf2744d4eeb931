"""Golden files: the exact output of the tool for the seeds, readable under version control.

Each test renders one output from the customer's three SOPs and compares it
byte for byte with its file under `tests/golden/`. A change in any output shows
up here as a readable diff. When the change is intended, rewrite the files and
review them like code:

    .venv/bin/pytest tests/test_golden.py --update-golden
    git diff tests/golden/
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.flowchart import flowchart_dot
from generator.loader import load_repository

from .conftest import REPO, SOPS

GOLDEN = Path(__file__).resolve().parent / "golden"


def _compare(name: str, actual: str, update: bool) -> None:
    expected_file = GOLDEN / name
    if update:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert expected_file.is_file(), f"missing {expected_file}: run with --update-golden"
    expected = expected_file.read_text(encoding="utf-8")
    assert actual == expected, f"{name} changed: review, then run with --update-golden"


def _sop(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator.cli", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_check_report_of_the_seeds(output_format: str, update_golden: bool):
    result = _sop("check", "--no-cache", "--format", output_format, "sops")
    combined = result.stdout + (result.stderr if output_format == "text" else "")
    _compare(f"check.{output_format}", combined + f"exit code {result.returncode}\n", update_golden)


def test_swimlane_dot_of_a_seed(update_golden: bool):
    repository = load_repository(SOPS, cache=False).repository
    assert repository is not None
    entry = repository.sop("pelayanan-kerjasama")
    pages = flowchart_dot(entry.sop, repository.organisasi, name=entry.id)
    _compare("pelayanan-kerjasama.dot", "\n".join(pages), update_golden)


def test_sop_page_markdown_of_a_seed(tmp_path: Path, update_golden: bool):
    result = _sop("generate", "--no-cache", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "sop" / "pelayanan-kerjasama" / "index.md").read_text("utf-8")
    _compare("pelayanan-kerjasama.page.md", page, update_golden)
