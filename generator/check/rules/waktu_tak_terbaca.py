"""A waktu (or the SOP's standar_waktu) must be readable as a duration.

Accepted: a number and a unit (menit, jam, hari, hari kerja, minggu, bulan),
several of them ("1 jam 30 menit"), a word in parentheses ("1 (satu) hari"), and
ranges ("1-2 hari", "30 menit s.d. 1 jam"). Anything else would be counted as
zero, so it is an error.

PASS:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 1 (satu) hari
        output: Berkas diperiksa

FAIL:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: secepatnya
        output: Berkas diperiksa
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.duration import parse_waktu
from generator.problems import Severity

ID = "waktu-tak-terbaca"
CATEGORY = "waktu"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Waktu values that cannot be read, in steps and in standar_waktu."""
    for index, step in enumerate(context.sop.prosedur):
        if step.waktu and context.timing.step_durations[index] is None:
            yield Finding(context.at("prosedur", index, "waktu"), {"waktu": step.waktu})
    target = context.sop.standar_waktu
    if target and parse_waktu(target, context.calendar) is None:
        yield Finding(context.at("standar_waktu"), {"waktu": target})
