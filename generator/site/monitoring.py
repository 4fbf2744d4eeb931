"""The site's monitoring views: the "Pemantauan" page and each SOP page's partial.

Pure functions: the repository and a reference date in, view data out; the
templates `pemantauan.md.j2` and `_pemantauan_sop.md.j2` lay them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.messages import translate
from generator.model import Repository
from generator.model.pemantauan import PemantauanEntry, YaTidak
from generator.monitoring.status import SopCycle, cycles, sop_cycle
from generator.resolved import bidang_in_order, role_name, unit_name
from generator.site.views import sop_page

PEMANTAUAN_PAGE = "pemantauan.md"


@dataclass(frozen=True)
class AnswerView:
    """One evaluation question and its answer."""

    number: int
    question: str
    answer: str  # "Ya", "Tidak" or "" (not answered)
    ya: bool | None
    catatan: str | None


@dataclass(frozen=True)
class RowView:
    """One monitoring row."""

    prosedur: str
    berjalan_baik: bool
    catatan: str | None
    tindakan: str | None
    paraf: bool


@dataclass(frozen=True)
class RecordView:
    """One record as a reader sees it."""

    periode: str
    tanggal: dt.date
    penilai: str
    count_ya: int
    count_answered: int
    berjalan_baik: bool
    answers: list[AnswerView]
    rows: list[RowView]
    kesimpulan: str | None
    path: str


@dataclass(frozen=True)
class CycleView:
    """One SOP's place in the cycle, for the Pemantauan page and the SOP page."""

    id: str
    nama: str
    nomor: str | None
    page: str
    bidang: str
    status_key: str
    berlaku: bool
    last: RecordView | None
    history: list[RecordView]  # newest first
    next_due: dt.date | None  # None: draft
    overdue: bool


@dataclass(frozen=True)
class BidangCount:
    """Counts of one bidang for the Pemantauan page."""

    nama: str
    total: int
    berlaku: int
    terpantau: int  # in force and not overdue
    terlambat: int


def _record_view(entry: PemantauanEntry, repository: Repository, lang: str) -> RecordView:
    record = entry.record
    penilai = role_name(repository, record.penilai.jabatan).label
    if record.penilai.nama:
        penilai = f"{penilai} ({record.penilai.nama})"
    answers = [
        AnswerView(
            number,
            translate(f"evaluasi.pertanyaan.{number}", lang),
            translate(f"evaluasi.kolom_{answer.jawaban.value}", lang) if answer else "",
            (answer.jawaban is YaTidak.YA) if answer else None,
            answer.catatan if answer else None,
        )
        for number, _key, answer in record.evaluasi.answers()
    ]
    rows = [
        RowView(row.prosedur, row.berjalan_baik, row.catatan, row.tindakan, row.paraf)
        for row in record.pemantauan
    ]
    return RecordView(
        record.periode,
        record.tanggal,
        penilai,
        record.evaluasi.count_ya,
        record.evaluasi.count_answered,
        record.berjalan_baik,
        answers,
        rows,
        record.kesimpulan,
        entry.path,
    )


def cycle_view(cycle: SopCycle, repository: Repository, lang: str) -> CycleView:
    """The view of one SOP's cycle."""
    entry = cycle.entry
    bidang = unit_name(repository, entry.sop.unit.bidang).bidang
    history = [_record_view(record, repository, lang) for record in reversed(cycle.records)]
    due = cycle.next_due if cycle.next_due != dt.date.min else None
    return CycleView(
        id=entry.id,
        nama=entry.sop.nama,
        nomor=entry.sop.nomor,
        page=sop_page(entry.id),
        bidang=bidang,
        status_key=entry.sop.status.value,
        berlaku=cycle.next_due is not None,
        last=history[0] if history else None,
        history=history,
        next_due=due,
        overdue=cycle.overdue,
    )


def sop_cycle_view(
    repository: Repository, sop_id: str, today: dt.date, lang: str
) -> CycleView | None:
    """The cycle view of one SOP (for its page); None when it is not loaded or the
    office keeps no records yet (no sops/pemantauan/ folder)."""
    entry = repository.sop(sop_id)
    if repository.pemantauan is None:
        return None
    return cycle_view(sop_cycle(repository, entry, today), repository, lang) if entry else None


def monitoring_overview(
    repository: Repository, today: dt.date, lang: str
) -> tuple[list[CycleView], list[BidangCount]]:
    """Every SOP's cycle (overdue first) and the counts per bidang (in registry order)."""
    views = [cycle_view(cycle, repository, lang) for cycle in cycles(repository, today)]
    counts: list[BidangCount] = []
    for unit in bidang_in_order(repository, {e.sop.unit.bidang for e in repository.sops}):
        if not unit.bidang_known:
            continue  # counted per registered bidang only
        mine = [
            v
            for v, e in ((v, repository.sop(v.id)) for v in views)
            if e and e.sop.unit.bidang == unit.bidang_id
        ]
        if not mine:
            continue
        counts.append(
            BidangCount(
                unit.bidang,
                len(mine),
                sum(v.berlaku for v in mine),
                sum(v.berlaku and not v.overdue for v in mine),
                sum(v.overdue for v in mine),
            )
        )
    return views, counts
