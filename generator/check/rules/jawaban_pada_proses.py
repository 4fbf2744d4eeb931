"""Only a decision has answers: `jawaban` on a step marked `jenis: proses`,
`mulai` or `selesai` contradicts its symbol.

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
        jenis: proses
        jawaban: {Ya: lanjut, Tidak: selesai}
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

ID = "jawaban-pada-proses"
CATEGORY = "alur"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Steps with answers whose jenis is not keputusan."""
    for index, step in enumerate(context.sop.prosedur):
        if step.jawaban and step.kind is not JenisLangkah.KEPUTUSAN:
            yield Finding(
                context.at("prosedur", index, "jenis"),
                {"step": context.step_label(index), "jenis": step.kind.value},
            )
