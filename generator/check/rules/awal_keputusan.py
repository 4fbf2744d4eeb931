"""The procedure starts with an activity: PermenPAN-RB 35/2012 draws the start
capsule (terminator) on the first activity, so a first step that is a decision
leaves the capsule nothing to sit on (the chart then draws "Mulai" on its own).

PASS:

    prosedur:
      - kegiatan: Menerima berkas permohonan
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Memverifikasi berkas
        pelaksana: kasi
        jawaban: {Ya: lanjut, Tidak: 1}
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas terverifikasi

FAIL:

    prosedur:
      - kegiatan: Memverifikasi berkas
        pelaksana: kasi
        jawaban: {Ya: lanjut, Tidak: selesai}
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas terverifikasi
      - kegiatan: Mengarsipkan berkas
        pelaksana: staf
        kelengkapan: Berkas terverifikasi
        waktu: 15 menit
        output: Arsip
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.model import JenisLangkah
from generator.problems import Severity

ID = "awal-keputusan"
CATEGORY = "alur"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Steps the flow starts with that are decisions."""
    steps = context.sop.prosedur
    if not steps:
        return
    for index in context.flow.starts:
        if steps[index].kind is JenisLangkah.KEPUTUSAN:
            yield Finding(context.at("prosedur", index), {"step": context.step_label(index)})
