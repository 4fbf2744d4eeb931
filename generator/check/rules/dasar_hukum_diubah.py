"""Reports a dasar hukum that the registry marks as amended (diubah), and by what.

The SOP may still cite it, but the reviewer should check whether the amending
instrument belongs in the list too. When the SOP already cites every amending
instrument, there is nothing to add and the rule is quiet.

PASS:

    dasar_hukum: [uu-24-2013]

FAIL:

    dasar_hukum: [uu-23-2006]
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import cited_with_status
from generator.model import StatusPeraturan
from generator.problems import Severity

ID = "dasar-hukum-diubah"
CATEGORY = "rujukan"
SEVERITY = Severity.INFO
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Cited instruments whose status is diubah."""
    yield from cited_with_status(context, StatusPeraturan.DIUBAH)
