"""An SOP cannot take effect before it was made (tanggal efektif >= pembuatan).

Dates known only to the year or month are compared at that precision.

PASS:

    tanggal:
      pembuatan: 2024-01-10
      revisi: 2024-02-01
      efektif: 2024-03-01

FAIL:

    tanggal:
      pembuatan: 2024-01-10
      revisi: 2024-02-01
      efektif: 2023-12-01
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.model import PartialDate
from generator.problems import Severity

ID = "efektif-sebelum-pembuatan"
CATEGORY = "formulir"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def _common(a: PartialDate, b: PartialDate) -> tuple[tuple[int, ...], tuple[int, ...]]:
    parts_a = [a.year, a.month, a.day]
    parts_b = [b.year, b.month, b.day]
    length = 1
    while length < 3 and parts_a[length] is not None and parts_b[length] is not None:
        length += 1
    return tuple(parts_a[:length]), tuple(parts_b[:length])  # type: ignore[return-value]


def check(context: SopContext) -> Iterator[Finding]:
    """Tanggal efektif earlier than tanggal pembuatan."""
    made, effective = context.sop.tanggal.pembuatan, context.sop.tanggal.efektif
    if made is None or effective is None:
        return
    made_key, effective_key = _common(made, effective)
    if effective_key < made_key:
        yield Finding(
            context.at("tanggal", "efektif"), {"efektif": str(effective), "pembuatan": str(made)}
        )
