"""Two steps in a row with the same activity and the same performers are usually one
row copied twice (published SOPs have it: a Kudus procedure lists its butir 3 twice).
Kept as written, the copy doubles the step's time on the main path and draws the
same box twice; a step that is really done twice says how the second time differs.

PASS:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        waktu: 15 menit
      - kegiatan: Memeriksa ulang berkas yang diperbaiki
        pelaksana: staf
        waktu: 15 menit

FAIL:

    prosedur:
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        waktu: 15 menit
      - kegiatan: Memeriksa berkas
        pelaksana: staf
        waktu: 15 menit
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.problems import Severity

ID = "langkah-kembar"
CATEGORY = "alur"
SEVERITY = Severity.WARNING
SCOPE = "sop"


def check(context: SopContext) -> Iterator[Finding]:
    """Each step that repeats the activity and performers of the step before it."""
    steps = context.sop.prosedur
    words = [_words(step.kegiatan) for step in steps]  # each step's once
    for index in range(1, len(steps)):
        before, step = steps[index - 1], steps[index]
        if words[index] == words[index - 1] and set(step.pelaksana) == set(before.pelaksana):
            yield Finding(
                context.at("prosedur", index, "kegiatan"),
                {"step": context.step_label(index), "previous": context.step_label(index - 1)},
            )


def _words(text: str) -> list[str]:
    """The activity's words, ignoring case, spacing and a closing ';' or '.'."""
    return text.lower().rstrip(" ;.").split()
