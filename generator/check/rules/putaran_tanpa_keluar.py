"""A loop must have a way out: from every reachable step some path leads to the end.

PASS:

    prosedur:
      - kegiatan: Menerima berkas
        pelaksana: staf
        jawaban: {Lengkap: 4, Tidak lengkap: lanjut}
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Melengkapi berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas dilengkapi
      - kegiatan: Memeriksa kelengkapan
        pelaksana: kasi
        jawaban: {Ya: 4, Tidak: 2}
        kelengkapan: Berkas dilengkapi
        waktu: 30 menit
        output: Berkas lengkap
      - kegiatan: Menandatangani surat
        pelaksana: kadis
        kelengkapan: Berkas lengkap
        waktu: 1 jam
        output: Surat

FAIL:

    prosedur:
      - kegiatan: Menerima berkas
        pelaksana: staf
        jawaban: {Lengkap: 4, Tidak lengkap: lanjut}
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Melengkapi berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas dilengkapi
      - kegiatan: Memeriksa kelengkapan
        pelaksana: kasi
        jawaban: {Ya: 2, Tidak: 2}
        kelengkapan: Berkas dilengkapi
        waktu: 30 menit
        output: Berkas lengkap
      - kegiatan: Menandatangani surat
        pelaksana: kadis
        kelengkapan: Berkas lengkap
        waktu: 1 jam
        output: Surat
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "putaran-tanpa-keluar"
CATEGORY = "alur"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Reachable steps, with arrows, from which no end can be reached."""
    flow = context.flow
    if not flow.has_reachable_end:
        return  # reported once by tanpa-akhir
    for index in sorted(i for i in flow.reachable if i >= 0):
        if index in flow.reaches_end or flow.is_end(index):
            continue
        if any(arrow.target is not None for arrow in flow.outgoing(index)):
            yield Finding(context.at("prosedur", index), {"step": context.step_label(index)})
