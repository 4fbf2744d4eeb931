"""The office's settings (`sops/pengaturan.yaml`, optional): the working calendar
and how the checker treats each rule."""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from typing import ClassVar

from pydantic import Field

from generator.duration import WorkCalendar
from generator.model.common import Reference, StrictModel, identifier_list


class Tingkat(StrEnum):
    """A rule's severity as set by the office, or `mati` to switch it off."""

    GALAT = "galat"
    PERINGATAN = "peringatan"
    INFO = "info"
    MATI = "mati"


class KalenderKerja(StrictModel):
    """Working time of the office (default: Perpres 21/2023, 37.5 hours over 5 days)."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Kalender kerja kantor (bawaan: Perpres 21/2023)."

    jam_per_hari: float = Field(default=7.5, gt=0, le=24, description="Jam kerja per hari.")
    hari_per_minggu: int = Field(default=5, ge=1, le=7, description="Hari kerja per minggu.")
    hari_per_bulan: int = Field(
        default=20, ge=1, le=31, description="Hari kerja yang dihitung untuk '1 bulan'."
    )

    def calendar(self) -> WorkCalendar:
        """The calendar used for duration arithmetic."""
        hours = Fraction(str(self.jam_per_hari))
        return WorkCalendar(hours, self.hari_per_minggu, self.hari_per_bulan)


class AturanDiubah(StrictModel):
    """A rule re-graded or switched off, always with the reason."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Aturan pemeriksaan yang diubah tingkatnya atau dimatikan."

    tingkat: Tingkat = Field(description="galat, peringatan, info, atau mati (dimatikan).")
    alasan: str = Field(min_length=3, description="Alasan perubahan (wajib, untuk peninjau).")


class Pemeriksaan(StrictModel):
    """Checker settings."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Pengaturan pemeriksaan (sop check)."

    aturan: dict[str, AturanDiubah] = Field(
        default_factory=dict, description="Aturan yang diubah, menurut id aturan."
    )
    penyetuju_setara: identifier_list(
        "Jabatan yang boleh menyetujui atas nama pengesah (untuk aturan pengesah-tak-terlibat)."
    )
    batas_waktu_langkah: str = Field(
        default="3 bulan", description="Waktu satu langkah di atas batas ini dianggap tak wajar."
    )


class Kertas(StrEnum):
    """Paper sizes of the printed handbook."""

    A4 = "a4"
    F4 = "f4"  # Folio, 215 x 330 mm: the usual size in Indonesian offices


class Pengaturan(StrictModel):
    """The whole settings file."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Pengaturan kantor: kalender kerja dan pemeriksaan."

    kalender_kerja: KalenderKerja = Field(default_factory=KalenderKerja)
    pemeriksaan: Pemeriksaan = Field(default_factory=Pemeriksaan)
    pola_nomor: str | None = Field(
        default=None,
        description=(
            "Pola nomor SOP untuk 'sop new', dengan {urut} dan {tahun}, "
            "mis. '470/{urut}/SOP/DKPS/{tahun}'."
        ),
    )
    pengesah: Reference | None = Field(
        default=None, description="Id jabatan yang biasanya mengesahkan SOP (untuk 'sop new')."
    )
    kertas: Kertas = Field(
        default=Kertas.A4,
        description="Ukuran kertas buku SOP (PDF): a4 atau f4 (Folio, 215 x 330 mm).",
    )


class PemeriksaanSop(StrictModel):
    """Checker settings inside one SOP file."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Pengaturan pemeriksaan khusus SOP ini."

    aturan: dict[Reference, AturanDiubah] = Field(
        default_factory=dict, description="Aturan yang diubah untuk SOP ini, menurut id aturan."
    )
