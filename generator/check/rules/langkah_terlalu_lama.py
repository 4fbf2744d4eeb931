"""A step that takes most of the SOP's time should say why in its keterangan.

Fires when one step is at least half of the main-path total and at least five
times the median step of the main path, and has no keterangan. Waiting for an
outside party (`menunggu: true`, or a step whose performers are all
`eksternal`) is not the office's work and says why by itself: it never fires.

PASS:

    prosedur:
      - kegiatan: Menerima berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Menyusun laporan
        pelaksana: staf
        kelengkapan: Data
        waktu: 10 hari
        output: Laporan
        keterangan: Data dari kecamatan dihimpun sepanjang waktu ini
      - kegiatan: Menunggu tanggapan kecamatan
        pelaksana: staf
        menunggu: true
        kelengkapan: Surat permintaan
        waktu: 15 hari
        output: Tanggapan
      - kegiatan: Menandatangani laporan
        pelaksana: kadis
        kelengkapan: Laporan
        waktu: 30 menit
        output: Laporan sah

FAIL:

    prosedur:
      - kegiatan: Menerima berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Menyusun laporan
        pelaksana: staf
        kelengkapan: Data
        waktu: 10 hari
        output: Laporan
      - kegiatan: Menandatangani laporan
        pelaksana: kadis
        kelengkapan: Laporan
        waktu: 30 menit
        output: Laporan sah
"""

from __future__ import annotations

from collections.abc import Iterator
from statistics import median

from generator.check.base import Finding, SopContext
from generator.duration import DurationText
from generator.problems import Severity

ID = "langkah-terlalu-lama"
CATEGORY = "waktu"
SEVERITY = Severity.INFO
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Dominant steps without an explanation."""
    timing = context.timing
    total = timing.main_total.high_seconds
    on_path = [i for i in timing.main_path if timing.step_durations[i] is not None]
    waiting = set(timing.waiting_steps)
    if total == 0 or len(on_path) < 3:
        return
    typical = median(timing.step_durations[i].high_seconds for i in on_path)  # type: ignore[union-attr]
    for index in on_path:
        if index in waiting:
            continue
        duration = timing.step_durations[index]
        assert duration is not None
        if (
            duration.high_seconds * 2 >= total
            and duration.high_seconds >= 5 * typical
            and not context.sop.prosedur[index].keterangan
        ):
            yield Finding(
                context.at("prosedur", index, "waktu"),
                {
                    "step": context.step_label(index),
                    "waktu": DurationText(duration, context.calendar),
                    "percent": round(100 * duration.high_seconds / total),
                },
            )
