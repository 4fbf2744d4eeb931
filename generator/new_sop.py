"""A new SOP file, valid from its first save: the text `sop new` writes.

Pure functions: the organisation and the existing SOPs in, YAML text out;
then `write_new_sop` puts it in its place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator import templating
from generator.model import Repository
from generator.model.common import IDENTIFIER_RE
from generator.problems import display_path
from generator.safepath import windows_reserved
from generator.schema import json_schema_text
from generator.usage import UsageError, unknown_choice

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
    # The full date for Tgl. Pembuatan when the SOP is made today; None when the
    # author named another year (`--tahun`): then only that year is written.
    tanggal: dt.date | None = None

    @classmethod
    def started(
        cls,
        nama: str,
        bidang: str,
        seksi: str | None,
        pelaksana: tuple[str, ...],
        pengesah: str | None,
        tahun: int | None,
    ) -> NewSop:
        """The SOP started today: dated today, or in the year the author named."""
        today = dt.date.today()
        made = today if tahun in (None, today.year) else None
        return cls(nama, bidang, seksi, pelaksana, pengesah, tahun or today.year, made)


def slug(text: str) -> str:
    """A file name (SOP id) from a title: 'Pelayanan Kerjasama' -> 'pelayanan-kerjasama';
    a Windows device name ('CON') gets '-1', as the loader proposes."""
    name = _SLUG.sub("-", text.lower()).strip("-") or "sop-baru"
    return f"{name}-1" if windows_reserved(name) else name


def _normalised(text: str) -> str:
    return re.sub(r"[\s_\-.]+", " ", text).strip().lower()


def resolve_bidang(value: str, repository: Repository) -> str | None:
    """The bidang id that `value` names: its id, name, short name or alias (any case)."""
    wanted = _normalised(value)
    for bidang_id, bidang in repository.organisasi.bidang.items():
        names = (bidang_id, bidang.nama, bidang.singkatan or "", *bidang.alias)
        if any(name and _normalised(name) == wanted for name in names):
            return bidang_id
    return None


def resolve_seksi(value: str, bidang: str, repository: Repository) -> str | None:
    """The seksi id of `bidang` that `value` names (id or name, any case)."""
    wanted = _normalised(value)
    for seksi_id, seksi in repository.organisasi.bidang[bidang].seksi.items():
        if wanted in (_normalised(seksi_id), _normalised(seksi.nama)):
            return seksi_id
    return None


def resolve_role(value: str, repository: Repository, bidang: str | None = None) -> str | None:
    """The role id that `value` names: its id, name, short name or alias (any case);
    when several roles carry the name, the one of `bidang`, else None."""
    wanted = _normalised(value)
    matches = [
        role_id
        for role_id, jabatan in repository.organisasi.jabatan.items()
        if any(
            name and _normalised(name) == wanted
            for name in (role_id, jabatan.nama, jabatan.singkatan or "", *jabatan.alias)
        )
    ]
    if len(matches) > 1:
        own = [r for r in matches if repository.organisasi.jabatan[r].bidang == bidang]
        matches = own
    return matches[0] if len(matches) == 1 else None


def next_number(pattern: str | None, repository: Repository, year: int) -> str | None:
    """The next free number in the office's pattern for `year` (None without a pattern).

    The pattern holds `{urut}` (the running number) and `{tahun}` (the year),
    e.g. "470/{urut}/SOP/DKPS/{tahun}".
    """
    if not pattern or "{urut}" not in pattern:
        return None
    # A field written twice ("{tahun}/.../{tahun}") names its group once and refers
    # back to it after: a group name defined twice is an error of `re`.
    regex = re.escape(pattern)
    regex = regex.replace(r"\{urut\}", r"\s*(?P<urut>\d+)\s*", 1)
    regex = regex.replace(r"\{urut\}", r"\s*(?P=urut)\s*")
    regex = regex.replace(r"\{tahun\}", r"(?P<tahun>\d{4})", 1).replace(r"\{tahun\}", "(?P=tahun)")
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


def roles_from_text(text: str, repository: Repository, bidang: str) -> str | None:
    """Comma-separated role names or ids -> comma-separated ids; None if one is unknown."""
    ids = [resolve_role(part.strip(), repository, bidang) for part in text.split(",")]
    if not ids or any(role is None for role in ids):
        return None
    return ",".join(role for role in ids if role)


def unknown_role(text: str, repository: Repository, bidang: str) -> str:
    """The first part of comma-separated `text` that names no role (else all of it)."""
    parts = (part.strip() for part in text.split(","))
    return next((part for part in parts if resolve_role(part, repository, bidang) is None), text)


# -- Writing the file (the only I/O of this module) ----------------------------------------


def target_file(root: Path, bidang: str, nama: str, sop_id: str | None, out: Path | None) -> Path:
    """Where the new SOP goes (`out`, else sops/<bidang>/<id>.yaml); UsageError when a
    file is there already (`sop new` never overwrites), said before anything more is asked."""
    if sop_id is not None and (not IDENTIFIER_RE.match(sop_id) or windows_reserved(sop_id)):
        # An id is a file name in the bidang's folder: no path, no device name.
        raise UsageError("cli.new_bad_id", "cli.new_bad_id_hint", id=sop_id, proposal=slug(sop_id))
    target = out or root / bidang / f"{sop_id or slug(nama)}.yaml"
    if target.exists():
        raise UsageError("cli.new_exists", "cli.new_exists_hint", path=display_path(target))
    return target


def write_new_sop(root: Path, target: Path, request: NewSop, repository: Repository) -> None:
    """Write the new SOP at `target` (never over an existing file), its modeline naming
    docs/schema/ of the project, which is written there when a fresh project has none."""
    schema = root.parent / "docs" / "schema" / "sop.schema.json"
    if not schema.is_file():
        try:
            schema.parent.mkdir(parents=True, exist_ok=True)
            schema.write_text(json_schema_text("sop"), encoding="utf-8")
        except OSError:
            pass  # a read-only project: the modeline still names where it belongs
    relative = Path(os.path.relpath(schema, target.parent))
    text = new_sop_text(request, repository, relative.as_posix())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)


def signer_for(pengesah: str | None, repository: Repository, bidang: str) -> str | None:
    """The signer's role id: `pengesah` (id or name), else `pengesah` of pengaturan.yaml;
    UsageError when it names no role."""
    signer = pengesah or repository.pengaturan.pengesah
    if signer is None:
        return None
    resolved = resolve_role(signer, repository, bidang)
    if resolved is None:
        raise unknown_choice("jabatan", signer, sorted(repository.organisasi.jabatan))
    return resolved
