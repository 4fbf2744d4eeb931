"""The SOP number is final, not a placeholder such as "470/ /SOP/DKPS/2022".

A blank between slashes, dots or x's mean the number was never assigned.

PASS:

    nomor: "470/12/SOP/DKPS/2024"

FAIL:

    nomor: "470/ /SOP/DKPS/2024"
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import is_placeholder_number
from generator.problems import Severity

ID = "nomor-sementara"
CATEGORY = "formulir"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """A nomor with an unfilled part."""
    nomor = context.sop.nomor
    if nomor and is_placeholder_number(nomor):
        yield Finding(context.at("nomor"), {"nomor": nomor})
