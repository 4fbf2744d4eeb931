"""The official who signs the SOP (disahkan_oleh) approves something in the flow.

An SOP signed by the Kepala Dinas whose flow never reaches the Kepala Dinas (or
a role the office lists in `pemeriksaan.penyetuju_setara`) usually lost its
approval step.

PASS:

    disahkan_oleh:
      jabatan: kadis
      nama: Budi Santoso, S.H.
      nip: "197001012000011001"

FAIL:

    disahkan_oleh:
      jabatan: sekretaris
      nama: Budi Santoso, S.H.
      nip: "197001012000011001"
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "pengesah-tak-terlibat"
CATEGORY = "pelaksana"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """The signer (or an equivalent approver) must perform a step."""
    signer = context.sop.disahkan_oleh
    if signer is None:
        return
    performers = {role for step in context.sop.prosedur for role in step.pelaksana}
    approvers = {signer.jabatan, *context.repository.pengaturan.pemeriksaan.penyetuju_setara}
    if not performers & approvers:
        yield Finding(
            context.at("disahkan_oleh", "jabatan"), {"role": context.role_name(signer.jabatan)}
        )
