"""Where each SOP stands in the six-monthly cycle: last record, next due date, overdue.

Pure functions of the repository and a reference date ("today"), which the
caller always passes in: outputs never read the clock themselves.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import Repository, SopEntry, StatusSop
from generator.model.pemantauan import PemantauanEntry

# PermenPAN-RB 35/2012: monitoring every six months.
CYCLE_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def effective_date(entry: SopEntry) -> dt.date | None:
    """The SOP's Tgl. Efektif as a day (a year or month alone: its first day)."""
    value = entry.sop.tanggal.efektif
    if value is None:
        return None
    return dt.date(value.year, value.month or 1, value.day or 1)


@dataclass(frozen=True)
class SopCycle:
    """One SOP's place in the cycle."""

    entry: SopEntry
    records: tuple[PemantauanEntry, ...]  # oldest first
    next_due: dt.date | None  # None: a draft, not monitored yet
    overdue: bool

    @property
    def last(self) -> PemantauanEntry | None:
        """The latest record, if any."""
        return self.records[-1] if self.records else None


def next_due(entry: SopEntry, records: tuple[PemantauanEntry, ...]) -> dt.date | None:
    """When the next record of an SOP in force is due (None for a draft).

    Six months after the last record, or earlier when that record planned its
    review earlier; without a record, six months after Tgl. Efektif (an SOP
    in force without that date is due at once: the date is the minimum).
    """
    if entry.sop.status is not StatusSop.BERLAKU:
        return None
    if records:
        last = records[-1].record
        due = add_months(last.tanggal, CYCLE_MONTHS)
        if last.tinjauan_berikutnya is not None:
            due = min(due, last.tinjauan_berikutnya)
        return due
    start = effective_date(entry)
    return add_months(start, CYCLE_MONTHS) if start else dt.date.min


def sop_cycle(repository: Repository, entry: SopEntry, today: dt.date) -> SopCycle:
    """The cycle of one SOP as of `today`."""
    records = repository.records_of(entry.id)
    due = next_due(entry, records)
    return SopCycle(entry, records, due, due is not None and due < today)


def cycles(repository: Repository, today: dt.date) -> list[SopCycle]:
    """Every SOP's cycle: overdue first (longest overdue first), then by due date and id."""
    found = [sop_cycle(repository, entry, today) for entry in repository.sops]
    return sorted(
        found,
        key=lambda c: (not c.overdue, c.next_due is None, c.next_due or dt.date.max, c.entry.id),
    )


def reference_date(repository: Repository, environ: Mapping[str, str]) -> dt.date:
    """The "today" of outputs that must be the same for the same input (site, register).

    SOURCE_DATE_EPOCH when set (`sop build` sets it to the last commit's time);
    otherwise the newest full date written in the records and SOPs, so the
    result never depends on the clock.
    """
    stamp = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if stamp.isdigit() and int(stamp) > 0:
        return dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC).date()
    found = [e.record.tanggal for e in repository.pemantauan or ()]
    for entry in repository.sops:
        for value in (entry.sop.tanggal.pembuatan, entry.sop.tanggal.revisi):
            if value is not None and value.month and value.day:
                found.append(dt.date(value.year, value.month, value.day))
        start = effective_date(entry)
        if start is not None:
            found.append(start)
    return max(found, default=dt.date(2000, 1, 1))
