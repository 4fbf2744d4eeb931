"""A waktu (or the SOP's standar_waktu) must be readable as a duration.

Accepted: a number and a unit (menit, jam, hari, hari kerja, hari kalender,
minggu, bulan, tahun), several of them ("1 jam 30 menit"), a word in
parentheses ("1 (satu) hari"), numbers in words ("dua hari", "satu setengah
jam"), ranges ("1-2 hari", "30 menit s.d. 1 jam"), bounds ("paling lama 14 hari
kerja", "maksimal 3 hari", "paling cepat 1 hari", "s.d. 14 hari"), "N x 24 jam"
(N working days), a time per item ("2 jam/berkas") and a value followed by a
condition ("3 hari kerja setelah berkas lengkap": `waktu-bersyarat`). Words
that say the time is not fixed ("segera", "tergantung ...", "setiap hari", a
deadline) are `waktu-tak-tentu`'s, a number of many digits
`waktu-terlalu-panjang`'s. Anything else would be counted as zero, so it is an
error; the hint shows the closest readable forms (a misspelt unit corrected:
"3 hari" for "3 hri") and says to move the prose to `keterangan`.

PASS:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 1 (satu) hari
        output: Berkas diperiksa
      - kegiatan: Memverifikasi berkas
        pelaksana: kasi
        kelengkapan: Berkas diperiksa
        waktu: 15 menit/berkas
        output: Berkas terverifikasi
      - kegiatan: Menandatangani surat keterangan
        pelaksana: kadis
        kelengkapan: Konsep surat
        waktu: paling lama 1 x 24 jam
        output: Surat keterangan

FAIL:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        kelengkapan: Berkas
        waktu: 3 hri setelah berkas lengkap
        output: Berkas diperiksa
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.duration import WaktuStatus, closest_readable, read_waktu
from generator.problems import Severity

ID = "waktu-tak-terbaca"
CATEGORY = "waktu"
SEVERITY = Severity.ERROR
SCOPE = "sop"


def _finding(context: SopContext, where: tuple[str | int, ...], text: str) -> Finding:
    forms = closest_readable(text, context.calendar)
    return Finding(
        context.at(*where), {"waktu": text, "saran": ", ".join(f"'{form}'" for form in forms)}
    )


def check(context: SopContext) -> Iterator[Finding]:
    """Waktu values that cannot be read, in steps and in standar_waktu."""
    for index, step in enumerate(context.sop.prosedur):
        if step.waktu and context.timing.step_status[index] is WaktuStatus.TAK_TERBACA:
            yield _finding(context, ("prosedur", index, "waktu"), step.waktu)
    target = context.sop.standar_waktu
    if target and read_waktu(target, context.calendar).status is WaktuStatus.TAK_TERBACA:
        yield _finding(context, ("standar_waktu",), target)
