"""Dates on the form are full dates. A year alone cannot say which version of
the SOP was in force on a given day.

PASS:

    tanggal:
      pembuatan: 2024-01-10
      revisi: 2024-02-01
      efektif: 2024-03-01

FAIL:

    tanggal:
      pembuatan: 2024
      revisi: 2024-02-01
      efektif: 2024-03-01
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "tanggal-hanya-tahun"
CATEGORY = "formulir"
SEVERITY = Severity.INFO
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Dates that carry only a year (or a month)."""
    for name in ("pembuatan", "revisi", "efektif"):
        value = getattr(context.sop.tanggal, name)
        if value is not None and value.day is None:
            yield Finding(context.at("tanggal", name), {"field": name, "value": str(value)})
