"""`sop diff`: what changed between two versions of SOPs, as files or git revisions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import (
    DEFAULT_SOPS,
    EXIT_PROBLEMS,
    CliContext,
    pass_cli,
    report,
    repository_for,
    usage_errors,
)
from generator.review.revisions import asked_pairs, compare, diff_output, registry_anchor


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
    with usage_errors(lang):
        pairs, anchors = asked_pairs(files, rev, DEFAULT_SOPS)
    _root, repository = repository_for((registry_anchor(anchors, DEFAULT_SOPS),), lang)
    diffs, problems = compare(pairs, repository, lang)
    if problems:
        report(problems, lang)
        sys.exit(EXIT_PROBLEMS)
    click.echo(diff_output(diffs, output_format, lang), nl=False)
