"""An SOP's history in git: its last version whose status was `berlaku`.

Reviewers want to see what changed in a draft since the version that was
signed. This module asks git (an edge: it runs `git log` and `git show`);
without git or outside a repository it simply finds nothing.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.loader import load_sop_bytes
from generator.model import Repository, SopEntry, StatusSop

MAX_COMMITS = 50  # how far back to look for the signed version


@dataclass(frozen=True)
class SignedVersion:
    """The last committed version of an SOP file that was `berlaku`."""

    commit: str
    date: str
    entry: SopEntry


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None


def last_signed_version(path: Path, sop_id: str, repository: Repository) -> SignedVersion | None:
    """The newest committed version of `path` with status `berlaku`, if any."""
    folder = path.resolve().parent
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top is None or top.returncode != 0:
        return None
    root = Path(top.stdout.decode().strip())
    relative = path.resolve().relative_to(root).as_posix()
    log = _git(["log", f"-{MAX_COMMITS}", "--format=%H %cs", "--", relative], root)
    if log is None or log.returncode != 0:
        return None
    for line in log.stdout.decode().splitlines():
        commit, _, date = line.partition(" ")
        shown = _git(["show", f"{commit}:{relative}"], root)
        if shown is None or shown.returncode != 0:
            continue
        entry, _ = load_sop_bytes(shown.stdout, f"{commit[:8]}:{relative}", sop_id, repository)
        if entry is not None and entry.sop.status is StatusSop.BERLAKU:
            return SignedVersion(commit, date, entry)
    return None
