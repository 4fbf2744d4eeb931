"""A new SOP file, valid from its first save: the text `sop new` writes.

Pure functions: the organisation and the existing SOPs in, YAML text out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from generator import templating
from generator.model import Repository

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class NewSop:
    """What the author told `sop new`."""

    nama: str
    bidang: str
    seksi: str | None
    pelaksana: tuple[str, ...]
    pengesah: str | None
    tahun: int


def slug(text: str) -> str:
    """A file name (SOP id) from a title: 'Pelayanan Kerjasama' -> 'pelayanan-kerjasama'."""
    return _SLUG.sub("-", text.lower()).strip("-") or "sop-baru"


def next_number(pattern: str | None, repository: Repository, year: int) -> str | None:
    """The next free number in the office's pattern for `year` (None without a pattern).

    The pattern holds `{urut}` (the running number) and `{tahun}` (the year),
    e.g. "470/{urut}/SOP/DKPS/{tahun}".
    """
    if not pattern or "{urut}" not in pattern:
        return None
    regex = re.escape(pattern).replace(r"\{urut\}", r"\s*(?P<urut>\d+)\s*")
    regex = regex.replace(r"\{tahun\}", r"(?P<tahun>\d{4})")
    used = []
    for entry in repository.sops:
        match = re.fullmatch(regex, entry.sop.nomor or "")
        if match and int(match.groupdict().get("tahun") or year) == year:
            used.append(int(match["urut"]))
    return pattern.replace("{urut}", str(max(used, default=0) + 1)).replace("{tahun}", str(year))


def new_sop_text(request: NewSop, repository: Repository, schema_path: str) -> str:
    """The YAML text of the new SOP, with the schema modeline and names as comments."""
    organisasi = repository.organisasi
    # YAML output: every value goes through the `yaml` filter.
    environment = templating.environment("generator", autoescape=False)
    # A JSON string is a valid YAML double-quoted scalar: any text is safe in it.
    environment.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return environment.get_template("sop_baru.yaml.j2").render(
        request=request,
        schema_path=schema_path,
        nomor=next_number(repository.pengaturan.pola_nomor, repository, request.tahun),
        bidang=organisasi.bidang[request.bidang],
        seksi=organisasi.bidang[request.bidang].seksi.get(request.seksi or ""),
        roles=[(role, organisasi.jabatan[role]) for role in request.pelaksana],
        pengesah=organisasi.jabatan.get(request.pengesah or ""),
    )
