"""Every answer of a decision, and every `lanjut_ke`, leads to a step that exists.

A target is a step number, a step id, `lanjut` or `selesai` (written in any
case; "2" is step 2).

PASS:

    prosedur:
      - kegiatan: Menerima berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Memverifikasi berkas
        pelaksana: kasi
        jawaban: {Ya: lanjut, Tidak: 1}
        kelengkapan: Berkas
        waktu: 30 menit
        output: Berkas terverifikasi
      - kegiatan: Menandatangani surat
        pelaksana: kadis
        kelengkapan: Berkas terverifikasi
        waktu: 1 jam
        output: Surat

FAIL:

    prosedur:
      - kegiatan: Menerima berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Memverifikasi berkas
        pelaksana: kasi
        jawaban: {Ya: lanjut, Tidak: 7}
        kelengkapan: Berkas
        waktu: 30 menit
        output: Berkas terverifikasi
      - kegiatan: Menandatangani surat
        pelaksana: kadis
        kelengkapan: Berkas terverifikasi
        waktu: 1 jam
        output: Surat
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import arrow_name, arrow_position, written_target
from generator.problems import Severity

ID = "tujuan-tak-ada"
CATEGORY = "alur"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Answers and jumps whose target names no step."""
    steps = context.sop.prosedur
    for arrow in context.flow.arrows:
        if arrow.target is None:
            yield Finding(
                arrow_position(context, arrow),
                {
                    "step": context.step_label(arrow.source),
                    "arrow": arrow_name(arrow),
                    "target": written_target(context, arrow),
                    "count": len(steps),
                },
            )
