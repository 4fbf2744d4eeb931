"""Two SOPs never share a nomor: the number identifies the signed document.

A number not yet assigned ("470/ /SOP/2024": a template's blank) is not a
number at all; `nomor-sementara` reports each of those once, so two SOPs
waiting for their numbers are not told they share one.

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
from generator.check.rules._helpers import is_placeholder_number
from generator.problems import Severity

ID = "nomor-ganda"
CATEGORY = "antar-sop"
SEVERITY = Severity.WARNING
SCOPE = "repository"


def check(context: RepositoryContext) -> Iterator[Finding]:
    """Every SOP whose nomor another SOP also has."""
    numbered = [entry for entry in context.repository.sops if _assigned(entry.sop.nomor)]
    by_number: dict[str, list[str]] = {}
    for entry in numbered:
        key = re.sub(r"\s+", "", entry.sop.nomor).lower()
        by_number.setdefault(key, []).append(entry.id)
    for entry in numbered:
        key = re.sub(r"\s+", "", entry.sop.nomor).lower()
        others = [i for i in by_number[key] if i != entry.id]
        if others:
            yield Finding(
                entry.position("nomor"), {"nomor": entry.sop.nomor, "others": ", ".join(others)}
            )


def _assigned(nomor: str | None) -> bool:
    return bool(nomor and nomor.strip()) and not is_placeholder_number(nomor)
