"""`sop import`: Word SOPs (.docx) become draft YAML files, with a report of guesses."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    SOPS_OPTION,
    CliContext,
    pass_cli,
    report,
    sops_root_for,
)
from generator.loader import load_repository
from generator.messages import translate
from generator.problems import display_path
from generator.wordio.draft import yaml_comment
from generator.wordio.importer import import_docx, registry_entries


@click.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the drafts (created if missing).",
)
@SOPS_OPTION
@pass_cli
def import_(ctx: CliContext, files: tuple[Path, ...], out: Path, sops_dir: Path | None) -> None:
    """Turn Word SOPs (.docx) into draft SOP files, one per SOP found.

    Reads the identity block, the six fields, the procedure table (merged
    cells, repeated headers, tables continued over pages) and who performs
    each step from the flowchart shapes or marks in the performer columns.
    Names are matched to organisasi.yaml and peraturan.yaml; unknown ones are
    listed with a registry entry ready to paste. Every guess is a comment in
    the draft. Never overwrites a file; a file that cannot be read gets a
    one-line message and nothing is written for it.
    """
    lang = ctx.lang
    root = sops_root_for((), lang, sops_dir)
    loaded = load_repository(root, cache=True)
    if loaded.repository is None:
        report(list(loaded.problems), lang)
        sys.exit(EXIT_PROBLEMS)
    repository = loaded.repository
    schema_file = root.parent / "docs" / "schema" / "sop.schema.json"
    try:
        schema = Path(os.path.relpath(schema_file, out))
    except ValueError:  # Windows: the drafts on another drive than the project
        schema = schema_file.resolve()
    failed = False
    taken: set[str] = set()
    roles, laws, written, guesses, unread = {}, {}, 0, 0, 0
    for path in files:
        result = import_docx(
            path, repository, schema_path=schema.as_posix(), lang=lang, taken=taken
        )
        shown = display_path(path)
        if result.error is not None:
            message = translate(result.error.key, lang, **result.error.details)
            click.echo(
                f"sop: {translate('wordio.import.read_failed', lang, path=shown, message=message)}",
                err=True,
            )
            click.echo(
                f"    {translate('label.hint', lang)}: {translate('wordio.error.hint', lang)}",
                err=True,
            )
            failed = True
            continue
        targets = [out / draft.file_name for draft in result.drafts]
        existing = [t for t in targets if t.exists()]
        if existing:  # nothing of this document is written when a draft would overwrite
            for target in existing:
                click.echo(
                    f"sop: {translate('wordio.error.exists', lang, path=display_path(target))}",
                    err=True,
                )
            hint = translate("wordio.error.exists_hint", lang)
            click.echo(f"    {translate('label.hint', lang)}: {hint}", err=True)
            failed = True
            continue
        out.mkdir(parents=True, exist_ok=True)
        for draft, target in zip(result.drafts, targets, strict=True):
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(draft.text)
            taken.add(target.stem)
            written += 1
            steps = len(draft.draft.steps)
            click.echo(
                translate(
                    "wordio.import.written",
                    lang,
                    path=display_path(target),
                    steps=steps,
                    source=shown,
                )
            )
            notes = draft.draft.notes()
            for where, note in notes:
                kind = translate(f"wordio.import.{note.kind}", lang)
                text = translate(f"wordio.note.{note.key}", lang, **note.args)
                click.echo(f"    {where}: {kind}: {yaml_comment(text)}")
            guesses += sum(n.kind == "guess" for _w, n in notes)
            unread += sum(n.kind == "unread" for _w, n in notes)
            roles |= {role.id: role for role in draft.draft.new_roles}
            laws |= {law.id: law for law in draft.draft.new_laws}
    if roles:
        click.echo(translate("wordio.import.roles_title", lang))
        click.echo(registry_entries(list(roles.values()), []), nl=False)
    if laws:
        click.echo(translate("wordio.import.laws_title", lang))
        click.echo(registry_entries([], list(laws.values())), nl=False)
    click.echo(
        translate(
            "wordio.import.summary",
            lang,
            drafts=written,
            guesses=guesses,
            unread=unread,
            roles=len(roles),
            laws=len(laws),
        ),
        err=True,
    )
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)
