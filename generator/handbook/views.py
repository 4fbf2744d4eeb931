"""What the handbook prints, prepared for the templates: pure functions from the model.

Everything a page needs is computed here (names from the registries, dates in
words, the procedure table, the evaluation sheet); the Jinja2 templates only
place it. Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.check import CheckReport, SopReport
from generator.duration import WorkCalendar, format_duration
from generator.handbook.keputusan import pemerintah_line
from generator.handbook.table import GEOMETRY, Geometry, ProcedureTable, procedure_table
from generator.handbook.verify import Verification
from generator.messages import translate
from generator.model import Repository, StatusPeraturan, StatusSop, TautanSop
from generator.model.repository import SopEntry
from generator.model.tanggal import PartialDate
from generator.resolved import ResolvedSop, bidang_in_order, resolve
from generator.review.evaluation import (
    MonitoringRow,
    Question,
    evaluation_questions,
    monitoring_rows,
)
from generator.timing import SopTiming
from generator.timing_words import timing_words


@dataclass(frozen=True)
class Field:
    """One of the six fields (or an extra one): its heading and its items."""

    title: str
    items: tuple[str, ...]
    plain: bool = False  # lines as written, not a numbered list


@dataclass(frozen=True)
class Signer:
    """The Disahkan oleh block."""

    jabatan: str
    nama: str | None
    pangkat: str | None
    nip: str | None


@dataclass(frozen=True)
class FlowchartPage:
    """One page of the swimlane flowchart: its SVG and its printed size (mm)."""

    number: int
    count: int
    svg: str
    width: float
    height: float


@dataclass(frozen=True)
class Evaluation:
    """The evaluation sheet and monitoring form of one SOP."""

    questions: tuple[Question, ...]
    rows: tuple[MonitoringRow, ...]


@dataclass(frozen=True)
class SopView:
    """Everything printed for one SOP."""

    id: str
    nama: str
    nomor: str | None
    draft: bool
    instansi: str
    pemerintah: str  # PEMERINTAH KOTA ..., empty when the registry names no wilayah
    bidang: str | None
    seksi: str | None
    dates: tuple[tuple[str, str], ...]  # (label, value) of Tgl. Pembuatan/Revisi/Efektif
    signer: Signer | None
    field_pairs: tuple[tuple[Field, Field], ...]
    extra_fields: tuple[Field, ...]
    table: ProcedureTable
    total: str | None  # the main-path time in one line (office/waiting, "belum lengkap")
    flowchart: tuple[FlowchartPage, ...]
    evaluation: Evaluation | None
    verification: Verification | None = None


@dataclass(frozen=True)
class TocGroup:
    """A Bidang and its SOPs (in print order), for the contents and the bookmarks."""

    title: str
    sops: tuple[SopEntry, ...]


@dataclass(frozen=True)
class Book:
    """The whole handbook."""

    title: str
    subtitle: str
    instansi: str
    pemerintah: str
    year: int | None
    front_matter: bool  # cover, contents and "how to read" (not in one-SOP files)
    lang: str


def date_in_words(date: PartialDate | None, lang: str) -> str:
    """'2022', 'Maret 2022' or '15 Maret 2022' (a dash when there is no date)."""
    if date is None:
        return translate("handbook.identitas.kosong", lang)
    if date.month is None:
        return str(date.year)
    month = translate(f"handbook.bulan.{date.month}", lang)
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}"


def _fields(resolved: ResolvedSop, lang: str) -> tuple[tuple[Field, Field], ...]:
    sop = resolved.sop
    repository = resolved.repository

    def title(key: str) -> str:
        return translate(f"handbook.identitas.{key}", lang)

    laws = []
    for law_id, law in resolved.laws:
        if law is None:
            laws.append(law_id)
        elif law.status is StatusPeraturan.BERLAKU:
            laws.append(law.judul)
        else:
            status = translate("handbook.identitas.peraturan_status", lang, status=law.status)
            laws.append(f"{law.judul} {status}")
    links = []
    for item in sop.keterkaitan:
        if isinstance(item, TautanSop):
            other = repository.sop(item.sop)
            text = f"SOP {other.sop.nama}" if other else item.sop
            links.append(f"{text} ({item.catatan})" if item.catatan else text)
        else:
            links.append(item)

    def field(key: str, items: Sequence[str]) -> Field:
        return Field(title(key), tuple(items))

    return (
        (field("dasar_hukum", laws), field("kualifikasi_pelaksana", sop.kualifikasi_pelaksana)),
        (field("keterkaitan", links), field("peralatan_perlengkapan", sop.peralatan_perlengkapan)),
        (
            field("peringatan", sop.peringatan),
            field("pencatatan_pendataan", sop.pencatatan_pendataan),
        ),
    )


def _signer(resolved: ResolvedSop) -> Signer | None:
    signer = resolved.signer
    if signer is None:
        return None
    return Signer(signer.jabatan.nama, signer.nama, signer.pangkat, signer.nip)


def time_summary(timing: SopTiming, calendar: WorkCalendar, lang: str) -> Field:
    """The identity page's time summary: the main path, the office's own time and the
    waiting time apart (when some is waiting), the stretch the service standard covers,
    and which steps a total leaves out."""
    words = timing_words(timing, calendar, lang)

    def line(key: str, **args: str) -> str:
        return translate(f"handbook.waktu.{key}", lang, **args)

    items = [line("jalur_utama", waktu=words.total)]
    if words.waiting:
        items.append(line("kantor", waktu=words.office))
        items.append(line("tunggu", waktu=words.waiting))
    if timing.target_total is not None and timing.target_span:
        items.append(
            line(
                "standar_bagian",
                mulai=str(timing.target_span[0] + 1),
                sampai=str(timing.target_span[-1] + 1),
                waktu=format_duration(timing.target_total, calendar, lang),
            )
        )
    if words.incomplete:
        items.append(line("belum_lengkap", catatan=words.incomplete))
    return Field(line("judul"), tuple(items), plain=True)


def sop_view(
    entry: SopEntry,
    repository: Repository,
    sop_report: SopReport | None,
    findings: Sequence,
    flowchart: Sequence[FlowchartPage],
    lang: str,
    evaluation: bool = True,
    geometry: Geometry = GEOMETRY,
    verification: Verification | None = None,
) -> SopView:
    """The printed form of one SOP (`geometry`: the landscape page of the paper in use)."""
    sop = entry.sop
    organisasi = repository.organisasi
    resolved = resolve(entry, repository)
    calendar = repository.pengaturan.kalender_kerja.calendar()
    extra = []
    if sop.definisi:
        extra.append(Field(translate("handbook.identitas.definisi", lang), sop.definisi))
    if sop.standar_waktu:
        extra.append(
            Field(translate("handbook.identitas.standar_waktu", lang), (sop.standar_waktu,))
        )
    for name, items in sop.shown_fields():  # the optional texts the form may carry
        extra.append(Field(translate(f"isian.{name}", lang), items))
    total = None
    sheet = None
    if sop_report is not None:
        total = timing_words(sop_report.timing, calendar, lang).line(lang)
        extra.append(time_summary(sop_report.timing, calendar, lang))
        if evaluation:
            questions = evaluation_questions(sop_report, list(findings), repository, calendar, lang)
            sheet = Evaluation(tuple(questions), tuple(monitoring_rows(sop_report)))
    dates = (
        ("tgl_pembuatan", sop.tanggal.pembuatan),
        ("tgl_revisi", sop.tanggal.revisi),
        ("tgl_efektif", sop.tanggal.efektif),
    )
    return SopView(
        id=entry.id,
        nama=sop.nama,
        nomor=sop.nomor,
        draft=sop.status is StatusSop.DRAF,
        instansi=organisasi.instansi.nama_lengkap,
        pemerintah=pemerintah_line(repository),
        bidang=resolved.unit.bidang,
        seksi=resolved.unit.seksi,
        dates=tuple(
            (translate(f"handbook.identitas.{key}", lang), date_in_words(value, lang))
            for key, value in dates
        ),
        signer=_signer(resolved),
        field_pairs=_fields(resolved, lang),
        extra_fields=tuple(extra),
        table=procedure_table(
            sop,
            organisasi,
            lang,
            note=translate("handbook.waktu.catatan", lang, waktu=total) if total else None,
            geometry=geometry,
        ),
        total=total,
        flowchart=tuple(flowchart),
        evaluation=sheet,
        verification=verification,
    )


def book_year(entries: Sequence[SopEntry]) -> int | None:
    """The latest year on any of the SOPs' dates: the handbook's year, never today's."""
    years = [
        date.year
        for entry in entries
        for date in (
            entry.sop.tanggal.pembuatan,
            entry.sop.tanggal.revisi,
            entry.sop.tanggal.efektif,
        )
        if date is not None
    ]
    return max(years, default=None)


def toc_groups(entries: Sequence[SopEntry], repository: Repository) -> tuple[TocGroup, ...]:
    """The SOPs grouped by Bidang, in the registry's order (unknown Bidang last)."""
    by_bidang: dict[str, list[SopEntry]] = {}
    for entry in entries:
        by_bidang.setdefault(entry.sop.unit.bidang, []).append(entry)
    return tuple(
        TocGroup(unit.bidang, tuple(by_bidang[unit.bidang_id]))
        for unit in bidang_in_order(repository, set(by_bidang))
    )


def unit_name(entry: SopEntry, repository: Repository) -> str:
    """'Bidang ... / Seksi ...' as printed in the Lampiran."""
    return resolve(entry, repository).unit.full


def findings_for(report: CheckReport, entry: SopEntry) -> list:
    """The checker's findings in one SOP's file."""
    return [f for f in report.findings if f.position.path == entry.path]


def report_for(report: CheckReport, entry: SopEntry) -> SopReport | None:
    """The checker's timing report of one SOP."""
    return next((r for r in report.sops if r.entry.id == entry.id), None)
