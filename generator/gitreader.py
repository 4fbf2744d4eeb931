"""The one place that runs git (an edge: a subprocess), for history, diffs and dates.

Without git, outside a work tree or on a slow repository, readers get None (or
`GitError` from `git_checked`) and carry on without history: nothing here
raises for a missing program.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 30


class GitError(Exception):
    """git is missing (`missing`) or a git command failed (`failed`, with its stderr)."""

    def __init__(self, key: str, command: str = "", detail: str = ""):
        super().__init__(f"{key}: {command} {detail}".strip())
        self.key = key
        self.command = command
        self.detail = detail


def run_git(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """`git ARGS` in `cwd`; None when git cannot be run or takes too long."""
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=TIMEOUT_SECONDS
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def git_checked(args: list[str], cwd: Path | None = None) -> str:
    """The output of `git ARGS` as text; `GitError` when git is missing or fails."""
    done = run_git(args, cwd)
    if done is None:
        raise GitError("missing")
    if done.returncode != 0:
        raise GitError("failed", " ".join(args), done.stderr.decode("utf-8", "replace").strip())
    return done.stdout.decode("utf-8", "replace")


def show(revision: str, path: str, cwd: Path | None = None) -> bytes | None:
    """The bytes of `path` (relative to the work tree's top) at `revision`, or None."""
    done = run_git(["show", f"{revision}:{path}"], cwd)
    return done.stdout if done is not None and done.returncode == 0 else None


def top_level(cwd: Path | None = None) -> Path | None:
    """The top folder of the git work tree holding `cwd`, or None."""
    done = run_git(["rev-parse", "--show-toplevel"], cwd)
    if done is None or done.returncode != 0:
        return None
    return Path(done.stdout.decode("utf-8", "replace").strip())
