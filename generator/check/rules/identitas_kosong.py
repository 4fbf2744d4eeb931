"""The identity block of the form is complete: nomor, the three dates, and the
signing official's jabatan, nama and NIP. A Tgl. Revisi written as a dash ("-")
is complete: the SOP was never revised.

PASS:

    nomor: "470/12/SOP/2024"

FAIL:

    nomor: ""
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "identitas-kosong"
CATEGORY = "formulir"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Empty identity fields, one finding each."""
    sop = context.sop
    if not (sop.nomor or "").strip():
        yield Finding(context.at("nomor"), {"field": "nomor"})
    for name in ("pembuatan", "revisi", "efektif"):
        if name == "revisi" and name in sop.tanggal.dashed:
            continue  # "Tgl. Revisi : -": answered (never revised), not forgotten
        if getattr(sop.tanggal, name) is None:
            yield Finding(context.at("tanggal"), {"field": f"tanggal.{name}"})
    signer = sop.disahkan_oleh
    if signer is None:
        yield Finding(context.at(), {"field": "disahkan_oleh"})
        return
    for name in ("nama", "nip"):
        if not (getattr(signer, name) or "").strip():
            yield Finding(context.at("disahkan_oleh"), {"field": f"disahkan_oleh.{name}"})
