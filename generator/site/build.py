"""A whole `sop build`: check the SOPs, build the site with MkDocs (strict), swap it in.

Order: load and check (`Project.load_and_check`; with `strict` any error stops
here), then `mkdocs build --strict` into a fresh folder next to the site
folder (the `sop` plugin adds the pages and starts Pagefind), the handbook
PDFs, the register and the Word files while Pagefind indexes, then (once
Pagefind is done) the swap (`generator.publish`: public file modes, one
atomic exchange where the OS can). A failed build never touches the existing
site. A broken file never takes the site down: every SOP that loads is
published, an SOP whose file broke is shown in its last version that loaded,
and the broken files are listed.

Nothing here prints: `build_site` returns the text for stdout and stderr and the
exit code (MkDocs' own log goes to stderr while it runs, as `mkdocs build` does).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.gitreader import run_git
from generator.handbook import HandbookUnavailable
from generator.handbook.books import Books, BookSettings
from generator.handbook.pdf import check_available
from generator.messages import translate
from generator.monitoring.status import reference_date
from generator.outplace import OutputPlaceError, check_output
from generator.problems import Problem, Severity, report_text
from generator.project import CheckedSource, Project
from generator.publish import publish, staging_folder
from generator.register import register_files
from generator.runcache import CachedRun
from generator.site.pages import sop_pdf_file
from generator.site.source import Publication
from generator.wordio.site_files import write_word_files

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class SiteBuildOptions:
    """What the user asked of `sop build`."""

    config_file: Path
    site_dir: Path | None = None
    handbook: bool = True
    strict: bool = False
    docx: bool = False
    lang: str = "id"


@dataclass
class _Output:
    """What the build has to say, in order, for stdout and stderr."""

    lang: str
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.stderr.append(text + "\n")

    def problems(self, problems: list[Problem]) -> None:
        lines, summary = report_text(problems, self.lang)
        self.stdout.append(lines)
        self.stderr.append(summary)

    def done(self, exit_code: int) -> CachedRun:
        return CachedRun("".join(self.stdout), "".join(self.stderr), exit_code)


def build_site(options: SiteBuildOptions) -> CachedRun:
    """Build and publish the site as `sop build` does; its output and exit code.

    Exit codes: 0 built, 1 not built (registries do not load, `strict` and
    errors, MkDocs warnings), 2 usage (a configuration MkDocs refuses, no `sop`
    plugin).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # Same SOPs, same site: MkDocs' dates (sitemap) follow SOURCE_DATE_EPOCH,
    # by default the time of the project's last commit (outside git: 1970).
    os.environ.setdefault("SOURCE_DATE_EPOCH", _last_commit_time(options.config_file.parent) or "0")
    with _mkdocs_logging():
        return _build(options, _Output(options.lang))


def _build(options: SiteBuildOptions, out: _Output) -> CachedRun:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    lang = options.lang
    try:
        config = load_config(config_file=str(options.config_file), strict=True)
    except MkDocsException as error:
        out.say(f"sop: {error}")
        return out.done(EXIT_USAGE)
    plugin = config.plugins.get("sop")
    if plugin is None:
        out.say(f"sop: {translate('site.cli.no_plugin', lang, path=options.config_file)}")
        return out.done(EXIT_USAGE)
    if options.site_dir is None:  # `-d` is asked by the command; mkdocs.yml's here
        try:
            check_output(Path(config.site_dir), "replaced")
        except OutputPlaceError as refused:
            out.say(refused.report(lang))
            return out.done(EXIT_PROBLEMS)
    root = Path(config.config_file_path).resolve().parent / plugin.config.sops
    checked = Project(root).load_and_check()
    if _refused(checked, options.strict, out):
        return out.done(EXIT_PROBLEMS)
    target = (options.site_dir or Path(config.site_dir)).resolve()
    plugin.keep_going = True
    plugin.previous_site = target
    plugin.search_in_background = True  # Pagefind works while the handbook is made
    if not (options.handbook and _handbook_available(out)):
        plugin.config.buku = ""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_folder(target)  # leftovers of interrupted builds removed
    config.site_dir = str(staging)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        published = plugin.published
        _extras(staging, root, published, plugin.config, options, config.site_url)
        plugin.finish_search()
    except MkDocsException as error:
        plugin.cancel_search()
        shutil.rmtree(staging, ignore_errors=True)
        out.say(f"sop: {error}")
        out.say(f"sop: {translate('site.cli.build_failed', lang)}")
        return out.done(EXIT_PROBLEMS)
    except BaseException:
        plugin.cancel_search()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    publish(staging, target)
    assert checked.report is not None  # _refused saw to it
    warnings = sum(p.severity is Severity.WARNING for p in checked.report.findings)
    out.stdout.append(translate("site.cli.built", lang, path=target, warnings=warnings) + "\n")
    _report_broken(published, out)
    return out.done(EXIT_OK)


def _handbook_available(out: _Output) -> bool:
    """Whether the PDF engine runs; if not, say so (the site is built without the book)."""
    try:
        check_available()
    except HandbookUnavailable as error:
        out.say(f"sop: {translate('handbook.cli.unavailable', out.lang, reason=error)}")
        hint = translate("handbook.cli.unavailable_hint", out.lang)
        out.say(f"    {translate('label.hint', out.lang)}: {hint}")
        return False
    return True


def _extras(
    staging: Path,
    root: Path,
    published: Publication,
    plugin_config: object,
    options: SiteBuildOptions,
    site_url: str | None,
) -> None:
    """The files beside the pages, of the SOPs the site shows as it shows them: the
    handbook and one PDF per SOP, the register, the Word files."""
    book_file = getattr(plugin_config, "buku", "")
    register = getattr(plugin_config, "register", "")
    repository = published.repository
    if book_file:
        settings = BookSettings(options.lang, site_url=site_url)
        books = Books(root, repository, lambda: published.report, settings)
        (staging / book_file).write_bytes(books.whole()[0])
        for entry in repository.sops:
            path = staging / sop_pdf_file(entry.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(books.one(entry.id, name=f"situs-{entry.id}")[0])
    if register:
        today = reference_date(repository, os.environ)
        xlsx = register_files(repository, published.report, today, options.lang)["xlsx"]
        (staging / register).write_bytes(xlsx)
    if options.docx:
        write_word_files(repository, staging, options.lang)


def _refused(checked: CheckedSource, strict: bool, out: _Output) -> bool:
    """Show the load and check errors; True when the build must not go on.

    The registries must load; beyond that only `strict` refuses on errors.
    """
    if checked.load.repository is None or checked.report is None:
        out.problems(checked.load_errors)
        return True
    errors = [*checked.load_errors, *checked.check_errors]
    if not errors:
        return False
    out.problems(errors)
    if strict:
        out.say(translate("site.cli.check_failed", out.lang))
        return True
    return False


def _report_broken(published: Publication | None, out: _Output) -> None:
    """Name the files that did not load and what the site shows for each."""
    if published is None or not published.broken:
        return
    out.say(translate("site.cli.broken", out.lang, count=len(published.broken)))
    for path in published.broken:
        kept = next((k for k in published.kept.values() if k.path == path), None)
        shown = (
            translate("site.tinjauan.rusak_disimpan", out.lang, asal=kept.origin)
            if kept
            else translate("site.tinjauan.rusak_hilang", out.lang)
        )
        out.say(f"    {path}: {shown}")


@contextmanager
def _mkdocs_logging() -> Iterator[None]:
    """Show MkDocs' messages the way `mkdocs build` does (level and text), while building."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _last_commit_time(folder: Path) -> str | None:
    """The Unix time of the last commit of the git work tree holding `folder`, if any."""
    done = run_git(["log", "-1", "--format=%ct"], folder.resolve())
    if done is None or done.returncode != 0:
        return None
    stamp = done.stdout.decode("ascii", "replace").strip()
    return stamp if stamp.isdigit() else None
