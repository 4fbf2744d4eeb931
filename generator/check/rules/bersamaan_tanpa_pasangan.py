"""A step done at the same time (`bersamaan`) runs beside a process step before it.

`bersamaan: true` joins a step to the one before it: both start together and
the main path counts the longer one. The first step has nothing to run beside,
and a decision cannot run beside anything (its answer decides where the flow
goes), nor can an end (`jenis: selesai`): there the flag is ignored, so the
chart and the totals would not show what the author meant.

PASS:

    prosedur:
      - kegiatan: Menerima berkas permohonan
        pelaksana: staf
        kelengkapan: Formulir permohonan
        waktu: 15 menit
        output: Berkas diterima
      - kegiatan: Mencetak surat keterangan
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 30 menit
        output: Konsep surat
      - kegiatan: Mencatat permohonan di buku register
        pelaksana: kasi
        bersamaan: true
        kelengkapan: Buku register
        waktu: 10 menit
        output: Register
      - kegiatan: Menandatangani surat keterangan
        pelaksana: kadis
        kelengkapan: Konsep surat
        waktu: 1 jam
        output: Surat keterangan

FAIL:

    prosedur:
      - kegiatan: Menerima berkas permohonan
        pelaksana: staf
        bersamaan: true
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
        kelengkapan: Konsep surat
        waktu: 1 jam
        output: Surat keterangan
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.model.sop import JenisLangkah
from generator.problems import Severity

ID = "bersamaan-tanpa-pasangan"
CATEGORY = "alur"
SEVERITY = Severity.WARNING
SCOPE = "sop"

_NOT_PARALLEL = (JenisLangkah.KEPUTUSAN, JenisLangkah.SELESAI, JenisLangkah.MULAI)


def check(context: SopContext) -> Iterator[Finding]:
    """`bersamaan` on the first step, on a decision or an end, or after one."""
    steps = context.sop.prosedur
    for index, step in enumerate(steps):
        if not step.bersamaan:
            continue
        before = steps[index - 1] if index > 0 else None
        if before is None or step.kind in _NOT_PARALLEL or before.kind in _NOT_PARALLEL:
            yield Finding(
                context.at("prosedur", index, "bersamaan"), {"step": context.step_label(index)}
            )
