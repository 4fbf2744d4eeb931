"""`sop pantau`: start the six-monthly monitoring and evaluation record of one SOP."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import sys
from pathlib import Path

import click

from generator.commands.common import (
    DEFAULT_SOPS,
    EXIT_OK,
    EXIT_PROBLEMS,
    CliContext,
    fail_usage,
    pass_cli,
    report,
    sops_root_for,
)
from generator.loader import load_repository
from generator.messages import translate
from generator.monitoring.scaffold import record_path, record_text
from generator.problems import display_path


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
    root = sops_root_for((sops_dir,), lang)
    result = load_repository(root, cache=True)
    if result.repository is None:
        report(list(result.problems), lang)
        sys.exit(EXIT_PROBLEMS)
    repository = result.repository
    entry = repository.sop(sop_id)
    if entry is None:
        known = [e.id for e in repository.sops]
        close = difflib.get_close_matches(sop_id, known, n=1, cutoff=0.6)
        message = translate("cli.new_unknown", lang, kind="sop", value=sop_id)
        if close:
            message += f" ({translate('cli.new_did_you_mean', lang, suggestion=close[0])})"
        fail_usage(message, translate("cli.new_unknown_hint", lang, choices=", ".join(known)), lang)
    assert entry is not None
    evaluator = (
        penilai
        or (entry.sop.disahkan_oleh.jabatan if entry.sop.disahkan_oleh else None)
        or repository.pengaturan.pengesah
    )
    roles = sorted(repository.organisasi.jabatan)
    if evaluator is None or evaluator not in roles:
        fail_usage(
            translate("cli.new_unknown", lang, kind="jabatan", value=evaluator or "-"),
            translate("cli.new_unknown_hint", lang, choices=", ".join(roles)),
            lang,
        )
    assert evaluator is not None
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
