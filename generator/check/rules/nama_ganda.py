"""Two SOPs never read alike: a reader tells them apart by their names.

Names are compared as a reader sees them: letter case, runs of spaces,
compatibility forms (a full-width letter, a ligature) and characters that
show nothing (zero-width spaces, bidi controls, a soft hyphen) are ignored.
Two drafts named "Pengajuan Keberatan" and "Pengajuan Keberatan" with a
zero-width space pasted in look like one SOP in the catalogue and in search.

PASS:

    nama: Penerbitan Surat Keterangan
    ---
    nama: Penerbitan Surat Keterangan Pindah

FAIL:

    nama: Penerbitan Surat Keterangan
    ---
    nama: "Penerbitan Surat\\u200b Keterangan"
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from generator.check.base import Finding, RepositoryContext
from generator.problems import Severity

ID = "nama-ganda"
CATEGORY = "antar-sop"
SEVERITY = Severity.WARNING
SCOPE = "repository"

_SPACES = re.compile(r"\s+")


def as_read(nama: str) -> str:
    """`nama` as a reader tells it apart: no invisible character, one case, single spaces."""
    if nama.isascii() and nama.isprintable():  # the common case: nothing to fold away
        return " ".join(nama.split()).lower()
    # Line breaks and tabs (a name written as a YAML block) are spaces, not invisible.
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", nama))
    shown = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc", "Mn"))
    return _SPACES.sub(" ", shown).strip().casefold()


def check(context: RepositoryContext) -> Iterator[Finding]:
    """Every SOP whose name reads like another SOP's name."""
    read = [(entry, as_read(entry.sop.nama)) for entry in context.repository.sops]
    by_name: dict[str, list[str]] = {}
    for entry, name in read:
        by_name.setdefault(name, []).append(entry.id)
    for entry, name in read:
        if len(by_name[name]) < 2:
            continue
        others = [i for i in by_name[name] if i != entry.id]
        if others:
            yield Finding(
                entry.position("nama"), {"nama": entry.sop.nama, "others": ", ".join(others)}
            )
