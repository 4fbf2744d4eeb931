"""One role doing every step is rarely a procedure worth an SOP: nobody checks.

PASS:

    pelaksana: [staf, kasi, kadis]

FAIL:

    pelaksana: [staf]
    prosedur:
      - kegiatan: Menerima berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Mencetak surat
        pelaksana: staf
        kelengkapan: Berkas diterima
        waktu: 15 menit
        output: Surat
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import working_steps
from generator.problems import Severity

ID = "satu-pelaksana"
CATEGORY = "pelaksana"
SEVERITY = Severity.INFO
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """All working steps by one and the same role."""
    steps = [context.sop.prosedur[i] for i in working_steps(context)]
    roles = {role for step in steps for role in step.pelaksana}
    if len(steps) >= 2 and len(roles) == 1 and all(step.pelaksana for step in steps):
        yield Finding(context.at("prosedur"), {"role": context.role_name(roles.pop())})
