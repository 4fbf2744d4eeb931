"""The organisation registry (`sops/organisasi.yaml`): the one place where unit
and position names are spelled. SOPs refer to them by id."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from generator.model.common import Identifier, Reference, StrictModel, text_list


class Instansi(StrictModel):
    """The office that owns the SOPs."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Identitas instansi."

    nama: str = Field(description="Nama instansi, mis. 'Dinas Kependudukan dan Pencatatan Sipil'.")
    induk: str | None = Field(
        default=None,
        description=(
            "Perangkat daerah induk bagi UPTD/UPT, mis. 'Dinas Kesehatan' untuk "
            "'UPTD Puskesmas Kenten'; dicetak di kop bersama nama dan wilayah."
        ),
    )
    wilayah: str | None = Field(default=None, description="Daerah, mis. 'Kota Palembang'.")
    singkatan: str | None = Field(default=None, description="Singkatan, mis. 'Disdukcapil'.")
    logo: str | None = Field(
        default=None, description="Berkas logo (PNG/SVG), relatif terhadap folder sops/."
    )

    @property
    def nama_lengkap(self) -> str:
        """The office's name with its parent office (a UPTD's Dinas) and region, as
        printed on the form: 'UPTD Puskesmas Kenten Dinas Kesehatan Kota Palembang'.
        A part the name already ends with is not repeated ('Pemerintah Kabupaten
        Muara Enim' in Kabupaten Muara Enim)."""
        name = ""
        for part in (self.nama, self.induk, self.wilayah):
            if part and not name.casefold().endswith(part.casefold()):
                name = f"{name} {part}" if name else part
        return name


class Seksi(StrictModel):
    """A section inside a Bidang."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Seksi di dalam bidang."

    nama: str = Field(description="Nama seksi, mis. 'Seksi Kerjasama'.")
    alias: text_list("Ejaan lain nama ini yang dipakai di dokumen lama (untuk pencarian).")


class Bidang(StrictModel):
    """A division of the office, with its sections."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Bidang beserta seksinya."

    nama: str = Field(
        description="Nama bidang, mis. 'Bidang Pemanfaatan Data dan Inovasi Pelayanan'."
    )
    singkatan: str | None = Field(default=None, description="Singkatan, mis. 'PDIP'.")
    alias: text_list("Ejaan lain nama ini yang dipakai di dokumen lama (untuk pencarian).")
    seksi: dict[Identifier, Seksi] = Field(default_factory=dict, description="Seksi, menurut id.")


class Jabatan(StrictModel):
    """A position (role) that performs or signs SOP steps."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Jabatan (pelaksana atau penanda tangan)."

    nama: str = Field(description="Nama jabatan lengkap, mis. 'Kepala Bidang ...'.")
    singkatan: str | None = Field(
        default=None,
        description="Nama pendek untuk kepala kolom dan jalur diagram, mis. 'Kabid'.",
    )
    alias: text_list("Sebutan lain jabatan ini (untuk pencarian dan saran ejaan).")
    bidang: Reference | None = Field(default=None, description="Id bidang jabatan ini, bila ada.")
    seksi: Reference | None = Field(default=None, description="Id seksi jabatan ini, bila ada.")
    eksternal: bool = Field(
        default=False,
        description="true untuk pihak di luar instansi (mis. 'Instansi Terkait', 'Pemohon').",
    )

    @property
    def label(self) -> str:
        """The short name shown in column headers and lanes."""
        return self.singkatan or self.nama


class Organisasi(StrictModel):
    """The whole organisation registry."""

    SCHEMA_DESCRIPTION: ClassVar[str] = (
        "Registri organisasi: satu-satunya tempat nama unit dan jabatan ditulis."
    )

    instansi: Instansi = Field(description="Identitas instansi.")
    bidang: dict[Identifier, Bidang] = Field(description="Bidang, menurut id.")
    jabatan: dict[Identifier, Jabatan] = Field(description="Jabatan/pelaksana, menurut id.")

    @property
    def external_roles(self) -> frozenset[str]:
        """Ids of the roles outside the office (`eksternal: true`): their time is waiting."""
        return frozenset(role for role, jabatan in self.jabatan.items() if jabatan.eksternal)
