"""A kegiatan starts with an active verb, without a subject ("Memeriksa berkas",
not "Pemeriksaan berkas" or "Staf memeriksa berkas"), as the SOP AP form asks.

The check looks at the first word: verbs with the prefixes me-, mem-, men-,
meng-, meny-, memper-, di-, ber- or ter-, or a short list of common base verbs
(cetak, kirim, terima, ...). Nouns such as "Pemeriksaan" or "Verifikasi" fire.

PASS:

    prosedur:
      - kegiatan: Memverifikasi berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas terverifikasi

FAIL:

    prosedur:
      - kegiatan: Verifikasi berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 15 menit
        output: Berkas terverifikasi
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.check.rules._helpers import working_steps
from generator.problems import Severity

ID = "kegiatan-bukan-kata-kerja"
CATEGORY = "formulir"
SEVERITY = Severity.INFO
SCOPE = "sop"

_VERB_PREFIXES = ("me", "di", "ber", "ter")
_BASE_VERBS = {
    "ambil",
    "buat",
    "catat",
    "cetak",
    "isi",
    "kirim",
    "lakukan",
    "periksa",
    "serahkan",
    "siapkan",
    "simpan",
    "susun",
    "tanda",
    "terima",
    "teruskan",
    "unggah",
}
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+")


def check(context: SopContext) -> Iterator[Finding]:
    """Kegiatan whose first word is not a verb."""
    for index in working_steps(context):
        text = context.sop.prosedur[index].kegiatan
        match = _WORD.search(text)
        word = match.group(0).lower() if match else ""
        if not word.startswith(_VERB_PREFIXES) and word not in _BASE_VERBS:
            yield Finding(
                context.at("prosedur", index, "kegiatan"),
                {"step": context.step_label(index), "word": match.group(0) if match else text},
            )
