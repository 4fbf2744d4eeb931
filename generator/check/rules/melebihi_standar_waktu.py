"""The main path must fit in the SOP's service-time target (standar_waktu).

The main path takes the first answer of every decision, each step once. With
`standar_waktu_mulai` / `standar_waktu_sampai`, only that stretch of it is
compared (a clock that starts when the requirements are complete). When the
compared stretch holds waiting time (the applicant getting a letter from the
Kelurahan, an outside agency's answer), the hint says how much, and when the
waiting comes first, which step the clock could start at.

PASS:

    standar_waktu: 1 hari

FAIL:

    standar_waktu: 1 jam
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.check.base import Finding, SopContext
from generator.duration import ZERO, Duration, DurationText
from generator.messages import translate
from generator.problems import Severity
from generator.timing_words import step_list

ID = "melebihi-standar-waktu"
CATEGORY = "waktu"
SEVERITY = Severity.WARNING
SCOPE = "sop"


@dataclass(frozen=True)
class WaitingNote:
    """The part of the hint about waiting time in the compared stretch ("" when none)."""

    waiting: DurationText | None = None
    steps: str = ""
    start: int | None = None  # the first office step, when the waiting comes first

    def localised(self, lang: str) -> str:
        """The note in `lang`."""
        if self.waiting is None:
            return ""
        key = "menunggu_awal" if self.start is not None else "menunggu"
        return translate(
            f"check.{ID}.{key}", lang, waktu=self.waiting, steps=self.steps, mulai=self.start
        )

    def __str__(self) -> str:
        return self.localised("id")


def _waiting_note(context: SopContext) -> WaitingNote:
    timing = context.timing
    span = timing.target_span or timing.main_path
    waiting = set(timing.waiting_steps)
    in_span = [index for index in span if index in waiting]
    total: Duration = ZERO
    for index in in_span:
        total = total + (timing.step_durations[index] or ZERO)
    if not in_span or not total.high_seconds:
        return WaitingNote()
    leading = 0
    while leading < len(span) and span[leading] in waiting:
        leading += 1
    start = span[leading] + 1 if 0 < leading < len(span) else None
    numbers = step_list(tuple(index + 1 for index in in_span))
    return WaitingNote(DurationText(total, context.calendar), numbers, start)


def check(context: SopContext) -> Iterator[Finding]:
    """The main-path total against standar_waktu."""
    timing = context.timing
    if (
        timing.target is not None
        and timing.target_compared.high_seconds > timing.target.high_seconds
    ):
        yield Finding(
            context.at("standar_waktu"),
            {
                "total": DurationText(timing.target_compared, context.calendar),
                "target": DurationText(timing.target, context.calendar),
                "menunggu": _waiting_note(context),
            },
        )
