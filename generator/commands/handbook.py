"""`sop handbook`: the printed SOP handbook (PDF) in the official SOP AP layout."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from generator.check import run_checks
from generator.commands.common import (
    DEFAULT_SOPS,
    EXIT_PROBLEMS,
    CliContext,
    fail_usage,
    load_for,
    pass_cli,
    report,
)
from generator.commands.flowchart import CACHE_FOLDER
from generator.flowchart import FlowchartCache
from generator.handbook import (
    HandbookOptions,
    HandbookUnavailable,
    build_handbook,
    select_sops,
)
from generator.handbook.pdf import check_available
from generator.loader import find_sops_root
from generator.messages import translate
from generator.model import StatusSop
from generator.problems import Severity, display_path

DEFAULT_OUTPUT = Path("buku-sop.pdf")


@click.command()
@click.argument("sop_ids", nargs=-1, metavar="[SOP_ID]...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="The PDF file of the whole handbook.",
)
@click.option(
    "--each",
    type=click.Path(file_okay=False, path_type=Path),
    help="Instead of one book, write one PDF per SOP into this folder (DIR/<id>.pdf), "
    "ready to be signed: identity page, procedure, flowchart, evaluation sheet.",
)
@click.option("--bidang", help="Only the SOPs of this Bidang (its id in organisasi.yaml).")
@click.option(
    "--status",
    type=click.Choice([status.value for status in StatusSop]),
    help="Only draft (draf) or approved (berlaku) SOPs.",
)
@click.option(
    "--sops",
    "sops_folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_SOPS,
    show_default=True,
    help="The SOP folder (the one holding organisasi.yaml).",
)
@click.option(
    "--evaluasi/--no-evaluasi",
    default=True,
    show_default=True,
    help="Add the evaluation sheet and monitoring form after each SOP.",
)
@click.option(
    "--created",
    metavar="DATE",
    help="Record this creation date (ISO 8601) in the PDF. By default there is none, "
    "so the same SOPs always give the same bytes.",
)
@pass_cli
def handbook(
    ctx: CliContext,
    sop_ids: tuple[str, ...],
    output: Path,
    each: Path | None,
    bidang: str | None,
    status: str | None,
    sops_folder: Path,
    evaluasi: bool,
    created: str | None,
) -> None:
    """Make the printed SOP handbook (PDF) in the official SOP AP layout.

    SOP_ID names SOPs to print (file names without .yaml); by default every
    SOP, narrowed by --bidang and --status. The book has a cover, contents,
    a "how to read" page and, per SOP, the identity page, the procedure table,
    the swimlane flowchart and the evaluation sheet. Exits 1 when the SOPs
    cannot be loaded or the PDF engine (WeasyPrint, Pango) is missing, 2 on
    usage errors.
    """
    lang = ctx.lang
    try:
        check_available()
    except HandbookUnavailable as error:
        _unavailable(error, lang)
    result, problems = load_for((sops_folder,), lang)
    repository = result.repository
    if repository is None or any(p.severity is Severity.ERROR for p in problems):
        report([p for p in problems if p.severity is Severity.ERROR], lang)
        click.echo(f"sop: {translate('handbook.cli.not_loaded', lang)}", err=True)
        sys.exit(EXIT_PROBLEMS)
    known = {entry.id for entry in repository.sops}
    for sop_id in sop_ids:
        if sop_id not in known:
            example = next(iter(sorted(known)), "pelayanan-kerjasama")
            fail_usage(
                translate("handbook.cli.unknown_sop", lang, id=sop_id),
                translate("handbook.cli.unknown_sop_hint", lang, example=example),
                lang,
            )
    selected = select_sops(repository, sop_ids or None, bidang, status)
    if not selected:
        fail_usage(
            translate("handbook.cli.no_sops", lang),
            translate("handbook.cli.no_sops_hint", lang),
            lang,
        )
    root = find_sops_root(sops_folder)
    cache = FlowchartCache(root.parent / CACHE_FOLDER) if root else None
    checked = run_checks(repository)
    options = HandbookOptions(evaluation=evaluasi, created=created)
    try:
        if each is None:
            book = build_handbook(
                repository,
                checked,
                lang=lang,
                only=selected,
                options=options,
                flowchart_cache=cache,
            )
            _write(output, book.pdf, book.pages, lang)
            return
        single = HandbookOptions(front_matter=False, evaluation=evaluasi, created=created)
        for sop_id in selected:
            book = build_handbook(
                repository,
                checked,
                lang=lang,
                only=[sop_id],
                options=single,
                flowchart_cache=cache,
            )
            _write(each / f"{sop_id}.pdf", book.pdf, book.pages, lang)
    except HandbookUnavailable as error:
        _unavailable(error, lang)


def _unavailable(error: HandbookUnavailable, lang: str) -> None:
    click.echo(f"sop: {translate('handbook.cli.unavailable', lang, reason=error)}", err=True)
    click.echo(
        f"    {translate('label.hint', lang)}: {translate('handbook.cli.unavailable_hint', lang)}",
        err=True,
    )
    sys.exit(EXIT_PROBLEMS)


def _write(path: Path, content: bytes, pages: int, lang: str) -> None:
    """Write `content` to `path` atomically: a reader never sees half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a handbook is for everyone
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    shown = display_path(path)
    click.echo(translate("handbook.cli.written", lang, path=shown, pages=pages), err=True)
