"""The `sop` command line: a thin adapter over the library.

Exit codes: 0 all good, 1 problems found in the SOPs, 2 wrong usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.loader import LoadResult, find_sops_root, load_repository
from generator.messages import DEFAULT_LANG, available_languages, translate
from generator.problems import Problem, Severity, display_path
from generator.schema import SCHEMAS, json_schema_text

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _Context:
    def __init__(self, lang: str):
        self.lang = lang


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(available_languages()),
    default=DEFAULT_LANG,
    show_default=True,
    help="Language of messages (id = Bahasa Indonesia, en = English).",
)
@click.version_option(package_name="sop-handbook")
@click.pass_context
def cli(ctx: click.Context, lang: str) -> None:
    """SOP AP as code: validate, check and publish Standard Operating Procedures."""
    ctx.obj = _Context(lang)


def _load_for(paths: tuple[Path, ...], lang: str) -> tuple[LoadResult, list[Problem]]:
    """Load the SOP folder that holds `paths` and keep the problems inside them."""
    roots = {find_sops_root(path) for path in paths}
    if None in roots or len(roots) != 1:
        missing = next((p for p in paths if find_sops_root(p) is None), paths[0])
        click.echo(f"sop: {translate('cli.no_root', lang, path=missing)}", err=True)
        click.echo(
            f"    {translate('label.hint', lang)}: {translate('cli.no_root_hint', lang)}", err=True
        )
        sys.exit(EXIT_USAGE)
    root = roots.pop()
    assert root is not None
    result = load_repository(root)
    wanted = [display_path(p) for p in paths]
    registry_paths = {display_path(root / name) for name in ("organisasi.yaml", "peraturan.yaml")}

    def selected(problem: Problem) -> bool:
        path = problem.position.path
        if path in registry_paths:
            return True
        return any(path == w or path.startswith(w.rstrip("/") + "/") or w == "." for w in wanted)

    return result, [p for p in result.problems if selected(p)]


def _report(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        click.echo(problem.render(lang))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    files = len({p.position.path for p in problems})
    click.echo(
        translate("cli.summary", lang, errors=errors, warnings=warnings, files=files), err=True
    )


@cli.command()
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATH]..."
)
@click.pass_obj
def validate(obj: _Context, paths: tuple[Path, ...]) -> None:
    """Load SOP files and report every problem as path:line:column.

    PATH is an SOP file or a folder (default: sops). The registries
    (organisasi.yaml, peraturan.yaml) are found in the folder or above it.
    Exits 1 when a file has a problem.
    """
    paths = paths or (Path("sops"),)
    result, problems = _load_for(paths, obj.lang)
    if problems:
        _report(problems, obj.lang)
        sys.exit(EXIT_PROBLEMS)
    count = len(result.repository.sops) if result.repository else 0
    click.echo(translate("cli.ok", obj.lang, count=count))


@cli.command()
@click.option(
    "--jenis",
    "kind",
    type=click.Choice(sorted(SCHEMAS)),
    default="sop",
    show_default=True,
    help="Which file's schema: an SOP, the organisation or the regulations registry.",
)
@click.option(
    "--write",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write all schemas as <jenis>.schema.json into this folder instead of printing one.",
)
def schema(kind: str, folder: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of an SOP file or a registry."""
    if folder is None:
        click.echo(json_schema_text(kind), nl=False)
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(SCHEMAS):
        (folder / f"{name}.schema.json").write_text(json_schema_text(name), encoding="utf-8")


def main() -> None:
    """Entry point of the `sop` console script."""
    cli.main(prog_name="sop")


if __name__ == "__main__":
    main()
