"""Two SOPs never share a nomor: the number identifies the signed document.

PASS:

    nomor: "470/12/SOP/2024"
    ---
    nomor: "470/13/SOP/2024"

FAIL:

    nomor: "470/12/SOP/2024"
    ---
    nomor: "470/12/SOP/2024"
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.base import Finding, RepositoryContext
from generator.problems import Severity

ID = "nomor-ganda"
CATEGORY = "antar-sop"
SEVERITY = Severity.WARNING
SCOPE = "repository"


def check(context: RepositoryContext) -> Iterator[Finding]:
    """Every SOP whose nomor another SOP also has."""
    by_number: dict[str, list[str]] = {}
    for entry in context.repository.sops:
        if entry.sop.nomor and entry.sop.nomor.strip():
            key = re.sub(r"\s+", "", entry.sop.nomor).lower()
            by_number.setdefault(key, []).append(entry.id)
    for entry in context.repository.sops:
        if not (entry.sop.nomor and entry.sop.nomor.strip()):
            continue
        key = re.sub(r"\s+", "", entry.sop.nomor).lower()
        others = [i for i in by_number[key] if i != entry.id]
        if others:
            yield Finding(
                entry.position("nomor"), {"nomor": entry.sop.nomor, "others": ", ".join(others)}
            )
