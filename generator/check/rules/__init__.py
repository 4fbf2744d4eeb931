"""The check rules, one module each. `ALL_RULES` lists them in documentation order."""

from __future__ import annotations

from importlib import import_module

_NAMES = [
    # waktu
    "waktu_kosong",
    "waktu_tak_terbaca",
    "waktu_tak_tentu",
    "waktu_terlalu_panjang",
    "waktu_nol",
    "waktu_tak_wajar",
    "melebihi_standar_waktu",
    "standar_waktu_batas",
    "kasus_terburuk_melebihi_standar",
    "langkah_terlalu_lama",
    # pelaksana
    "pelaksana_kosong",
    "pelaksana_bukan_kolom",
    "kolom_tak_terpakai",
    "pengesah_tak_terlibat",
    "panah_balik_salah_tujuan",
    "satu_pelaksana",
    # alur
    "jawaban_kurang",
    "tujuan_tak_ada",
    "jawaban_pada_proses",
    "menunjuk_diri_sendiri",
    "langkah_tak_terjangkau",
    "jalan_buntu",
    "putaran_tanpa_keluar",
    "tanpa_akhir",
    # formulir
    "identitas_kosong",
    "nomor_sementara",
    "tanggal_hanya_tahun",
    "efektif_sebelum_pembuatan",
    "output_kosong",
    "kelengkapan_kosong",
    "kegiatan_bukan_kata_kerja",
    # rujukan
    "dasar_hukum_diubah",
    "dasar_hukum_dicabut",
    "keterkaitan_melingkar",
    "nama_unit_berbeda",
    # antar SOP
    "nomor_ganda",
]

ALL_RULES = tuple(import_module(f"{__name__}.{name}") for name in _NAMES)
RULES_BY_ID = {rule.ID: rule for rule in ALL_RULES}
