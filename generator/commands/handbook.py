"""`sop handbook`: the printed SOP handbook (PDF) in the official SOP AP layout."""

from __future__ import annotations

from pathlib import Path

import click

from generator.check import run_checks
from generator.commands.common import (
    SOPS_FOLDER_OPTION,
    CliContext,
    cache_option,
    handbook_unavailable,
    loaded_or_exit,
    pass_cli,
    project_for,
    say,
    usage_errors,
)
from generator.handbook import HandbookUnavailable
from generator.handbook.books import Books, BookSettings, chosen_sops
from generator.handbook.pdf import check_available
from generator.messages import translate
from generator.model import StatusSop
from generator.model.pengaturan import Kertas
from generator.problems import display_path


@click.command()
@click.argument("sop_ids", nargs=-1, metavar="[SOP_ID]...")
@click.option(
    "-o",
    "--output",
    type=click.Path(readable=False, path_type=Path),  # checked by writable_or_exit
    default=Path("buku-sop.pdf"),
    show_default=True,
    help="The handbook's PDF file.",
)
@click.option(
    "--each",
    type=click.Path(readable=False, path_type=Path),  # checked by writable_or_exit
    help="Instead of one book, write one PDF per SOP into this folder (DIR/<id>.pdf), "
    "ready to be signed: identity page, procedure, flowchart, evaluation sheet.",
)
@click.option("--bidang", help="Only the SOPs of this Bidang (its id in organisasi.yaml).")
@click.option(
    "--status",
    type=click.Choice([status.value for status in StatusSop]),
    help="Only draft (draf) or approved (berlaku) SOPs.",
)
@SOPS_FOLDER_OPTION
@click.option(
    "--evaluasi/--no-evaluasi",
    default=True,
    help="Add the evaluation sheet and monitoring form after each SOP.",
)
@cache_option("parsed files and the PDF of an identical earlier run (inputs hashed)")
@click.option("--created", metavar="DATE", help="This creation date (ISO 8601) in the PDF.")
@click.option(
    "--kertas",
    type=click.Choice([k.value for k in Kertas]),
    help="Paper size: a4 or f4 (Folio, 215 x 330 mm). Default: `kertas` in pengaturan.yaml, "
    "else a4.",
)
@click.option(
    "--site-url",
    metavar="URL",
    help="The intranet site's address: each identity page gets a QR code to the SOP's page "
    "and a content code to check the printed copy against it.",
)
@pass_cli
def handbook(
    ctx: CliContext,
    sop_ids: tuple[str, ...],
    output: Path,
    each: Path | None,
    bidang: str | None,
    status: str | None,
    sops_dir: Path,
    evaluasi: bool,
    cache: bool,
    created: str | None,
    kertas: str | None,
    site_url: str | None,
) -> None:
    """Make the printed SOP handbook (PDF) in the official SOP AP layout.

    SOP_ID names SOPs to print (file names without .yaml); by default every
    SOP, narrowed by --bidang and --status. The book has a cover, contents,
    a "how to read" page and, per SOP, the identity page, the procedure table,
    the swimlane flowchart and the evaluation sheet; the whole book also has the
    draft Keputusan with the list of SOPs. Exits 1 when the SOPs cannot be
    loaded or the PDF engine (Typst) fails, 2 on usage errors.
    """
    lang = ctx.lang
    try:
        check_available()
        writes = (each or output, "folder" if each else "file")
        project = project_for((sops_dir,), lang, cache=cache, writes=writes)
        note = "handbook.cli.not_loaded"
        _, repository = loaded_or_exit(project, (sops_dir,), lang, note, errors_only=True)
        with usage_errors(lang):
            selected = chosen_sops(repository, sop_ids, bidang, status)
        paper = Kertas(kertas) if kertas else None
        settings = BookSettings(lang, evaluasi, created, paper, site_url)
        books = Books(project.root, repository, lambda: run_checks(repository), settings, cache)
        for path, pages in books.write(selected, output, each):
            say(translate("handbook.cli.written", lang, path=display_path(path), pages=pages))
    except HandbookUnavailable as error:
        handbook_unavailable(error, lang)
