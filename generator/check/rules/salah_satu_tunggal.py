"""A step done by "one of several roles" names at least two roles.

`pelaksana_salah_satu: true` says that one of the roles in `pelaksana` does
the step ("Kepala Bidang/Sekretaris"): it is drawn in each of their columns as
alternatives and counted once. With a single role there is no choice: the flag
is a leftover, or the other role was forgotten.

PASS:

    pelaksana: [staf, kasi, kadis]
    prosedur:
      - kegiatan: Menerima berkas permohonan
        pelaksana: staf
        kelengkapan: Formulir permohonan
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Menandatangani surat keterangan
        pelaksana: [kasi, kadis]
        pelaksana_salah_satu: true
        kelengkapan: Konsep surat
        waktu: 1 jam
        output: Surat keterangan

FAIL:

    pelaksana: [staf, kasi, kadis]
    prosedur:
      - kegiatan: Menerima berkas permohonan
        pelaksana: staf
        kelengkapan: Formulir permohonan
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Memverifikasi berkas
        pelaksana: kasi
        kelengkapan: Berkas
        waktu: 30 menit
        output: Berkas terverifikasi
      - kegiatan: Menandatangani surat keterangan
        pelaksana: kadis
        pelaksana_salah_satu: true
        kelengkapan: Konsep surat
        waktu: 1 jam
        output: Surat keterangan
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "salah-satu-tunggal"
CATEGORY = "pelaksana"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """`pelaksana_salah_satu` on a step with fewer than two roles."""
    for index, step in enumerate(context.sop.prosedur):
        if step.pelaksana_salah_satu and len(set(step.pelaksana)) < 2:
            yield Finding(
                context.at("prosedur", index, "pelaksana_salah_satu"),
                {"step": context.step_label(index)},
            )
