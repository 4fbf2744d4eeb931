"""Offices transcribed for the field tests: a fresh copy per test, `sop check` as JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .site_project import run_sop


def office_copy(fixtures: Path, tmp_path: Path, name: str) -> Path:
    """A copy of the office `fixtures/name` under `tmp_path`, free to edit."""
    folder = tmp_path / name
    shutil.copytree(fixtures / name, folder)
    return folder


def check_json(folder: Path, *args: str) -> dict:
    """`sop check --format json` in `folder`, which must not end in a traceback."""
    result = run_sop(folder, "check", "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)
