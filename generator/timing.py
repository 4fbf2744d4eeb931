"""How long an SOP takes: main path, worst case and time per role, in working minutes.

- Main path: from the first step, taking the first answer of every decision
  (e.g. "Ya"), each step once.
- Worst case: the main path plus, for every return arrow (panah balik) that
  leaves a step of the main path, one more pass over the steps it sends the
  document back through (from its target to the decision, inclusive).
- Per role: the main-path time of the steps each role performs (a step done by
  two roles counts for both).

Steps whose waktu is missing or unreadable count as zero here; the checker
reports them, so a total is never silently wrong without a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.duration import DEFAULT_CALENDAR, ZERO, Duration, WorkCalendar, parse_waktu
from generator.flow import END, Flow
from generator.model.sop import Sop


@dataclass(frozen=True)
class SopTiming:
    """The time figures of one SOP."""

    step_durations: tuple[Duration | None, ...]  # per step; None = missing or unreadable
    main_path: tuple[int, ...]  # step indexes (0-based)
    main_total: Duration
    worst_total: Duration
    by_role: dict[str, Duration]  # in the SOP's column order, roles with time only
    target: Duration | None  # the SOP's standar_waktu, when given and readable


def sop_timing(
    sop: Sop, calendar: WorkCalendar = DEFAULT_CALENDAR, flow: Flow | None = None
) -> SopTiming:
    """Compute the SopTiming of `sop` under `calendar`."""
    flow = flow or Flow(sop)
    durations = tuple(
        parse_waktu(step.waktu, calendar) if step.waktu else None for step in sop.prosedur
    )

    def cost(index: int) -> Duration:
        return durations[index] or ZERO

    main = flow.main_path
    main_total = sum((cost(i) for i in main), ZERO)
    worst_total = main_total
    on_main = set(main)
    for arrow in flow.arrows:
        if arrow.is_return and arrow.source in on_main and arrow.target not in (None, END):
            assert arrow.target is not None
            loop = [i for i in main if arrow.target <= i <= arrow.source]
            worst_total = worst_total + sum((cost(i) for i in loop), ZERO)

    by_role: dict[str, Duration] = {}
    for index in main:
        for role in sop.prosedur[index].pelaksana:
            by_role[role] = by_role.get(role, ZERO) + cost(index)
    ordered = {role: by_role[role] for role in sop.pelaksana if role in by_role}
    ordered.update({r: d for r, d in by_role.items() if r not in ordered})

    target = parse_waktu(sop.standar_waktu, calendar) if sop.standar_waktu else None
    return SopTiming(durations, main, main_total, worst_total, ordered, target)
