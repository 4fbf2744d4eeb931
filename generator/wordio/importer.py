"""`sop import` as a library call: .docx files in, draft YAML texts and a report out.

Nothing is written here; the command writes the drafts (never overwriting).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import templating
from generator.model import Repository
from generator.wordio.docx_reader import DocxError, read_docx_package
from generator.wordio.draft import Draft, build_draft, render_draft, yaml_comment, yaml_scalar
from generator.wordio.package_parts import IgnoredPart
from generator.wordio.registry_match import NewLaw, NewRole, slug, unique
from generator.wordio.sop_import import read_sops


@dataclass
class ImportedSop:
    """One draft: its file name (id.yaml), its text and what was guessed."""

    file_name: str
    text: str
    draft: Draft


@dataclass
class ImportResult:
    """What one .docx gave: drafts, or the error that stopped its reading."""

    source: Path
    drafts: list[ImportedSop] = field(default_factory=list)
    error: DocxError | None = None
    ignored: list[IgnoredPart] = field(default_factory=list)  # macros, objects, links


def import_docx(
    path: Path, repository: Repository, *, schema_path: str, lang: str, taken: set[str]
) -> ImportResult:
    """Read the SOPs of one .docx into drafts; `taken` holds file ids already used."""
    try:
        blocks, ignored = read_docx_package(path)
    except DocxError as error:
        return ImportResult(path, error=error)
    try:
        result = _drafts(path, blocks, repository, schema_path=schema_path, lang=lang, taken=taken)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError) as error:
        # A document shaped in a way this reader did not foresee: say so in one line.
        return ImportResult(
            path, error=DocxError("wordio.error.unexpected", reason=type(error).__name__)
        )
    result.ignored = ignored
    return result


def _drafts(
    path: Path,
    blocks: list,
    repository: Repository,
    *,
    schema_path: str,
    lang: str,
    taken: set[str],
) -> ImportResult:
    raws = read_sops(blocks)
    if not raws:
        return ImportResult(path, error=DocxError("wordio.error.no_sop"))
    result = ImportResult(path)
    ids = {entry.id for entry in repository.sops} | taken
    for index, raw in enumerate(raws, 1):
        draft = build_draft(raw, repository, path.name)
        sop_id = unique(slug(str(draft.nama.value), "-") or "sop-impor", ids, "-")
        ids.add(sop_id)
        text = render_draft(
            draft, source=path.name, index=index, schema_path=schema_path, lang=lang
        )
        result.drafts.append(ImportedSop(f"{sop_id}.yaml", text, draft))
    return result


def registry_entries(roles: list[NewRole], laws: list[NewLaw]) -> str:
    """The ready-to-paste YAML entries for new roles and regulations."""
    environment = templating.environment("generator.wordio", autoescape=False)  # YAML: `yaml`
    environment.filters["yaml"] = yaml_scalar
    environment.filters["comment"] = yaml_comment
    return environment.get_template("registry_entries.yaml.j2").render(roles=roles, laws=laws)
