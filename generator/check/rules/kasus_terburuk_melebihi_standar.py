"""Reported when the main path fits the standar_waktu but the worst case does not.

The worst case takes every return arrow (panah balik) once: a document sent
back for correction once at each check. Useful to see how much slack a target
leaves.

PASS:

    standar_waktu: 1 hari

FAIL:

    standar_waktu: 2 jam
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.duration import DurationText
from generator.problems import Severity

ID = "kasus-terburuk-melebihi-standar"
CATEGORY = "waktu"
SEVERITY = Severity.INFO
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """The worst-case total against standar_waktu, when the main path fits."""
    timing = context.timing
    target = timing.target
    if timing.target_total is not None:  # the worst case spans the whole path, not the stretch
        return
    if target is None or timing.target_compared.high_seconds > target.high_seconds:
        return
    if timing.worst_total.high_seconds > target.high_seconds:
        yield Finding(
            context.at("standar_waktu"),
            {
                "total": DurationText(timing.worst_total, context.calendar),
                "target": DurationText(target, context.calendar),
            },
        )
