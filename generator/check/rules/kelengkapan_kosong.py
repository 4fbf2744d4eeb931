"""Every step that does work states what it needs (Mutu Baku: Kelengkapan).

The kelengkapan become the document checklist of the SOP.

PASS:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Formulir permohonan
        waktu: 15 menit
        output: Berkas diperiksa

FAIL:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        waktu: 15 menit
        output: Berkas diperiksa
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import working_steps_without
from generator.problems import Severity

ID = "kelengkapan-kosong"
CATEGORY = "formulir"
SEVERITY = Severity.INFO
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Working steps without kelengkapan."""
    yield from working_steps_without(context, "kelengkapan")
