"""Every answer of a decision leads to a step that exists (or `lanjut`/`selesai`).

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
from generator.problems import Severity

ID = "tujuan-tak-ada"
CATEGORY = "alur"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Answers whose target names no step."""
    steps = context.sop.prosedur
    for arrow in context.flow.arrows:
        if arrow.target is None and arrow.label is not None:
            written = (steps[arrow.source].jawaban or {})[arrow.label]
            yield Finding(
                context.at("prosedur", arrow.source, "jawaban", arrow.label),
                {
                    "step": context.step_label(arrow.source),
                    "answer": arrow.label,
                    "target": written,
                    "count": len(steps),
                },
            )
