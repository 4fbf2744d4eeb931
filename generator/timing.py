"""How long an SOP takes: main path, worst case, office and waiting time, per role.

- Main path: from the first step, taking the first answer of every decision
  (e.g. "Ya"), each step once. Steps done at the same time (`bersamaan`) count
  once, as the longest of them.
- Worst case: the main path plus, for every return arrow (panah balik) that
  leaves a step of the main path, one more pass over the steps it sends the
  document back through (from its target to the decision, inclusive); and for
  a correction loop that leaves the main path (a decision's other answer leads
  to a correcting step whose `lanjut_ke` goes back up), one more pass over the
  correcting steps and the main-path steps from the return's target to that
  decision.
- Office and waiting time: a step is waiting when it is marked `menunggu:
  true` or when every one of its pelaksana is an outside party (`eksternal:
  true` in organisasi.yaml); the main path is their sum.
- Per role: the main-path time of the steps each role performs (a step done
  together by two roles counts for both). A step done by one of several roles
  (`pelaksana_salah_satu`) counts once, under that set of roles ("salah satu").
- Service standard: `standar_waktu` is compared with the stretch of the main
  path from `standar_waktu_mulai` (default: the first step) to
  `standar_waktu_sampai` (default: the end), both inclusive.

Unknown is not zero: a working step whose waktu is missing, unreadable or not
fixed ("segera") adds nothing to a total, but the step is listed in `untimed`
(and, per role, in `role_untimed`), and `complete` is False; every output that
shows a total says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

from generator.duration import (
    DEFAULT_CALENDAR,
    ZERO,
    Duration,
    Reading,
    WaktuStatus,
    WorkCalendar,
    read_waktu,
)
from generator.flow import END, Arrow, ArrowKind, Flow, resolve_target
from generator.lastownermemo import LastOwnerMemo
from generator.model.sop import JenisLangkah, Sop

_TERMINALS = (JenisLangkah.MULAI, JenisLangkah.SELESAI)


@dataclass(frozen=True)
class SopTiming:
    """The time figures of one SOP."""

    step_durations: tuple[Duration | None, ...]  # per step; None = no readable duration
    step_status: tuple[WaktuStatus | None, ...]  # per step; None = no waktu written
    main_path: tuple[int, ...]  # step indexes (0-based)
    main_total: Duration  # office + waiting
    worst_total: Duration
    by_role: dict[str, Duration]  # in the SOP's column order, roles with time only
    target: Duration | None  # the SOP's standar_waktu, when given and readable
    office_total: Duration = ZERO  # the office's own work on the main path
    waiting_total: Duration = ZERO  # waiting (outside parties, `menunggu`) on the main path
    waiting_steps: tuple[int, ...] = ()  # every step that counts as waiting (any path)
    untimed: tuple[int, ...] = ()  # main-path working steps left out of the totals
    by_either: dict[tuple[str, ...], Duration] | None = None  # "salah satu" steps, once
    role_untimed: dict[str, tuple[int, ...]] | None = None  # per role: its untimed steps
    target_span: tuple[int, ...] = ()  # the main-path steps standar_waktu covers
    target_total: Duration | None = None  # main-path time over target_span

    @property
    def complete(self) -> bool:
        """True when every working step of the main path has a known duration."""
        return not self.untimed

    @cached_property
    def target_compared(self) -> Duration:
        """What standar_waktu is compared with: its stretch, or the whole main path."""
        return self.target_total if self.target_total is not None else self.main_total


# `read_waktu` keeps its readings too, but its key hashes the calendar (three
# fractions) at every step of every SOP; here the calendar is told by identity.
_READINGS: LastOwnerMemo[WorkCalendar, str, Reading] = LastOwnerMemo(
    lambda calendar, text: read_waktu(text, calendar)
)


def waktu_reading(text: str, calendar: WorkCalendar) -> Reading:
    """`read_waktu(text, calendar)`, kept for the run's calendar (told by identity):
    for code that reads every step's waktu of every SOP."""
    return _READINGS.get(calendar, text)


def is_waiting(sop: Sop, index: int, external: frozenset[str]) -> bool:
    """True when step `index` is waiting time, not the office's work."""
    step = sop.prosedur[index]
    if step.menunggu:
        return True
    return bool(step.pelaksana) and all(role in external for role in step.pelaksana)


def _total(
    indexes: list[int] | tuple[int, ...],
    cost: list[Duration],
    flow: Flow,
) -> Duration:
    """The sum of `indexes`, a parallel group counting as its longest member."""
    # Summed as plain numbers, one Duration made at the end: this runs for every
    # path of every SOP, and a Duration per addition was most of `sop check`'s timing.
    low = high = 0
    at_most = at_least = False
    seen_groups: dict[tuple[int, ...], Duration] = {}
    group_of = flow.group_of
    for index in indexes:
        group = group_of.get(index)
        if group is None:
            part = cost[index]
            low += part.low_seconds
            high += part.high_seconds
            at_most = at_most or part.at_most
            at_least = at_least or part.at_least
        else:
            seen_groups[group] = seen_groups.get(group, ZERO).longest(cost[index])
    for longest in seen_groups.values():
        low += longest.low_seconds
        high += longest.high_seconds
        at_most = at_most or longest.at_most
        at_least = at_least or longest.at_least
    return Duration(low, high, at_most, at_least)


def _add(sums: dict, key: object, part: Duration) -> None:
    """Add `part` to the running sum of `key` ([low, high, at_most, at_least])."""
    found = sums.get(key)
    if found is None:
        sums[key] = [part.low_seconds, part.high_seconds, part.at_most, part.at_least]
    else:
        found[0] += part.low_seconds
        found[1] += part.high_seconds
        found[2] = found[2] or part.at_most
        found[3] = found[3] or part.at_least


def _minus(total: Duration, part: Duration) -> Duration:
    return Duration(
        max(0, total.low_seconds - part.low_seconds),
        max(0, total.high_seconds - part.high_seconds),
        total.at_most,
        total.at_least,
    )


def sop_timing(
    sop: Sop,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    flow: Flow | None = None,
    external: frozenset[str] = frozenset(),
) -> SopTiming:
    """Compute the SopTiming of `sop` under `calendar`; `external` are the outside roles."""
    flow = flow or sop.flow
    steps = sop.prosedur
    # One pass over the steps: their readings (kept for the run's calendar) and
    # whether they wait; `is_waiting` is the rule, written out for this hot loop.
    known = _READINGS.values_of(calendar)
    step_durations: list[Duration | None] = []
    statuses: list[WaktuStatus | None] = []
    cost: list[Duration] = []
    waiting_list: list[int] = []
    outside = external if isinstance(external, frozenset) else frozenset(external)
    for index, step in enumerate(steps):
        text = step.waktu
        if text:
            reading = known.get(text)
            if reading is None:
                reading = _READINGS.get(calendar, text)
            step_durations.append(reading.duration)
            statuses.append(reading.status)
            cost.append(reading.duration or ZERO)
        else:
            step_durations.append(None)
            statuses.append(None)
            cost.append(ZERO)
        if step.menunggu or (outside and step.pelaksana and outside.issuperset(step.pelaksana)):
            waiting_list.append(index)
    waiting = tuple(waiting_list)
    durations = tuple(step_durations)
    main = flow.main_path

    untimed = tuple([i for i in main if durations[i] is None and steps[i].kind not in _TERMINALS])
    main_total = _total(main, cost, flow)
    if waiting:
        waiting_set = set(waiting)
        office_only = [c if i not in waiting_set else ZERO for i, c in enumerate(cost)]
        office_total = _total(main, office_only, flow)
    else:  # nothing waits: the office's own time is the whole main path
        office_total = main_total
    waiting_total = _minus(main_total, office_total)

    worst_total = main_total
    position = {step: order for order, step in enumerate(main)}
    back = ArrowKind.RETURN
    for arrow in flow.arrows:
        if arrow.kind is not back or arrow.target is None or arrow.target == END:
            continue
        assert arrow.target is not None
        if arrow.source in position:
            loop = [i for i in main if arrow.target <= i <= arrow.source]
            worst_total = worst_total + _total(loop, cost, flow)
        elif arrow.target in position:
            worst_total = worst_total + _detour_loop(flow, main, position, arrow, cost)

    # Sums as plain numbers per role ([low, high, at_most, at_least]), one Duration
    # each at the end, as in `_total`.
    role_sums: dict[str, list] = {}
    either_sums: dict[tuple[str, ...], list] = {}
    role_untimed: dict[str, list[int]] = {}
    for index in main:
        step = steps[index]
        pelaksana = step.pelaksana
        roles = tuple(dict.fromkeys(pelaksana)) if len(pelaksana) > 1 else tuple(pelaksana)
        if untimed and index in untimed:
            for role in roles:
                role_untimed.setdefault(role, []).append(index)
        part = cost[index]
        if step.pelaksana_salah_satu and len(roles) > 1:
            _add(either_sums, roles, part)
            continue
        low, high, at_most, at_least = (
            part.low_seconds,
            part.high_seconds,
            part.at_most,
            part.at_least,
        )
        for role in roles:  # `_add`, written out: every main-path step of every SOP
            found = role_sums.get(role)
            if found is None:
                role_sums[role] = [low, high, at_most, at_least]
            else:
                found[0] += low
                found[1] += high
                found[2] = found[2] or at_most
                found[3] = found[3] or at_least
    by_role = {role: Duration(*sums) for role, sums in role_sums.items()}
    by_either = {roles: Duration(*sums) for roles, sums in either_sums.items()}
    ordered = {role: by_role[role] for role in sop.pelaksana if role in by_role}
    if len(ordered) < len(by_role):
        ordered.update({r: d for r, d in by_role.items() if r not in ordered})

    target_reading = waktu_reading(sop.standar_waktu, calendar) if sop.standar_waktu else None
    target = target_reading.duration if target_reading else None
    span = _target_span(sop, main)
    bounded = sop.standar_waktu_mulai is not None or sop.standar_waktu_sampai is not None
    target_total = _total(span, cost, flow) if bounded and span else None
    return SopTiming(
        step_durations=durations,
        step_status=tuple(statuses),
        main_path=main,
        main_total=main_total,
        worst_total=worst_total,
        by_role=ordered,
        target=target,
        office_total=office_total,
        waiting_total=waiting_total,
        waiting_steps=waiting,
        untimed=untimed,
        by_either=by_either,
        role_untimed={role: tuple(steps) for role, steps in role_untimed.items()},
        target_span=span,
        target_total=target_total,
    )


def _detour_loop(
    flow: Flow,
    main: tuple[int, ...],
    position: dict[int, int],
    arrow: Arrow,
    cost: list[Duration],
) -> Duration:
    """One more pass round a correction loop that leaves the main path: a decision's
    other answer leads to steps off the path ("Tidak -> Melengkapi berkas") whose
    return arrow goes back to the path. The pass is the detour and the main-path
    steps from the return arrow's target to the decision; ZERO when no such loop."""
    assert arrow.target is not None
    for leave in reversed(main):
        if position[leave] < position[arrow.target]:
            break
        detour = _path_off_main(flow, leave, arrow.source, position)
        if detour is not None:
            repeated = list(main[position[arrow.target] : position[leave] + 1])
            return _total(repeated + detour, cost, flow)
    return ZERO


def _path_off_main(flow: Flow, start: int, goal: int, position: dict[int, int]) -> list[int] | None:
    """The steps off the main path from `start` (on it) to `goal`, or None."""
    parents: dict[int, int] = {}
    queue = [a.target for a in flow.outgoing(start) if a.target is not None]
    queue = [step for step in queue if step != END and step not in position]
    for step in queue:
        parents.setdefault(step, start)
    while queue:
        current = queue.pop(0)
        if current == goal:
            path = [current]
            while parents[path[-1]] != start:
                path.append(parents[path[-1]])
            return path[::-1]
        for nxt in flow.outgoing(current):
            target = nxt.target
            if target is None or target == END or target in position or target in parents:
                continue
            parents[target] = current
            queue.append(target)
    return None


def _target_span(sop: Sop, main: tuple[int, ...]) -> tuple[int, ...]:
    """The main-path steps from standar_waktu_mulai to standar_waktu_sampai, inclusive.

    A bound that names no step of the main path gives no span (the checker
    reports it); an unset bound is the start or the end of the main path.
    """
    start = 0
    stop = len(main) - 1
    if sop.standar_waktu_mulai is not None:
        index = resolve_target(sop, 0, sop.standar_waktu_mulai)
        if index is None or index not in main:
            return ()
        start = main.index(index)
    if sop.standar_waktu_sampai is not None:
        index = resolve_target(sop, 0, sop.standar_waktu_sampai)
        if index == END:
            index = main[-1] if main else None
        if index is None or index not in main:
            return ()
        stop = main.index(index)
    return main[start : stop + 1]


def _minutes(value: Fraction) -> int | float:
    """Whole minutes as int; fractions (rare: '½ menit') as float."""
    return int(value) if value == int(value) else float(value)


def _numbers(indexes: tuple[int, ...]) -> list[int]:
    return [index + 1 for index in indexes]


def _bound(value: Duration) -> str | None:
    if value.at_most and not value.at_least:
        return "at_most"
    if value.at_least and not value.at_most:
        return "at_least"
    return "uncertain" if value.is_bound else None


def timing_json(timing: SopTiming) -> dict[str, Any]:
    """The time figures of one SOP as JSON-ready data (also used by `sop diff`).

    Minutes are working minutes; `*_max` is the upper end of a range. A total
    leaves out the steps in `untimed_steps` (`complete` is then false); a bound
    ("paling lama") shows in `main_path_bound`.
    """
    either = timing.by_either or {}
    return {
        "main_path_minutes": _minutes(timing.main_total.low),
        "main_path_minutes_max": _minutes(timing.main_total.high),
        "main_path_bound": _bound(timing.main_total),
        "main_path_steps": _numbers(timing.main_path),
        "complete": timing.complete,
        "untimed_steps": _numbers(timing.untimed),
        "office_minutes": _minutes(timing.office_total.low),
        "office_minutes_max": _minutes(timing.office_total.high),
        "waiting_minutes": _minutes(timing.waiting_total.low),
        "waiting_minutes_max": _minutes(timing.waiting_total.high),
        "waiting_steps": _numbers(timing.waiting_steps),
        "worst_case_minutes": _minutes(timing.worst_total.low),
        "worst_case_minutes_max": _minutes(timing.worst_total.high),
        "target_minutes": (_minutes(timing.target.high) if timing.target is not None else None),
        "target_steps": _numbers(timing.target_span) if timing.target_total is not None else None,
        "target_compared_minutes_max": (
            _minutes(timing.target_compared.high) if timing.target is not None else None
        ),
        "minutes_by_role": {role: _minutes(d.low) for role, d in timing.by_role.items()},
        "minutes_by_role_max": {role: _minutes(d.high) for role, d in timing.by_role.items()},
        "untimed_steps_by_role": {
            role: _numbers(steps) for role, steps in (timing.role_untimed or {}).items()
        },
        "minutes_by_either": [
            {"roles": list(roles), "minutes": _minutes(d.low), "minutes_max": _minutes(d.high)}
            for roles, d in either.items()
        ],
    }
