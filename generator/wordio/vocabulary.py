"""The words SOP documents use for their labels and column headings, in the
spellings real Indonesian and English documents use, and how to compare them.

The form's own labels (the locale files' `wordio.label.*`, every language)
are always recognised too; this module adds the other spellings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from generator.messages import available_languages, translate

_PARENTHESES = re.compile(r"\([^)]*\)")
_PUNCTUATION = re.compile(r"[\s.:,;/\\\-_*#'\"’]+")

# Identity block: field -> spellings (besides the form's own labels).
IDENTITY = {
    "nomor": ("nomor sop", "no sop", "nomor", "sop number", "sop no", "number"),
    "pembuatan": (
        "tgl pembuatan",
        "tanggal pembuatan",
        "tgl dibuat",
        "tanggal dibuat",
        "date created",
        "date of creation",
        "creation date",
        "date made",
    ),
    "revisi": ("tgl revisi", "tanggal revisi", "date revised", "revision date", "date of revision"),
    "efektif": (
        "tgl efektif",
        "tanggal efektif",
        "tgl pengesahan",
        "tanggal pengesahan",
        "tanggal berlaku",
        "tgl berlaku",
        "effective date",
        "date effective",
        "date of approval",
        "approval date",
    ),
    "disahkan": ("disahkan oleh", "disahkan", "approved by", "ratified by", "authorized by"),
    "pengesah_nama": ("nama", "name", "nama pejabat"),
    "pangkat": ("pangkat", "pangkat golongan", "golongan", "rank"),
    "nip": ("nip",),
    "nama_sop": ("nama sop", "judul sop", "sop name", "sop title", "name of sop", "title"),
    "jenis_layanan": ("jenis layanan", "jenis pelayanan", "type of service"),
    "biaya_tarif": ("biaya tarif", "biaya", "tarif", "fee", "cost"),
    "standar_waktu_mulai": ("standar waktu mulai", "standar waktu dihitung dari langkah"),
    "standar_waktu_sampai": ("standar waktu sampai", "standar waktu dihitung sampai langkah"),
    "standar_waktu": (
        "standar waktu",
        "standar waktu pelayanan",
        "waktu penyelesaian",
        "service time standard",
        "time standard",
    ),
}

# The six fields (and Definisi): field -> spellings of its heading.
SECTIONS = {
    "definisi": ("definisi", "definitions", "definition", "pengertian"),
    "persyaratan": ("persyaratan", "persyaratan pelayanan", "requirements", "service requirements"),
    "produk_layanan": ("produk layanan", "produk pelayanan", "service products", "products"),
    "dasar_hukum": ("dasar hukum", "legal basis", "legal bases", "legal foundation"),
    "kualifikasi": (
        "kualifikasi pelaksana",
        "implementer qualifications",
        "implementer qualification",
        "implementing qualifications",
        "executor qualifications",
        "qualifications",
    ),
    "keterkaitan": ("keterkaitan", "keterkaitan sop", "related sops", "related sop", "linkage"),
    "peralatan": (
        "peralatan perlengkapan",
        "peralatan dan perlengkapan",
        "peralatan",
        "equipment supplies",
        "equipment and supplies",
        "equipment",
    ),
    "peringatan": ("peringatan", "warning", "warnings"),
    "pencatatan": (
        "pencatatan dan pendataan",
        "pencatatan pendataan",
        "pencatatan",
        "recording and data collection",
        "recording and data keeping",
        "record keeping",
        "recording",
    ),
}

# Procedure table headings: column -> spellings.
COLUMNS = {
    "nomor_urut": ("no", "nomor", "number", "nr"),
    "kegiatan": (
        "kegiatan",
        "aktivitas",
        "uraian kegiatan",
        "uraian aktivitas",
        "uraian prosedur",
        "uraian prosedur kerja",
        "kegiatan aktivitas",
        "aktivitas kegiatan",
        "uraian",
        "activity",
        "activities",
        "description of activity",
    ),
    "pelaksana": (
        "pelaksana",
        "performer",
        "performers",
        "executor",
        "executors",
        "implementer",
        "implementers",
        "actor",
        "actors",
    ),
    "mutu_baku": ("mutu baku", "quality standard", "quality standards", "standard quality"),
    "kelengkapan": (
        "kelengkapan",
        "persyaratan kelengkapan",
        "persyaratan perlengkapan",
        "kelengkapan persyaratan",
        "perlengkapan",
        "persyaratan",
        "requirements",
        "requirement",
        "completeness",
    ),
    "waktu": ("waktu", "time", "duration", "durasi"),
    "output": ("output", "hasil", "keluaran", "outcome", "outputs", "output hasil", "hasil output"),
    "keterangan": (
        "keterangan",
        "ket",
        "keterangan catatan",
        "catatan",
        "remarks",
        "remark",
        "notes",
        "note",
        "information",
    ),
}

# Marks written in a performer's cell instead of a shape, and the symbol they stand for.
MARKS = {
    "✓": None,
    "✔": None,
    "√": None,
    "☑": None,
    "☒": None,
    "x": None,
    "v": None,
    "✗": None,
    "●": None,
    "•": None,
    "■": "process",
    "□": "process",
    "▭": "process",
    "◻": "process",
    "▢": "process",
    "◇": "decision",
    "◆": "decision",
    "♦": "decision",
    "⬭": "terminator",
    "○": "terminator",
    "◯": "terminator",
}

END_WORDS = ("selesai", "akhir", "end", "finish", "stop", "done")
START_WORDS = ("mulai", "awal", "start", "begin")


def normalise(text: str) -> str:
    """Text reduced for comparing labels: lower case, no punctuation or parentheses."""
    text = unicodedata.normalize("NFKC", text).replace("\xa0", " ")
    text = _PARENTHESES.sub(" ", text)
    return _PUNCTUATION.sub(" ", text).strip().lower()


@cache
def _spellings(table_name: str) -> dict[str, str]:
    table = {"identity": IDENTITY, "sections": SECTIONS, "columns": COLUMNS}[table_name]
    found: dict[str, str] = {}
    for key, words in table.items():
        for lang in available_languages():
            found.setdefault(normalise(translate(f"wordio.label.{key}", lang)), key)
        for word in words:
            found.setdefault(normalise(word), key)
    return found


def identity_field(text: str) -> str | None:
    """The identity field a label names ('TGL. PEMBUATAN' -> 'pembuatan'), or None."""
    return _spellings("identity").get(normalise(text))


def section_field(text: str) -> str | None:
    """The six-field section a heading names ('DASAR HUKUM' -> 'dasar_hukum'), or None."""
    return _spellings("sections").get(normalise(text))


def column_kind(text: str) -> str | None:
    """The procedure column a heading names ('Aktivitas' -> 'kegiatan'), or None."""
    return _spellings("columns").get(normalise(text))
