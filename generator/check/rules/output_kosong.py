"""Every step that does work states its output (Mutu Baku: Output).

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
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import working_steps_without
from generator.problems import Severity

ID = "output-kosong"
CATEGORY = "formulir"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Working steps without output."""
    yield from working_steps_without(context, "output")
