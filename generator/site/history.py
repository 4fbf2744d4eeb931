"""For the review page: what changed in each draft since its last signed version.

An edge of the site (it asks git through `generator.review.history`); the page
itself stays a pure function of what this returns.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.model import Repository, StatusSop
from generator.review.diff import diff_sops
from generator.review.history import GitHistory, last_signed_version
from generator.review.render import change_text


def changes_since_signed(repository: Repository, lang: str) -> dict[str, tuple[str, list[str]]]:
    """Draft id -> (the signed version's label, the changes since it), for drafts
    that have a signed (berlaku) version in git."""
    calendar = repository.pengaturan.kalender_kerja.calendar()
    drafts = [entry for entry in repository.sops if entry.sop.status is StatusSop.DRAF]
    # One history for the folder holding every draft (they may sit in several).
    folders = {str(Path(entry.path).resolve().parent) for entry in drafts}
    history = GitHistory.of(Path(os.path.commonpath(folders))) if drafts else None
    if history is None:
        return {}
    result: dict[str, tuple[str, list[str]]] = {}
    with history:
        for entry in drafts:
            signed = last_signed_version(Path(entry.path), entry.id, repository, history)
            if signed is None:
                continue
            external = repository.organisasi.external_roles
            diff = diff_sops(
                entry.id, signed.entry.sop, entry.sop, calendar, lang=lang, external=external
            )
            label = f"{signed.commit[:8]} ({signed.date})"
            result[entry.id] = (label, [change_text(c, lang) for c in diff.changes])
    return result
