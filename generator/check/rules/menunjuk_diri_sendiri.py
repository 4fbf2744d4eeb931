"""An answer that leads back to the same step goes round without anyone acting.

Send the document back to the step that made it instead.

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
        jawaban: {Ya: lanjut, Tidak: 2}
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
from generator.check.rules._helpers import arrow_position
from generator.problems import Severity

ID = "menunjuk-diri-sendiri"
CATEGORY = "alur"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Answers whose target is their own step."""
    for arrow in context.flow.arrows:
        if arrow.target == arrow.source:
            yield Finding(
                arrow_position(context, arrow),
                {"step": context.step_label(arrow.source), "answer": arrow.label},
            )
