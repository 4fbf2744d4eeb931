"""`sop new`: start a new SOP file that is valid from its first save."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import sys
from collections.abc import Callable
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
from generator.model import Repository
from generator.new_sop import (
    NewSop,
    new_sop_text,
    resolve_bidang,
    resolve_role,
    resolve_seksi,
    slug,
)
from generator.problems import display_path
from generator.schema import json_schema_text


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
    check: Callable[[str], str | None] | None = None,
    kind: str | None = None,
    culprit: Callable[[str], str] = lambda answer: answer,
) -> str:
    """The answer for `name`: the flag's value, else asked in the terminal.

    `check` turns an answer into the value to keep, or None when it is not
    acceptable: a flag is then a usage error; a typed answer is asked again,
    so a typo never loses the answers given before. `kind` names what was not
    found (default `name`), `culprit` picks the part of the answer to show.
    """
    kind = kind or name
    if value is not None:
        if check is None or not value.strip():
            return value
        kept = check(value.strip())
        if kept is None:
            _unknown(kind, culprit(value.strip()), choices, lang, stop=True)
        return kept or ""
    if optional and not _interactive():
        return ""
    if not _interactive():
        fail_usage(
            translate("cli.new_missing", lang, name=name),
            translate("cli.new_missing_hint", lang),
            lang,
        )
    while True:
        answer = click.prompt(
            translate(prompt_key, lang, choices=", ".join(choices)), default="", show_default=False
        ).strip()
        if check is None or (optional and not answer):
            return answer
        kept = check(answer) if answer else None
        if kept is not None:
            return kept
        _unknown(kind, culprit(answer), choices, lang, stop=False)


def _unknown(kind: str, value: str, choices: list[str], lang: str, *, stop: bool) -> None:
    """Say that `value` names no `kind`; stop (exit 2) or let the caller ask again."""
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    message = translate("cli.new_unknown", lang, kind=kind, value=value)
    if close:
        message += f" ({translate('cli.new_did_you_mean', lang, suggestion=close[0])})"
    hint = translate("cli.new_unknown_hint", lang, choices=", ".join(choices))
    if stop:
        fail_usage(message, hint, lang)
    click.echo(f"{message}; {hint}", err=True)


def _roles(text: str, repository: Repository, bidang: str) -> str | None:
    """Comma-separated role names or ids -> comma-separated ids; None if one is unknown."""
    ids = [resolve_role(part.strip(), repository, bidang) for part in text.split(",")]
    if not ids or any(role is None for role in ids):
        return None
    return ",".join(role for role in ids if role)


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
    bidang_choices = sorted(organisasi.bidang)
    bidang = _ask(
        "bidang",
        bidang,
        "cli.new_prompt_bidang",
        lang,
        bidang_choices,
        check=lambda answer: resolve_bidang(answer, repository),
    )
    # Say at once when the file is there already, before asking anything more.
    target = out or root / bidang / f"{sop_id or slug(nama)}.yaml"
    _refuse_existing(target, lang)
    seksi_choices = sorted(organisasi.bidang[bidang].seksi)
    if seksi_choices:
        seksi = _ask(
            "seksi",
            seksi,
            "cli.new_prompt_seksi",
            lang,
            seksi_choices,
            optional=True,
            check=lambda answer: resolve_seksi(answer, bidang, repository),
        )
    seksi = seksi or None
    role_choices = sorted(organisasi.jabatan)
    roles_text = _ask(
        "pelaksana",
        pelaksana,
        "cli.new_prompt_pelaksana",
        lang,
        role_choices,
        check=lambda answer: _roles(answer, repository, bidang),
        kind="jabatan",
        culprit=lambda answer: next(
            (
                part.strip()
                for part in answer.split(",")
                if resolve_role(part.strip(), repository, bidang) is None
            ),
            answer,
        ),
    )
    roles = tuple(r for r in roles_text.split(",") if r)
    if not roles:
        fail_usage(
            translate("cli.new_missing", lang, name="pelaksana"),
            translate("cli.new_missing_hint", lang),
            lang,
        )
    signer = pengesah or repository.pengaturan.pengesah
    if signer is not None:
        resolved = resolve_role(signer, repository, bidang)
        if resolved is None:
            _unknown("jabatan", signer, role_choices, lang, stop=True)
        signer = resolved

    schema = _schema_file(root)
    schema = Path(os.path.relpath(schema, target.parent))
    request = NewSop(nama, bidang, seksi, roles, signer, tahun or dt.date.today().year)
    text = new_sop_text(request, repository, schema.as_posix())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    click.echo(translate("cli.new_written", lang, path=display_path(target)))
    sys.exit(EXIT_OK)


def _schema_file(root: Path) -> Path:
    """The SOP schema the new file's modeline points at: docs/schema/ of the project,
    written there when a fresh project has none yet (so the editor finds it)."""
    schema = root.parent / "docs" / "schema" / "sop.schema.json"
    if not schema.is_file():
        try:
            schema.parent.mkdir(parents=True, exist_ok=True)
            schema.write_text(json_schema_text("sop"), encoding="utf-8")
        except OSError:
            pass  # a read-only project: the modeline still names where it belongs
    return schema


def _refuse_existing(target: Path, lang: str) -> None:
    """Stop (exit 2) when `target` exists: `sop new` never overwrites."""
    if target.exists():
        fail_usage(
            translate("cli.new_exists", lang, path=display_path(target)),
            translate("cli.new_exists_hint", lang),
            lang,
        )
