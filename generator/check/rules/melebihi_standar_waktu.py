"""The main path must fit in the SOP's service-time target (standar_waktu).

The main path takes the first answer of every decision, each step once. With
`standar_waktu_mulai` / `standar_waktu_sampai`, only that stretch of it is
compared (a clock that starts when the requirements are complete).

PASS:

    standar_waktu: 1 hari

FAIL:

    standar_waktu: 1 jam
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.duration import DurationText
from generator.problems import Severity

ID = "melebihi-standar-waktu"
CATEGORY = "waktu"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """The main-path total against standar_waktu."""
    timing = context.timing
    if (
        timing.target is not None
        and timing.target_compared.high_seconds > timing.target.high_seconds
    ):
        yield Finding(
            context.at("standar_waktu"),
            {
                "total": DurationText(timing.target_compared, context.calendar),
                "target": DurationText(timing.target, context.calendar),
            },
        )
