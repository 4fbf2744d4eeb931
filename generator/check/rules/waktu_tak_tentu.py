"""A waktu in words that say the time is not fixed is left out of the totals.

Service standards write "segera", "tentatif", "tergantung pada data yang
diminta", "sesuai kebutuhan", "menyesuaikan": the time is a known unknown. It
is not an error (the SOP can still be published), but the step adds nothing
to the totals, which say they are incomplete. Write an estimate or a bound
("paling lama 3 hari") when there is one, and keep the words in `keterangan`.

PASS:

    prosedur:
      - kegiatan: Menyiapkan data
        pelaksana: staf
        kelengkapan: Permintaan data
        waktu: paling lama 3 hari
        output: Data
        keterangan: tergantung pada data yang diminta

FAIL:

    prosedur:
      - kegiatan: Menyiapkan data
        pelaksana: staf
        kelengkapan: Permintaan data
        waktu: tergantung pada data yang diminta
        output: Data
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.duration import WaktuStatus
from generator.problems import Severity

ID = "waktu-tak-tentu"
CATEGORY = "waktu"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Steps whose waktu says the time is not fixed."""
    for index, step in enumerate(context.sop.prosedur):
        if context.timing.step_status[index] is WaktuStatus.TAK_TENTU:
            yield Finding(
                context.at("prosedur", index, "waktu"),
                {"step": context.step_label(index), "waktu": step.waktu},
            )
