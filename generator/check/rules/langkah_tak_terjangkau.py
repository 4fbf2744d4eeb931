"""Every step can be reached from the first step.

A step after a `selesai` row, or skipped by every answer, is never performed.

PASS:

    prosedur:
      - kegiatan: Memverifikasi berkas
        pelaksana: staf
        jawaban: {Ya: lanjut, Tidak: selesai}
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
        jawaban: {Ya: 3, Tidak: selesai}
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas terverifikasi
      - kegiatan: Mengarsipkan berkas
        pelaksana: kasi
        kelengkapan: Berkas
        waktu: 15 menit
        output: Arsip
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

ID = "langkah-tak-terjangkau"
CATEGORY = "alur"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Steps no path from the first step reaches."""
    reachable = context.flow.reachable
    for index in range(len(context.sop.prosedur)):
        if index not in reachable:
            yield Finding(context.at("prosedur", index), {"step": context.step_label(index)})
