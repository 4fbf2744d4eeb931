"""A dasar hukum that the registry marks as revoked (dicabut) no longer applies.

Replace it with the instrument that revoked it.

PASS:

    dasar_hukum: [perda-contoh-2-2020]

FAIL:

    dasar_hukum: [perda-contoh-1-2010]
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.model import StatusPeraturan
from generator.problems import Severity

ID = "dasar-hukum-dicabut"
CATEGORY = "rujukan"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Cited instruments whose status is dicabut."""
    registry = context.repository.peraturan.peraturan
    for order, reg_id in enumerate(context.sop.dasar_hukum):
        peraturan = registry.get(reg_id)
        if peraturan is None or peraturan.status is not StatusPeraturan.DICABUT:
            continue
        by = [registry[i].judul if i in registry else i for i in peraturan.dicabut_oleh]
        position = context.entry.source.written(("dasar_hukum", order))
        yield Finding(
            position or context.at("dasar_hukum"),
            {"judul": peraturan.judul, "by": "; ".join(by) or "-"},
        )
