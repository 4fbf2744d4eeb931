"""The Word files `sop build --docx` puts on the site, one per SOP beside its page."""

from __future__ import annotations

from pathlib import Path

from generator.atomicfile import write_atomically
from generator.model import Repository
from generator.wordio.sop_export import ExportOptions, export_docx


def word_file(sop_id: str) -> str:
    """Where an SOP's Word file lies in the built site (next to its page)."""
    return f"sop/{sop_id}/{sop_id}.docx"


def write_word_files(repository: Repository, site: Path, lang: str) -> list[Path]:
    """Write every SOP's .docx into the built `site`; return the files written."""
    written = []
    options = ExportOptions(lang=lang)
    for entry in repository.sops:
        target = site / word_file(entry.id)
        write_atomically(target, export_docx(entry.sop, repository, options))
        written.append(target)
    return written
