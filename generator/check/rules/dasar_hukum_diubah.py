"""Reports a dasar hukum that the registry marks as amended (diubah), and by what.

The SOP may still cite it, but the reviewer should check whether the amending
instrument belongs in the list too.

PASS:

    dasar_hukum: [uu-24-2013]

FAIL:

    dasar_hukum: [uu-23-2006]
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.model import StatusPeraturan
from generator.problems import Severity

ID = "dasar-hukum-diubah"
CATEGORY = "rujukan"
SEVERITY = Severity.INFO
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Cited instruments whose status is diubah."""
    registry = context.repository.peraturan.peraturan
    for order, reg_id in enumerate(context.sop.dasar_hukum):
        peraturan = registry.get(reg_id)
        if peraturan is None or peraturan.status is not StatusPeraturan.DIUBAH:
            continue
        by = [registry[i].judul if i in registry else i for i in peraturan.diubah_oleh]
        position = context.entry.source.written(("dasar_hukum", order))
        yield Finding(
            position or context.at("dasar_hukum"),
            {"judul": peraturan.judul, "by": "; ".join(by) or "-"},
        )
