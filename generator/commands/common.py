"""What every `sop` command shares: exit codes, options, loading and reporting."""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from generator.loader import (
    REGISTRY_FILES,
    LoadResult,
    bad_file_name,
    find_sops_root,
    load_repository,
    load_sop_bytes,
    sop_files,
)
from generator.messages import translate
from generator.model import SopEntry
from generator.model.common import IDENTIFIER_RE
from generator.problems import Position, Problem, Severity, display_path

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

DEFAULT_SOPS = Path("sops")


def default_paths() -> tuple[Path, ...]:
    """What a command without PATH works on: ./sops, or, when the author stands
    inside an SOP folder, that whole folder."""
    if DEFAULT_SOPS.exists():
        return (DEFAULT_SOPS,)
    here = find_sops_root(Path.cwd())
    return (here,) if here is not None else (DEFAULT_SOPS,)


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


def sops_root_for(paths: tuple[Path, ...], lang: str, sops_dir: Path | None = None) -> Path:
    """The SOP folder (holding organisasi.yaml): the one given as `sops_dir`, else the
    one that contains all `paths`; exit 2 if none."""
    if sops_dir is not None:
        found = find_sops_root(sops_dir)
        if found is None:
            fail_usage(
                translate("cli.no_root", lang, path=sops_dir),
                translate("cli.no_root_hint", lang),
                lang,
            )
        assert found is not None
        return found
    paths = paths or default_paths()
    roots = {find_sops_root(path) for path in paths}
    if None in roots or len(roots) != 1:
        missing = next((p for p in paths if find_sops_root(p) is None), paths[0])
        fail_usage(
            translate("cli.no_root", lang, path=missing), translate("cli.no_root_hint", lang), lang
        )
    root = roots.pop()
    assert root is not None
    return root


def load_for(
    paths: tuple[Path, ...], lang: str, *, cache: bool = True, sops_dir: Path | None = None
) -> tuple[LoadResult, list[Problem]]:
    """Load the SOP folder that holds `paths`; return the result and the problems in `paths`.

    Every SOP under the folder is loaded (links between SOPs need them all),
    but only problems in the named files, and in the registries, are kept.

    With `cache`, files unchanged since the last run are read back from
    `.sop-cache/` instead of parsed again. With `sops_dir`, that is the SOP
    folder, and SOP files named in `paths` outside it are loaded against it
    (taking the place of an SOP with the same id).
    """
    paths = paths or default_paths()
    root = sops_root_for(paths, lang, sops_dir)
    result = load_repository(root, cache=cache)
    wanted = shown_paths(paths)
    registry_paths = {display_path(root / name) for name in REGISTRY_FILES}
    kept = [
        p
        for p in result.problems
        if p.position.path in registry_paths or within(p.position.path, wanted)
    ]
    outside = [p for p in paths if not within(display_path(p), [display_path(root)])]
    if outside and result.repository is not None:
        result, extra = _with_outside_files(result, outside)
        kept += extra
    return result, kept


def outside_files(paths: list[Path]) -> list[Path]:
    """The SOP files named by `paths` (files, or the .yaml/.yml files under folders)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sop_files(path)
        else:
            found.append(path)
    return found


def _with_outside_files(result: LoadResult, paths: list[Path]) -> tuple[LoadResult, list[Problem]]:
    """`result` with the SOP files in `paths` (outside its folder) loaded into it."""
    repository = result.repository
    assert repository is not None
    problems: list[Problem] = []
    added: dict[str, SopEntry] = {}
    for path in outside_files(paths):
        shown = display_path(path)
        if not IDENTIFIER_RE.fullmatch(path.stem):
            problems.append(bad_file_name(shown, path.name))
            continue
        try:
            raw = path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            problems.append(Problem(Position(shown), "loader.unreadable", args={"reason": reason}))
            continue
        entry, file_problems = load_sop_bytes(raw, shown, path.stem, repository)
        problems += file_problems
        if entry is not None:
            added[entry.id] = entry
    sops = [e for e in repository.sops if e.id not in added] + list(added.values())
    repository = dataclasses.replace(repository, sops=tuple(sorted(sops, key=lambda e: e.id)))
    return LoadResult(repository, tuple(result.problems) + tuple(problems)), problems


def shown_paths(paths: tuple[Path, ...]) -> list[str]:
    """The PATH arguments as problems and entries show paths (see `within`)."""
    return [display_path(p) for p in paths]


def within(path: str, wanted: list[str]) -> bool:
    """True when the shown `path` is one of `wanted` or lies in one of those folders
    (compared as absolute paths, so "..", "." and "sops/" all mean what they say)."""
    target = os.path.abspath(path)
    for folder in map(os.path.abspath, wanted):
        if target == folder or target.startswith(folder.rstrip(os.sep) + os.sep):
            return True
    return False


def report_text(problems: list[Problem], lang: str) -> tuple[str, str]:
    """The problems (for stdout) and a one-line summary (for stderr), as text."""
    lines = "".join(f"{problem.render(lang)}\n" for problem in problems)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    files = len({p.position.path for p in problems})
    summary = translate("cli.summary", lang, errors=errors, warnings=warnings, files=files)
    return lines, summary + "\n"


def report(problems: list[Problem], lang: str) -> None:
    """Print problems (stdout) and a one-line summary (stderr)."""
    lines, summary = report_text(problems, lang)
    click.echo(lines, nl=False)
    click.echo(summary, nl=False, err=True)


PATHS_ARGUMENT = click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATH]..."
)
