"""The printed heading (kop) needs the region and the logo: the cover, the Keputusan and
every identity page print "PEMERINTAH <wilayah>" and the office's logo from
`organisasi.yaml`. Without them the handbook has a silent gap where the form
has a line, so the registry should name both (`instansi.wilayah`,
`instansi.logo`, a PNG or SVG file next to organisasi.yaml). A UPTD or UPT
prints its parent office too ("DINAS KESEHATAN" above "UPTD PUSKESMAS ..."):
its registry names it in `instansi.induk`.

PASS:

    # organisasi.yaml
    instansi:
      nama: Dinas Contoh
      wilayah: Kota Contoh
      logo: logo.svg

FAIL:

    # organisasi.yaml
    instansi:
      nama: Dinas Contoh
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.base import Finding, RepositoryContext
from generator.problems import Position, Severity

ID = "kop-tak-lengkap"
CATEGORY = "formulir"
SEVERITY = Severity.INFO  # a gap in the printed book, not in the SOP: never fails --strict
SCOPE = "repository"


def check(context: RepositoryContext) -> Iterator[Finding]:
    """One finding per missing part of the kop: the wilayah line, the logo."""
    repository = context.repository
    instansi = repository.organisasi.instansi
    parts = [("wilayah", instansi.wilayah), ("logo", instansi.logo)]
    if _TECHNICAL_UNIT.match(instansi.nama):
        parts.insert(0, ("induk", instansi.induk))
    missing = [field for field, value in parts if not (value and value.strip())]
    if not missing or not repository.sops:
        return
    source = repository.organisasi_source
    position = (
        source.position(("instansi",), key=True)
        if source is not None
        else Position("organisasi.yaml", 1, 1)
    )
    for field in missing:
        example = _EXAMPLES[field]
        yield Finding(position, {"field": f"instansi.{field}", "key": field, "contoh": example})


# What each missing line looks like when written (the same in every language).
_EXAMPLES = {"induk": "Dinas Kesehatan", "wilayah": "Kota Palembang", "logo": "logo.png"}
# A technical unit (UPTD, UPT, UPTB) belongs to a Dinas or Badan the kop names too.
_TECHNICAL_UNIT = re.compile(r"\s*UPT[DB]?\b", re.IGNORECASE)
