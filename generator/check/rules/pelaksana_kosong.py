"""Every step that does work names who performs it (pelaksana).

PASS:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diperiksa

FAIL:

    prosedur:
      - kegiatan: Memeriksa berkas
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diperiksa
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import working_steps_without
from generator.problems import Severity

ID = "pelaksana-kosong"
CATEGORY = "pelaksana"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Working steps without pelaksana."""
    yield from working_steps_without(context, "pelaksana")
