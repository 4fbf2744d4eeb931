"""`sop check`: the review tool: every defect with its place and a fix, plus time totals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.check.run import CheckOptions, check_run
from generator.commands.common import (
    PATHS_ARGUMENT,
    SOPS_OPTION,
    CliContext,
    default_paths,
    finish,
    no_cache_flag,
    pass_cli,
    project_for,
)


@click.command()
@PATHS_ARGUMENT
@SOPS_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, sarif for code-review tools.",
)
@click.option("--strict", is_flag=True, help="Also exit 1 when there are warnings.")
@click.option(
    "--no-cache",
    is_flag=True,
    callback=no_cache_flag,
    help="Compute everything afresh: reuse nothing kept in .sop-cache/ (the output of an "
    "identical earlier run, parsed files, rule results per SOP) and write nothing there.",
)
@click.option(
    "--tanggal",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check as of this date (YYYY-MM-DD) for the monitoring rules (default: today).",
)
@click.option(
    "--rules-doc",
    is_flag=True,
    help="Print the Markdown page documenting every rule (docs/aturan.md) and exit.",
)
@pass_cli
def check(
    ctx: CliContext,
    paths: tuple[Path, ...],
    sops_dir: Path | None,
    output_format: str,
    strict: bool,
    no_cache: bool,
    tanggal: dt.datetime | None,
    rules_doc: bool,
) -> None:
    """Check SOPs for timing, role, flow, form and reference defects.

    PATH is an SOP file or a folder (default: sops, or the SOP folder you are in).
    Prints every finding as path:line:column: severity RULE-ID message, with a hint,
    then the time summary of each SOP (main path, office and waiting time, worst
    case, per role). A file that does not load is reported with its problems and
    listed at the end; every other SOP is still checked and totalled. Exits 1
    when there are errors (with --strict: also warnings), 2 on usage errors. An
    identical rerun (same files, same options, same tool) prints the stored result.
    """
    if rules_doc:
        from generator.check.docs import rules_page  # Jinja: only for this page

        click.echo(rules_page(ctx.lang), nl=False)
        return
    paths = paths or default_paths()
    project = project_for(paths, ctx.lang, sops_dir, cache=not no_cache)
    options = CheckOptions(
        paths, output_format, strict, ctx.lang, tanggal.date() if tanggal else None
    )
    run = check_run(project, options)
    finish(run)
