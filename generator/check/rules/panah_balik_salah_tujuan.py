"""A return arrow (panah balik) goes back to a step that produces the document.

A document sent back for correction must land with whoever made it: a process
step with an output. Sending it back to another check (a decision) or to a
step without output leaves nobody to correct it. A correcting step that sends
the corrected document back to the check (`lanjut_ke` from a process step to
a decision: "Tidak -> Melengkapi berkas -> kembali ke pemeriksaan") is right.

PASS:

    prosedur:
      - kegiatan: Menyiapkan konsep surat
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Konsep surat
      - kegiatan: Memeriksa konsep surat
        pelaksana: kasi
        jawaban: {Ya: 4, Tidak: lanjut}
        kelengkapan: Konsep surat
        waktu: 30 menit
        output: Konsep diparaf
      - kegiatan: Memperbaiki konsep surat
        pelaksana: staf
        kelengkapan: Catatan perbaikan
        waktu: 15 menit
        output: Konsep diperbaiki
        lanjut_ke: kembali ke langkah 2
      - kegiatan: Menandatangani surat
        pelaksana: kadis
        kelengkapan: Konsep diparaf
        waktu: 1 jam
        output: Surat

FAIL:

    prosedur:
      - kegiatan: Menyiapkan konsep surat
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Konsep surat
      - kegiatan: Memeriksa konsep surat
        pelaksana: kasi
        jawaban: {Ya: lanjut, Tidak: 1}
        kelengkapan: Konsep surat
        waktu: 30 menit
        output: Konsep diparaf
      - kegiatan: Menandatangani surat
        pelaksana: kadis
        jawaban: {Ya: selesai, Tidak: 2}
        kelengkapan: Konsep diparaf
        waktu: 1 jam
        output: Surat
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import arrow_name, arrow_position
from generator.flow import END
from generator.messages import Phrase
from generator.model import JenisLangkah
from generator.problems import Severity

ID = "panah-balik-salah-tujuan"
CATEGORY = "pelaksana"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Return arrows whose target step does not produce anything."""
    steps = context.sop.prosedur
    for arrow in context.flow.arrows:
        if not arrow.is_return or arrow.target in (None, END) or arrow.target == arrow.source:
            continue
        assert arrow.target is not None
        target = steps[arrow.target]
        source = steps[arrow.source]
        if source.kind is JenisLangkah.PROSES and target.kind is JenisLangkah.KEPUTUSAN:
            continue  # the corrected document goes back to the check: as it should
        if target.kind is not JenisLangkah.PROSES or not target.output:
            yield Finding(
                arrow_position(context, arrow),
                {
                    "step": context.step_label(arrow.source),
                    "arrow": arrow_name(arrow),
                    "target": context.step_label(arrow.target),
                    "reason": Phrase(f"check.{ID}.{_reason(target.kind, bool(target.output))}"),
                },
            )


def _reason(kind: JenisLangkah, has_output: bool) -> str:
    """Why the target is wrong, in the words that are true of it."""
    if kind is JenisLangkah.KEPUTUSAN:
        return "alasan_keputusan"  # another check, even when it has an output
    if kind in (JenisLangkah.MULAI, JenisLangkah.SELESAI):
        return "alasan_terminal"
    return "alasan_tanpa_output"
