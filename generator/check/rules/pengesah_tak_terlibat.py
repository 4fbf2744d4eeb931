"""The official who signs the SOP (disahkan_oleh) approves something in the flow.

An SOP signed by the Kepala Dinas whose flow has an approval step (signing,
approving, initialling) that never reaches the Kepala Dinas (or a role the
office lists in `pemeriksaan.penyetuju_setara`) usually lost that step or
names the wrong signer. A flow without any approval step (a counter service:
the Kepala Dinas enacts the SOP but never acts at the counter) is fine, and so
is one whose approvals are all made by officials of the SOP's own bidang (the
Kabid or a Kasi signing the akta or the KTP-el by delegation, as offices do;
for a step done by one of several roles, one candidate of the bidang is enough).

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

import re
from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.model.sop import Langkah
from generator.problems import Severity

ID = "pengesah-tak-terlibat"
CATEGORY = "pelaksana"
SEVERITY = Severity.WARNING
SCOPE = "sop"

# Words of an approval step: signing, approving, enacting, initialling.
_APPROVAL = re.compile(
    r"(?:tanda|nanda)\s*tangan|\bttd\b|\bsah(?:kan)?\b|mengesahkan|pengesahan|"
    r"setuju|persetujuan|menyetujui|paraf",
    re.IGNORECASE,
)
# Every word above holds one of these: an ASCII text without any is no approval.
_APPROVAL_PARTS = ("tangan", "ttd", "sah", "etuju", "paraf")
_ANY_PART = re.compile("|".join(_APPROVAL_PARTS))  # one search of the lower-case text


def _is_approval(text: str) -> bool:
    """Whether `text` names an approval (`_APPROVAL`), most texts ruled out without it."""
    if text.isascii():
        lowered = text.lower()
        if _ANY_PART.search(lowered) is None:
            return False
    return _APPROVAL.search(text) is not None


def _by_own_unit(context: SopContext, step: Langkah) -> bool:
    """True when the step is done by officials of the SOP's own bidang (all of them, or
    for a "salah satu" step, one of the candidates: the others stand in)."""
    bidang = context.sop.unit.bidang

    def own(role_id: str) -> bool:
        role = context.resolved.role(role_id)
        return role.registered and role.bidang == bidang and not role.eksternal

    found = (any if step.pelaksana_salah_satu else all)(own(role) for role in step.pelaksana)
    return bool(step.pelaksana) and found


def check(context: SopContext) -> Iterator[Finding]:
    """The signer (or an equivalent approver) must perform a step."""
    signer = context.sop.disahkan_oleh
    if signer is None:
        return
    steps = context.sop.prosedur
    approvals = [step for step in steps if _is_approval(step.kegiatan)]
    if not approvals:
        return  # nothing in the flow is approved: the signer only enacts the SOP
    if all(_by_own_unit(context, step) for step in approvals):
        return  # the unit's officials sign the service's products by delegation
    performers = {role for step in steps for role in step.pelaksana}
    approvers = {signer.jabatan, *context.repository.pengaturan.pemeriksaan.penyetuju_setara}
    if not performers & approvers:
        yield Finding(
            context.at("disahkan_oleh", "jabatan"), {"role": context.role_name(signer.jabatan)}
        )
