"""How big the drawings of one SOP will be, estimated before anything is drawn.

The limits of `generator.limits` bound each value of a file, but not their
product: 200 steps x 30 lanes x 2,000-character texts all within bounds make
a swimlane of six 1.5 MB pages and a procedure table of 600 printed pages,
and a role with a long name in a narrow column makes the table's header
taller than the page. So before drawing, the SOP is measured here, in
arithmetic only (no fonts, no layout: `sop check` runs this for every SOP):

- `cells`: chart rows x lanes, the grid the chart and the table draw;
- `text`: characters printed in the table's cells (the steps' texts);
- `arrow_rows`: rows crossed by arrows that skip rows (returns and jumps),
  which the router threads between the symbols;
- `header`: the longest lane label x the lane count (at least 6): a long
  label in narrow columns wraps into a header taller than the page.

An SOP over any of `LIMITS` is "too large to draw": `sop check` reports it
(rule `bagan-terlalu-besar`), and the site and the handbook show a note in
place of the chart and the table; everything else about the SOP (its page,
fields, findings, timing) is published as usual. Each limit is many times
what a real SOP needs (5-30 steps, 2-8 lanes); the README lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.flow import END
from generator.model.organisasi import Organisasi
from generator.model.sop import Langkah, Sop
from generator.resolved import role_in

# measure -> the largest value that is still drawn
LIMITS: dict[str, int] = {
    "cells": 2_400,  # e.g. 80 steps x 30 lanes, 200 steps x 12 lanes
    "text": 60_000,  # about 60 printed table pages; a long real SOP has ~10,000
    "arrow_rows": 4_000,  # e.g. 40 return arrows each back over 100 rows
    "header": 1_800,  # e.g. a 300-character label with up to 6 lanes, 60 with 30
}
HEADER_MIN_LANES = 6  # below this many lanes, columns stop getting wider


@dataclass(frozen=True)
class DrawingSize:
    """The measures of one SOP's drawings (see the module docstring)."""

    cells: int
    text: int
    arrow_rows: int
    header: int

    def excess(self, limits: dict[str, int] | None = None) -> tuple[str, int, int] | None:
        """The first measure over its limit as (measure, value, limit), or None."""
        for measure, limit in (limits or LIMITS).items():
            value = getattr(self, measure)
            if value > limit:
                return measure, value, limit
        return None


def measure(sop: Sop, organisasi: Organisasi) -> DrawingSize:
    """The drawing size of `sop` with its lanes named from `organisasi` (its arrows:
    `Sop.flow`, worked out once per SOP)."""
    roles = dict.fromkeys(sop.pelaksana)
    for step in sop.prosedur:
        roles.update(dict.fromkeys(step.pelaksana))
    lanes = max(1, len(roles))
    rows = len(sop.prosedur) + 2  # the derived Mulai and Selesai, at most
    labels = [_label(role, organisasi) for role in roles] or [""]
    header = max(len(label) for label in labels) * max(lanes, HEADER_MIN_LANES)
    arrow_rows = 0
    for arrow in sop.flow.arrows:
        if arrow.target is None:
            continue
        target = len(sop.prosedur) if arrow.target == END else arrow.target
        span = abs(target - arrow.source)
        if span > 1:
            arrow_rows += span
    return DrawingSize(
        cells=rows * lanes,
        text=sum(_step_text(step) for step in sop.prosedur),
        arrow_rows=arrow_rows,
        header=header,
    )


def too_large(
    sop: Sop,
    organisasi: Organisasi,
    limits: dict[str, int] | None = None,
) -> tuple[str, int, int] | None:
    """(measure, value, limit) when the drawings of `sop` would be too large, else None."""
    return measure(sop, organisasi).excess(limits)


def _label(role: str, organisasi: Organisasi) -> str:
    return role_in(organisasi, role).label


def _step_text(step: Langkah) -> int:
    # Plain loops, no generators: `sop check` measures every step of every SOP.
    total = 0
    for text in (step.kegiatan, step.pertanyaan, step.waktu, step.output, step.keterangan):
        if text:
            total += len(text)
    for item in step.kelengkapan:
        total += len(item)
    if step.jawaban:
        for label, target in step.jawaban.items():
            total += len(str(label)) + len(str(target))
    return total
