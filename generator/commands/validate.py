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
    default_paths,
    load_for,
    pass_cli,
    report,
    shown_paths,
    sops_root_for,
    within,
)
from generator.loader import REGISTRY_FILES, broken_files, without_broken
from generator.messages import translate
from generator.problems import display_path


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
    result, problems = load_for(paths, ctx.lang, sops_dir=sops_dir)
    if problems:
        report(problems, ctx.lang)
        if result.repository is not None:
            # Every file was read: say how many SOPs are fine besides the ones with errors.
            root = sops_root_for(paths or default_paths(), ctx.lang, sops_dir)
            registries = [display_path(root / name) for name in REGISTRY_FILES]
            broken = broken_files(problems, registries)
            wanted = shown_paths(paths or default_paths())
            good = [
                e for e in without_broken(result.repository, broken).sops if within(e.path, wanted)
            ]
            click.echo(
                translate("cli.loaded_partly", ctx.lang, count=len(good), broken=len(broken)),
                err=True,
            )
        sys.exit(EXIT_PROBLEMS)
    count = len(result.repository.sops) if result.repository else 0
    click.echo(translate("cli.ok", ctx.lang, count=count))
