"""What a check rule sees and returns.

A rule is a module under `generator/check/rules/` with:

- a docstring: what the rule checks and why, then a `PASS:` and a `FAIL:`
  example (indented YAML, merged over the base example SOP; several files are
  separated by `---`). The docs page and the rule's tests are built from it;
- `ID` (stable, kebab-case), `CATEGORY`, `SEVERITY`, `SCOPE` ("sop" or
  "repository");
- `check(context)`, a generator of Findings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.duration import WorkCalendar
from generator.flow import Flow
from generator.model import JenisLangkah, Repository, Sop, SopEntry
from generator.problems import Position
from generator.resolved import ResolvedSop
from generator.timing import SopTiming

TERMINALS = (JenisLangkah.MULAI, JenisLangkah.SELESAI)


@dataclass(frozen=True)
class Finding:
    """What a rule found: where, and the values its message needs."""

    position: Position
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SopContext:
    """One SOP with everything a rule may ask about it."""

    entry: SopEntry
    repository: Repository
    calendar: WorkCalendar

    @cached_property
    def sop(self) -> Sop:
        """The SOP model (kept: every rule asks for it, at every step)."""
        return self.entry.sop

    @cached_property
    def resolved(self) -> ResolvedSop:
        """The SOP resolved once (arrows, names, timing): what the drawings read too."""
        return ResolvedSop(self.entry, self.repository, self.calendar)

    @cached_property
    def flow(self) -> Flow:
        """The SOP's arrows and paths (the resolved SOP's, kept here too: rules ask
        for it at every step)."""
        return self.resolved.flow

    @cached_property
    def timing(self) -> SopTiming:
        """The SOP's time figures (the resolved SOP's, kept here too)."""
        return self.resolved.timing

    @cached_property
    def working_steps(self) -> tuple[int, ...]:
        """Indexes of the steps that do work (not a start or end terminator): asked by
        several rules, found once."""
        return tuple(i for i, step in enumerate(self.sop.prosedur) if step.kind not in TERMINALS)

    def at(self, *data_path: str | int, key: bool = False) -> Position:
        """The position of a value of this SOP (or of its nearest written parent)."""
        return self.entry.position(*data_path, key=key)

    def step_label(self, index: int) -> str:
        """How a reader names step `index` (0-based): its number on the form."""
        return str(index + 1)

    def role_name(self, role: str) -> str:
        """The registry's short name of `role`, or the id when unknown."""
        return self.resolved.role(role).label


@dataclass(frozen=True)
class RepositoryContext:
    """All SOPs, for rules that compare SOPs with each other."""

    repository: Repository
    calendar: WorkCalendar
    # The reference date of date-bound rules (monitoring cycle): always passed
    # in, so a report is the same on any day for the same input and date.
    today: dt.date
