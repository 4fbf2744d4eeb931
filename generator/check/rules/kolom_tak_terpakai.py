"""Every column (pelaksana of the SOP) is used by at least one step.

An unused column is an empty lane in the flowchart: either a step lost its
performer or the column is not needed.

PASS:

    pelaksana: [staf, kasi, kadis]

FAIL:

    pelaksana: [staf, kasi, sekretaris, kadis]
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "kolom-tak-terpakai"
CATEGORY = "pelaksana"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Columns no step uses."""
    used = {role for step in context.sop.prosedur for role in step.pelaksana}
    for order, role in enumerate(context.sop.pelaksana):
        if role not in used:
            position = context.entry.source.written(("pelaksana", order))
            yield Finding(position or context.at("pelaksana"), {"role": context.role_name(role)})
