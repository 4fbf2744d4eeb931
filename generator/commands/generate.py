"""`sop generate`: write the site's Markdown pages and SVGs as plain files (no MkDocs)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import (
    DEFAULT_SOPS,
    EXIT_PROBLEMS,
    CliContext,
    fail_usage,
    pass_cli,
    report,
)
from generator.loader import find_sops_root
from generator.messages import translate
from generator.problems import Severity
from generator.site import SiteOptions, draw_flowcharts, generate_site
from generator.site.flowcharts import DEFAULT_CACHE_DIR
from generator.site.source import load_and_check


@click.command()
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the pages into (created if missing; files are overwritten).",
)
@click.option(
    "--sops",
    "sops_dir",
    default=DEFAULT_SOPS,
    show_default=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The SOP folder.",
)
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse flowcharts drawn before (.sop-cache/site-flowchart/ next to the SOP folder).",
)
@pass_cli
def generate(ctx: CliContext, out: Path, sops_dir: Path, cache: bool) -> None:
    """Write every page of the site (Markdown) and every flowchart (SVG) into OUT.

    The same files the MkDocs plugin adds to a build, usable by any Markdown
    site tool. Check findings are shown on the pages; only SOPs that cannot
    be loaded stop it (exit 1).
    """
    root = find_sops_root(sops_dir)
    if root is None:
        fail_usage(
            translate("cli.no_root", ctx.lang, path=sops_dir),
            translate("cli.no_root_hint", ctx.lang),
            ctx.lang,
        )
    assert root is not None
    checked = load_and_check(root)
    repository = checked.load.repository
    if checked.load_errors or repository is None:
        report(checked.load_errors, ctx.lang)
        sys.exit(EXIT_PROBLEMS)
    cache_dir = root.parent / DEFAULT_CACHE_DIR if cache else None
    flowcharts = draw_flowcharts(repository, ctx.lang, cache_dir=cache_dir)
    files = generate_site(
        repository,
        checked.report,
        flowcharts,
        SiteOptions(lang=ctx.lang),
        problems=checked.load.problems,
    )
    for path, content in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    errors = (
        sum(p.severity is Severity.ERROR for p in checked.report.findings) if checked.report else 0
    )
    click.echo(translate("site.cli.generated", ctx.lang, count=len(files), out=out, errors=errors))
