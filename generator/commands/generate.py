"""`sop generate`: write the site's Markdown pages and SVGs as plain files (no MkDocs)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import click

from generator.commands import output_cache
from generator.commands.common import (
    DEFAULT_SOPS,
    EXIT_PROBLEMS,
    CliContext,
    fail_usage,
    pass_cli,
    report,
)
from generator.keyedpack import CACHE_FOLDER
from generator.loader import find_sops_root
from generator.messages import translate
from generator.problems import Severity
from generator.writeout import untouched, write_changed


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
    help="Reuse earlier work (.sop-cache/ next to the SOP folder): parsed files, rule "
    "results, flowcharts drawn before, and the whole output when nothing changed since "
    "the last run into OUT. --no-cache computes everything afresh.",
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
    # Nothing changed since the last run into OUT (same SOP files, same tool,
    # same options, OUT's files untouched): the pages are already there.
    key = output_cache.cache_key(
        "generate",
        root,
        {"out": str(out.resolve()), "sops": str(root.resolve()), "cache": cache, "lang": ctx.lang},
    )
    manifest_at = output_cache.cache_file(root, "generate", key)
    manifest = output_cache.read_data(manifest_at) if cache else None
    if manifest is not None and untouched(out, manifest.get("files")):
        click.echo(str(manifest.get("message", "")))
        return

    # Imported here: a run with nothing to do never loads the site code.
    from generator.site import SiteOptions, draw_flowcharts, generate_site
    from generator.site.flowcharts import DEFAULT_CACHE_DIR
    from generator.site.pagememo import PageMemo
    from generator.site.source import load_and_check

    checked = load_and_check(root, cache=cache)
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
        memo=PageMemo(root.parent / CACHE_FOLDER / "pages" if cache else None),
    )
    # Only files whose bytes changed are written (see generator.writeout).
    files_at = output_cache.cache_file(root, "generate-files", _out_key(out, ctx.lang))
    previous = output_cache.read_data(files_at) if cache else None
    result = write_changed(out, files, previous.get("files") if previous else None)
    errors = (
        sum(p.severity is Severity.ERROR for p in checked.report.findings) if checked.report else 0
    )
    message = translate("site.cli.generated", ctx.lang, count=len(files), out=out, errors=errors)
    if cache:
        output_cache.write_data(manifest_at, {"message": message, "files": result.manifest})
        output_cache.write_data(files_at, {"files": result.manifest})
    click.echo(message)


def _out_key(out: Path, lang: str) -> str:
    """The name of the record of what was written into `out` (whatever the SOPs hold)."""
    return hashlib.sha256(f"{out.resolve()}\0{lang}".encode()).hexdigest()
