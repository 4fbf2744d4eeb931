"""The three Palembang SOPs load into the model as the source document has them."""

from __future__ import annotations

from generator.loader import load_repository
from generator.model import JenisLangkah, PartialDate, StatusSop, TautanSop

from .conftest import SOPS


def load():
    result = load_repository(SOPS)
    assert result.problems == (), [p.render("en") for p in result.problems]
    assert result.repository is not None
    return result.repository


def test_three_sops_load_without_problems():
    repo = load()
    assert [e.id for e in repo.sops] == [
        "inovasi-pelayanan",
        "pelayanan-kerjasama",
        "pemanfaatan-data-dan-dokumen",
    ]


def test_kerjasama_matches_source():
    sop = load().sop("pelayanan-kerjasama").sop
    assert sop.nama == "Pelayanan Kerjasama"
    assert sop.nomor == "470/ /SOP/DKPS/2022"
    assert sop.status is StatusSop.BERLAKU
    assert sop.tanggal.pembuatan == PartialDate(2022)
    assert sop.disahkan_oleh.nip == "196902021992122001"
    assert sop.pelaksana == (
        "staf",
        "kasi_kerjasama",
        "kabid_pdip",
        "sekretaris",
        "kadis",
        "instansi_terkait",
    )
    assert [s.waktu for s in sop.prosedur] == [
        "15 Menit",
        "30 Menit",
        "10 Menit",
        "30 Menit",
        "30 Menit",
        "1 hari",
        "3 hari",
    ]
    assert [s.kind for s in sop.prosedur].count(JenisLangkah.KEPUTUSAN) == 3
    assert sop.prosedur[1].jawaban == {"Ya": "lanjut", "Tidak": 1}
    # The signing step is one step performed by two roles.
    assert sop.prosedur[6].pelaksana == ("kadis", "instansi_terkait")
    assert sop.keterkaitan == ("SOP Penyusunan Rencana Program Kegiatan SKPD",)
    assert not any(isinstance(k, TautanSop) for k in sop.keterkaitan)


def test_inovasi_keeps_gaps_of_the_source():
    sop = load().sop("inovasi-pelayanan").sop
    assert sop.nama_prosedur == "Pelaksanaan Laporan Inovasi Pelayanan"
    assert len(sop.prosedur) == 6
    assert sop.prosedur[3].output is None  # the source has no output for step 4
    last = sop.prosedur[-1]
    assert last.kind is JenisLangkah.SELESAI and last.waktu is None


def test_pemanfaatan_uses_every_column():
    sop = load().sop("pemanfaatan-data-dan-dokumen").sop
    assert len(sop.prosedur) == 9
    used = {role for step in sop.prosedur for role in step.pelaksana}
    assert used == set(sop.pelaksana)
    assert sop.pencatatan_pendataan == ("Disimpan sebagai data elektronik dan manua",)
    assert sop.prosedur[7].waktu == "1 minggu"


def test_registries_spell_names_once():
    repo = load()
    assert repo.organisasi.jabatan["kabid_pdip"].label == "Kepala Bidang"
    uu = repo.peraturan.peraturan["uu-23-2006"]
    assert uu.judul == "Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan"
    assert uu.status == "diubah" and uu.diubah_oleh == ("uu-24-2013",)
