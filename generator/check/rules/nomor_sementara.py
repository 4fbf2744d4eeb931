"""The SOP number is final, not a placeholder such as "470/ /SOP/DKPS/2022".

A blank between slashes, dots or x's mean the number was never assigned.

PASS:

    nomor: "470/12/SOP/DKPS/2024"

FAIL:

    nomor: "470/ /SOP/DKPS/2024"
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "nomor-sementara"
CATEGORY = "formulir"
SEVERITY = Severity.WARNING
SCOPE = "sop"

_PLACEHOLDER = re.compile(r"/\s*/|\.\.\.|…|\bx{2,}\b|_{2,}|\?", re.IGNORECASE)


def check(context: SopContext) -> Iterator[Finding]:
    """A nomor with an unfilled part."""
    nomor = context.sop.nomor
    if nomor and _PLACEHOLDER.search(nomor):
        yield Finding(context.at("nomor"), {"nomor": nomor})
