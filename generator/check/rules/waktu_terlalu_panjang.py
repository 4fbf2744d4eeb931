"""A waktu whose number has more than seven digits is refused, not computed.

No step lasts ten million minutes; such a number is a typo or pasted data
(and a number of thousands of digits cannot even be converted). The step
counts as untimed.

PASS:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 1500 menit
        output: Berkas diperiksa

FAIL:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 150000000000 menit
        output: Berkas diperiksa
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.duration import MAX_DIGITS, WaktuStatus, read_waktu
from generator.problems import Severity

ID = "waktu-terlalu-panjang"
CATEGORY = "waktu"
SEVERITY = Severity.ERROR
SCOPE = "sop"
SHOWN = 40  # characters of the waktu repeated in the message


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def check(context: SopContext) -> Iterator[Finding]:
    """Waktu (and standar_waktu) holding a number of more than MAX_DIGITS digits."""
    for index, step in enumerate(context.sop.prosedur):
        if context.timing.step_status[index] is WaktuStatus.TERLALU_PANJANG:
            yield Finding(
                context.at("prosedur", index, "waktu"),
                {"waktu": _shown(step.waktu or ""), "digits": MAX_DIGITS},
            )
    target = context.sop.standar_waktu
    if target and read_waktu(target, context.calendar).status is WaktuStatus.TERLALU_PANJANG:
        yield Finding(context.at("standar_waktu"), {"waktu": _shown(target), "digits": MAX_DIGITS})
