"""A chart too large to draw: the site and the book show a note instead of it.

Before drawing, each SOP's flowchart and procedure table are measured
(`generator/drawsize.py`): cells (rows x roles), characters of step text,
rows crossed by return and jump arrows, and the longest role name x the
number of columns (a long name in narrow columns makes the table's header
taller than the page). An SOP over one of these limits is published without
its chart and table, with a note; its page, fields and findings stay.

PASS:

    pelaksana: [staf, kasi, kadis]

FAIL:

    # organisasi.yaml
    jabatan:
      kadis: {nama: Kepala Dinas, alias: [Kadis]}
      sekretaris: {nama: Sekretaris}
      kabid: {nama: Kepala Bidang Pelayanan, singkatan: Kabid, bidang: pelayanan}
      kasi: {nama: Kepala Seksi Identitas, singkatan: Kasi, bidang: pelayanan, seksi: identitas}
      pemohon: {nama: Pemohon, eksternal: true}
      staf:
        bidang: pelayanan
        nama: >-
          Staf Pelaksana Pelayanan Pendaftaran Penduduk pada Seksi Identitas
          Penduduk yang bertugas menerima, memeriksa dan mencatat berkas
          permohonan dari pemohon, menyiapkan konsep surat, mengarsipkan
          berkas, dan melaporkan hasil pelayanan kepada Kepala Seksi setiap
          hari kerja sesuai standar pelayanan yang berlaku di Dinas
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.drawsize import too_large
from generator.messages import Phrase
from generator.problems import Severity

ID = "bagan-terlalu-besar"
CATEGORY = "alur"
SEVERITY = Severity.ERROR
SCOPE = "sop"

# Where the author can act on each measure.
_PLACE = {"cells": "pelaksana", "header": "pelaksana", "text": "prosedur", "arrow_rows": "prosedur"}


def check(context: SopContext) -> Iterator[Finding]:
    """The first drawing measure of the SOP over its limit, at the key to change."""
    excess = too_large(context.sop, context.repository.organisasi)
    if excess is None:
        return
    measure, value, limit = excess
    yield Finding(
        context.at(_PLACE[measure], key=True),
        {"ukuran": Phrase(f"flowchart.measure.{measure}"), "nilai": value, "batas": limit},
    )
