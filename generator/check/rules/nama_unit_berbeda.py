"""Unit and position names in the SOP's text are spelled as in the registry.

Fires when a text of the SOP uses a spelling that `organisasi.yaml` lists as
an `alias` (an older or wrong spelling) of a bidang, seksi or jabatan.

PASS:

    peringatan: Berkas diteruskan ke Bidang Pelayanan Pendaftaran Penduduk.

FAIL:

    peringatan: Berkas diteruskan ke Bidang Pelayanan Pendaftaran.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.base import Finding, SopContext
from generator.lastownermemo import LastOwnerMemo
from generator.model import Organisasi
from generator.problems import Severity

ID = "nama-unit-berbeda"
CATEGORY = "rujukan"
SEVERITY = Severity.INFO
SCOPE = "sop"

_TEXT_FIELDS = ("nama", "nama_prosedur", "peringatan", "pencatatan_pendataan", "definisi")
_STEP_FIELDS = ("kegiatan", "output", "keterangan", "kelengkapan")


# (pattern, alias, official name, the alias in lower case when it is ASCII)
_Alias = tuple[re.Pattern[str], str, str, str | None]
# The aliases of the last registry seen (one run has one): made once, not per SOP.
_ALIASES: LastOwnerMemo[Organisasi, None, tuple[_Alias, ...]] = LastOwnerMemo(
    lambda org, _: tuple(
        (pattern, alias, official, alias.lower() if alias.isascii() else None)
        for pattern, alias, official in _aliases(org)
    )
)


def _aliases(org: Organisasi) -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """(pattern of the alias, alias, official name), longest alias first."""
    pairs = []
    for bidang in org.bidang.values():
        pairs += [(alias, bidang.nama) for alias in bidang.alias]
        for seksi in bidang.seksi.values():
            pairs += [(alias, seksi.nama) for alias in seksi.alias]
    for jabatan in org.jabatan.values():
        pairs += [(alias, jabatan.nama) for alias in jabatan.alias if " " in alias]
    pairs.sort(key=lambda pair: -len(pair[0]))
    return tuple(
        (re.compile(rf"\b{re.escape(alias)}\b(?!\s+\w)", re.IGNORECASE), alias, name)
        for alias, name in pairs
    )


def _texts(context: SopContext) -> Iterator[tuple[tuple[str | int, ...], str]]:
    data = context.entry.source.data
    for name in _TEXT_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            yield (name,), value
        elif isinstance(value, list):
            yield from (((name, i), v) for i, v in enumerate(value) if isinstance(v, str))
    for index, step in enumerate(data.get("prosedur") or []):
        if not isinstance(step, dict):
            continue
        for name in _STEP_FIELDS:
            value = step.get(name)
            if isinstance(value, str):
                yield ("prosedur", index, name), value


def _all_texts(data: dict) -> str:
    """Every text `_texts` gives, joined by line feeds (no data paths made)."""
    found: list[str] = []
    for name in _TEXT_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found += [v for v in value if isinstance(v, str)]
    for step in data.get("prosedur") or []:
        if isinstance(step, dict):
            for name in _STEP_FIELDS:
                value = step.get(name)
                if isinstance(value, str):
                    found.append(value)
    return "\n".join(found)


def check(context: SopContext) -> Iterator[Finding]:
    """Texts that use an alias spelling of a unit or position."""
    aliases = _ALIASES.get(context.repository.organisasi, None)
    if not aliases:
        return
    if all(lowered is not None for _, _, _, lowered in aliases):
        # Every alias is ASCII: when the SOP's texts are ASCII too and none holds an
        # alias' lower case (the test below, asked of all texts at once), no text can
        # match (most SOPs): their data paths are never made.
        every = _all_texts(context.entry.source.data)
        if every.isascii():
            every = every.lower()
            if not any(lowered in every for _, _, _, lowered in aliases):  # type: ignore[operator]
                return
    for path, text in _texts(context):
        # An ASCII text can hold an ASCII alias (matched ignoring case) only if its
        # lower case holds the alias' lower case: most texts are passed over so.
        lowered = text.lower() if text.isascii() else None
        for pattern, alias, official, alias_lowered in aliases:
            if lowered is not None and alias_lowered is not None and alias_lowered not in lowered:
                continue
            if pattern.search(text) and official.lower() not in text.lower():
                yield Finding(context.at(*path), {"alias": alias, "official": official})
                break
