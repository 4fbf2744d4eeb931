"""What the register says about each SOP: pure functions of the repository, the check
report and a reference date. The XLSX and CSV writers only lay these rows out.

Figures come from the same places as `sop check`: times from the check
report's timing (generator/timing.py), findings counted by the file they are in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.check import CheckReport
from generator.duration import Duration, format_duration
from generator.messages import translate
from generator.model import PartialDate, Repository, SopEntry
from generator.monitoring.status import sop_cycle
from generator.problems import Severity
from generator.resolved import resolve

# Column key -> kind ("text", "int", "date", "minutes"); headers in locale/*/register.yaml.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "text"),
    ("nomor", "text"),
    ("nama", "text"),
    ("bidang", "text"),
    ("seksi", "text"),
    ("status", "text"),
    ("pembuatan", "date"),
    ("revisi", "date"),
    ("efektif", "date"),
    ("pengesah_jabatan", "text"),
    ("pengesah_nama", "text"),
    ("langkah", "int"),
    ("jalur_utama_menit", "minutes"),
    ("waktu_kantor_menit", "minutes"),
    ("waktu_tunggu_menit", "minutes"),
    ("jalur_utama", "text"),
    ("galat", "int"),
    ("peringatan", "int"),
    ("info", "int"),
    ("evaluasi_terakhir", "date"),
    ("hasil_evaluasi", "text"),
    ("pemantauan_berikutnya", "date"),
    ("terlambat", "text"),
)


def headers(lang: str) -> list[str]:
    """The column headings in `lang`."""
    return [translate(f"register.kolom.{key}", lang) for key, _ in COLUMNS]


def _date(value: PartialDate | None) -> dt.date | str | None:
    """A full date as a date; a year or a month alone stays text ('2022')."""
    if value is None:
        return None
    if value.month is not None and value.day is not None:
        return dt.date(value.year, value.month, value.day)
    return str(value)


def _minutes(duration: Duration | None) -> int | float | None:
    if duration is None:
        return None
    low = duration.low
    return int(low) if low == int(low) else float(low)


@dataclass(frozen=True)
class RegisterRow:
    """One SOP's row: column key -> value (text, int, float, date or None)."""

    values: dict[str, Any]

    def cells(self) -> list[Any]:
        """The values in column order."""
        return [self.values[key] for key, _ in COLUMNS]


def sop_row(
    entry: SopEntry, repository: Repository, report: CheckReport, today: dt.date, lang: str
) -> RegisterRow:
    """The register row of one SOP."""
    sop = entry.sop
    resolved = resolve(entry, repository)
    signer = sop.disahkan_oleh
    calendar = repository.pengaturan.kalender_kerja.calendar()
    timing = report.timing_of(entry.id)
    counts = {severity: 0 for severity in Severity}
    for finding in report.findings:
        if finding.position.path == entry.path:
            counts[finding.severity] += 1
    cycle = sop_cycle(repository, entry, today)
    last = cycle.last.record if cycle.last else None
    result = (
        translate(
            "register.hasil",
            lang,
            ya=last.evaluasi.count_ya,
            dijawab=last.evaluasi.count_answered,
        )
        if last
        else None
    )
    return RegisterRow(
        {
            "id": entry.id,
            "nomor": sop.nomor,
            "nama": sop.nama,
            "bidang": resolved.bidang_name,
            "seksi": resolved.seksi_name,
            "status": sop.status.value,
            "pembuatan": _date(sop.tanggal.pembuatan),
            "revisi": _date(sop.tanggal.revisi),
            "efektif": _date(sop.tanggal.efektif),
            "pengesah_jabatan": resolved.signer.jabatan.nama if resolved.signer else None,
            "pengesah_nama": signer.nama if signer else None,
            "langkah": len(sop.prosedur),
            "jalur_utama_menit": _minutes(timing.main_total) if timing else None,
            # Office and waiting time apart, where the timing model has them.
            "waktu_kantor_menit": _minutes(getattr(timing, "office_total", None)),
            "waktu_tunggu_menit": _minutes(getattr(timing, "waiting_total", None)),
            "jalur_utama": format_duration(timing.main_total, calendar, lang) if timing else None,
            "galat": counts[Severity.ERROR],
            "peringatan": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "evaluasi_terakhir": last.tanggal if last else None,
            "hasil_evaluasi": result,
            "pemantauan_berikutnya": cycle.next_due if cycle.next_due != dt.date.min else None,
            "terlambat": translate("register.ya" if cycle.overdue else "register.tidak", lang)
            if cycle.next_due is not None
            else None,
        }
    )


def register_rows(
    repository: Repository, report: CheckReport, today: dt.date, lang: str
) -> list[RegisterRow]:
    """Every SOP's row, in the order of the repository (by id)."""
    return [sop_row(entry, repository, report, today, lang) for entry in repository.sops]
