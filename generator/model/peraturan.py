"""The legal-instrument registry (`sops/peraturan.yaml`): every regulation that
an SOP cites as dasar hukum, with whether it is still in force."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from generator.model.common import Identifier, StrictModel, identifier_list

# Full names of the common kinds of instrument, so an author writes only `jenis: UU`.
JENIS_LENGKAP: dict[str, str] = {
    "UUD": "Undang-Undang Dasar",
    "UU": "Undang-Undang",
    "Perppu": "Peraturan Pemerintah Pengganti Undang-Undang",
    "PP": "Peraturan Pemerintah",
    "Perpres": "Peraturan Presiden",
    "Keppres": "Keputusan Presiden",
    "Inpres": "Instruksi Presiden",
    "Permen": "Peraturan Menteri",
    "Kepmen": "Keputusan Menteri",
    "Permendagri": "Peraturan Menteri Dalam Negeri",
    "PermenPAN-RB": ("Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"),
    "Perda": "Peraturan Daerah",
    "Pergub": "Peraturan Gubernur",
    "Perwali": "Peraturan Wali Kota",
    "Perbup": "Peraturan Bupati",
    "Kepwali": "Keputusan Wali Kota",
    "SE": "Surat Edaran",
}


class StatusPeraturan(StrEnum):
    """Whether an instrument is in force, amended, or revoked."""

    BERLAKU = "berlaku"
    DIUBAH = "diubah"
    DICABUT = "dicabut"


class Peraturan(StrictModel):
    """One legal instrument."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Satu peraturan (dasar hukum)."

    jenis: str = Field(
        description="Jenis: UU, PP, Perpres, Permen, PermenPAN-RB, Perda, Perwali, ..."
    )
    nama_jenis: str | None = Field(
        default=None,
        description=(
            "Sebutan lengkap bila berbeda dari bawaan jenisnya, "
            "mis. 'Peraturan Daerah Kota Palembang'."
        ),
    )
    nomor: str = Field(description="Nomor, seperti tertulis (mis. '23', '07').")
    tahun: int = Field(ge=1900, le=2999, description="Tahun terbit.")
    tentang: str = Field(description="Judul (tentang ...).")
    status: StatusPeraturan = Field(
        default=StatusPeraturan.BERLAKU, description="berlaku, diubah atau dicabut."
    )
    diubah_oleh: identifier_list("Id peraturan yang mengubahnya.")
    dicabut_oleh: identifier_list("Id peraturan yang mencabutnya.")
    catatan: str | None = Field(
        default=None, description="Catatan, mis. ejaan pada dokumen sumber."
    )

    @property
    def sebutan(self) -> str:
        """The instrument's kind in full, e.g. 'Undang-Undang'."""
        return self.nama_jenis or JENIS_LENGKAP.get(self.jenis, self.jenis)

    @property
    def judul(self) -> str:
        """The full citation: 'Undang-Undang Nomor 23 Tahun 2006 tentang ...'."""
        return f"{self.sebutan} Nomor {self.nomor} Tahun {self.tahun} tentang {self.tentang}"


class DaftarPeraturan(StrictModel):
    """The whole registry: instruments by id."""

    SCHEMA_DESCRIPTION: ClassVar[str] = (
        "Registri peraturan: satu-satunya tempat judul peraturan ditulis."
    )

    peraturan: dict[Identifier, Peraturan] = Field(
        description="Peraturan, menurut id (mis. uu-23-2006)."
    )
