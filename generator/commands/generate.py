"""`sop generate`: write the site's Markdown pages and SVGs as plain files (no MkDocs)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import runcache
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
from generator.store import Store
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
    site tool. Check findings are shown on the pages. A file that does not
    load is reported and listed on Tinjauan (its last version that loaded, from
    git, is written in its place); the others are written all the same, and
    the exit code is then 1. Registries that do not load stop it (exit 1).
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
    key = runcache.cache_key(
        "generate",
        root,
        {"out": str(out.resolve()), "sops": str(root.resolve()), "cache": cache, "lang": ctx.lang},
    )
    store = Store.beside(root, enabled=cache)
    manifest = runcache.read_data(store, key)
    if manifest is not None and untouched(out, manifest.get("files")):
        click.echo(str(manifest.get("message", "")))
        return

    # Imported here: a run with nothing to do never loads the site code.
    from generator.site.contentkey import content_key
    from generator.site.source import load_and_check, publication

    checked = load_and_check(root, cache=cache)
    published = publication(checked, root)
    if published is None:  # the registries do not load: nothing to write
        report(checked.load_errors, ctx.lang)
        sys.exit(EXIT_PROBLEMS)
    if checked.load_errors:  # shown, and the SOPs that load are written anyway
        report(checked.load_errors, ctx.lang)
    # The files depend only on what loaded: an edit that changes none of it (a
    # comment, a re-indented line) finds them already in OUT (see contentkey).
    content = content_key(published, ctx.lang, out) if not published.broken else None
    done = runcache.read_data(store, content) if content else None
    if done is not None and untouched(out, done.get("files")):
        runcache.write_data(store, key, done)
        click.echo(str(done.get("message", "")))
        return
    from generator.site import SiteOptions, draw_flowcharts, generate_site
    from generator.site.pagememo import PageMemo

    repository = published.repository
    flowcharts = draw_flowcharts(repository, ctx.lang, store=store)
    files = generate_site(
        repository,
        published.report,
        flowcharts,
        SiteOptions(lang=ctx.lang),
        problems=published.problems,
        broken=published.broken,
        kept={sop_id: kept.origin for sop_id, kept in published.kept.items()},
        memo=PageMemo(store),
    )
    # Only files whose bytes changed are written (see generator.writeout); the
    # record of what is in OUT is kept whatever the SOPs hold.
    files_key = Store.key("generate-files", str(out.resolve()), ctx.lang)
    previous = runcache.read_data(store, files_key)
    result = write_changed(out, files, previous.get("files") if previous else None)
    errors = (
        sum(p.severity is Severity.ERROR for p in checked.report.findings) if checked.report else 0
    )
    message = translate("site.cli.generated", ctx.lang, count=len(files), out=out, errors=errors)
    runcache.write_data(store, files_key, {"files": result.manifest})
    if published.broken:  # not a finished run: the next one must look again
        store.prune()
        click.echo(message)
        sys.exit(EXIT_PROBLEMS)
    runcache.write_data(store, key, {"message": message, "files": result.manifest})
    if content:
        runcache.write_data(store, content, {"message": message, "files": result.manifest})
    store.prune()
    click.echo(message)
