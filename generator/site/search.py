"""What search knows of an SOP page beyond what it prints: filters, other names, root words.

The site's search is Pagefind over the built HTML (see `pagefind.py`). The
SOP page template marks its parts for it from this view:

- filters: Bidang, Jabatan (every performer), Status, Dasar hukum;
- other names a reader may type, which the page does not print: a role's or
  unit's `alias` ("Kadis", "Sekdin"), a regulation's full citation; hidden on
  the page, and cut from the excerpts (they follow the "¦" mark);
- per step, the root words of its text (`search_words.root_words`), so
  "periksa" finds "Pemeriksaan"; hidden and cut the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.messages import translate
from generator.model import Repository, SopEntry
from generator.resolved import resolve


@dataclass(frozen=True)
class SearchFilter:
    """One filter value of a page: the filter's name (as shown) and the value."""

    name: str
    value: str


@dataclass(frozen=True)
class SearchView:
    """The search marks of one SOP page."""

    filters: tuple[SearchFilter, ...]
    aliases: tuple[str, ...]


def _unit_aliases(repository: Repository, entry: SopEntry) -> list[str]:
    return list(resolve(entry, repository).unit.aliases)


def search_view(repository: Repository, entry: SopEntry, lang: str) -> SearchView:
    """Filters and hidden other names of one SOP page."""
    sop = entry.sop
    resolved = resolve(entry, repository)

    def name(key: str) -> str:
        return translate(f"site.cari.filter.{key}", lang)

    filters = [
        SearchFilter(name("bidang"), resolved.bidang_name),
        SearchFilter(name("status"), translate(f"site.status.{sop.status.value}", lang)),
        SearchFilter(name("jenis"), translate("site.cari.jenis_sop", lang)),
    ]
    aliases = _unit_aliases(repository, entry)
    for role in resolved.lanes:
        filters.append(SearchFilter(name("jabatan"), role.label))
        if role.registered:
            aliases += [role.nama, *role.other_names]
    for _reg_id, reg in resolved.laws:
        if reg is None:
            continue
        filters.append(SearchFilter(name("dasar_hukum"), f"{reg.jenis} {reg.nomor}/{reg.tahun}"))
        aliases.append(reg.judul)
    unique = sorted({" ".join(word.split()) for word in aliases if word and word.strip()})
    return SearchView(tuple(filters), tuple(unique))
