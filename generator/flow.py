"""The flow of an SOP as a graph: which step leads to which, by which answer.

Steps are indexed from 0 here (the form numbers them from 1). A process step
leads to the next one; the last leads to the end. A decision leads wherever its
answers say, in order: the first answer is the main path. A `selesai` step is
an end. Targets that name no step resolve to None; the checker reports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from generator.model.sop import END as END_WORD
from generator.model.sop import NEXT_STEP, JenisLangkah, Sop

END = -1  # the index of the (explicit or derived) end of the flow


@dataclass(frozen=True)
class Arrow:
    """One arrow of the flowchart: from a step to a step, END, or nowhere (None)."""

    source: int
    target: int | None
    label: str | None = None  # the decision's answer, None for a plain arrow
    answer_index: int = 0  # 0 for the first answer (the main path)

    @property
    def is_return(self) -> bool:
        """A "panah balik": goes back up to this step or an earlier one."""
        return self.target is not None and self.target != END and self.target <= self.source


def resolve_target(sop: Sop, index: int, target: int | str) -> int | None:
    """The step index (or END) that answer `target` of step `index` leads to."""
    if isinstance(target, int):
        return target - 1 if 1 <= target <= len(sop.prosedur) else None
    word = target.strip().lower()
    if word == NEXT_STEP:
        return index + 1 if index + 1 < len(sop.prosedur) else END
    if word == END_WORD:
        return END
    if word.isdigit():
        return resolve_target(sop, index, int(word))
    for other, step in enumerate(sop.prosedur):
        if step.id == target:
            return other
    return None


@dataclass(frozen=True)
class Flow:
    """The arrows of one SOP and the questions asked about them."""

    sop: Sop

    @cached_property
    def arrows(self) -> tuple[Arrow, ...]:
        """Every arrow, in step order then answer order."""
        result: list[Arrow] = []
        steps = self.sop.prosedur
        for index, step in enumerate(steps):
            if step.kind is JenisLangkah.SELESAI:
                continue
            if step.jawaban:
                for order, (label, target) in enumerate(step.jawaban.items()):
                    resolved = resolve_target(self.sop, index, target)
                    result.append(Arrow(index, resolved, label, order))
            else:
                result.append(Arrow(index, index + 1 if index + 1 < len(steps) else END))
        return tuple(result)

    @cached_property
    def _outgoing(self) -> dict[int, list[Arrow]]:
        table: dict[int, list[Arrow]] = {i: [] for i in range(len(self.sop.prosedur))}
        for arrow in self.arrows:
            table[arrow.source].append(arrow)
        return table

    def outgoing(self, index: int) -> list[Arrow]:
        """The arrows leaving step `index`, in answer order."""
        return self._outgoing.get(index, [])

    def is_end(self, index: int) -> bool:
        """True for the END marker and for `selesai` steps."""
        return index == END or self.sop.prosedur[index].kind is JenisLangkah.SELESAI

    @cached_property
    def main_path(self) -> tuple[int, ...]:
        """Step indexes along the first answer of every decision, each step once."""
        path: list[int] = []
        current: int | None = 0
        while current is not None and current != END and current not in path:
            path.append(current)
            outgoing = self.outgoing(current)
            current = outgoing[0].target if outgoing else None
        return tuple(path)

    @cached_property
    def main_path_reaches_end(self) -> bool:
        """True when the main path ends at an end, not in a loop or nowhere."""
        if not self.main_path:
            return False
        last = self.main_path[-1]
        if self.is_end(last):
            return True
        outgoing = self.outgoing(last)
        return bool(outgoing) and outgoing[0].target == END

    @cached_property
    def reachable(self) -> frozenset[int]:
        """Steps (and END) some path from the first step reaches."""
        seen: set[int] = set()
        stack = [0] if self.sop.prosedur else []
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            if current == END:
                continue
            stack.extend(a.target for a in self.outgoing(current) if a.target is not None)
        return frozenset(seen)

    @cached_property
    def reaches_end(self) -> frozenset[int]:
        """Steps from which some path leads to an end."""
        incoming: dict[int, list[int]] = {}
        for arrow in self.arrows:
            if arrow.target is not None:
                incoming.setdefault(arrow.target, []).append(arrow.source)
        ends = [END] + [i for i in range(len(self.sop.prosedur)) if self.is_end(i)]
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
