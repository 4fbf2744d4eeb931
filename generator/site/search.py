"""What search finds on each SOP page: its words, taken from the model, not the HTML.

The theme's search plugin parses every page's HTML to build its index, which
is the largest single cost of a build with many SOPs (~8 ms a page). For SOP
pages the MkDocs plugin hands it these documents instead: the same words
(kegiatan, pertanyaan, kelengkapan, output, keterangan, roles, regulations,
the six fields), plus what the page does not print, such as a role's other
names (`alias`: "Kadis", "Sekdin") and a regulation's full citation, so a
reader finds an SOP by the words they use.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from generator.messages import translate
from generator.model import Repository, SopEntry
from generator.model.sop import TautanSop
from generator.site.views import sop_page


@dataclass(frozen=True)
class SearchDocument:
    """One search entry: the page's title and its text (HTML-escaped, one paragraph)."""

    title: str
    text: str


def _unit_words(repository: Repository, entry: SopEntry) -> list[str]:
    unit = entry.sop.unit
    bidang = repository.organisasi.bidang.get(unit.bidang)
    if bidang is None:
        return [unit.bidang]
    words = [bidang.nama, bidang.singkatan or "", *bidang.alias]
    seksi = bidang.seksi.get(unit.seksi) if unit.seksi else None
    if seksi is not None:
        words += [seksi.nama, *seksi.alias]
    return words


def _role_words(repository: Repository, role: str) -> list[str]:
    jabatan = repository.organisasi.jabatan.get(role)
    if jabatan is None:
        return [role]
    return [jabatan.nama, jabatan.singkatan or "", *jabatan.alias]


def search_document(repository: Repository, entry: SopEntry, lang: str) -> SearchDocument:
    """The search entry of one SOP page."""
    sop = entry.sop
    words: list[str] = [
        sop.nomor or "",
        translate(f"site.status.{sop.status.value}", lang),
        *_unit_words(repository, entry),
        *sop.definisi,
    ]
    for role in sop.pelaksana:
        words += _role_words(repository, role)
    for reg_id in sop.dasar_hukum:
        reg = repository.peraturan.peraturan.get(reg_id)
        words += [reg.judul, f"{reg.jenis} {reg.nomor}/{reg.tahun}"] if reg else [reg_id]
    for step in sop.prosedur:
        words += [
            step.kegiatan,
            step.pertanyaan or "",
            *step.kelengkapan,
            step.output or "",
            step.keterangan or "",
        ]
    words += [*sop.kualifikasi_pelaksana, *sop.peralatan_perlengkapan]
    words += [*sop.peringatan, *sop.pencatatan_pendataan]
    for item in sop.keterkaitan:
        other = repository.sop(item.sop) if isinstance(item, TautanSop) else None
        words.append(other.sop.nama if other else str(getattr(item, "sop", item)))
    text = " ".join(" ".join(word.split()) for word in words if word and word.strip())
    # The theme prints titles as HTML: escape them like the text.
    return SearchDocument(title=html.escape(sop.nama), text=f"<p>{html.escape(text)}</p>")


def search_documents(repository: Repository, lang: str) -> dict[str, SearchDocument]:
    """Docs path of each SOP page -> its search entry."""
    return {
        sop_page(entry.id): search_document(repository, entry, lang) for entry in repository.sops
    }
