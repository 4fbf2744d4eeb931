"""The two versions `sop diff` compares: two files, or git revisions of SOP files.

Pure reading and pairing; git runs through `gitreader`. The command prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.gitreader import git_checked, show
from generator.loader import REGISTRY_FILES, SOP_SUFFIXES, load_sop_bytes
from generator.model import Repository, Sop
from generator.problems import Problem, Severity, display_path
from generator.review.diff import SopDiff, diff_sops


@dataclass(frozen=True)
class VersionPair:
    """One SOP's old and new bytes (None: the file does not exist in that version)."""

    sop_id: str
    old: bytes | None
    old_label: str
    new: bytes | None
    new_label: str


def file_pair(old_path: Path, new_path: Path) -> VersionPair:
    """Two files on disk, named after the new one."""
    return VersionPair(
        new_path.stem,
        old_path.read_bytes(),
        display_path(old_path),
        new_path.read_bytes(),
        display_path(new_path),
    )


def _revisions(rev: str) -> tuple[str, str | None]:
    """`A..B` -> (A, B or HEAD); `A` -> (A, None: the working tree)."""
    if ".." in rev:
        old_rev, new_rev = rev.split("..", 1)
        return old_rev, new_rev or "HEAD"
    return rev, None


def missing_path(rev: str, paths: tuple[Path, ...]) -> Path | None:
    """A PATH that is neither in the working tree nor in the revisions (a typo, or an
    option written after `--`), which would otherwise read "no SOP changed"."""
    top = Path(git_checked(["rev-parse", "--show-toplevel"]).strip())
    old_rev, new_rev = _revisions(rev)
    revisions = [old_rev, new_rev] if new_rev else [old_rev]
    for path in paths:
        if path.exists():
            continue
        relative = Path(os.path.relpath(os.path.abspath(path), top)).as_posix()
        if not any(show(revision, relative) is not None for revision in revisions):
            return path
    return None


def revision_pairs(rev: str, paths: tuple[Path, ...]) -> list[VersionPair]:
    """Every SOP file under `paths` that changed in `rev` (raises `GitError`)."""
    top = Path(git_checked(["rev-parse", "--show-toplevel"]).strip())
    old_rev, new_rev = _revisions(rev)
    span = [old_rev, new_rev] if new_rev else [old_rev]
    names = git_checked(["diff", "--name-only", *span, "--", *map(str, paths)])
    pairs = []
    for name in sorted(set(names.split())):
        relative = Path(name)
        if relative.suffix not in SOP_SUFFIXES or relative.name in REGISTRY_FILES:
            continue
        if new_rev is None:
            work = top / relative
            new_raw = work.read_bytes() if work.is_file() else None
            new_label = display_path(work)
        else:
            new_raw = show(new_rev, name)
            new_label = f"{new_rev}:{name}"
        pairs.append(
            VersionPair(relative.stem, show(old_rev, name), f"{old_rev}:{name}", new_raw, new_label)
        )
    return pairs


def compare(
    pairs: list[VersionPair], repository: Repository, lang: str
) -> tuple[list[SopDiff], list[Problem]]:
    """The meaning-level diff of each pair, and the errors of versions that do not load."""
    calendar = repository.pengaturan.kalender_kerja.calendar()
    external = repository.organisasi.external_roles
    diffs: list[SopDiff] = []
    problems: list[Problem] = []
    for pair in pairs:
        old = _load(pair.old, pair.old_label, pair.sop_id, repository, problems)
        new = _load(pair.new, pair.new_label, pair.sop_id, repository, problems)
        diffs.append(
            diff_sops(
                pair.sop_id, old, new, calendar, pair.old_label, pair.new_label, lang, external
            )
        )
    return diffs, problems


def _load(
    raw: bytes | None, label: str, sop_id: str, repository: Repository, problems: list[Problem]
) -> Sop | None:
    if raw is None:
        return None
    entry, found = load_sop_bytes(raw, label, sop_id, repository)
    problems += [p for p in found if p.severity is Severity.ERROR]
    return entry.sop if entry else None
