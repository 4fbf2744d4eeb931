"""One step longer than the office's limit (default 3 bulan) is probably a typo.

The limit is `pemeriksaan.batas_waktu_langkah` in `pengaturan.yaml`.

PASS:

    prosedur:
      - kegiatan: Menyusun laporan
        pelaksana: staf
        kelengkapan: Data
        waktu: 15 hari
        output: Laporan
        keterangan: Laporan tahunan

FAIL:

    prosedur:
      - kegiatan: Menyusun laporan
        pelaksana: staf
        kelengkapan: Data
        waktu: 15 bulan
        output: Laporan
        keterangan: Laporan tahunan
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.duration import DurationText, read_waktu
from generator.problems import Severity

ID = "waktu-tak-wajar"
CATEGORY = "waktu"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Steps longer than the configured limit."""
    limit_text = context.repository.pengaturan.pemeriksaan.batas_waktu_langkah
    # Read as the steps are ("24 jam" one working day), so a limit and a step
    # written alike compare alike.
    limit = read_waktu(limit_text, context.calendar).duration
    if limit is None:
        return
    for index, duration in enumerate(context.timing.step_durations):
        if duration is not None and duration.high_seconds > limit.high_seconds:
            yield Finding(
                context.at("prosedur", index, "waktu"),
                {
                    "waktu": context.sop.prosedur[index].waktu,
                    "limit": DurationText(limit, context.calendar),
                },
            )
