"""`sop diff`: what changed between two versions of SOPs, as files or git revisions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from generator.commands.common import (
    DEFAULT_SOPS,
    EXIT_OK,
    EXIT_PROBLEMS,
    CliContext,
    fail_usage,
    pass_cli,
    report,
    sops_root_for,
)
from generator.loader import (
    REGISTRY_FILES,
    SOP_SUFFIXES,
    find_sops_root,
    load_repository,
    load_sop_bytes,
)
from generator.messages import translate
from generator.model import Repository, Sop
from generator.problems import Problem, Severity, display_path
from generator.review.diff import SopDiff, diff_sops
from generator.review.render import diff_json, diff_markdown, diff_text


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[OLD NEW | PATH...]")
@click.option(
    "--rev",
    help="Git revision to compare with the working tree (e.g. main), or a range A..B.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@pass_cli
def diff(ctx: CliContext, files: tuple[Path, ...], rev: str | None, output_format: str) -> None:
    """Compare SOP versions by meaning: steps, roles, times, arrows, laws, identity.

    \b
    sop diff OLD.yaml NEW.yaml          two files
    sop diff --rev main -- sops/x.yaml  a revision against the working tree
    sop diff --rev A..B                 every SOP that changed between A and B
    """
    lang = ctx.lang
    if rev is None:
        if len(files) != 2:
            fail_usage(
                "sop diff OLD NEW, atau sop diff --rev REV [-- PATH...]", "sop diff --help", lang
            )
        old_path, new_path = files
        for path in files:
            if not path.is_file():
                fail_usage(
                    translate("cli.file_missing", lang, path=path),
                    translate("cli.diff_usage_hint", lang),
                    lang,
                )
        # The registries come from the folder of NEW, else of OLD, else ./sops.
        anchor = next(
            (p for p in (new_path, old_path, DEFAULT_SOPS) if find_sops_root(p) is not None),
            new_path,
        )
        repository = _repository(anchor, lang)
        pairs = [
            (
                new_path.stem,
                old_path.read_bytes(),
                display_path(old_path),
                new_path.read_bytes(),
                display_path(new_path),
            )
        ]
    else:
        paths = files or (DEFAULT_SOPS,)
        _check_paths(rev, paths, Path(_git(["rev-parse", "--show-toplevel"], lang).strip()), lang)
        repository = _repository(paths[0], lang)
        pairs = _git_pairs(rev, paths, lang)

    calendar = repository.pengaturan.kalender_kerja.calendar()
    diffs: list[SopDiff] = []
    problems: list[Problem] = []
    for sop_id, old_raw, old_label, new_raw, new_label in pairs:
        old = _load(old_raw, old_label, sop_id, repository, problems)
        new = _load(new_raw, new_label, sop_id, repository, problems)
        external = repository.organisasi.external_roles
        diffs.append(diff_sops(sop_id, old, new, calendar, old_label, new_label, lang, external))
    if problems:
        report(problems, lang)
        sys.exit(EXIT_PROBLEMS)
    if not diffs and output_format != "json":
        click.echo(translate("diff.tidak-ada-sop", lang))
    elif output_format == "json":
        click.echo(json.dumps(diff_json(diffs, lang), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(diff_markdown(diffs, lang), nl=False)
    else:
        click.echo(diff_text(diffs, lang), nl=False)
    sys.exit(EXIT_OK)


def _repository(path: Path, lang: str) -> Repository:
    root = sops_root_for((path,), lang)
    result = load_repository(root, cache=True)
    if result.repository is None:
        report(list(result.problems), lang)
        sys.exit(EXIT_PROBLEMS)
    return result.repository


def _load(
    raw: bytes | None, label: str, sop_id: str, repository: Repository, problems: list[Problem]
) -> Sop | None:
    if raw is None:
        return None
    entry, found = load_sop_bytes(raw, label, sop_id, repository)
    problems += [p for p in found if p.severity is Severity.ERROR]
    return entry.sop if entry else None


def _git(args: list[str], lang: str) -> str:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        fail_usage(
            translate("cli.git_missing", lang), translate("cli.git_missing_hint", lang), lang
        )
    if done.returncode != 0:
        fail_usage(
            translate("cli.git_failed", lang, command=" ".join(args), detail=done.stderr.strip()),
            translate("cli.git_failed_hint", lang),
            lang,
        )
    return done.stdout


def _check_paths(rev: str, paths: tuple[Path, ...], top: Path, lang: str) -> None:
    """Exit 2 for a PATH that is neither in the working tree nor in the revisions:
    a typo (or an option written after `--`) would otherwise read "no SOP changed"."""
    revisions = [r or "HEAD" for r in rev.split("..", 1)] if ".." in rev else [rev]
    for path in paths:
        if path.exists():
            continue
        relative = Path(os.path.relpath(os.path.abspath(path), top)).as_posix()
        if any(_git_show(revision, relative) is not None for revision in revisions):
            continue
        hint = "cli.diff_option_after_dashes" if str(path).startswith("-") else "cli.diff_no_path"
        fail_usage(
            translate("cli.file_missing", lang, path=path),
            translate(f"{hint}_hint", lang, path=path, rev=rev),
            lang,
        )


def _git_show(revision: str, path: str) -> bytes | None:
    done = subprocess.run(["git", "show", f"{revision}:{path}"], capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def _git_pairs(
    rev: str, paths: tuple[Path, ...], lang: str
) -> list[tuple[str, bytes | None, str, bytes | None, str]]:
    top = Path(_git(["rev-parse", "--show-toplevel"], lang).strip())
    if ".." in rev:
        old_rev, new_rev = rev.split("..", 1)
        new_rev = new_rev or "HEAD"
        names = _git(["diff", "--name-only", old_rev, new_rev, "--", *map(str, paths)], lang)
    else:
        old_rev, new_rev = rev, None
        names = _git(["diff", "--name-only", old_rev, "--", *map(str, paths)], lang)
    pairs = []
    for name in sorted(set(names.split())):
        relative = Path(name)
        if relative.suffix not in SOP_SUFFIXES or relative.name in REGISTRY_FILES:
            continue
        old_raw = _git_show(old_rev, name)
        if new_rev is None:
            work = top / relative
            new_raw = work.read_bytes() if work.is_file() else None
            new_label = display_path(work)
        else:
            new_raw = _git_show(new_rev, name)
            new_label = f"{new_rev}:{name}"
        pairs.append((relative.stem, old_raw, f"{old_rev}:{name}", new_raw, new_label))
    return pairs
