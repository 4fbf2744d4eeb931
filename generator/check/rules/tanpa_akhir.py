"""The flow must reach an end (Selesai) from the first step.

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

FAIL:

    prosedur:
      - kegiatan: Menerima berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Memverifikasi berkas
        pelaksana: kasi
        jawaban: {Ya: 1, Tidak: 1}
        kelengkapan: Berkas
        waktu: 30 menit
        output: Berkas terverifikasi
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "tanpa-akhir"
CATEGORY = "alur"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """No end reachable from the first step."""
    if context.sop.prosedur and not context.flow.has_reachable_end:
        yield Finding(context.at("prosedur"))
