"""`sop new`: start a new SOP file that is valid from its first save."""

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
from generator.new_sop import NewSop, new_sop_text, slug
from generator.problems import display_path


def _interactive() -> bool:
    """True when a person can answer questions (stdin is a terminal)."""
    return sys.stdin.isatty()


def _ask(
    name: str,
    value: str | None,
    prompt_key: str,
    lang: str,
    choices: list[str],
    optional: bool = False,
) -> str:
    if value is not None:
        return value
    if optional and not _interactive():
        return ""
    if not _interactive():
        fail_usage(
            translate("cli.new_missing", lang, name=name),
            translate("cli.new_missing_hint", lang),
            lang,
        )
    return click.prompt(
        translate(prompt_key, lang, choices=", ".join(choices)), default="", show_default=False
    )


def _known(kind: str, value: str, choices: list[str], lang: str) -> None:
    if value not in choices:
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        message = translate("cli.new_unknown", lang, kind=kind, value=value)
        if close:
            message += f" ({translate('cli.new_did_you_mean', lang, suggestion=close[0])})"
        fail_usage(
            message, translate("cli.new_unknown_hint", lang, choices=", ".join(choices)), lang
        )


@click.command()
@click.option("--nama", help="The SOP's name, e.g. 'Pelayanan Kerjasama'.")
@click.option("--bidang", help="Bidang id from organisasi.yaml.")
@click.option("--seksi", help="Seksi id inside the bidang (optional).")
@click.option("--pelaksana", help="Comma-separated role ids, in column order.")
@click.option("--pengesah", help="Role id of the signer (default: pengesah in pengaturan.yaml).")
@click.option("--id", "sop_id", help="File name without .yaml (default: from the name).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Where to write (default: sops/<bidang>/<id>.yaml).",
)
@click.option(
    "--tahun", type=int, help="Year for the number and Tgl. Pembuatan (default: this year)."
)
@click.option(
    "--sops", "sops_dir", type=click.Path(path_type=Path), default=DEFAULT_SOPS, show_default=True
)
@pass_cli
def new(
    ctx: CliContext,
    nama: str | None,
    bidang: str | None,
    seksi: str | None,
    pelaksana: str | None,
    pengesah: str | None,
    sop_id: str | None,
    out: Path | None,
    tahun: int | None,
    sops_dir: Path,
) -> None:
    """Create a new SOP file from flags, or by asking in the terminal.

    The file starts with the schema line, gets the next free number of the
    office's pattern (pola_nomor in pengaturan.yaml) and the organisation's
    names as comments, and passes `sop validate` as written. Never overwrites.
    """
    lang = ctx.lang
    root = sops_root_for((sops_dir,), lang)
    result = load_repository(root, cache=True)
    if result.repository is None:
        report(list(result.problems), lang)
        sys.exit(EXIT_PROBLEMS)
    repository = result.repository
    organisasi = repository.organisasi

    nama = _ask("nama", nama, "cli.new_prompt_nama", lang, []).strip()
    if not nama:
        fail_usage(
            translate("cli.new_missing", lang, name="nama"),
            translate("cli.new_missing_hint", lang),
            lang,
        )
    bidang = _ask(
        "bidang", bidang, "cli.new_prompt_bidang", lang, sorted(organisasi.bidang)
    ).strip()
    _known("bidang", bidang, sorted(organisasi.bidang), lang)
    # Say at once when the file is there already, before asking anything more.
    target = out or root / bidang / f"{sop_id or slug(nama)}.yaml"
    _refuse_existing(target, lang)
    seksi_choices = sorted(organisasi.bidang[bidang].seksi)
    if seksi_choices:
        seksi = _ask("seksi", seksi, "cli.new_prompt_seksi", lang, seksi_choices, True).strip()
    seksi = seksi or None
    if seksi is not None:
        _known("seksi", seksi, seksi_choices, lang)
    roles_text = _ask(
        "pelaksana", pelaksana, "cli.new_prompt_pelaksana", lang, sorted(organisasi.jabatan)
    )
    roles = tuple(r.strip() for r in roles_text.split(",") if r.strip())
    if not roles:
        fail_usage(
            translate("cli.new_missing", lang, name="pelaksana"),
            translate("cli.new_missing_hint", lang),
            lang,
        )
    for role in roles:
        _known("jabatan", role, sorted(organisasi.jabatan), lang)
    signer = pengesah or repository.pengaturan.pengesah
    if signer is not None:
        _known("jabatan", signer, sorted(organisasi.jabatan), lang)

    schema = Path(
        os.path.relpath(root.parent / "docs" / "schema" / "sop.schema.json", target.parent)
    )
    request = NewSop(nama, bidang, seksi, roles, signer, tahun or dt.date.today().year)
    text = new_sop_text(request, repository, schema.as_posix())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    click.echo(translate("cli.new_written", lang, path=display_path(target)))
    sys.exit(EXIT_OK)


def _refuse_existing(target: Path, lang: str) -> None:
    """Stop (exit 2) when `target` exists: `sop new` never overwrites."""
    if target.exists():
        fail_usage(
            translate("cli.new_exists", lang, path=display_path(target)),
            translate("cli.new_exists_hint", lang),
            lang,
        )
