"""`sop validate`: load SOP files and report every problem."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import (
    EXIT_PROBLEMS,
    PATHS_ARGUMENT,
    SOPS_OPTION,
    CliContext,
    load_for,
    pass_cli,
    report,
)
from generator.messages import translate


@click.command()
@PATHS_ARGUMENT
@SOPS_OPTION
@pass_cli
def validate(ctx: CliContext, paths: tuple[Path, ...], sops_dir: Path | None) -> None:
    """Load SOP files and report every problem as path:line:column.

    PATH is an SOP file or a folder (default: sops, or the SOP folder you are in).
    The registries (organisasi.yaml, peraturan.yaml) are found in the folder or
    above it. Exits 1 when a file has a problem.
    """
    result, problems = load_for(paths, ctx.lang, sops_dir=sops_dir)
    if problems:
        report(problems, ctx.lang)
        sys.exit(EXIT_PROBLEMS)
    count = len(result.repository.sops) if result.repository else 0
    click.echo(translate("cli.ok", ctx.lang, count=count))
