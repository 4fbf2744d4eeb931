"""A dasar hukum that the registry marks as revoked (dicabut) no longer applies.

Replace it with the instrument that revoked it.

PASS:

    dasar_hukum: [perda-contoh-2-2020]

FAIL:

    dasar_hukum: [perda-contoh-1-2010]
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import cited_with_status
from generator.model import StatusPeraturan
from generator.problems import Severity

ID = "dasar-hukum-dicabut"
CATEGORY = "rujukan"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Cited instruments whose status is dicabut."""
    yield from cited_with_status(context, StatusPeraturan.DICABUT)
