"""`sop generate`: write the site's Markdown pages and SVGs as plain files (no MkDocs)."""

from __future__ import annotations

import shutil
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
    type=click.Path(readable=False, path_type=Path),  # checked by writable_or_exit
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
    project = project_for((), ctx.lang, sops_dir, cache=cache, writes=(out, "folder"))
    existed = out.is_dir()
    cold = not existed or not any(out.iterdir())
    try:
        run = generate_run(project, out, ctx.lang)
    except BaseException:  # disk full, interrupted, ...: a cold run leaves nothing
        if cold:
            _empty_again(out, existed)
        raise
    finish(run)


def _empty_again(out: Path, existed: bool) -> None:
    """Put `out` back as it was before a cold run that failed: missing, or empty, so
    that no half-written site is taken for a whole one (`sop build` is all-or-nothing
    the same way)."""
    if not existed:
        shutil.rmtree(out, ignore_errors=True)
        return
    for entry in list(out.iterdir()) if out.is_dir() else []:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
