"""A loop must have a way out: from every reachable step some path leads to the end.

The finding stands at the answer (or `lanjut_ke`) that closes the loop, the
return arrow inside it, and names the steps it goes round, so the author sees
which answer needs a target outside the loop.

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
from generator.check.rules._helpers import arrow_name, arrow_position
from generator.problems import Severity

ID = "putaran-tanpa-keluar"
CATEGORY = "alur"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Return arrows closing a loop that no path leaves."""
    flow = context.flow
    trapped = {
        index
        for index in flow.reachable
        if index >= 0 and index not in flow.reaches_end and not flow.is_end(index)
    }
    if not trapped:
        return
    closing = [
        arrow
        for arrow in flow.arrows
        if arrow.is_return and arrow.source in trapped and arrow.target in trapped
    ]
    for arrow in closing:
        assert arrow.target is not None
        yield Finding(
            arrow_position(context, arrow),
            {
                "step": context.step_label(arrow.source),
                "arrow": arrow_name(arrow),
                "first": context.step_label(arrow.target),
            },
        )
    # Trapped steps without a cycle lead to a dead end: jalan-buntu reports those.
