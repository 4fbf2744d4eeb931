"""A service standard that is not a duration is not compared with anything.

`standar_waktu` written as "sesuai jadwal periode April dan Oktober",
"tentatif" or "paling lambat akhir bulan Juni" is a known unknown: the main
path cannot be compared with it, so `melebihi-standar-waktu` stays silent.
Say so, once: write the promised duration when there is one and keep the
schedule in `keterangan` or the SOP's `peringatan`.

PASS:

    standar_waktu: 2 hari

FAIL:

    standar_waktu: sesuai jadwal periode April dan Oktober
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import shorten
from generator.duration import WaktuStatus, read_waktu
from generator.problems import Severity

ID = "standar-waktu-tak-tentu"
CATEGORY = "waktu"
SEVERITY = Severity.INFO
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """A standar_waktu in words that say the time is not fixed."""
    target = context.sop.standar_waktu
    if target and read_waktu(target, context.calendar).status is WaktuStatus.TAK_TENTU:
        yield Finding(context.at("standar_waktu"), {"waktu": shorten(target, 60)})
