"""A waktu followed by a condition is read up to the condition.

Offices write "3 hari kerja setelah berkas lengkap", "1 hari, bila berkas
lengkap" or "paling lama 14 hari kerja sejak berkas diterima". The value
("3 hari kerja") is read and counted; the words after it are a condition, which
the totals cannot use. Nothing is lost (the table prints the waktu as
written), but the column reads better with the condition in `keterangan`, and
for `standar_waktu` the clock's start belongs in `standar_waktu_mulai`.

PASS:

    prosedur:
      - kegiatan: Memverifikasi berkas
        pelaksana: staf
        kelengkapan: Berkas permohonan
        waktu: 3 hari kerja
        output: Berkas terverifikasi
        keterangan: dihitung setelah berkas lengkap

FAIL:

    prosedur:
      - kegiatan: Memverifikasi berkas
        pelaksana: staf
        kelengkapan: Berkas permohonan
        waktu: 3 hari kerja setelah berkas lengkap
        output: Berkas terverifikasi
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import shorten
from generator.duration import DurationText, read_waktu
from generator.messages import Phrase
from generator.problems import Severity
from generator.timing import waktu_reading

ID = "waktu-bersyarat"
CATEGORY = "waktu"
SEVERITY = Severity.INFO
SCOPE = "sop"


def _finding(context: SopContext, where: tuple[str | int, ...], text: str, advice: str) -> Finding:
    reading = read_waktu(text, context.calendar)
    assert reading.duration is not None and reading.condition is not None
    return Finding(
        context.at(*where),
        {
            "waktu": shorten(text, 60),
            "dibaca": DurationText(reading.duration, context.calendar),
            "syarat": shorten(reading.condition, 60),
            "saran": Phrase(f"check.{ID}.{advice}"),
        },
    )


def check(context: SopContext) -> Iterator[Finding]:
    """Waktu values (and standar_waktu) with a condition after the value."""
    for index, step in enumerate(context.sop.prosedur):
        if step.waktu and waktu_reading(step.waktu, context.calendar).condition:
            yield _finding(context, ("prosedur", index, "waktu"), step.waktu, "ke_keterangan")
    target = context.sop.standar_waktu
    if target and read_waktu(target, context.calendar).condition:
        yield _finding(context, ("standar_waktu",), target, "ke_mulai")
