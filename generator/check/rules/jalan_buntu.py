"""A step that is not an end must lead somewhere.

It happens when every answer of a decision points to a step that does not
exist: the document stops there.

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
        jawaban: {Ya: 9, Tidak: 8}
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
from generator.problems import Severity

ID = "jalan-buntu"
CATEGORY = "alur"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Reachable non-end steps with no usable arrow."""
    flow = context.flow
    for index in sorted(flow.stuck & flow.reachable):
        if flow.is_end(index):
            continue
        yield Finding(context.at("prosedur", index), {"step": context.step_label(index)})
