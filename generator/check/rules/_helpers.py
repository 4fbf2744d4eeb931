"""Small helpers shared by several rules."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.base import SopContext
from generator.model import JenisLangkah

TERMINALS = (JenisLangkah.MULAI, JenisLangkah.SELESAI)


def working_steps(context: SopContext) -> Iterator[int]:
    """Indexes of the steps that do work (not a start or end terminator)."""
    for index, step in enumerate(context.sop.prosedur):
        if step.kind not in TERMINALS:
            yield index
