"""The short forms offices write for the heads of units ("Kasi", "Kabid", "Ka."):
documents spell a role one way and `organisasi.yaml` another ("Kasi Kajian" in the
SOP, "Kepala Seksi Kajian" in the registry). Comparing names in their long form
lets the loader's hint name the role that is meant instead of advising a new one.
"""

from __future__ import annotations

import re

# Each short word, in lower case, and its long form. Only words that name a
# position of head (Kepala ...) or a unit, as Indonesian regional offices write them.
_LONG_FORMS = {
    "ka": "kepala",
    "kpl": "kepala",
    "kadis": "kepala dinas",
    "kaban": "kepala badan",
    "kabag": "kepala bagian",
    "kabid": "kepala bidang",
    "kasi": "kepala seksi",
    "kasie": "kepala seksi",
    "kasubag": "kepala sub bagian",
    "kasubbag": "kepala sub bagian",
    "kasubbid": "kepala sub bidang",
    "kasubid": "kepala sub bidang",
    "kaur": "kepala urusan",
    "kapus": "kepala puskesmas",
    "kalak": "kepala pelaksana",
    "sekdis": "sekretaris dinas",
    "sekban": "sekretaris badan",
    "subbag": "sub bagian",
    "subbagian": "sub bagian",
    "subbid": "sub bidang",
    "subbidang": "sub bidang",
    "sie": "seksi",
}
_WORD = re.compile(r"[a-z]+")


def long_form(normalised: str) -> str:
    """`normalised` (lower case, words separated by single spaces) with every short
    word of a position written out: "kasi kajian" -> "kepala seksi kajian". A lone
    word ("kasi") names a kind of position, not one role, and stays as written."""
    if " " not in normalised:
        return normalised
    return _WORD.sub(lambda word: _LONG_FORMS.get(word[0], word[0]), normalised)
