"""The typed model of SOPs and their registries. Free of I/O and rendering."""

from generator.model.organisasi import Bidang, Instansi, Jabatan, Organisasi, Seksi
from generator.model.pengaturan import Pengaturan, Tingkat
from generator.model.peraturan import DaftarPeraturan, Peraturan, StatusPeraturan
from generator.model.repository import Repository, SopEntry
from generator.model.sop import (
    END,
    NEXT_STEP,
    JenisLangkah,
    Langkah,
    Pengesah,
    Sop,
    StatusSop,
    TanggalSop,
    TautanSop,
    Unit,
)
from generator.model.tanggal import PartialDate

__all__ = [
    "END",
    "NEXT_STEP",
    "Bidang",
    "DaftarPeraturan",
    "Instansi",
    "Jabatan",
    "JenisLangkah",
    "Langkah",
    "Organisasi",
    "PartialDate",
    "Pengaturan",
    "Pengesah",
    "Peraturan",
    "Repository",
    "Seksi",
    "Sop",
    "SopEntry",
    "StatusPeraturan",
    "StatusSop",
    "TanggalSop",
    "TautanSop",
    "Tingkat",
    "Unit",
]
