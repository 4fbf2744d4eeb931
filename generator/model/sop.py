"""The SOP model: one SOP AP form (PermenPAN-RB 35/2012) as typed, frozen data.

Field names are the form's own words, so the YAML an author writes and the
model a developer reads use the same vocabulary. Descriptions are Indonesian:
they become the JSON Schema that editors show while the author types.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    field_validator,
    model_validator,
)

from generator.model.common import (
    IDENTIFIER_RE,
    SHOWN,
    Identifier,
    Reference,
    StrictModel,
    identifier_list,
    shown_text,
    text_list,
)
from generator.model.pengaturan import PemeriksaanSop
from generator.model.tanggal import PartialDate, Tanggal, blank_date_is_none

if TYPE_CHECKING:
    from generator.flow import Flow

# Where a decision's answer leads: a step number, a step id, or one of these words.
NEXT_STEP = "lanjut"
END = "selesai"


class JenisLangkah(StrEnum):
    """The kind of a step, which decides its flowchart symbol."""

    MULAI = "mulai"  # terminator (capsule) at the start
    PROSES = "proses"  # box
    KEPUTUSAN = "keputusan"  # diamond
    SELESAI = "selesai"  # terminator (capsule) at the end


class StatusSop(StrEnum):
    """Whether an SOP is a draft under review or signed and in force."""

    DRAF = "draf"
    BERLAKU = "berlaku"


Tujuan = Annotated[
    int | str,
    Field(
        description=(
            "Ke mana jawaban ini menuju: nomor langkah (mis. 1, atau seperti di dokumen: "
            "'kembali ke langkah 1'), id langkah, 'lanjut' (langkah berikutnya) atau 'selesai'."
        )
    ),
]


def normalise_target(target: int | str) -> int | str:
    """One spelling for every way an author writes where a flow goes.

    `2`, `"2"` and `" 2 "` are step 2, and so are the ways documents write it
    ("ke langkah 2", "kembali ke 2", "langkah 2."); `Lanjut`/`LANJUT` is
    `lanjut`; `Selesai` (or "ke selesai") is `selesai`; anything else is a step
    id, kept as written (stripped). This
    runs when the model is built, so every reader of the model (the checker,
    the swimlane, the procedure table, the site) sees the same target and
    `generator.flow.resolve_target` is the one resolver.
    """
    if isinstance(target, bool):  # YAML `yes` stays a word here, but be safe
        return str(target).lower()
    if isinstance(target, int):
        return target
    text = str(target).strip()
    if text.isdigit() and text.isascii() and len(text) <= 9:
        return int(text)
    if text.lower() in (NEXT_STEP, END):
        return text.lower()
    if IDENTIFIER_RE.fullmatch(text):
        return text  # could be a step id ("akhir", "lanjutkan"): never reinterpreted
    # As documents write it: "kembali ke langkah 2", "ke 4", "langkah 10.", "Selesai."
    written = _WRITTEN_STEP.fullmatch(text)
    if written is not None:
        return int(written["number"])
    if _WRITTEN_END.fullmatch(text):
        return END
    if _WRITTEN_NEXT.fullmatch(text):
        return NEXT_STEP
    return text


_GO = r"(?:(?:kembali|lanjut|lanjutkan|menuju|diteruskan|teruskan|dikembalikan)\s+)?(?:ke\s+)?"
_WRITTEN_STEP = re.compile(
    _GO + r"(?:(?:langkah|kegiatan|no|nomor|step)\.?\s*)?(?P<number>[0-9]{1,9})\.?",
    re.IGNORECASE,
)
_WRITTEN_END = re.compile(_GO + r"(?:proses\s+)?selesai\.?", re.IGNORECASE)
_WRITTEN_NEXT = re.compile(r"(?:lanjut|lanjutkan|diteruskan|berikutnya)\.?", re.IGNORECASE)


_TERMINAL_WORDS = {
    "mulai": JenisLangkah.MULAI,
    "start": JenisLangkah.MULAI,
    "selesai": JenisLangkah.SELESAI,
    "end": JenisLangkah.SELESAI,
}


@functools.lru_cache(maxsize=4096)
def _kind_of_activity(kegiatan: str) -> JenisLangkah:
    """A step's kind from its activity alone: the capsule for "Mulai"/"Selesai", else work.

    Remembered by text: the rules ask every step's kind many times over a run.
    """
    return _TERMINAL_WORDS.get(kegiatan.strip().rstrip(".").strip().lower(), JenisLangkah.PROSES)


class Unit(StrictModel):
    """The organisational unit that owns the SOP (ids from organisasi.yaml)."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Unit kerja pemilik SOP (id dari organisasi.yaml)."

    bidang: Reference = Field(description="Id bidang dari organisasi.yaml.")
    seksi: Reference | None = Field(
        default=None, description="Id seksi di dalam bidang tersebut (organisasi.yaml)."
    )


class TanggalSop(StrictModel):
    """The three dates of the form. Each may be a year, a month or a full date."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Tanggal pembuatan, revisi dan efektif."

    pembuatan: Tanggal | None = Field(default=None, description="Tgl. Pembuatan.")
    revisi: Tanggal | None = Field(default=None, description="Tgl. Revisi.")
    efektif: Tanggal | None = Field(
        default=None, description="Tgl. Efektif (kadang ditulis 'Tanggal Pengesahan')."
    )

    # The dates the author wrote as a dash ("Tgl. Revisi : -"): answered, not forgotten.
    _dashed: frozenset[str] = PrivateAttr(default=frozenset())

    @field_validator("pembuatan", "revisi", "efektif", mode="before")
    @classmethod
    def _dash_is_no_date(cls, value: object) -> object:
        """'Tgl. Revisi : -' on a form means the SOP was never revised."""
        return blank_date_is_none(value)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_dashes(
        cls, data: object, handler: ModelWrapValidatorHandler[TanggalSop]
    ) -> TanggalSop:
        """Keep which dates were written as a dash (the raw input is gone after this)."""
        dates = handler(data)
        if isinstance(data, dict):
            dates._dashed = frozenset(
                name
                for name, value in data.items()
                if value is not None and blank_date_is_none(value) is None
            )
        return dates

    @property
    def dashed(self) -> frozenset[str]:
        """Names of the dates written as a dash or left as an empty text."""
        return self._dashed


class Pengesah(StrictModel):
    """The official who signs the SOP (Disahkan oleh)."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Pejabat yang mengesahkan SOP (Disahkan oleh)."

    jabatan: Reference = Field(description="Id jabatan penanda tangan dari organisasi.yaml.")
    nama: str | None = Field(default=None, description="Nama lengkap dengan gelar.")
    nip: str | None = Field(
        default=None, description="NIP (18 digit), tulis di antara tanda kutip."
    )
    pangkat: str | None = Field(default=None, description="Pangkat/golongan, bila dicetak.")


class TautanSop(StrictModel):
    """A link to another SOP in this repository."""

    SCHEMA_DESCRIPTION: ClassVar[str] = "Tautan ke SOP lain di repositori ini."

    sop: Reference = Field(description="Id SOP lain di repositori ini (nama berkasnya).")
    catatan: str | None = Field(default=None, description="Catatan singkat tentang keterkaitan.")


class Langkah(StrictModel):
    """One row of the procedure table: an activity, who does it and its quality standard."""

    SCHEMA_DESCRIPTION: ClassVar[str] = (
        "Satu baris tabel prosedur: kegiatan, pelaksana dan mutu baku."
    )

    id: Identifier | None = Field(
        default=None,
        description="Id langkah (opsional), agar jawaban keputusan dapat merujuk langkah ini.",
    )
    kegiatan: str = Field(
        min_length=1,
        description="Uraian kegiatan: kata kerja aktif tanpa subjek (mis. 'Memeriksa berkas').",
    )
    pelaksana: identifier_list(
        "Id pelaksana langkah ini (satu atau beberapa), dari daftar 'pelaksana' SOP."
    )
    jenis: JenisLangkah | None = Field(
        default=None,
        description=(
            "Jenis simbol: mulai, proses, keputusan atau selesai. Boleh dikosongkan: "
            "langkah dengan 'jawaban' adalah keputusan, langkah dengan kegiatan 'Mulai' "
            "atau 'Selesai' adalah terminator, selain itu proses."
        ),
    )
    pertanyaan: str | None = Field(
        default=None,
        description=(
            "Pertanyaan keputusan yang ditulis di dalam belah ketupat (mis. 'Berkas lengkap?')."
        ),
    )
    jawaban: dict[str, Tujuan] | None = Field(
        default=None,
        description=(
            "Jawaban keputusan dan tujuannya, berurutan; jawaban pertama adalah jalur utama. "
            "Contoh: {Ya: lanjut, Tidak: 1}."
        ),
    )

    lanjut_ke: Tujuan | None = Field(
        default=None,
        description=(
            "Langkah proses yang tidak berlanjut ke baris berikutnya: nomor langkah, id "
            "langkah atau 'selesai' (mis. dua cabang yang bertemu lagi di langkah 10)."
        ),
    )
    pelaksana_salah_satu: bool = Field(
        default=False,
        description=(
            "true bila langkah dikerjakan oleh SALAH SATU pelaksana yang disebut "
            "(mis. 'Kepala Bidang/Sekretaris'), bukan oleh semuanya; dihitung sekali."
        ),
    )
    bersamaan: bool = Field(
        default=False,
        description=(
            "true bila langkah ini dikerjakan bersamaan dengan langkah sebelumnya; "
            "jalur utama mengambil yang terlama dari langkah-langkah yang bersamaan."
        ),
    )
    menunggu: bool = Field(
        default=False,
        description=(
            "true bila waktu langkah ini adalah waktu menunggu (mis. menunggu pihak luar), "
            "bukan kerja kantor. Langkah yang semua pelaksananya eksternal selalu menunggu."
        ),
    )

    kelengkapan: text_list("Mutu baku: kelengkapan (dokumen/bahan) yang diperlukan.")
    waktu: str | None = Field(
        default=None,
        description=(
            "Mutu baku: waktu, seperti ditulis (mis. '15 Menit', '1 hari', '3 hari kerja')."
        ),
    )
    output: str | None = Field(default=None, description="Mutu baku: output langkah ini.")
    keterangan: str | None = Field(default=None, description="Keterangan.")

    @field_validator("jawaban", mode="after")
    @classmethod
    def _normalise_answers(cls, value: dict[str, int | str] | None) -> dict[str, int | str] | None:
        if value is None:
            return None
        return {label: normalise_target(target) for label, target in value.items()}

    @field_validator("lanjut_ke", mode="after")
    @classmethod
    def _normalise_jump(cls, value: int | str | None) -> int | str | None:
        return None if value is None else normalise_target(value)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Langkah:
        """A copy (pydantic's), without the kind kept on this step: `update` may change it."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("kind", None)
        return copied

    @functools.cached_property
    def kind(self) -> JenisLangkah:
        """The step's kind: as written, or derived (decision when it has answers).

        Kept on the (frozen) step once found: the rules and the flow ask every
        step's kind many times (pydantic leaves cached properties out of
        equality, hashing and dumps)."""
        if self.jenis is not None:
            return self.jenis
        if self.jawaban:
            return JenisLangkah.KEPUTUSAN
        # The terminator rows as documents write them: a row whose activity is "Mulai"
        # or "Selesai" is the capsule, not work.
        return _kind_of_activity(self.kegiatan)


class Sop(StrictModel):
    """One SOP AP document."""

    SCHEMA_DESCRIPTION: ClassVar[str] = (
        "Satu SOP Administrasi Pemerintahan (format PermenPAN-RB 35/2012)."
    )

    nama: str = Field(min_length=1, description="Nama SOP.")
    nama_prosedur: str | None = Field(
        default=None,
        description="Judul tabel prosedur bila berbeda dari nama SOP.",
    )
    nomor: str | None = Field(
        default=None,
        description="Nomor SOP, seperti tertulis (boleh berisi tempat kosong: '470/ /SOP/2022').",
    )
    status: StatusSop = Field(
        default=StatusSop.DRAF,
        description="'draf' selama disusun/ditinjau, 'berlaku' setelah disahkan.",
    )
    unit: Unit = Field(description="Unit pemilik SOP: bidang dan seksi.")
    tanggal: TanggalSop = Field(
        default_factory=TanggalSop, description="Tanggal pada formulir SOP."
    )
    disahkan_oleh: Pengesah | None = Field(default=None, description="Pejabat yang mengesahkan.")
    definisi: text_list("Definisi istilah (bagian tambahan, bila ada).")
    dasar_hukum: identifier_list("Dasar hukum: id peraturan dari peraturan.yaml, berurutan.")
    kualifikasi_pelaksana: text_list("Kualifikasi pelaksana.")
    keterkaitan: tuple[str | TautanSop, ...] = Field(
        default=(),
        description=(
            "SOP terkait: '{sop: id}' untuk SOP di repositori ini, atau teks bebas "
            "untuk SOP yang belum ada di sini."
        ),
    )
    peralatan_perlengkapan: text_list("Peralatan/perlengkapan.")
    peringatan: text_list("Peringatan: akibat bila SOP tidak dilaksanakan.")
    pencatatan_pendataan: text_list("Pencatatan dan pendataan.")
    standar_waktu: str | None = Field(
        default=None,
        description="Target waktu layanan seluruh SOP (opsional), mis. '5 hari kerja'.",
    )
    standar_waktu_mulai: Tujuan | None = Field(
        default=None,
        description=(
            "Langkah (nomor atau id) tempat jam standar_waktu mulai berjalan, mis. langkah "
            "sesudah persyaratan lengkap. Kosong: langkah pertama."
        ),
    )
    standar_waktu_sampai: Tujuan | None = Field(
        default=None,
        description=(
            "Langkah (nomor atau id) terakhir yang dihitung standar_waktu, termasuk langkah "
            "itu. Kosong: sampai selesai."
        ),
    )
    # The optional texts shown on the SOP's page and in the book (`shown`): adding one
    # is this line, its label `isian.<name>` in locale/{id,en}/isian.yaml, and the
    # regenerated schema; the site, the book and `sop diff` read `shown_fields()`.
    jenis_layanan: str | None = shown_text("Standar pelayanan: jenis layanan (opsional).")
    persyaratan: text_list(
        "Standar pelayanan: persyaratan yang dibawa pemohon (opsional).", shown=True
    )
    biaya_tarif: str | None = shown_text(
        "Standar pelayanan: biaya/tarif, mis. 'Tidak dipungut biaya'."
    )
    produk_layanan: text_list("Standar pelayanan: produk layanan (opsional).", shown=True)
    penanganan_pengaduan: text_list(
        "Standar pelayanan: penanganan pengaduan, saran dan masukan, mis. 'Kotak saran di "
        "ruang pelayanan' (opsional).",
        shown=True,
    )
    pelaksana: identifier_list(
        "Pelaksana (kolom tabel prosedur, jalur diagram alir), berurutan; id dari organisasi.yaml."
    )
    prosedur: tuple[Langkah, ...] = Field(
        min_length=1, description="Langkah-langkah prosedur, berurutan dari atas ke bawah."
    )
    pemeriksaan: PemeriksaanSop | None = Field(
        default=None,
        description="Aturan pemeriksaan yang dimatikan atau diubah untuk SOP ini, dengan alasan.",
    )

    @model_validator(mode="before")
    @classmethod
    def _single_keterkaitan(cls, data: object) -> object:
        # `keterkaitan: teks` is one item, like the other list fields.
        if isinstance(data, dict) and isinstance(data.get("keterkaitan"), str | dict):
            return {**data, "keterkaitan": [data["keterkaitan"]]}
        return data

    @field_validator("standar_waktu_mulai", "standar_waktu_sampai", mode="after")
    @classmethod
    def _normalise_clock(cls, value: int | str | None) -> int | str | None:
        return None if value is None else normalise_target(value)

    @classmethod
    def shown_field_names(cls) -> tuple[str, ...]:
        """The optional texts shown on the page and in the book, in the form's order."""
        return tuple(
            name
            for name, info in cls.model_fields.items()
            if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get(SHOWN)
        )

    @classmethod
    def shown_field_is_list(cls, name: str) -> bool:
        """Whether the shown field `name` holds a list of texts (else one text)."""
        return cls.model_fields[name].default == ()

    def shown_fields(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each shown field that is written, by name, with its texts."""
        found = []
        for name in self.shown_field_names():
            value = getattr(self, name)
            items = (value,) if isinstance(value, str) else tuple(value or ())
            if items:
                found.append((name, items))
        return tuple(found)

    @functools.cached_property
    def flow(self) -> Flow:
        """The arrows and paths of this SOP (`generator.flow.Flow`), worked out once.

        Kept on the (frozen) SOP like `Langkah.kind`: the checker, the timing, the
        size check, the chart, the procedure table and the site's views all ask for
        them, five times an SOP in a `sop generate`; worked out during the check, the
        page workers inherit them."""
        from generator.flow import Flow  # the flow reads this model: imported when asked

        return Flow(self)

    @functools.cached_property
    def json_text(self) -> str:
        """`model_dump_json()`, made once: the keys of a run's pages, charts and whole
        output each hash it (three dumps an SOP in a `sop generate` before)."""
        return self.model_dump_json()

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Sop:
        """A copy (pydantic's), without what is kept on this SOP (its flow and JSON):
        `update` may change them."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("flow", None)
        copied.__dict__.pop("json_text", None)
        return copied


__all__ = [
    "END",
    "NEXT_STEP",
    "JenisLangkah",
    "Langkah",
    "PartialDate",
    "Pengesah",
    "Sop",
    "StatusSop",
    "TanggalSop",
    "TautanSop",
    "Unit",
    "normalise_target",
]
