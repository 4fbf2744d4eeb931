"""The flow of an SOP as a graph: the one list of arrows every output reads.

Steps are indexed from 0 here (the form numbers them from 1). Every output
(the checker, the swimlane, the procedure table, the site, the diff) reads
`Flow(sop).arrows`; none resolves an answer itself (`resolve_target` is the
only resolver, and the model has already normalised how targets are spelled).

- A process step leads to the next one; the last leads to the end (END).
  With `lanjut_ke` it leads there instead (a jump: branches rejoin, or an end
  in the middle of the table).
- A decision leads wherever its answers say, in order: the first answer is the
  main path.
- A `selesai` step is an end: no arrow leaves it.
- Parallel steps (`bersamaan: true`, joined to the step before) form a group:
  an arrow into the group's first step is also drawn to every other member, and
  each member (without its own `lanjut_ke`/`jawaban`) leads to the step after
  the group. The main path holds every member; timing takes the longest.
- Targets that name no step resolve to None; the checker reports them.

Each arrow has a kind: `return` (to the same step or one above it: a "panah
balik"), `jump` (written by the author and skipping down past the next step,
or to the end from the middle of the table) or `forward` (everything else).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from generator.model.sop import END as END_WORD
from generator.model.sop import NEXT_STEP, JenisLangkah, Sop, normalise_target

END = -1  # the index of the (explicit or derived) end of the flow


class ArrowKind(StrEnum):
    """How an arrow runs on the page."""

    FORWARD = "forward"  # to the next step (or group), or to the end from the last step
    RETURN = "return"  # back up to this step or an earlier one (panah balik)
    JUMP = "jump"  # down past the next step, or to the end from the middle


@dataclass(frozen=True)
class Arrow:
    """One arrow of the flowchart: from a step to a step, END, or nowhere (None)."""

    source: int
    target: int | None
    label: str | None = None  # the decision's answer, None for a plain arrow
    kind: ArrowKind = ArrowKind.FORWARD
    written: bool = False  # the target was written by the author (jawaban or lanjut_ke)
    parallel: bool = False  # fans out to (or joins from) a group of parallel steps

    @property
    def is_return(self) -> bool:
        """A "panah balik": goes back up to this step or an earlier one."""
        return self.kind is ArrowKind.RETURN


def resolve_target(sop: Sop, index: int, target: int | str) -> int | None:
    """The step index (or END) that target `target` written at step `index` leads to.

    The only resolver of targets: `lanjut` (the next step, or END after the
    last), `selesai` (the end row written in the table, `jenis: selesai`, else
    END), a step number, or a step id; None when no step has it.
    """
    target = normalise_target(target)
    if isinstance(target, int):
        return target - 1 if 1 <= target <= len(sop.prosedur) else None
    if target == NEXT_STEP:
        return index + 1 if index + 1 < len(sop.prosedur) else END
    if target == END_WORD:
        return _written_end(sop, index)
    for other, step in enumerate(sop.prosedur):
        if step.id is not None and step.id == target:
            return other
    lowered = target.lower()  # ids are lower case; "Periksa" still means "periksa"
    for other, step in enumerate(sop.prosedur):
        if step.id is not None and step.id == lowered:
            return other
    return None


def _written_end(sop: Sop, index: int) -> int:
    """Where `selesai` leads from step `index`: the end row the author wrote in the
    table (`jenis: selesai`; the first one after the step, else the last one), or
    the derived end (END) when the table has none."""
    ends = [i for i, step in enumerate(sop.prosedur) if step.kind is JenisLangkah.SELESAI]
    after = [i for i in ends if i > index]
    if after:
        return after[0]
    return ends[-1] if ends else END


def parallel_groups(sop: Sop) -> tuple[tuple[int, ...], ...]:
    """Runs of steps done at the same time: a step and the `bersamaan` steps after it.

    Only groups of two or more steps are returned, in table order.
    """
    groups: list[list[int]] = []
    for index, step in enumerate(sop.prosedur):
        if step.bersamaan and index > 0 and groups and groups[-1][-1] == index - 1:
            groups[-1].append(index)
        elif step.bersamaan and index > 0:
            groups.append([index - 1, index])
        else:
            groups.append([index])
    return tuple(tuple(group) for group in groups if len(group) > 1)


def _kind(source: int, target: int | None, count: int, written: bool) -> ArrowKind:
    if target is None:
        return ArrowKind.FORWARD
    if target != END and target <= source:
        return ArrowKind.RETURN
    if not written:
        return ArrowKind.FORWARD
    if target == END:
        return ArrowKind.JUMP if source < count - 1 else ArrowKind.FORWARD
    return ArrowKind.JUMP if target > source + 1 else ArrowKind.FORWARD


@dataclass(frozen=True)
class Flow:
    """The arrows of one SOP and the questions asked about them."""

    sop: Sop

    @cached_property
    def groups(self) -> tuple[tuple[int, ...], ...]:
        """The groups of parallel steps (see `parallel_groups`)."""
        return parallel_groups(self.sop)

    @cached_property
    def group_of(self) -> dict[int, tuple[int, ...]]:
        """For each step in a parallel group, its whole group."""
        return {index: group for group in self.groups for index in group}

    def _after(self, index: int) -> int:
        """Where a plain step leads: past its parallel group, else the next step, else END."""
        group = self.group_of.get(index)
        last = group[-1] if group else index
        return last + 1 if last + 1 < len(self.sop.prosedur) else END

    @cached_property
    def arrows(self) -> tuple[Arrow, ...]:
        """Every arrow, in step order then answer order."""
        steps = self.sop.prosedur
        count = len(steps)
        group_of = self.group_of
        plain: list[Arrow] = []
        for index, step in enumerate(steps):
            if step.kind is JenisLangkah.SELESAI:
                continue
            if step.jawaban:
                for label, target in step.jawaban.items():
                    resolved = resolve_target(self.sop, index, target)
                    if target == NEXT_STEP:
                        resolved = self._after(index)
                    kind = _kind(index, resolved, count, target != NEXT_STEP)
                    plain.append(Arrow(index, resolved, label, kind, target != NEXT_STEP))
            elif step.lanjut_ke is not None:
                resolved = resolve_target(self.sop, index, step.lanjut_ke)
                written = step.lanjut_ke != NEXT_STEP
                if not written:
                    resolved = self._after(index)
                plain.append(
                    Arrow(index, resolved, None, _kind(index, resolved, count, written), written)
                )
            else:  # to the next step, or past its group: always down, never written
                group = group_of.get(index)
                last = group[-1] + 1 if group else index + 1
                target = last if last < count else END
                plain.append(Arrow(index, target, None, ArrowKind.FORWARD, False, bool(group)))
        if not group_of:  # no parallel steps (most SOPs): no arrow fans out
            return tuple(plain)
        # An arrow into a parallel group fans out to every member.
        result: list[Arrow] = []
        for arrow in plain:
            result.append(arrow)
            group = group_of.get(arrow.target) if arrow.target is not None else None
            if group and arrow.target == group[0] and arrow.source not in group:
                for member in group[1:]:
                    kind = _kind(arrow.source, member, count, arrow.written)
                    if kind is ArrowKind.JUMP and not arrow.written:
                        kind = ArrowKind.FORWARD
                    result.append(
                        Arrow(arrow.source, member, arrow.label, kind, arrow.written, True)
                    )
        return tuple(result)

    @cached_property
    def starts(self) -> tuple[int, ...]:
        """The steps the flow starts with: step 1, or its whole parallel group."""
        if not self.sop.prosedur:
            return ()
        group = self.group_of.get(0)
        return group if group and group[0] == 0 else (0,)

    @cached_property
    def _outgoing(self) -> dict[int, list[Arrow]]:
        table: dict[int, list[Arrow]] = {i: [] for i in range(len(self.sop.prosedur))}
        for arrow in self.arrows:
            table[arrow.source].append(arrow)
        return table

    @cached_property
    def _targets(self) -> list[list[int]]:
        """Per step, where its arrows lead (arrows that lead nowhere left out), in order."""
        table: list[list[int]] = [[] for _ in self.sop.prosedur]
        for arrow in self.arrows:
            if arrow.target is not None:
                table[arrow.source].append(arrow.target)
        return table

    def outgoing(self, index: int) -> list[Arrow]:
        """The arrows leaving step `index`, in answer order."""
        return self._outgoing.get(index, [])

    @cached_property
    def stuck(self) -> frozenset[int]:
        """Steps no arrow leads anywhere from: none leaves them (an end row) or every
        target names no step. Most SOPs have none but their end rows."""
        leading = {arrow.source for arrow in self.arrows if arrow.target is not None}
        return frozenset(i for i in range(len(self.sop.prosedur)) if i not in leading)

    def is_end(self, index: int) -> bool:
        """True for the END marker and for `selesai` steps."""
        return index == END or self.sop.prosedur[index].kind is JenisLangkah.SELESAI

    @cached_property
    def main_path(self) -> tuple[int, ...]:
        """Step indexes along the first answer of every decision, each step once.

        A parallel group on the path contributes all its members, in table order.
        """
        path: list[int] = []
        on_path: set[int] = set()  # `path` as a set: asked at every step
        group_of = self.group_of
        outgoing = self._outgoing
        current: int | None = 0 if self.sop.prosedur else None
        while current is not None and current != END and current not in on_path:
            group = group_of.get(current) if group_of else None
            if group and current == group[0]:
                for member in group:
                    if member not in on_path:
                        path.append(member)
                        on_path.add(member)
                last = group[-1]
            else:
                path.append(current)
                on_path.add(current)
                last = current
            leaving = outgoing.get(last)
            current = leaving[0].target if leaving else None
        return tuple(path)

    @cached_property
    def reachable(self) -> frozenset[int]:
        """Steps (and END) some path from the first step reaches."""
        seen: set[int] = set()
        stack = list(self.starts)
        targets = self._targets
        group_of = self.group_of
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            if current == END:
                continue
            stack.extend(targets[current])
            group = group_of.get(current) if group_of else None
            if group and current == group[0]:  # entering a group starts all its members
                stack.extend(group[1:])
        return frozenset(seen)

    @cached_property
    def reaches_end(self) -> frozenset[int]:
        """Steps from which some path leads to an end."""
        incoming: dict[int, list[int]] = {}
        for source, targets in enumerate(self._targets):
            for target in targets:
                found = incoming.get(target)
                if found is None:
                    incoming[target] = [source]
                else:
                    found.append(source)
        selesai = JenisLangkah.SELESAI
        ends = [END] + [i for i, step in enumerate(self.sop.prosedur) if step.kind is selesai]
        seen: set[int] = set()
        stack = list(ends)
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(incoming.get(current, []))
        return frozenset(i for i in seen if i != END)

    @cached_property
    def has_reachable_end(self) -> bool:
        """True when some path from the first step reaches an end."""
        return any(self.is_end(i) for i in self.reachable)
