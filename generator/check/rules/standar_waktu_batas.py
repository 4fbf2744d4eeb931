"""The clock of standar_waktu starts and stops at steps of the main path.

`standar_waktu_mulai` and `standar_waktu_sampai` name the first and the last
step (number or id) that the service standard covers, for example the step
after the requirements are complete. A bound that names no step, a step off
the main path, or a stop before the start leaves nothing to compare.

PASS:

    standar_waktu: 2 hari
    standar_waktu_mulai: 2

FAIL:

    standar_waktu: 2 hari
    standar_waktu_mulai: 9
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import shorten
from generator.problems import Severity

ID = "standar-waktu-batas"
CATEGORY = "waktu"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Clock bounds that select no stretch of the main path."""
    sop = context.sop
    if sop.standar_waktu_mulai is None and sop.standar_waktu_sampai is None:
        return
    if context.timing.target_span:
        return
    field = "standar_waktu_mulai" if sop.standar_waktu_mulai is not None else "standar_waktu_sampai"
    yield Finding(
        context.at(field),
        {
            "mulai": shorten(
                sop.standar_waktu_mulai if sop.standar_waktu_mulai is not None else "-"
            ),
            "sampai": shorten(
                sop.standar_waktu_sampai if sop.standar_waktu_sampai is not None else "-"
            ),
            "path": ", ".join(str(i + 1) for i in context.timing.main_path),
        },
    )
