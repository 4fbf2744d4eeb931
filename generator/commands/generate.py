"""`sop generate`: write the site's Markdown pages and SVGs as plain files (no MkDocs)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.common import (
    SOPS_FOLDER_OPTION,
    CliContext,
    cache_option,
    finish,
    pass_cli,
    project_for,
)
from generator.site.generate import generate_run


@click.command()
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the pages into (created if missing; files are overwritten).",
)
@SOPS_FOLDER_OPTION
@cache_option(
    "parsed files, rule results, flowcharts drawn before, and the whole output when "
    "nothing changed since the last run into OUT"
)
@pass_cli
def generate(ctx: CliContext, out: Path, sops_dir: Path, cache: bool) -> None:
    """Write every page of the site (Markdown) and every flowchart (SVG) into OUT.

    The same files the MkDocs plugin adds to a build, usable by any Markdown
    site tool. Check findings are shown on the pages. A file that does not
    load is reported and listed on Tinjauan (its last version that loaded, from
    git, is written in its place); the others are written all the same, and
    the exit code is then 1. Registries that do not load stop it (exit 1).
    """
    project = project_for((), ctx.lang, sops_dir, cache=cache)
    finish(generate_run(project, out, ctx.lang))
