"""What every `sop` command shares: exit codes, options, loading and reporting."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import click

from generator.loader import LoadResult
from generator.messages import translate
from generator.model import Repository
from generator.problems import Problem, Severity
from generator.problems import report_text as report_text  # re-exported for the commands
from generator.project import DEFAULT_SOPS as DEFAULT_SOPS  # re-exported for the commands
from generator.project import Loaded, Project, ProjectNotFound
from generator.project import default_paths as default_paths
from generator.project import shown_paths as shown_paths
from generator.project import within as within
from generator.runcache import CachedRun
from generator.usage import UsageError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


@dataclass
class CliContext:
    """Settings of the `sop` group, passed to every command."""

    lang: str


pass_cli = click.make_pass_decorator(CliContext)


def fail_usage(message: str, hint: str, lang: str) -> None:
    """Print a usage error with a hint and exit 2."""
    click.echo(f"sop: {message}", err=True)
    click.echo(f"    {translate('label.hint', lang)}: {hint}", err=True)
    sys.exit(EXIT_USAGE)


@contextmanager
def usage_errors(lang: str) -> Iterator[None]:
    """Report a `UsageError` raised by the library as a usage error (exit 2)."""
    try:
        yield
    except UsageError as error:
        fail_usage(error.message(lang), error.hint(lang), lang)


def writable_or_exit(target: Path | None, kind: str, lang: str) -> None:
    """Exit 1 with one line naming the path and what to do when `target` (an output
    file or folder given by the user) cannot be written; before any work is done."""
    if target is None:
        return
    from generator.outplace import OutputPlaceError, check_output

    try:
        check_output(target, kind)  # type: ignore[arg-type]
    except OutputPlaceError as refused:
        click.echo(refused.report(lang), err=True)
        sys.exit(EXIT_PROBLEMS)


def say(message: str) -> None:
    """Print a line to stderr: what was written, how many (stdout stays for data)."""
    click.echo(message, err=True)


SOPS_OPTION = click.option(
    "--sops",
    "sops_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="The SOP folder (with organisasi.yaml) to work against; PATH may then lie "
    "outside it, e.g. a draft received by e-mail.",
)


def project_for(
    paths: tuple[Path, ...],
    lang: str,
    sops_dir: Path | None = None,
    *,
    cache: bool = True,
    writes: tuple[Path | None, str] = (None, "file"),
) -> Project:
    """The project holding `paths` (or `sops_dir`), for a `sop` command; exit 2 if none.
    `writes`: the output place and its kind, checked first (`writable_or_exit`)."""
    writable_or_exit(*writes, lang)
    try:
        return Project.find(paths, sops_dir, cache=cache, short_run=True)
    except ProjectNotFound as missing:
        fail_usage(
            translate("cli.no_root", lang, path=missing.path),
            translate("cli.no_root_hint", lang),
            lang,
        )
        raise  # fail_usage exits; this line only satisfies the type checker


def sops_root_for(paths: tuple[Path, ...], lang: str, sops_dir: Path | None = None) -> Path:
    """The SOP folder (holding organisasi.yaml) for `paths` or `sops_dir`; exit 2 if none."""
    return project_for(paths, lang, sops_dir).root


def load_for(
    paths: tuple[Path, ...],
    lang: str,
    *,
    cache: bool = True,
    sops_dir: Path | None = None,
    only_named: bool = False,
) -> tuple[LoadResult, list[Problem]]:
    """Load the SOP folder that holds `paths` (see `Project.load`); exit 2 if there is none.

    Returns the load result and the problems of the files in `paths` (and of the
    registries). `only_named`: read only the files in `paths` (a command about
    one SOP that needs no other SOP's content).
    """
    loaded = project_for(paths, lang, sops_dir, cache=cache).load(paths, only_named=only_named)
    return loaded.result, list(loaded.problems)


def repository_for(
    paths: tuple[Path, ...], lang: str, sops_dir: Path | None = None
) -> tuple[Path, Repository]:
    """The SOP folder holding `paths` (or `sops_dir`) and all of it loaded; on registries
    that do not load, their problems are printed and the command exits 1 (no folder: 2)."""
    project = project_for(paths, lang, sops_dir)
    result = project.load_all()
    if result.repository is None:
        report(list(result.problems), lang)
        sys.exit(EXIT_PROBLEMS)
    return project.root, result.repository


def loaded_or_exit(
    project: Project,
    paths: tuple[Path, ...],
    lang: str,
    note_key: str,
    *,
    errors_only: bool = False,
    only_named: bool = False,
    **args: object,
) -> tuple[Loaded, Repository]:
    """The folder loaded (see `Project.load`) and its repository; when the registries do
    not load or a file in `paths` has an error, print the problems (or only the errors)
    and the message `note_key` (with `args`), and exit 1."""
    loaded = project.load(paths, only_named=only_named)
    errors = [p for p in loaded.problems if p.severity is Severity.ERROR]
    if loaded.repository is None or errors:
        report(errors if errors_only else list(loaded.problems), lang)
        click.echo(f"sop: {translate(note_key, lang, **args)}", err=True)
        sys.exit(EXIT_PROBLEMS)
    return loaded, loaded.repository


def handbook_unavailable(error: Exception, lang: str) -> NoReturn:
    """The PDF engine (Typst) is missing or failed: say so and how to install it; exit 1."""
    click.echo(f"sop: {translate('handbook.cli.unavailable', lang, reason=error)}", err=True)
    hint = translate("handbook.cli.unavailable_hint", lang)
    click.echo(f"    {translate('label.hint', lang)}: {hint}", err=True)
    sys.exit(EXIT_PROBLEMS)


def finish(run: CachedRun) -> NoReturn:
    """Print a run's output (stdout, then stderr) and exit with its code."""
    if run.stdout:
        click.echo(run.stdout, nl=False)
    if run.stderr:
        click.echo(run.stderr, nl=False, err=True)
    sys.exit(run.exit_code)


def report(problems: list[Problem], lang: str) -> None:
    """Print problems (stdout) and a one-line summary (stderr)."""
    lines, summary = report_text(problems, lang)
    click.echo(lines, nl=False)
    click.echo(summary, nl=False, err=True)


SOPS_FOLDER_OPTION = click.option(
    "--sops",
    "sops_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_SOPS,
    show_default=True,
    help="The SOP folder (the one holding organisasi.yaml).",
)


def cache_option(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`--cache/--no-cache`: reuse `what` kept in .sop-cache/, or compute everything afresh."""
    return click.option(
        "--cache/--no-cache",
        default=True,
        show_default=True,
        callback=_cache_choice,
        help=f"Reuse earlier work kept in .sop-cache/ (next to the SOP folder): {what}. "
        "--no-cache computes everything afresh.",
    )


def _cache_choice(_ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    """`--no-cache` also keeps and reads no compiled template in this process, `--cache`
    does again (`templatecache`)."""
    keep_compiled_templates(value)
    return value


def no_cache_flag(_ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    """The callback of a plain `--no-cache` flag (`sop check`): see `_cache_choice`."""
    keep_compiled_templates(not value)
    return value


def keep_compiled_templates(enabled: bool) -> None:
    """`templatecache.keep_compiled(enabled)`, without importing Jinja into a command that
    never renders a template (when it is on, as a new process has it)."""
    module = sys.modules.get("generator.templatecache")
    if module is None and not enabled:
        from generator import templatecache as module
    if module is not None:
        module.keep_compiled(enabled)


PATHS_ARGUMENT = click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATH]..."
)
