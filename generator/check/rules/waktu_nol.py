"""A waktu of zero is almost always a typo: every activity takes some time.

PASS:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 5 menit
        output: Berkas diperiksa

FAIL:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 0 menit
        output: Berkas diperiksa
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "waktu-nol"
CATEGORY = "waktu"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Steps whose waktu reads as zero."""
    for index, duration in enumerate(context.timing.step_durations):
        if duration is not None and duration.high_seconds == 0:
            waktu = context.sop.prosedur[index].waktu
            yield Finding(context.at("prosedur", index, "waktu"), {"waktu": waktu})
