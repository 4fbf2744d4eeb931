"""A step's pelaksana must be one of the SOP's columns (the `pelaksana` list).

Otherwise the procedure table has no column to mark and the flowchart no lane.

PASS:

    pelaksana: [staf, kasi, kadis]

FAIL:

    pelaksana: [staf, kadis]
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "pelaksana-bukan-kolom"
CATEGORY = "pelaksana"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Step roles missing from the SOP's columns."""
    columns = set(context.sop.pelaksana)
    for index, step in enumerate(context.sop.prosedur):
        for order, role in enumerate(step.pelaksana):
            if role not in columns:
                path = ("prosedur", index, "pelaksana")
                position = context.entry.source.written((*path, order)) or context.at(*path)
                yield Finding(position, {"step": context.step_label(index), "role": role})
