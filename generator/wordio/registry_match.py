"""Names read from a Word document matched to the registries.

Roles by name, short name and alias (`organisasi.yaml`); units from the
heading lines; regulations by kind, number and year (`peraturan.yaml`),
parsed from citations like "Undang-Undang Nomor 23 Tahun 2006 tentang ...";
related SOPs by name. What is not in a registry gets a proposed entry, ready
to paste, whose id the draft already uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import Organisasi, Repository
from generator.model.peraturan import JENIS_LENGKAP, DaftarPeraturan
from generator.safepath import windows_reserved
from generator.wordio.vocabulary import normalise

_CITATION = re.compile(
    r"(?P<jenis>.+?)\s+(?:nomor|no\.?|number)\s*:?\s*(?P<nomor>[\w./-]+?)\s*,?\s+"
    r"(?:tahun|year|of)\s+(?P<tahun>\d{4})\b"
    r"(?:\s*,?\s*(?:tentang|concerning|on|about|regarding)\s+(?P<tentang>.*))?",
    re.I | re.S,
)
_LIST_NUMBER = re.compile(r"\s*(?:\d{1,3}|[a-z])[.)]\s*", re.I)
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class NewRole:
    """A role not in organisasi.yaml: the id the draft uses and the name read."""

    id: str
    nama: str


@dataclass(frozen=True)
class NewLaw:
    """A regulation not in peraturan.yaml, parsed from its citation."""

    id: str
    jenis: str
    nama_jenis: str | None
    nomor: str
    tahun: int
    tentang: str


def slug(text: str, separator: str) -> str:
    """An id from a name: 'Kepala Sub Bagian Umum' -> 'kepala_sub_bagian_umum'."""
    return _SLUG.sub(separator, normalise(text)).strip(separator)[:60].strip(separator)


def unique(base: str, taken: set[str], separator: str) -> str:
    """`base`, or `base` with a number, not in `taken` nor a Windows device name
    ('con' would be refused by the loader: its file and page cannot exist there)."""
    candidate, count = base, 1
    while candidate in taken or windows_reserved(candidate):
        count += 1
        candidate = f"{base}{separator}{count}"
    return candidate


def match_role(text: str, organisasi: Organisasi) -> str | None:
    """The id of the role named `text` (its name, short name, alias or id), or None."""
    wanted = normalise(text)
    if not wanted:
        return None
    for role_id, jabatan in organisasi.jabatan.items():
        names = [role_id, jabatan.nama, jabatan.singkatan or "", *jabatan.alias]
        if any(normalise(name) == wanted for name in names if name):
            return role_id
    return None


def match_signer(text: str, organisasi: Organisasi) -> str | None:
    """The role whose name starts `text` ('Kepala Dinas ..., Ir. X NIP ...'), longest first."""
    wanted = normalise(text)
    best: tuple[int, str] | None = None
    for role_id, jabatan in organisasi.jabatan.items():
        for name in (jabatan.nama, jabatan.singkatan or "", *jabatan.alias):
            key = normalise(name)
            starts = key and (wanted == key or wanted.startswith(key + " "))
            if starts and (best is None or len(key) > best[0]):
                best = (len(key), role_id)
    return best[1] if best else None


def match_unit(lines: list[str], organisasi: Organisasi) -> tuple[str | None, str | None, str]:
    """(bidang id, seksi id, the line that said so) from the heading lines."""
    bidang_found: str | None = None
    seksi_found: str | None = None
    evidence = ""
    for line in lines:
        for part in [line, *line.split("\n")]:
            key = normalise(part)
            for bidang_id, bidang in organisasi.bidang.items():
                names = [bidang.nama, bidang.singkatan or "", *bidang.alias]
                if bidang_found is None and any(normalise(n) == key for n in names if n):
                    bidang_found, evidence = bidang_id, evidence or part
                for seksi_id, seksi in bidang.seksi.items():
                    if seksi_found is None and any(
                        normalise(n) == key for n in (seksi.nama, *seksi.alias)
                    ):
                        seksi_found = seksi_id
                        if bidang_found is None or bidang_found == bidang_id:
                            bidang_found, evidence = bidang_id, part
    if seksi_found and bidang_found and seksi_found not in organisasi.bidang[bidang_found].seksi:
        seksi_found = None
    return bidang_found, seksi_found, evidence


def strip_list_number(text: str) -> str:
    """'3. Undang-Undang ...' -> 'Undang-Undang ...'."""
    return _LIST_NUMBER.sub("", text, count=1) if _LIST_NUMBER.match(text) else text


def parse_citation(text: str) -> tuple[str, str, int, str] | None:
    """(jenis as written, nomor, tahun, tentang) from a citation, or None."""
    match = _CITATION.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    return (
        match["jenis"].strip(" ,"),
        match["nomor"],
        int(match["tahun"]),
        (match["tentang"] or "").strip(),
    )


def _same_number(a: str, b: str) -> bool:
    if a.isdigit() and b.isdigit():
        return int(a) == int(b)
    return normalise(a) == normalise(b)


def _short_jenis(written: str) -> tuple[str, str | None]:
    """(jenis key, nama_jenis or None) for a kind as written ('Peraturan Presiden RI')."""
    wanted = normalise(written).replace("walikota", "wali kota")
    best: tuple[int, str] | None = None
    for key, full in JENIS_LENGKAP.items():
        name = normalise(full).replace("walikota", "wali kota")
        if wanted == normalise(key) or wanted == name:
            return key, None
        if wanted.startswith(name + " ") and (best is None or len(name) > best[0]):
            best = (len(name), key)
    if best is None:
        return written, None
    return best[1], written


def match_law(text: str, registry: DaftarPeraturan) -> tuple[str | None, tuple | None]:
    """(id, None) when the citation is in the registry; (None, parsed) when it is not;
    (None, None) when it cannot be read as a citation."""
    text = strip_list_number(text)
    parsed = parse_citation(text)
    if parsed is None:
        wanted = normalise(text)
        for law_id, law in registry.peraturan.items():
            if normalise(law.judul) == wanted or normalise(law_id) == wanted:
                return law_id, None
        return None, None
    jenis, nomor, tahun, _tentang = parsed
    candidates = [
        (law_id, law)
        for law_id, law in registry.peraturan.items()
        if law.tahun == tahun and _same_number(law.nomor, nomor)
    ]
    written = normalise(jenis)
    key, _ = _short_jenis(jenis)
    for law_id, law in candidates:
        names = {normalise(law.sebutan), normalise(law.jenis)}
        if written in names or law.jenis == key:
            return law_id, None
    if len(candidates) == 1 and key == jenis:  # a kind we cannot name: number and year decide
        return candidates[0][0], None
    return None, parsed


def new_law(parsed: tuple, taken: set[str]) -> NewLaw:
    """A proposed registry entry (with a fresh id) for a parsed citation."""
    jenis_written, nomor, tahun, tentang = parsed
    key, nama_jenis = _short_jenis(jenis_written)
    base = slug(f"{key} {nomor} {tahun}", "-") or f"peraturan-{tahun}"
    law_id = unique(base, taken, "-")
    return NewLaw(law_id, key, nama_jenis, nomor, tahun, tentang)


def match_link(text: str, repository: Repository) -> str | None:
    """The id of the SOP in the repository named `text` ('SOP Pelayanan Kerjasama')."""
    wanted = normalise(text)
    bare = wanted.removeprefix("sop ").strip()
    for entry in repository.sops:
        name = normalise(entry.sop.nama)
        if name and name in (wanted, bare):
            return entry.id
    return None
