"""`sop init`: a new office's SOP project in a folder, ready for `sop check` and `sop build`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import EXIT_OK, CliContext, fail_usage, pass_cli
from generator.messages import translate
from generator.scaffold import (
    DEFAULT_BIDANG,
    DEFAULT_PENGESAH,
    DEFAULT_SEKSI,
    Project,
    project_files,
    write_new_files,
)


def _interactive() -> bool:
    """True when a person can answer questions (stdin is a terminal)."""
    return sys.stdin.isatty()


def _required(name: str, value: str | None, lang: str) -> str:
    if value is None and _interactive():
        value = click.prompt(translate(f"cli.init_prompt_{name}", lang))
    if value is None or not value.strip():
        fail_usage(
            translate("cli.init_missing", lang, name=name),
            translate("cli.init_missing_hint", lang),
            lang,
        )
    assert value is not None
    return value.strip()


def _optional(name: str, value: str | None, default: str, lang: str) -> str:
    if value is None and _interactive():
        value = click.prompt(translate(f"cli.init_prompt_{name}", lang), default=default)
    return (value or default).strip()


@click.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--nama", help="The office's name, e.g. 'Dinas Kependudukan dan Pencatatan Sipil'.")
@click.option("--wilayah", help="Its region, e.g. 'Kabupaten Uji'.")
@click.option("--singkatan", help="Its short name, e.g. 'Disdukcapil'.")
@click.option("--bidang", help=f"The first bidang's name (default: {DEFAULT_BIDANG}).")
@click.option("--seksi", help=f"Its seksi, comma-separated (default: {', '.join(DEFAULT_SEKSI)}).")
@click.option(
    "--pengesah", help=f"The position that usually signs SOPs (default: {DEFAULT_PENGESAH})."
)
@pass_cli
def init(
    ctx: CliContext,
    folder: Path,
    nama: str | None,
    wilayah: str | None,
    singkatan: str | None,
    bidang: str | None,
    seksi: str | None,
    pengesah: str | None,
) -> None:
    """Start an SOP project in FOLDER (default: here), asking in a terminal or from flags.

    Writes sops/ (registries, settings, one example SOP that passes `sop check`,
    the monitoring folder), mkdocs.yml, docs/ (home text, JSON Schemas),
    .gitignore, .gitattributes, VS Code settings, a pre-commit configuration and
    GitLab CI / GitHub Actions pipelines. Works in an empty folder and in an
    existing git repository; never overwrites a file that exists.
    """
    lang = ctx.lang
    if folder.exists() and not folder.is_dir():
        fail_usage(
            translate("cli.init_not_folder", lang, path=folder),
            translate("cli.init_not_folder_hint", lang),
            lang,
        )
    project = Project(
        nama=_required("nama", nama, lang),
        wilayah=_required("wilayah", wilayah, lang),
        singkatan=_required("singkatan", singkatan, lang),
        bidang=_optional("bidang", bidang, DEFAULT_BIDANG, lang),
        seksi_names=tuple(
            name.strip()
            for name in _optional("seksi", seksi, ", ".join(DEFAULT_SEKSI), lang).split(",")
            if name.strip()
        ),
        pengesah=_optional("pengesah", pengesah, DEFAULT_PENGESAH, lang),
    )
    written, kept = write_new_files(folder, project_files(project))
    for path in written:
        click.echo(translate("cli.init_written", lang, path=path))
    for path in kept:
        click.echo(translate("cli.init_kept", lang, path=path))
    key = "cli.init_done" if written else "cli.init_nothing"
    click.echo(translate(key, lang, path=folder.resolve()))
    sys.exit(EXIT_OK)
