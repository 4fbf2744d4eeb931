"""A whole `sop import`: Word SOPs (.docx) become draft YAML files, with a report.

Every guess and every unread part is listed under the draft it belongs to;
unknown roles and regulations are printed as registry entries ready to paste.
Never overwrites: a document one of whose drafts exists writes nothing. A file
that cannot be read gets one line and nothing is written for it. Nothing here
prints: `import_run` returns the output and the exit code.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.escape import visible_line
from generator.messages import translate
from generator.model import Repository
from generator.problems import display_path
from generator.runcache import CachedRun
from generator.wordio.draft import yaml_comment
from generator.wordio.importer import import_docx, registry_entries

EXIT_OK = 0
EXIT_PROBLEMS = 1


def schema_path(root: Path, out: Path) -> str:
    """The SOP schema as the drafts' modeline names it, relative to `out` when it can be."""
    schema_file = root.parent / "docs" / "schema" / "sop.schema.json"
    try:
        return Path(os.path.relpath(schema_file, out)).as_posix()
    except ValueError:  # Windows: the drafts on another drive than the project
        return schema_file.resolve().as_posix()


def import_run(
    files: tuple[Path, ...], out: Path, root: Path, repository: Repository, lang: str
) -> CachedRun:
    """Import every file of `files` into drafts under `out`; the output and exit code."""
    stdout: list[str] = []
    stderr: list[str] = []
    hint_label = translate("label.hint", lang)
    schema = schema_path(root, out)
    failed = False
    taken: set[str] = set()
    roles, laws, written, guesses, unread = {}, {}, 0, 0, 0
    for path in files:
        result = import_docx(path, repository, schema_path=schema, lang=lang, taken=taken)
        shown = display_path(path)
        if result.error is not None:
            details = {
                k: visible_line(v) if isinstance(v, str) else v
                for k, v in result.error.details.items()
            }
            message = translate(result.error.key, lang, **details)
            text = translate("wordio.import.read_failed", lang, path=shown, message=message)
            stderr.append(f"sop: {text}")
            stderr.append(f"    {hint_label}: {translate('wordio.error.hint', lang)}")
            failed = True
            continue
        for part in result.ignored:  # read the text only; say what was left out
            args = {k: visible_line(v) if isinstance(v, str) else v for k, v in part.args.items()}
            text = translate(f"wordio.ignored.{part.key}", lang, path=shown, **args)
            stderr.append(f"sop: {text}")
        targets = [out / draft.file_name for draft in result.drafts]
        existing = [t for t in targets if t.exists()]
        if existing:  # nothing of this document is written when a draft would overwrite
            for target in existing:
                path_shown = display_path(target)
                stderr.append(f"sop: {translate('wordio.error.exists', lang, path=path_shown)}")
            stderr.append(f"    {hint_label}: {translate('wordio.error.exists_hint', lang)}")
            failed = True
            continue
        out.mkdir(parents=True, exist_ok=True)
        for draft, target in zip(result.drafts, targets, strict=True):
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(draft.text)
            taken.add(target.stem)
            written += 1
            steps = len(draft.draft.steps)
            stdout.append(
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
                stdout.append(f"    {where}: {kind}: {yaml_comment(text)}")
            guesses += sum(n.kind == "guess" for _w, n in notes)
            unread += sum(n.kind == "unread" for _w, n in notes)
            roles |= {role.id: role for role in draft.draft.new_roles}
            laws |= {law.id: law for law in draft.draft.new_laws}
    text = "".join(f"{line}\n" for line in stdout)
    if roles:
        text += translate("wordio.import.roles_title", lang) + "\n"
        text += registry_entries(list(roles.values()), [])
    if laws:
        text += translate("wordio.import.laws_title", lang) + "\n"
        text += registry_entries([], list(laws.values()))
    summary = translate(
        "wordio.import.summary",
        lang,
        drafts=written,
        guesses=guesses,
        unread=unread,
        roles=len(roles),
        laws=len(laws),
    )
    stderr.append(summary)
    errors = "".join(f"{line}\n" for line in stderr)
    return CachedRun(text, errors, EXIT_PROBLEMS if failed else EXIT_OK)
