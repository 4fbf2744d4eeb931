"""Monitoring and evaluation records (`sops/pemantauan/<periode>/<sop-id>.yaml`).

PermenPAN-RB 35/2012 asks every office to monitor each SOP every six months
(the monitoring table) and to evaluate it (the seven Ya/Tidak questions). One
file records one SOP in one period, so units can hand in their records
independently and git shows who changed what.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.model.common import Reference, StrictModel
from generator.model.tanggal import parse_partial_date
from generator.problems import Position
from generator.yamlsource import DataPath, YamlDocument

# The folder under sops/ that holds the records (never read as SOPs).
PEMANTAUAN_FOLDER = "pemantauan"

# A semester: "2026-1" (January to June) or "2026-2" (July to December).
PERIODE_PATTERN = r"^\d{4}-[12]$"


def _full_date(value: Any) -> dt.date:
    """A full date (`2026-06-20`); a year or a month alone is refused."""
    try:
        partial = parse_partial_date(value)
    except PydanticCustomError:
        partial = None
    if partial is None or partial.day is None or partial.month is None:
        raise PydanticCustomError("tanggal_lengkap", "not a full date: {value}", {"value": value})
    return dt.date(partial.year, partial.month, partial.day)


TanggalLengkap = Annotated[
    dt.date,
    BeforeValidator(_full_date),
    WithJsonSchema(
        {
            "description": "Tanggal lengkap, mis. 2026-06-20.",
            "type": "string",
            "pattern": r"^\d{4}-\d{1,2}-\d{1,2}$",
        }
    ),
]


def _answer(value: Any) -> Any:
    """'Ya', 'ya', 'YA' are one answer."""
    return value.strip().lower() if isinstance(value, str) else value


def _periode(value: Any) -> Any:
    """A semester as written ('2026-1'); anything else is a clear error."""
    if not (isinstance(value, str) and re.fullmatch(PERIODE_PATTERN, value.strip())):
        raise PydanticCustomError("periode", "not a period: {value}", {"value": value})
    return value.strip()


Periode = Annotated[
    str,
    BeforeValidator(_periode),
    WithJsonSchema(
        {
            "description": "Semester: '2026-1' (Januari-Juni) atau '2026-2' (Juli-Desember).",
            "type": "string",
            "pattern": PERIODE_PATTERN,
        }
    ),
]


class YaTidak(StrEnum):
    """An answer to an evaluation question."""

    YA = "ya"
    TIDAK = "tidak"


class Jawaban(StrictModel):
    """The answer to one evaluation question, with the evaluator's note."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Jawaban satu pertanyaan evaluasi (Ya/Tidak) dan catatan."

    jawaban: Annotated[YaTidak, BeforeValidator(_answer)] = Field(description="Ya atau Tidak.")
    catatan: str | None = Field(default=None, description="Catatan penilai.")


# Key in the file -> question number on the PermenPAN-RB 35/2012 form.
QUESTION_KEYS: dict[str, int] = {
    "mendorong_kinerja": 1,
    "mudah_dipahami": 2,
    "mudah_dilaksanakan": 3,
    "peran_jelas": 4,
    "mengatasi_masalah": 5,
    "kebutuhan_organisasi": 6,
    "sinergi": 7,
}


class Evaluasi(StrictModel):
    """The seven evaluation questions of PermenPAN-RB 35/2012."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Evaluasi SOP: tujuh pertanyaan PermenPAN-RB 35/2012."

    mendorong_kinerja: Jawaban | None = Field(
        default=None, description="1. Mampu mendorong peningkatan kinerja."
    )
    mudah_dipahami: Jawaban | None = Field(default=None, description="2. Mudah dipahami.")
    mudah_dilaksanakan: Jawaban | None = Field(default=None, description="3. Mudah dilaksanakan.")
    peran_jelas: Jawaban | None = Field(
        default=None, description="4. Semua orang dapat menjalankan perannya masing-masing."
    )
    mengatasi_masalah: Jawaban | None = Field(
        default=None, description="5. Mampu mengatasi permasalahan yang berkaitan dengan proses."
    )
    kebutuhan_organisasi: Jawaban | None = Field(
        default=None, description="6. Mampu menjawab kebutuhan peningkatan kinerja organisasi."
    )
    sinergi: Jawaban | None = Field(default=None, description="7. Sinergi satu dengan lainnya.")

    def answers(self) -> list[tuple[int, str, Jawaban | None]]:
        """(question number, key, answer or None) for the seven questions, in order."""
        return [(number, key, getattr(self, key)) for key, number in QUESTION_KEYS.items()]

    @property
    def count_ya(self) -> int:
        """How many questions were answered Ya."""
        return sum(a is not None and a.jawaban is YaTidak.YA for _, _, a in self.answers())

    @property
    def count_answered(self) -> int:
        """How many questions were answered at all."""
        return sum(a is not None for _, _, a in self.answers())


class Penilai(StrictModel):
    """Who evaluated: a position from organisasi.yaml and the person's name."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Penilai: jabatan (id dari organisasi.yaml) dan nama."

    jabatan: Reference = Field(description="Id jabatan penilai dari organisasi.yaml.")
    nama: str | None = Field(default=None, description="Nama penilai.")
    nip: str | None = Field(default=None, description="NIP penilai, di antara tanda kutip.")


class BarisPemantauan(StrictModel):
    """One row of the monitoring table."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Satu baris tabel pemantauan."

    prosedur: str = Field(
        description="Prosedur yang dinilai: nomor langkah (mis. '3') atau uraiannya."
    )
    berjalan_baik: bool = Field(
        description="true bila penerapan berjalan dengan baik, false bila tidak."
    )
    catatan: str | None = Field(default=None, description="Catatan hasil penilaian.")
    tindakan: str | None = Field(default=None, description="Tindakan yang harus diambil.")
    paraf: bool = Field(default=False, description="true bila penilai sudah memaraf.")


class Pemantauan(StrictModel):
    """One monitoring and evaluation record: one SOP in one six-month period."""

    SCHEMA_DESCRIPTION: ClassVar[str] = (
        "Catatan pemantauan dan evaluasi satu SOP untuk satu periode (semester)."
    )

    sop: Reference = Field(description="Id SOP yang dipantau (nama berkasnya).")
    periode: Periode = Field(
        description="Semester: '2026-1' (Januari-Juni) atau '2026-2' (Juli-Desember)."
    )
    tanggal: TanggalLengkap = Field(description="Tanggal pemantauan/evaluasi.")
    penilai: Penilai = Field(description="Penilai.")
    evaluasi: Evaluasi = Field(
        default_factory=Evaluasi, description="Jawaban tujuh pertanyaan evaluasi."
    )
    pemantauan: tuple[BarisPemantauan, ...] = Field(
        default=(), description="Baris tabel pemantauan, berurutan."
    )
    kesimpulan: str | None = Field(default=None, description="Kesimpulan dan rekomendasi.")
    tinjauan_berikutnya: TanggalLengkap | None = Field(
        default=None,
        description="Tanggal tinjauan berikutnya yang direncanakan (bawaan: enam bulan lagi).",
    )
    rencana_revisi: TanggalLengkap | None = Field(
        default=None,
        description="Bila SOP perlu direvisi: tanggal paling lambat revisinya.",
    )

    @property
    def berjalan_baik(self) -> bool:
        """True when every monitored row ran well."""
        return all(row.berjalan_baik for row in self.pemantauan)


@dataclass(frozen=True)
class PemantauanEntry:
    """One loaded record: its source (for positions) and its model."""

    source: YamlDocument
    record: Pemantauan

    @property
    def path(self) -> str:
        """The file the record was read from, as shown to the user."""
        return self.source.path

    def position(self, *data_path: str | int, key: bool = False) -> Position:
        """Where the value at `data_path` was written."""
        path: DataPath = tuple(data_path)
        return self.source.position(path, key=key)


def periode_of(day: dt.date) -> str:
    """The semester holding `day`: '2026-1' or '2026-2'."""
    return f"{day.year}-{1 if day.month <= 6 else 2}"
