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
    pass_cli,
    project_for,
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
    above it. Every file is read whatever the others hold: all problems are
    reported, then how many SOPs loaded. Exits 1 when a file has a problem.
    """
    loaded = project_for(paths, ctx.lang, sops_dir).load(paths)
    if loaded.problems:
        report(list(loaded.problems), ctx.lang)
        if loaded.repository is not None:
            # Every file was read: say how many SOPs are fine besides the ones with errors.
            good = [entry for entry in loaded.repository.sops if loaded.asked_for(entry)]
            click.echo(
                translate(
                    "cli.loaded_partly", ctx.lang, count=len(good), broken=len(loaded.broken)
                ),
                err=True,
            )
        sys.exit(EXIT_PROBLEMS)
    repository = loaded.result.repository
    click.echo(translate("cli.ok", ctx.lang, count=len(repository.sops) if repository else 0))
