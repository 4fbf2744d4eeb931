"""`sop build`: check the SOPs, build the site with MkDocs (strict), swap it into place.

Order: load and check (problems are shown; with `--strict` any error stops
here), then `mkdocs build --strict` into a fresh folder next to the site
folder, then the swap (`generator.publish`: public file modes, one atomic
exchange where the OS can). A failed build never touches the existing site.

A broken file never takes the site down: every SOP that loads is published,
an SOP whose file broke is shown in its last version that loaded (git, or the
copy the previous site keeps), and Tinjauan lists the broken files.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from generator.commands.common import EXIT_PROBLEMS, EXIT_USAGE, CliContext, pass_cli, report
from generator.commands.handbook import cached_book
from generator.handbook import HandbookUnavailable
from generator.handbook.pdf import check_available
from generator.messages import translate
from generator.monitoring.status import reference_date
from generator.problems import Severity
from generator.publish import publish, staging_folder
from generator.register import register_files
from generator.site.pages import sop_pdf_file
from generator.site.source import CheckedSource, Publication, load_and_check
from generator.wordio.site_files import write_word_files


def _mkdocs_logging() -> logging.Handler:
    """Show MkDocs' messages the way `mkdocs build` does (level and text)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return handler


@click.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The MkDocs configuration (its `sop` plugin names the SOP folder).",
)
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the site goes (default: site_dir of the configuration, i.e. site/).",
)
@click.option(
    "--handbook/--no-handbook",
    default=True,
    show_default=True,
    help="Also print the handbook (PDF) into the site and link it from the home page.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse to publish when any file does not load or any check finds an error "
    "(for CI); the previous site stays as it was.",
)
@click.option(
    "--docx/--no-docx",
    default=False,
    show_default=True,
    help="Also put one editable Word file per SOP on the site (sop/<id>/<id>.docx).",
)
@pass_cli
def build(
    ctx: CliContext,
    config_file: Path,
    site_dir: Path | None,
    handbook: bool,
    strict: bool,
    docx: bool,
) -> None:
    """Check the SOPs, then build the intranet site into site/ (mkdocs build --strict).

    Every SOP that loads is published, with its findings on its page and on
    Tinjauan; a file that does not load is listed on Tinjauan, and an SOP whose
    file broke keeps its last version that loaded (from git, or from the
    previous site). With --strict, any error refuses the build (exit 1). Any
    MkDocs warning fails the build (exit 1). The handbook PDF goes into the site
    too, and one PDF per SOP (`sop/<id>.pdf`, linked from its page). The
    previous site/ stays untouched unless the whole build succeeds, then it is
    replaced as a whole. Exit codes: 0 built, 1 not built, 2 usage.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # Same SOPs, same site: MkDocs' dates (sitemap) follow SOURCE_DATE_EPOCH,
    # by default the time of the project's last commit (outside git: 1970).
    os.environ.setdefault("SOURCE_DATE_EPOCH", _last_commit_time(config_file.parent) or "0")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = _mkdocs_logging()
    try:
        try:
            config = load_config(config_file=str(config_file), strict=True)
        except MkDocsException as error:
            click.echo(f"sop: {error}", err=True)
            sys.exit(EXIT_USAGE)
        plugin = config.plugins.get("sop")
        if plugin is None:
            click.echo(
                f"sop: {translate('site.cli.no_plugin', ctx.lang, path=config_file)}", err=True
            )
            sys.exit(EXIT_USAGE)
        root = Path(config.config_file_path).resolve().parent / plugin.config.sops
        checked = load_and_check(root)
        if _refused(checked, strict, ctx.lang):
            sys.exit(EXIT_PROBLEMS)
        target = (site_dir or Path(config.site_dir)).resolve()
        plugin.keep_going = True
        plugin.previous_site = target
        if handbook:
            try:
                check_available()
            except HandbookUnavailable as error:
                click.echo(
                    f"sop: {translate('handbook.cli.unavailable', ctx.lang, reason=error)}",
                    err=True,
                )
                click.echo(
                    f"    {translate('label.hint', ctx.lang)}: "
                    f"{translate('handbook.cli.unavailable_hint', ctx.lang)}",
                    err=True,
                )
                handbook = False
        if not handbook:
            plugin.config.buku = ""
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = staging_folder(target)  # leftovers of interrupted builds removed
        config.site_dir = str(staging)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        except MkDocsException as error:
            shutil.rmtree(staging, ignore_errors=True)
            click.echo(f"sop: {error}", err=True)
            click.echo(f"sop: {translate('site.cli.build_failed', ctx.lang)}", err=True)
            sys.exit(EXIT_PROBLEMS)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            config.plugins.on_shutdown()
        if plugin.config.buku:
            try:
                published = plugin.published
                _write_pdfs(staging, plugin.config.buku, root, published, ctx.lang, config.site_url)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        if plugin.config.register:
            published = plugin.published  # the SOPs the site shows, as it shows them
            today = reference_date(published.repository, os.environ)
            xlsx = register_files(published.repository, published.report, today, ctx.lang)["xlsx"]
            (staging / plugin.config.register).write_bytes(xlsx)
        if docx:  # the SOPs the site shows, as it shows them
            write_word_files(plugin.published.repository, staging, ctx.lang)
        publish(staging, target)
        warnings = sum(p.severity is Severity.WARNING for p in checked.report.findings)
        click.echo(translate("site.cli.built", ctx.lang, path=target, warnings=warnings))
        _report_broken(plugin.published, ctx.lang)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)


def _refused(checked: CheckedSource, strict: bool, lang: str) -> bool:
    """Show the load and check errors; True when the build must not go on.

    The registries must load; beyond that only `--strict` refuses on errors.
    """
    if checked.load.repository is None or checked.report is None:
        report(checked.load_errors, lang)
        return True
    errors = [*checked.load_errors, *checked.check_errors]
    if not errors:
        return False
    report(errors, lang)
    if strict:
        click.echo(translate("site.cli.check_failed", lang), err=True)
        return True
    return False


def _report_broken(published: Publication | None, lang: str) -> None:
    """Name the files that did not load and what the site shows for each."""
    if published is None or not published.broken:
        return
    click.echo(translate("site.cli.broken", lang, count=len(published.broken)), err=True)
    for path in published.broken:
        kept = next((k for k in published.kept.values() if k.path == path), None)
        shown = (
            translate("site.tinjauan.rusak_disimpan", lang, asal=kept.origin)
            if kept
            else translate("site.tinjauan.rusak_hilang", lang)
        )
        click.echo(f"    {path}: {shown}", err=True)


def _write_pdfs(
    staging: Path,
    book_file: str,
    root: Path,
    published: Publication,
    lang: str,
    site_url: str | None,
) -> None:
    """The whole handbook at `book_file`, and each SOP's own PDF at `sop/<id>.pdf`
    (of the SOPs the site shows, as it shows them)."""
    repository = published.repository
    pdf, _pages = cached_book(root, repository, published.report, lang, site_url=site_url)
    (staging / book_file).write_bytes(pdf)
    for entry in repository.sops:
        pdf, _pages = cached_book(
            root, repository, published.report, lang, only=entry.id, site_url=site_url
        )
        path = staging / sop_pdf_file(entry.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)


def _last_commit_time(folder: Path) -> str | None:
    """The Unix time of the last commit of the git work tree holding `folder`, if any."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=folder.resolve(),
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    stamp = result.stdout.strip()
    return stamp if result.returncode == 0 and stamp.isdigit() else None
