"""A decision (keputusan) has at least two answers, each with where it leads.

PASS:

    prosedur:
      - kegiatan: Memverifikasi berkas
        pelaksana: staf
        jawaban: {Lengkap: lanjut, Tidak lengkap: selesai}
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas terverifikasi
      - kegiatan: Menandatangani surat
        pelaksana: kadis
        kelengkapan: Berkas terverifikasi
        waktu: 1 jam
        output: Surat

FAIL:

    prosedur:
      - kegiatan: Memverifikasi berkas
        pelaksana: staf
        jenis: keputusan
        kelengkapan: Berkas
        waktu: 15 menit
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
from generator.model import JenisLangkah
from generator.problems import Severity

ID = "jawaban-kurang"
CATEGORY = "alur"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Decisions with fewer than two answers."""
    for index, step in enumerate(context.sop.prosedur):
        if step.kind is JenisLangkah.KEPUTUSAN and len(step.jawaban or {}) < 2:
            where = ("prosedur", index, "jawaban") if step.jawaban else ("prosedur", index)
            yield Finding(
                context.at(*where),
                {"step": context.step_label(index), "count": len(step.jawaban or {})},
            )
