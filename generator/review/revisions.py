"""The two versions `sop diff` compares: two files, or git revisions of SOP files.

Pure reading and pairing; git runs through `gitreader`. The command prints
what `diff_output` makes of the comparison.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from generator.gitreader import GitError, git_checked, show
from generator.loader import REGISTRY_FILES, SOP_SUFFIXES, find_sops_root, load_sop_bytes
from generator.messages import translate
from generator.model import Repository, Sop
from generator.problems import Problem, Severity, display_path
from generator.review.diff import SopDiff, diff_sops
from generator.review.render import diff_json, diff_markdown, diff_text
from generator.usage import UsageError


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


def asked_pairs(
    files: tuple[Path, ...], rev: str | None, default: Path
) -> tuple[list[VersionPair], tuple[Path, ...]]:
    """What `sop diff` was asked to compare: OLD NEW files, or the SOP files under `files`
    (default: `default`) that changed in `rev`; with the paths whose SOP folder gives the
    registries. Raises UsageError for a wrong use, a missing path or a failing git."""
    try:
        if rev is None:
            return [_asked_file_pair(files)], (files[1], files[0])
        paths = files or (default,)
        missing = missing_path(rev, paths)
        if missing is not None:
            hint = "cli.diff_option_after_dashes" if str(missing).startswith("-") else None
            raise UsageError(
                "cli.file_missing", f"{hint or 'cli.diff_no_path'}_hint", path=missing, rev=rev
            )
        return revision_pairs(rev, paths), (paths[0],)
    except GitError as error:
        if error.key == "missing":
            raise UsageError("cli.git_missing", "cli.git_missing_hint") from error
        raise UsageError(
            "cli.git_failed", "cli.git_failed_hint", command=error.command, detail=error.detail
        ) from error


def _asked_file_pair(files: tuple[Path, ...]) -> VersionPair:
    if len(files) != 2:
        raise UsageError("cli.diff_usage", "cli.diff_usage_hint")
    for path in files:
        if path.exists() and not path.is_file():  # a folder, a FIFO, a device
            raise UsageError("cli.not_a_file", "cli.not_a_file_hint", path=path)
        if not path.is_file():
            raise UsageError("cli.file_missing", "cli.diff_usage_hint", path=path)
    return file_pair(files[0], files[1])


def registry_anchor(candidates: tuple[Path, ...], default: Path) -> Path:
    """The first of `candidates` inside an SOP folder, else `default` if it is one, else
    the first candidate (whose missing folder is then reported): its registries are used."""
    return next((p for p in (*candidates, default) if find_sops_root(p) is not None), candidates[0])


def diff_output(diffs: list[SopDiff], output_format: str, lang: str) -> str:
    """The diffs as text, Markdown or JSON (a line saying no SOP changed, in text forms)."""
    if output_format == "json":
        return json.dumps(diff_json(diffs, lang), indent=2, ensure_ascii=False) + "\n"
    if not diffs:
        return translate("diff.tidak-ada-sop", lang) + "\n"
    return diff_markdown(diffs, lang) if output_format == "markdown" else diff_text(diffs, lang)
