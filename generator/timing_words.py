"""An SOP's time figures in words, for every output that prints a total.

The site's catalogue and SOP page and the printed book all say the same thing
the same way, so it is written once here:

- the main-path total, with its bounds as the author wrote them ("paling lama
  3 hari", a range "1 hari s.d. 2 hari");
- the office's own time and the waiting time apart, when some time is waiting
  ("kantor 1 hari + menunggu 2 hari");
- a total that leaves steps out says so ("belum lengkap: langkah 4 tanpa
  waktu"); a total with no known time at all is "belum diketahui", never
  "0 menit".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.duration import DEFAULT_CALENDAR, Duration, WorkCalendar, format_duration
from generator.messages import DEFAULT_LANG, translate
from generator.timing import SopTiming


@dataclass(frozen=True)
class TimingWords:
    """The main-path total of one SOP in words, with its office/waiting split."""

    total: str  # the main path: office + waiting
    office: str = ""  # the office's own work; "" when nothing is waiting
    waiting: str = ""  # waiting for outside parties; "" when nothing is waiting
    incomplete: str = ""  # "belum lengkap: langkah 4 tanpa waktu"; "" when complete
    untimed_steps: tuple[int, ...] = ()  # step numbers (from 1) left out of the total

    @property
    def complete(self) -> bool:
        """True when every working step of the main path has a known time."""
        return not self.untimed_steps

    def line(self, lang: str = DEFAULT_LANG) -> str:
        """Everything in one line (a catalogue cell, a table caption)."""
        text = self.total
        if self.waiting:
            split = translate(
                "durasi.ringkasan.rincian", lang, kantor=self.office, tunggu=self.waiting
            )
            text = f"{text} ({split})"
        if self.incomplete:
            text = f"{text}; {self.incomplete}"
        return text


def step_list(numbers: tuple[int, ...]) -> str:
    """Step numbers as a reader writes them: "4", "4, 7", "4-6, 9"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [
        str(run[0])
        if len(run) == 1
        else f"{run[0]}, {run[1]}"
        if len(run) == 2
        else f"{run[0]}-{run[-1]}"
        for run in runs
    ]
    return ", ".join(parts)


def timing_words(
    timing: SopTiming,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    lang: str = DEFAULT_LANG,
    write_duration: Callable[[Duration, WorkCalendar, str], str] = format_duration,
) -> TimingWords:
    """The main-path figures of `timing` in words, in `lang`.

    `write_duration` writes one duration (a caller writing a thousand summaries
    passes a cached one; the words are the same)."""
    untimed = tuple(index + 1 for index in timing.untimed)
    nothing_known = not timing.main_total.high_seconds and untimed
    if nothing_known:
        total = translate("durasi.ringkasan.belum_diketahui", lang)
    else:
        total = write_duration(timing.main_total, calendar, lang)
    office = waiting = ""
    if timing.waiting_total.high_seconds:
        office = write_duration(timing.office_total, calendar, lang)
        waiting = write_duration(timing.waiting_total, calendar, lang)
    incomplete = ""
    if untimed:
        incomplete = translate("durasi.ringkasan.belum_lengkap", lang, steps=step_list(untimed))
    return TimingWords(total, office, waiting, incomplete, untimed)
