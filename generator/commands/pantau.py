"""`sop pantau`: start the six-monthly monitoring and evaluation record of one SOP."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from generator.commands.common import (
    DEFAULT_SOPS,
    EXIT_OK,
    CliContext,
    fail_usage,
    pass_cli,
    repository_for,
    usage_errors,
)
from generator.messages import translate
from generator.monitoring.scaffold import record_path, record_text
from generator.problems import display_path
from generator.usage import unknown_choice


@click.command()
@click.argument("sop_id")
@click.option(
    "--tanggal",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date of the monitoring (YYYY-MM-DD, default: today); it sets the period.",
)
@click.option(
    "--penilai", help="Jabatan id of the evaluator (default: the SOP's signer, or pengesah)."
)
@click.option(
    "--sops", "sops_dir", type=click.Path(path_type=Path), default=DEFAULT_SOPS, show_default=True
)
@pass_cli
def pantau(
    ctx: CliContext,
    sop_id: str,
    tanggal: dt.datetime | None,
    penilai: str | None,
    sops_dir: Path,
) -> None:
    """Start the six-monthly monitoring and evaluation record of one SOP.

    Writes sops/pemantauan/<periode>/<SOP_ID>.yaml: the seven evaluation questions
    and one monitoring row per step, unanswered (the file fails `sop check` until
    every answer is written). Never overwrites.
    """
    lang = ctx.lang
    root, repository = repository_for((sops_dir,), lang)
    entry = repository.sop(sop_id)
    with usage_errors(lang):
        if entry is None:
            raise unknown_choice("sop", sop_id, [e.id for e in repository.sops])
    evaluator = (
        penilai
        or (entry.sop.disahkan_oleh.jabatan if entry.sop.disahkan_oleh else None)
        or repository.pengaturan.pengesah
    )
    roles = sorted(repository.organisasi.jabatan)
    with usage_errors(lang):
        if evaluator is None or evaluator not in roles:
            raise unknown_choice("jabatan", evaluator or "-", roles)
    day = tanggal.date() if tanggal else dt.date.today()
    target = root / record_path(entry, day)
    if target.exists():
        fail_usage(
            translate("cli.new_exists", lang, path=display_path(target)),
            translate("cli.pantau_exists_hint", lang),
            lang,
        )
    schema = os.path.relpath(
        root.parent / "docs" / "schema" / "pemantauan.schema.json", target.parent
    )
    text = record_text(entry, repository, day, evaluator, Path(schema).as_posix())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    click.echo(translate("cli.pantau_written", lang, path=display_path(target)))
    sys.exit(EXIT_OK)
