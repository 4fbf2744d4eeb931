"""An SOP in force is monitored and evaluated every six months (PermenPAN-RB
35/2012). Fires for an SOP `berlaku` whose latest record under
`sops/pemantauan/` is older than six months, or that has none although it took
effect more than six months ago. The rule waits until the office keeps records
(the folder `sops/pemantauan/` exists). Examples are checked as of 2025-01-15;
a part starting with `# pemantauan/...` is a record file.

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
    # pemantauan/2024-1/a.yaml
    sop: a
    periode: 2024-1
    tanggal: 2024-05-20
    penilai: {jabatan: kasi}
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, RepositoryContext
from generator.model import StatusSop
from generator.monitoring.status import CYCLE_MONTHS, add_months, effective_date
from generator.problems import Severity

ID = "pemantauan-terlambat"
CATEGORY = "pemantauan"
SEVERITY = Severity.WARNING
SCOPE = "repository"


def check(context: RepositoryContext) -> Iterator[Finding]:
    """SOPs in force without a record in the six months before `context.today`."""
    repository = context.repository
    if repository.pemantauan is None:
        return
    since = add_months(context.today, -CYCLE_MONTHS)
    for entry in repository.sops:
        if entry.sop.status is not StatusSop.BERLAKU:
            continue
        records = repository.records_of(entry.id)
        if records:
            last = records[-1].record.tanggal
            if last < since:
                yield Finding(entry.position("status"), {"last": last.isoformat()})
            continue
        start = effective_date(entry)
        if start is None or start < since:
            yield Finding(entry.position("status"), {"last": "-"})
