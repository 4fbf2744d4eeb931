"""The draft Keputusan Kepala Dinas that enacts the SOPs, and its Lampiran (the list of SOPs).

A pure function of the registries and the SOPs in the book: the signer is the
position in `pengaturan.yaml` (`pengesah`), else the one who signs most SOPs;
"Mengingat" lists the regulations in force that the SOPs cite, highest rank
first (UU before PP before Perpres ... before Perwali), then by year. The
number and the date are left blank for the office to fill in, as on a draft.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.messages import translate
from generator.model import Repository, StatusPeraturan
from generator.model.peraturan import JENIS_LENGKAP
from generator.model.repository import SopEntry
from generator.resolved import acting_prefix, law, laws_in_order, role_name

BLANK = "............"
RANK = {jenis: index for index, jenis in enumerate(JENIS_LENGKAP)}


@dataclass(frozen=True)
class Keputusan:
    """What the Keputusan pages print."""

    kop: tuple[str, ...]  # PEMERINTAH ..., the office's name
    judul: str  # KEPUTUSAN KEPALA DINAS ...
    nomor: str
    tentang: str
    pembuka: str  # DENGAN RAHMAT TUHAN YANG MAHA ESA / KEPALA DINAS ...,
    menimbang: tuple[str, ...]
    mengingat: tuple[str, ...]
    menetapkan: str
    diktum: tuple[tuple[str, str], ...]  # (KESATU, text)
    tempat: str
    tanggal: str
    penanda_tangan: tuple[str, ...]  # jabatan, (space), nama, pangkat, NIP
    lampiran_kepala: tuple[str, ...]  # LAMPIRAN / KEPUTUSAN ... / NOMOR / TANGGAL
    lampiran_judul: str
    lampiran: tuple[tuple[str, str, str, str], ...]  # no, nomor, nama, unit


def pemerintah_line(repository: Repository) -> str:
    """'PEMERINTAH KOTA PALEMBANG', or empty when the registry names no wilayah."""
    wilayah = repository.organisasi.instansi.wilayah
    return f"PEMERINTAH {wilayah.upper()}" if wilayah else ""


def _signer(repository: Repository, entries: Sequence[SopEntry]) -> tuple[str, str, str, str]:
    """(jabatan name, nama, pangkat, NIP) of whoever enacts the book."""
    wanted = repository.pengaturan.pengesah
    signers = [e.sop.disahkan_oleh for e in entries if e.sop.disahkan_oleh is not None]
    if wanted is None and signers:
        wanted = Counter(s.jabatan for s in signers).most_common(1)[0][0]
    if wanted is None:
        return ("", "", "", "")
    person = next((s for s in signers if s.jabatan == wanted and s.nama), None)
    return (
        role_name(repository, wanted).nama,
        person.nama or "" if person else "",
        person.pangkat or "" if person else "",
        person.nip or "" if person else "",
    )


def _mengingat(repository: Repository, entries: Sequence[SopEntry]) -> tuple[str, ...]:
    cited = {law for entry in entries for law in entry.sop.dasar_hukum}
    known = (law(repository, law_id) for law_id in laws_in_order(repository, cited)[0])
    laws = [item for item in known if item is not None and item.status is StatusPeraturan.BERLAKU]
    laws.sort(key=lambda item: (RANK.get(item.jenis, len(RANK)), item.tahun, item.judul))
    return tuple(f"{item.judul};" for item in laws)


def build_keputusan(
    repository: Repository, entries: Sequence[SopEntry], units: Sequence[str], lang: str
) -> Keputusan:
    """The Keputusan for the SOPs `entries` (in print order; `units` are their units' names)."""

    def t(key: str, **args: str) -> str:
        return translate(f"handbook.keputusan.{key}", lang, **args)

    instansi = repository.organisasi.instansi
    nama_instansi = instansi.nama_lengkap
    jabatan, nama, pangkat, nip = _signer(repository, entries)
    jabatan = jabatan or t("kepala_instansi", instansi=nama_instansi)
    # "Plh." written before the name belongs before the position, in the signature only.
    acting, nama = acting_prefix(nama)
    signs_as = f"{acting} {jabatan.upper()}" if acting else jabatan.upper()
    judul = t("judul", jabatan=jabatan.upper())
    tentang = t("tentang", instansi=nama_instansi.upper())
    kop = tuple(dict.fromkeys(x for x in (pemerintah_line(repository), nama_instansi.upper()) if x))
    diktum_names = t("diktum").split(",")
    texts = (
        t("kesatu", instansi=nama_instansi),
        t("kedua", instansi=nama_instansi),
        t("ketiga"),
        t("keempat"),
    )
    tempat = (instansi.wilayah or "").removeprefix("Kota ").removeprefix("Kabupaten ") or BLANK
    lampiran = tuple(
        (str(index), entry.sop.nomor or "-", entry.sop.nama, unit)
        for index, (entry, unit) in enumerate(zip(entries, units, strict=True), start=1)
    )
    return Keputusan(
        kop=kop,
        judul=judul,
        nomor=t("nomor", nomor=BLANK),
        tentang=tentang,
        pembuka=t("pembuka", jabatan=jabatan.upper()),
        menimbang=(t("menimbang_a", instansi=nama_instansi), t("menimbang_b", jabatan=jabatan)),
        mengingat=_mengingat(repository, entries),
        menetapkan=t("menetapkan_isi", judul=judul, tentang=tentang),
        diktum=tuple((name.strip(), text) for name, text in zip(diktum_names, texts, strict=True)),
        tempat=t("ditetapkan_di", tempat=tempat),
        tanggal=t("pada_tanggal", tanggal=BLANK),
        penanda_tangan=(
            signs_as + ",",
            nama or BLANK,
            pangkat,
            translate("handbook.identitas.nip", lang, nip=nip) if nip else "",
        ),
        lampiran_kepala=(
            t("lampiran"),
            t("lampiran_keputusan", jabatan=jabatan.upper()),
            t("nomor", nomor=BLANK),
            t("tanggal", tanggal=BLANK),
        ),
        lampiran_judul=t("lampiran_judul", instansi=nama_instansi.upper()),
        lampiran=lampiran,
    )
