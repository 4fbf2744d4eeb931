"""A review the office planned is kept. Fires when the latest record of an SOP
planned its next review (`tinjauan_berikutnya`) on a day that has passed, or
asked for a revision by a day (`rencana_revisi`) that has passed while the
SOP's Tgl. Revisi is still older than that record. Examples are checked as of
2025-01-15.

PASS:

    status: berlaku
    ---
    # pemantauan/2024-2/a.yaml
    sop: a
    periode: 2024-2
    tanggal: 2024-12-10
    penilai: {jabatan: kasi}
    tinjauan_berikutnya: 2025-03-01

FAIL:

    status: berlaku
    ---
    # pemantauan/2024-2/a.yaml
    sop: a
    periode: 2024-2
    tanggal: 2024-12-10
    penilai: {jabatan: kasi}
    rencana_revisi: 2025-01-10
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.check.base import Finding, RepositoryContext
from generator.problems import Severity

ID = "tinjauan-lewat"
CATEGORY = "pemantauan"
SEVERITY = Severity.WARNING
SCOPE = "repository"


def check(context: RepositoryContext) -> Iterator[Finding]:
    """Planned review or revision dates of each SOP's latest record that have passed."""
    repository = context.repository
    for entry in repository.sops:
        records = repository.records_of(entry.id)
        if not records:
            continue
        last = records[-1]
        planned = last.record.tinjauan_berikutnya
        if planned is not None and planned < context.today:
            yield Finding(
                last.position("tinjauan_berikutnya"),
                {"sop": entry.id, "field": "tinjauan_berikutnya", "date": planned.isoformat()},
            )
        deadline = last.record.rencana_revisi
        revisi = entry.sop.tanggal.revisi
        revised = (
            revisi is not None
            and dt.date(revisi.year, revisi.month or 12, revisi.day or 28) >= last.record.tanggal
        )
        if deadline is not None and deadline < context.today and not revised:
            yield Finding(
                last.position("rencana_revisi"),
                {"sop": entry.id, "field": "rencana_revisi", "date": deadline.isoformat()},
            )
