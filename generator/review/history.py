"""An SOP's history in git: its last version whose status was `berlaku`.

Reviewers want to see what changed in a draft since the version that was
signed. This module asks git (an edge: it runs `git log` and
`git cat-file`); without git or outside a repository it simply finds nothing.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.gitreader import run_git
from generator.loader import load_sop_bytes
from generator.model import Repository, SopEntry, StatusSop
from generator.problems import Severity

MAX_COMMITS = 50  # how far back to look for the signed version


@dataclass(frozen=True)
class SignedVersion:
    """The last committed version of an SOP file that was `berlaku`."""

    commit: str
    date: str
    entry: SopEntry


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes] | None:
    return run_git(args, cwd)


class GitHistory:
    """The committed versions of the files under one folder, read with two git processes.

    A site has hundreds of drafts; asking git three times per draft cost
    seconds. Instead one `git log` lists, for every file under the folder,
    the commits that touched it (newest first), and one `git cat-file --batch`
    process hands over file contents as they are asked for. Use as a context
    manager (the batch process is closed at the end).
    """

    def __init__(self, root: Path, folder: Path):
        self.root = root  # the git work tree's top
        self.folder = folder
        self._commits: dict[str, list[tuple[str, str]]] | None = None
        self._batch: subprocess.Popen[bytes] | None = None

    @classmethod
    def of(cls, folder: Path) -> GitHistory | None:
        """The history of `folder`, or None when it is not inside a git work tree."""
        folder = folder.resolve()
        top = _git(["rev-parse", "--show-toplevel"], folder)
        if top is None or top.returncode != 0:
            return None
        return cls(Path(top.stdout.decode().strip()), folder)

    def __enter__(self) -> GitHistory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the batch process, if one was started."""
        if self._batch is not None:
            if self._batch.stdin:
                self._batch.stdin.close()
            self._batch.wait(timeout=30)
            self._batch = None

    def _stop(self, batch: subprocess.Popen[bytes]) -> None:
        """Give up on a batch process that failed mid-answer (a new one starts if asked)."""
        batch.kill()
        batch.wait(timeout=30)
        self._batch = None

    def relative(self, path: Path) -> str | None:
        """`path` as git names it (relative to the work tree), or None outside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def commits(self, relative: str) -> list[tuple[str, str]]:
        """(commit, date) of the newest commits that touched `relative`, newest first."""
        if self._commits is None:
            self._commits = self._log()
        return self._commits.get(relative, [])

    def _log(self) -> dict[str, list[tuple[str, str]]]:
        scope = self.relative(self.folder) or "."
        # --cc: a merge that resolved a conflict in a file counts as changing
        # it, as `git log -- file` shows it. -z: names exactly as they are
        # (git quotes names with quotes or backslashes otherwise).
        arguments = ["log", "-z", "--cc", "--format=%x01%H %cs", "--name-only", "--", scope]
        log = _git(arguments, self.root)
        found: dict[str, list[tuple[str, str]]] = {}
        if log is None or log.returncode != 0:
            return found
        commit = date = ""
        # Fields end with NUL: "\x01<commit> <date>", then the names it touched.
        for field in log.stdout.decode("utf-8", "replace").split("\0"):
            field = field.lstrip("\n")
            if field.startswith("\x01"):
                commit, _, date = field[1:].partition(" ")
            elif field and commit:
                versions = found.setdefault(field, [])
                if len(versions) < MAX_COMMITS:
                    versions.append((commit, date))
        return found

    def show(self, commit: str, relative: str) -> bytes | None:
        """The content of `relative` at `commit`, or None."""
        batch = self._batch_process()
        if batch is None or batch.stdin is None or batch.stdout is None:
            return None
        try:
            batch.stdin.write(f"{commit}:{relative}\n".encode())
            batch.stdin.flush()
            header = batch.stdout.readline().split()
            if len(header) != 3:  # "<name> missing": a single line
                return None
            # Read the whole answer even when it is not a file, so the next
            # answer starts where it should.
            data = batch.stdout.read(int(header[2]) + 1)
        except (OSError, ValueError):
            self._stop(batch)
            return None
        return data[:-1] if header[1] == b"blob" else None

    def _batch_process(self) -> subprocess.Popen[bytes] | None:
        if self._batch is None:
            try:
                self._batch = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.root,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError:
                return None
        return self._batch


def last_signed_version(
    path: Path, sop_id: str, repository: Repository, history: GitHistory | None = None
) -> SignedVersion | None:
    """The newest committed version of `path` with status `berlaku`, if any.

    Pass a `history` when asking for many files of one folder.
    """
    if history is None:
        found = GitHistory.of(path.parent)
        if found is None:
            return None
        with found:
            return last_signed_version(path, sop_id, repository, found)
    for commit, date, relative, shown in _committed_versions(path, history):
        entry, _ = load_sop_bytes(shown, f"{commit[:8]}:{relative}", sop_id, repository)
        if entry is not None and entry.sop.status is StatusSop.BERLAKU:
            return SignedVersion(commit, date, entry)
    return None


def _committed_versions(path: Path, history: GitHistory) -> Iterator[tuple[str, str, str, bytes]]:
    """(commit, date, path in the repository, bytes) of each committed version of
    `path`, newest first."""
    relative = history.relative(path)
    if relative is None:
        return
    for commit, date in history.commits(relative):
        shown = history.show(commit, relative)
        if shown is not None:
            yield commit, date, relative, shown


@dataclass(frozen=True)
class LoadableVersion:
    """The newest committed version of an SOP file that loads without error."""

    commit: str
    date: str
    entry: SopEntry
    raw: bytes


def last_loadable_version(
    path: Path, sop_id: str, repository: Repository, history: GitHistory | None = None
) -> LoadableVersion | None:
    """The newest committed version of `path` that loads without an error, if any.

    Used when the file in the work tree is broken: the site keeps showing the
    last version that loaded. The entry is shown by the file's own path.
    """
    if history is None:
        found = GitHistory.of(path.parent)
        if found is None:
            return None
        with found:
            return last_loadable_version(path, sop_id, repository, found)
    for commit, date, _, shown in _committed_versions(path, history):
        entry, problems = load_sop_bytes(shown, str(path), sop_id, repository)
        if entry is not None and not any(p.severity is Severity.ERROR for p in problems):
            return LoadableVersion(commit, date, entry, shown)
    return None
