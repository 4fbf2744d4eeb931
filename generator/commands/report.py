"""`sop report`: the register of every SOP for the Bagian Organisasi (XLSX and/or CSV)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.atomicfile import write_atomically
from generator.check import run_checks
from generator.check.cache import CheckCache
from generator.commands.common import (
    DEFAULT_SOPS,
    EXIT_OK,
    EXIT_PROBLEMS,
    CliContext,
    fail_usage,
    pass_cli,
    sops_root_for,
)
from generator.commands.common import report as report_problems
from generator.loader import load_repository
from generator.messages import translate
from generator.problems import Severity, display_path
from generator.register import register_files


@click.command("report")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--tanggal",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Report as of this date (YYYY-MM-DD): overdue monitoring, findings (default: today).",
)
@click.option(
    "--sops", "sops_dir", type=click.Path(path_type=Path), default=DEFAULT_SOPS, show_default=True
)
@pass_cli
def report(
    ctx: CliContext,
    xlsx_out: Path | None,
    csv_out: Path | None,
    tanggal: dt.datetime | None,
    sops_dir: Path,
) -> None:
    """Write the register: one row per SOP with nomor, nama, unit, status, the three
    dates, signer, steps, main-path time, findings by severity, last evaluation and next
    monitoring due. Same input and date, same bytes."""
    lang = ctx.lang
    if xlsx_out is None and csv_out is None:
        fail_usage(
            translate("register.cli.need_output", lang),
            translate("register.cli.need_output_hint", lang),
            lang,
        )
    root = sops_root_for((sops_dir,), lang)
    loaded = load_repository(root, cache=True)
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if loaded.repository is None:
        report_problems(errors or list(loaded.problems), lang)
        sys.exit(EXIT_PROBLEMS)
    # A file that does not load (a draft, an unanswered monitoring record) never
    # stops the register of the others, as in `sop build`: reported, then exit 1.
    if errors:
        report_problems(errors, lang)
    today = tanggal.date() if tanggal else dt.date.today()
    checked = run_checks(loaded.repository, cache=CheckCache.beside(root), today=today)
    files = register_files(loaded.repository, checked, today, lang)
    for out, kind in ((xlsx_out, "xlsx"), (csv_out, "csv")):
        if out is not None:
            write_atomically(out, files[kind])
            click.echo(
                translate(
                    "register.cli.written",
                    lang,
                    path=display_path(out),
                    count=len(loaded.repository.sops),
                )
            )
    sys.exit(EXIT_PROBLEMS if errors else EXIT_OK)
