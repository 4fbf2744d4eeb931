"""A copy of the project's site sources (mkdocs.yml, docs/, sops/) in a temporary folder.

Used by the site build and browser tests, so a build never writes into the
working tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

SOP = Path(sys.executable).parent / "sop"


def copy_project(target: Path) -> Path:
    """mkdocs.yml, docs/ and sops/ copied into `target`; returns `target`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copytree(REPO / "sops", target / "sops")
    return target


def run_sop(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `sop` command in `project`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(SOP), *args], cwd=project, capture_output=True, text=True, env=env, timeout=300
    )


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m mkdocs` in `project`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
