"""`sop diff`: what changed between two versions of SOPs, as files or git revisions."""

from __future__ import annotations

import json
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
from generator.gitreader import GitError
from generator.loader import find_sops_root, load_repository
from generator.messages import translate
from generator.model import Repository
from generator.review.render import diff_json, diff_markdown, diff_text
from generator.review.revisions import (
    VersionPair,
    compare,
    file_pair,
    missing_path,
    revision_pairs,
)


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
    try:
        if rev is None:
            pairs, anchors = [_file_pair(files, lang)], (files[1], files[0])
        else:
            paths = files or (DEFAULT_SOPS,)
            missing = missing_path(rev, paths)
            if missing is not None:
                hint = "cli.diff_option_after_dashes" if str(missing).startswith("-") else None
                fail_usage(
                    translate("cli.file_missing", lang, path=missing),
                    translate(f"{hint or 'cli.diff_no_path'}_hint", lang, path=missing, rev=rev),
                    lang,
                )
            pairs, anchors = revision_pairs(rev, paths), (paths[0],)
    except GitError as error:
        _git_failed(error, lang)
    repository = _repository(anchors, lang)
    diffs, problems = compare(pairs, repository, lang)
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


def _file_pair(files: tuple[Path, ...], lang: str) -> VersionPair:
    if len(files) != 2:
        fail_usage(
            "sop diff OLD NEW, atau sop diff --rev REV [-- PATH...]", "sop diff --help", lang
        )
    for path in files:
        if not path.is_file():
            fail_usage(
                translate("cli.file_missing", lang, path=path),
                translate("cli.diff_usage_hint", lang),
                lang,
            )
    return file_pair(files[0], files[1])


def _repository(candidates: tuple[Path, ...], lang: str) -> Repository:
    """The registries of the folder of the first of `candidates` inside one, else of ./sops."""
    anchor = next(
        (p for p in (*candidates, DEFAULT_SOPS) if find_sops_root(p) is not None), candidates[0]
    )
    result = load_repository(sops_root_for((anchor,), lang), cache=True)
    if result.repository is None:
        report(list(result.problems), lang)
        sys.exit(EXIT_PROBLEMS)
    return result.repository


def _git_failed(error: GitError, lang: str) -> None:
    if error.key == "missing":
        fail_usage(
            translate("cli.git_missing", lang), translate("cli.git_missing_hint", lang), lang
        )
    fail_usage(
        translate("cli.git_failed", lang, command=error.command, detail=error.detail),
        translate("cli.git_failed_hint", lang),
        lang,
    )
