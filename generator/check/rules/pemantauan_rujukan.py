"""A monitoring record names an SOP of this repository and an evaluator's
jabatan from organisasi.yaml, by id; a typo would file the record under no SOP.

PASS:

    status: berlaku
    ---
    # pemantauan/2024-2/a.yaml
    sop: a
    periode: 2024-2
    tanggal: 2024-12-10
    penilai: {jabatan: kasi}

FAIL:

    status: berlaku
    ---
    # pemantauan/2024-2/a.yaml
    sop: surat-keterangan
    periode: 2024-2
    tanggal: 2024-12-10
    penilai: {jabatan: kepala-seksi}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from generator.check.base import Finding, RepositoryContext
from generator.problems import Severity

ID = "pemantauan-rujukan"
CATEGORY = "pemantauan"
SEVERITY = Severity.ERROR
SCOPE = "repository"


def _args(kind: str, value: str, known: Iterable[str]) -> dict[str, str]:
    choices = sorted(known)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return {
        "kind": kind,
        "id": value,
        "known": ", ".join(close or choices[:10]) or "-",
    }


def check(context: RepositoryContext) -> Iterator[Finding]:
    """Records whose `sop` or `penilai.jabatan` names nothing that exists."""
    repository = context.repository
    sop_ids = {entry.id for entry in repository.sops}
    roles = repository.organisasi.jabatan
    for entry in repository.pemantauan or ():
        if entry.record.sop not in sop_ids:
            yield Finding(entry.position("sop"), _args("sop", entry.record.sop, sop_ids))
        role = entry.record.penilai.jabatan
        if role not in roles:
            yield Finding(entry.position("penilai", "jabatan"), _args("jabatan", role, roles))
