"""Every process or decision step states its waktu.

Without a waktu a step adds nothing to the totals, which then look shorter than
the work really takes. Start and end rows (`jenis: mulai` / `selesai`) need none.
A dash ("-", "–"), as documents write in an empty cell, is no waktu either.

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
        waktu: "-"
        output: Berkas diperiksa
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import working_steps, working_steps_without
from generator.duration import WaktuStatus
from generator.problems import Severity

ID = "waktu-kosong"
CATEGORY = "waktu"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Steps that do work but have no waktu."""
    yield from working_steps_without(context, "waktu")
    for index in working_steps(context):
        if context.timing.step_status[index] is WaktuStatus.KOSONG:
            yield Finding(
                context.at("prosedur", index, "waktu"), {"step": context.step_label(index)}
            )
