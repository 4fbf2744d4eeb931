"""`sop import`: Word SOPs (.docx) become draft YAML files, with a report of guesses."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.common import (
    SOPS_OPTION,
    CliContext,
    finish,
    pass_cli,
    repository_for,
    writable_or_exit,
)
from generator.wordio.import_run import import_run


@click.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    type=click.Path(readable=False, path_type=Path),  # checked by writable_or_exit
    default=Path("."),
    show_default=True,
    help="Folder for the drafts (created if missing).",
)
@SOPS_OPTION
@pass_cli
def import_(ctx: CliContext, files: tuple[Path, ...], out: Path, sops_dir: Path | None) -> None:
    """Turn Word SOPs (.docx) into draft SOP files, one per SOP found.

    Reads the identity block, the six fields, the procedure table (merged
    cells, repeated headers, tables continued over pages) and who performs
    each step from the flowchart shapes or marks in the performer columns.
    Names are matched to organisasi.yaml and peraturan.yaml; unknown ones are
    listed with a registry entry ready to paste. Every guess is a comment in
    the draft. Never overwrites a file; a file that cannot be read gets a
    one-line message and nothing is written for it.
    """
    writable_or_exit(out, "folder", ctx.lang)
    root, repository = repository_for((), ctx.lang, sops_dir)
    finish(import_run(files, out, root, repository, ctx.lang))
