"""`sop export --docx`: SOPs as editable Word documents in the SOP AP layout."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.atomicfile import write_atomically
from generator.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PATHS_ARGUMENT,
    SOPS_OPTION,
    CliContext,
    default_paths,
    fail_usage,
    load_for,
    pass_cli,
    report,
    shown_paths,
    within,
    writable_or_exit,
)
from generator.messages import translate
from generator.problems import Severity, display_path
from generator.wordio.sop_export import PAPERS, ExportOptions, export_docx


@click.command()
@PATHS_ARGUMENT
@click.option(
    "--docx",
    "out",
    required=True,
    type=click.Path(readable=False, path_type=Path),  # checked by writable_or_exit
    help="The .docx file to write (one SOP), or a folder (one <id>.docx per SOP).",
)
@click.option(
    "--kertas",
    "--paper",
    "paper",
    type=click.Choice(sorted(PAPERS)),
    default="a4",
    show_default=True,
    help="Paper size: A4 or F4/Folio (215 x 330 mm).",
)
@SOPS_OPTION
@pass_cli
def export(
    ctx: CliContext, paths: tuple[Path, ...], out: Path, paper: str, sops_dir: Path | None
) -> None:
    """Write SOPs as editable Word documents (.docx) in the SOP AP layout.

    The identity page, then the landscape procedure table with each step's
    symbol drawn as a Word shape in its performers' columns and the Mutu Baku
    columns. `sop import` reads such a document back. Same SOP, same bytes.
    """
    lang = ctx.lang
    writable_or_exit(out, "file" if out.suffix.lower() == ".docx" else "folder", lang)
    # No PATH: every SOP of --sops or of the default folder, as `sop fmt` reads them.
    paths = paths or ((sops_dir,) if sops_dir else default_paths())
    result, problems = load_for(paths, lang, sops_dir=sops_dir)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or result.repository is None:
        report(problems, lang)
        sys.exit(EXIT_PROBLEMS)
    repository = result.repository
    wanted = shown_paths(paths)
    entries = [e for e in repository.sops if within(e.path, wanted)]
    if not entries:
        report(problems, lang)
        sys.exit(EXIT_PROBLEMS)
    single = out.suffix.lower() == ".docx"
    if single and len(entries) > 1:
        fail_usage(
            translate("wordio.export.one_file", lang, count=len(entries)),
            translate("wordio.export.one_file_hint", lang),
            lang,
        )
    options = ExportOptions(paper=paper, lang=lang)
    for entry in entries:
        target = out if single else out / f"{entry.id}.docx"
        write_atomically(target, export_docx(entry.sop, repository, options))
        click.echo(translate("wordio.export.written", lang, path=display_path(target)))
    sys.exit(EXIT_OK)
