"""`sop new`: start a new SOP file that is valid from its first save."""

from __future__ import annotations

from pathlib import Path

import click

from generator.asking import Question, ask
from generator.commands.common import (
    DEFAULT_SOPS,
    CliContext,
    pass_cli,
    repository_for,
    usage_errors,
)
from generator.messages import translate
from generator.new_sop import (
    NewSop,
    resolve_bidang,
    resolve_seksi,
    roles_from_text,
    signer_for,
    target_file,
    unknown_role,
    write_new_sop,
)
from generator.problems import display_path


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
    with usage_errors(lang):
        root, repository = repository_for((sops_dir,), lang)
        organisasi = repository.organisasi
        nama = ask(Question("nama", "cli.new_prompt_nama"), nama, lang).strip()
        if not nama:
            raise Question("nama", "").missing()
        bidang_question = Question(
            "bidang",
            "cli.new_prompt_bidang",
            tuple(sorted(organisasi.bidang)),
            check=lambda answer: resolve_bidang(answer, repository),
        )
        bidang = ask(bidang_question, bidang, lang)
        target = target_file(root, bidang, nama, sop_id, out)  # before asking anything more
        seksi_choices = tuple(sorted(organisasi.bidang[bidang].seksi))
        seksi_question = Question(
            "seksi",
            "cli.new_prompt_seksi",
            seksi_choices,
            optional=True,
            check=lambda answer: resolve_seksi(answer, bidang, repository),
        )
        seksi = (ask(seksi_question, seksi, lang) if seksi_choices else seksi) or None
        role_question = Question(
            "pelaksana",
            "cli.new_prompt_pelaksana",
            tuple(sorted(organisasi.jabatan)),
            check=lambda answer: roles_from_text(answer, repository, bidang),
            kind="jabatan",
            culprit=lambda answer: unknown_role(answer, repository, bidang),
        )
        roles = tuple(r for r in ask(role_question, pelaksana, lang).split(",") if r)
        if not roles:
            raise role_question.missing()
        signer = signer_for(pengesah, repository, bidang)
        request = NewSop.started(nama, bidang, seksi, roles, signer, tahun)
        write_new_sop(root, target, request, repository)
    click.echo(translate("cli.new_written", lang, path=display_path(target)))
