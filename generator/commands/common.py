"""What every `sop` command shares: exit codes, options, loading and reporting."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from generator.loader import LoadResult
from generator.messages import translate
from generator.problems import Problem
from generator.problems import report_text as report_text  # re-exported for the commands
from generator.project import DEFAULT_SOPS as DEFAULT_SOPS  # re-exported for the commands
from generator.project import Project, ProjectNotFound
from generator.project import default_paths as default_paths
from generator.project import shown_paths as shown_paths
from generator.project import within as within

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
) -> Project:
    """The project holding `paths` (or `sops_dir`), for a `sop` command; exit 2 if none."""
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


def report(problems: list[Problem], lang: str) -> None:
    """Print problems (stdout) and a one-line summary (stderr)."""
    lines, summary = report_text(problems, lang)
    click.echo(lines, nl=False)
    click.echo(summary, nl=False, err=True)


PATHS_ARGUMENT = click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATH]..."
)
