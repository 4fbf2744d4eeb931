"""Load `sops/` into a Repository, reporting every problem of every file at once.

Layout of the folder:

- `organisasi.yaml` and `peraturan.yaml` at its top: the registries;
- every other `*.yaml` / `*.yml` file, in any sub-folder: one SOP each, whose
  id is its file name without the extension (`pelayanan-kerjasama.yaml`).

Only this module and `yamlsource` touch the file system while loading.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from generator.filesnapshot import FileSnapshot
from generator.gcpause import gc_paused
from generator.model import (
    DaftarPeraturan,
    Organisasi,
    Pengaturan,
    Repository,
    Sop,
    SopEntry,
)
from generator.model.common import IDENTIFIER_RE
from generator.model.pemantauan import PEMANTAUAN_FOLDER
from generator.monitoring.records import load_records
from generator.parsecache import ParseCache
from generator.problems import Position, Problem, Severity, display_path
from generator.role_abbreviations import long_form
from generator.safepath import (
    IMAGE_KINDS,
    MAX_IMAGE_BYTES,
    ProjectFile,
    UnsafePathError,
    read_bytes_within,
    read_project_file,
    windows_reserved,
)
from generator.validation import validate_document
from generator.yamlsource import YamlDocument, parse_yaml_bytes, read_yaml

if TYPE_CHECKING:
    from generator.check.twocores import TwoCores

ORGANISASI_FILE = "organisasi.yaml"
PERATURAN_FILE = "peraturan.yaml"
PENGATURAN_FILE = "pengaturan.yaml"  # optional
REGISTRY_FILES = (ORGANISASI_FILE, PERATURAN_FILE, PENGATURAN_FILE)

ModelT = TypeVar("ModelT", bound=BaseModel)
SOP_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadResult:
    """What loading gave: the repository (None when a registry is unusable) and problems."""

    repository: Repository | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when no file had a problem."""
        return not self.problems


def broken_files(problems: Iterable[Problem], registries: Iterable[str] = ()) -> tuple[str, ...]:
    """The shown paths of the SOP files that have an error (registries excluded), sorted."""
    skip = set(registries)
    return tuple(
        sorted(
            {
                p.position.path
                for p in problems
                if p.severity is Severity.ERROR and p.position.path not in skip
            }
        )
    )


def without_broken(repository: Repository, broken: Iterable[str]) -> Repository:
    """`repository` without the SOPs whose files are in `broken`.

    A file with an error is not trusted for findings, totals or pages; every
    other SOP is, whatever the broken ones hold (a bad file never stops the rest).
    """
    skip = set(broken)
    kept = tuple(entry for entry in repository.sops if entry.path not in skip)
    if len(kept) == len(repository.sops):
        return repository
    return dataclasses.replace(repository, sops=kept)


def find_sops_root(start: Path) -> Path | None:
    """The folder holding `organisasi.yaml`: `start` itself or its nearest parent."""
    current = Path(os.path.abspath(start))  # by name: shown paths keep the author's links
    if current.is_file():
        current = current.parent
    for folder in (current, *current.parents):
        if (folder / ORGANISASI_FILE).is_file():
            return folder
    return None


def project_root(sops_root: Path) -> Path:
    """The project folder of a `sops/` folder: its parent. Files read while loading
    (SOPs, registries, the logo) must resolve inside it (see `generator.safepath`)."""
    return Path(os.path.abspath(sops_root)).parent


def unread_paths(paths: Iterable[Path], root: Path) -> list[Problem]:
    """A problem for each path named on a command line that loading `root` will not
    read, saying why (no quiet skips): missing, not .yaml/.yml, or hidden."""
    problems = []
    base = Path(os.path.abspath(root))
    for path in paths:
        absolute = Path(os.path.abspath(path))
        try:
            parts = absolute.relative_to(base).parts
        except ValueError:  # outside the SOP folder (a draft with --sops): its own name
            parts = (absolute.name,)
        reason = None
        if not os.path.lexists(absolute):
            reason = "missing"
        elif any(part.startswith(".") for part in parts):
            reason = "hidden"
        elif not absolute.is_dir() and not absolute.name.endswith(SOP_SUFFIXES):
            reason = "suffix"
        if reason is not None:
            problems.append(
                Problem(
                    Position(display_path(path)),
                    f"loader.not_read_{reason}",
                    args={"name": path.name},
                )
            )
    return problems


def sop_files(root: Path, linked: list[Path] | None = None) -> list[Path]:
    """Every SOP file under `root`, in a stable order (registries excluded).

    Hidden files and folders (a name starting with ".") are skipped. Links to
    folders are not followed (they may leave the project, or show SOPs twice):
    they are added to `linked`, when given, so that the caller can say so.
    """
    found: list[tuple[str, Path]] = []
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        if linked is not None:
            linked += [Path(folder, n) for n in sorted(folders) if os.path.islink(Path(folder, n))]
        here = Path(folder)
        relative = here.relative_to(root).as_posix()
        for name in names:
            if name.startswith(".") or not name.endswith(SOP_SUFFIXES):
                continue
            if relative == "." and name in REGISTRY_FILES:
                continue
            if relative.split("/")[0] == PEMANTAUAN_FOLDER:
                continue  # monitoring records, read by generator.monitoring.records
            # Not only regular files: a FIFO or a link to a device named *.yaml is
            # reported by the reader (not a regular file), never skipped quietly.
            found.append((name if relative == "." else f"{relative}/{name}", here / name))
    return [path for _, path in sorted(found)]


def _linked_folder(link: Path) -> Problem:
    """A link to a folder under sops/, skipped: a warning, so that it is not silent."""
    args = {"name": display_path(link)}
    return Problem(
        Position(display_path(link)), "loader.linked_folder", Severity.WARNING, args=args
    )


def load_repository(
    root: Path,
    *,
    cache: bool = False,
    short_run: bool = False,
    snapshot: FileSnapshot | None = None,
    only: Collection[str] | None = None,
    helper: TwoCores | None = None,
) -> LoadResult:
    """Load the registries and every SOP under `root`; never raises for bad input.

    With `cache`, SOP files parsed in an earlier run and unchanged since are
    read back from the store next to `root` (see `parsecache`). `short_run`
    (a `sop` command, not a long-lived server) freezes what was built: see `gcpause`.
    With `snapshot`, files already read in this run (to hash them) are not read again.
    `only` (shown paths): load just these SOP files; the others are only listed
    (their ids count for links and duplicates), so a command about one file
    (`sop flowchart FILE`) does not read and validate the whole folder. The
    parse cache is then left alone: reading its pack costs more than parsing
    a few files, and saving it would forget the files not read.
    `helper`: when the parse cache is empty, a forked child may load the last
    files (see `check.twocores`; the caller hands it on to `run_checks`).
    """
    if only is not None:
        cache = False
    reader = snapshot.read_bytes_within if snapshot is not None else read_bytes_within
    with gc_paused(freeze=short_run):
        parse_cache = ParseCache.beside(root) if cache else None
        parse = parse_cache.parse if parse_cache else None
        if parse_cache is not None and helper is not None and parse_cache.is_empty():
            parse = _with_helper(root, parse_cache, helper, reader)
        result = _load_repository(root, parse, only, reader)
    if parse_cache is not None:
        parse_cache.save()
    return result


def _with_helper(
    root: Path, parse_cache: ParseCache, helper: TwoCores, reader: Callable[..., bytes]
) -> Callable[[bytes, str], tuple[YamlDocument | None, list[Problem]]]:
    """`parse_cache.parse`, with a forked child parsing the last files (`check.twocores`):
    the child's entries are offered to the cache before the first of its files."""
    if not helper.started:  # else forked before the run hashed its files
        paths = sop_files(root)
        helper.start(paths, [display_path(path) for path in paths], reader)
    if not helper.started:
        return parse_cache.parse

    def parse(raw: bytes, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
        helper.offer_parsed(shown, parse_cache)
        return parse_cache.parse(raw, shown)

    return parse


def load_files(
    root: Path,
    parse: Callable[[bytes, str], tuple[YamlDocument | None, list[Problem]]],
    only: Collection[str],
    reader: Callable[..., bytes] = read_bytes_within,
) -> Repository | None:
    """The registries of `root` and just the SOP files `only` (shown paths), parsed
    with `parse`, as a Repository (None when a registry is unusable); the
    problems are left out (`check.twocores`: its parent reports them)."""
    return _load_repository(root, parse, only, reader).repository


def _load_repository(
    root: Path,
    parse: Callable[[bytes, str], tuple[YamlDocument | None, list[Problem]]] | None,
    only: Collection[str] | None = None,
    reader: Callable[..., bytes] = read_bytes_within,
) -> LoadResult:
    problems: list[Problem] = []
    organisasi, org_doc = _load_registry(root / ORGANISASI_FILE, Organisasi, problems, reader)
    peraturan, per_doc = _load_registry(root / PERATURAN_FILE, DaftarPeraturan, problems, reader)
    pengaturan, pengaturan_doc = Pengaturan(), None
    if (root / PENGATURAN_FILE).is_file():
        loaded, pengaturan_doc = _load_registry(
            root / PENGATURAN_FILE, Pengaturan, problems, reader
        )
        pengaturan = loaded or pengaturan
    if organisasi is not None and org_doc is not None:
        problems += _check_organisasi(org_doc, organisasi)
        problems += _check_logo(org_doc, organisasi, root)
    if peraturan is not None and per_doc is not None:
        problems += _check_peraturan(per_doc, peraturan)

    entries: list[SopEntry] = []
    sop_docs: list[YamlDocument] = []
    seen_ids: dict[str, str] = {}
    inside = project_root(root)  # every SOP file must resolve inside the project
    linked: list[Path] = []
    listed = sop_files(root, linked)
    problems += [_linked_folder(link) for link in linked]
    for path in listed:
        shown = display_path(path)
        sop_id = path.stem
        if not IDENTIFIER_RE.fullmatch(sop_id):
            problems.append(bad_file_name(shown, path.name))
            continue
        if windows_reserved(sop_id):  # its pages and PDF could not exist on Windows
            problems.append(_reserved(Position(shown), "sop", sop_id))
            continue
        if sop_id in seen_ids:
            problems.append(
                Problem(
                    Position(shown),
                    "loader.duplicate_sop_id",
                    args={"id": sop_id, "other": seen_ids[sop_id]},
                )
            )
            continue
        seen_ids[sop_id] = shown
        if only is not None and shown not in only:
            continue
        doc, file_problems = read_yaml(path, shown, parse, project_root=inside, reader=reader)
        problems += file_problems
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.position(()), "loader.not_mapping"))
            continue
        sop_docs.append(doc)
        sop, model_problems = validate_document(doc, Sop)
        problems += model_problems
        if isinstance(sop, Sop):
            entries.append(SopEntry(sop_id, doc, sop))

    records, record_problems = load_records(root)
    problems += record_problems
    if organisasi is None or peraturan is None:
        return LoadResult(None, _sorted(problems))
    for doc in sop_docs:
        problems += check_references(doc, organisasi, peraturan, set(seen_ids))
    repository = Repository(
        organisasi=organisasi,
        peraturan=peraturan,
        sops=tuple(sorted(entries, key=lambda e: e.id)),
        pengaturan=pengaturan,
        organisasi_source=org_doc,
        peraturan_source=per_doc,
        pengaturan_source=pengaturan_doc,
        pemantauan=records,
    )
    return LoadResult(repository, _sorted(problems))


def load_sop_bytes(
    raw: bytes, shown: str, sop_id: str, repository: Repository
) -> tuple[SopEntry | None, list[Problem]]:
    """Load one SOP from bytes (e.g. a file at an old git revision) against `repository`'s
    registries; links to other SOPs are checked against the repository's SOP ids."""
    doc, problems = parse_yaml_bytes(raw, shown)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [*problems, Problem(doc.position(()), "loader.not_mapping")]
    sop, model_problems = validate_document(doc, Sop)
    problems += model_problems
    known = {entry.id for entry in repository.sops} | {sop_id}
    problems += check_references(doc, repository.organisasi, repository.peraturan, known)
    if not isinstance(sop, Sop):
        return None, problems
    return SopEntry(sop_id, doc, sop), problems


def _reserved(position: Position, kind: str, name: str) -> Problem:
    """An id that names a file and is a device name on Windows."""
    return Problem(
        position, "loader.reserved_name", args={"kind": kind, "id": name, "proposal": f"{name}-1"}
    )


def bad_file_name(shown: str, name: str) -> Problem:
    """A file name that cannot be an SOP id, with the name it could have."""
    stem, _, suffix = name.rpartition(".")
    proposal = _slug(stem, "-") or "sop-baru"
    return Problem(
        Position(shown),
        "loader.bad_file_name",
        args={"name": name, "proposal": f"{proposal}.{suffix or 'yaml'}"},
    )


def _sorted(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    unique = {(p.sort_key(), p.render("en")): p for p in problems}
    return tuple(unique[key] for key in sorted(unique))


def _load_registry(
    path: Path,
    model: type[ModelT],
    problems: list[Problem],
    reader: Callable[..., bytes] = read_bytes_within,
) -> tuple[ModelT | None, YamlDocument | None]:
    shown = display_path(path)
    if not path.is_file():
        problems.append(
            Problem(Position(shown), "loader.registry_missing", args={"name": path.name})
        )
        return None, None
    doc, file_problems = read_yaml(
        path, shown, project_root=project_root(path.parent), reader=reader
    )
    problems += file_problems
    if doc is None:
        return None, None
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.position(()), "loader.not_mapping"))
        return None, None
    instance, model_problems = validate_document(doc, model)
    problems += model_problems
    return (instance if isinstance(instance, model) else None), doc


def _check_organisasi(doc: YamlDocument, org: Organisasi) -> list[Problem]:
    problems: list[Problem] = []
    for role_id, jabatan in org.jabatan.items():
        if windows_reserved(role_id):  # each role has a page named after its id
            position = doc.position(("jabatan", role_id), key=True)
            problems.append(_reserved(position, "jabatan", role_id))
        if jabatan.bidang is not None and jabatan.bidang not in org.bidang:
            problems.append(
                _unknown(doc, ("jabatan", role_id, "bidang"), "bidang", jabatan.bidang, org.bidang)
            )
        elif jabatan.seksi is not None:
            seksi = org.bidang[jabatan.bidang].seksi if jabatan.bidang else {}
            if jabatan.seksi not in seksi:
                problems.append(
                    _unknown(doc, ("jabatan", role_id, "seksi"), "seksi", jabatan.seksi, seksi)
                )
    return problems


def logo_file(organisasi: Organisasi, sops_root: Path) -> ProjectFile | None:
    """The logo named by `instansi.logo` (relative to the sops/ folder), read through
    `safepath`: inside the project, a regular PNG/JPEG/SVG file of a sane size.
    Raises `UnsafePathError` when it is not; None when no logo is named."""
    logo = organisasi.instansi.logo
    if not logo:
        return None
    return read_project_file(
        project_root(sops_root), logo, max_bytes=MAX_IMAGE_BYTES, kinds=IMAGE_KINDS, base=sops_root
    )


def _check_logo(doc: YamlDocument, org: Organisasi, root: Path) -> list[Problem]:
    try:
        logo_file(org, root)
    except UnsafePathError as error:
        position = doc.position(("instansi", "logo"))
        return [Problem(position, error.key, args=error.args_)]
    return []


def _check_peraturan(doc: YamlDocument, registry: DaftarPeraturan) -> list[Problem]:
    problems: list[Problem] = []
    for reg_id, peraturan in registry.peraturan.items():
        for field in ("diubah_oleh", "dicabut_oleh"):
            for index, other in enumerate(getattr(peraturan, field)):
                if other not in registry.peraturan:
                    problems.append(
                        _unknown(
                            doc,
                            ("peraturan", reg_id, field, index),
                            "peraturan",
                            other,
                            registry.peraturan,
                        )
                    )
    return problems


def check_references(
    doc: YamlDocument, org: Organisasi, registry: DaftarPeraturan, sop_ids: set[str]
) -> list[Problem]:
    """Problems with ids in one SOP file that name no bidang, seksi, jabatan, peraturan or SOP.

    Works on the raw data, so references are checked even in a file whose
    model did not validate: the author sees every problem at once.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[Problem] = []
    roles = org.jabatan
    for path, bidang in _strings_at(data, ("unit", "bidang")):
        if bidang not in org.bidang:
            problems.append(_unknown(doc, path, "bidang", bidang, org.bidang))
            continue
        for seksi_path, seksi in _strings_at(data, ("unit", "seksi")):
            if seksi not in org.bidang[bidang].seksi:
                known = org.bidang[bidang].seksi
                problems.append(_unknown(doc, seksi_path, "seksi", seksi, known))
    role_paths = [("disahkan_oleh", "jabatan"), ("pelaksana",)]
    steps = data.get("prosedur")
    if isinstance(steps, list):
        role_paths += [("prosedur", index, "pelaksana") for index in range(len(steps))]
    unit = data.get("unit")
    own_bidang = unit.get("bidang") if isinstance(unit, dict) else None
    for role_path in role_paths:
        for path, role in _unknown_strings_at(data, role_path, roles):
            problems.append(_unknown_role(doc, path, role, org, own_bidang))
    for path, reg_id in _unknown_strings_at(data, ("dasar_hukum",), registry.peraturan):
        problems.append(_unknown(doc, path, "peraturan", reg_id, registry.peraturan))
    links = data.get("keterkaitan")
    if isinstance(links, list):
        for index in range(len(links)):
            for path, sop_id in _unknown_strings_at(data, ("keterkaitan", index, "sop"), sop_ids):
                problems.append(_unknown(doc, path, "sop", sop_id, sop_ids))
    return problems


def _unknown_strings_at(
    data: Any, data_path: tuple[str | int, ...], known: Collection[str]
) -> list[tuple[tuple[str | int, ...], str]]:
    """`_strings_at`, only the texts not in `known`: most ids are known, and their
    data paths (a tuple for each pelaksana of each step) are never made."""
    value = _value_at(data, data_path)
    if isinstance(value, str):
        return [] if value in known else [(data_path, value)]
    if isinstance(value, list):
        return [
            ((*data_path, i), item)
            for i, item in enumerate(value)
            if isinstance(item, str) and item not in known
        ]
    return []


def _strings_at(
    data: Any, data_path: tuple[str | int, ...]
) -> list[tuple[tuple[str | int, ...], str]]:
    """The text values at `data_path`: the value itself, or each text item of a list."""
    value = _value_at(data, data_path)
    if isinstance(value, str):
        return [(data_path, value)]
    if isinstance(value, list):
        return [((*data_path, i), item) for i, item in enumerate(value) if isinstance(item, str)]
    return []


def _value_at(data: Any, data_path: tuple[str | int, ...]) -> Any:
    """The value at `data_path` in parsed YAML data, or None where the path leads nowhere."""
    value = data
    for element in data_path:
        if isinstance(value, dict) and isinstance(element, str):
            value = value.get(element)
        elif isinstance(value, list) and isinstance(element, int) and element < len(value):
            value = value[element]
        else:
            return None
    return value
    if isinstance(value, str):
        return [(data_path, value)]
    if isinstance(value, list):
        return [((*data_path, i), item) for i, item in enumerate(value) if isinstance(item, str)]
    return []


def _unknown(
    doc: YamlDocument, data_path: tuple[str | int, ...], kind: str, value: str, known: Iterable[str]
) -> Problem:
    choices = sorted(known)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return Problem(
        doc.position(data_path),
        "loader.unknown_id_suggest" if close else "loader.unknown_id",
        args={
            "kind": kind,
            "id": value,
            "suggestion": close[0] if close else "",
            "known": ", ".join(choices) or "-",
        },
    )


def _normalise_name(text: str) -> str:
    """A role name compared by its words, short forms written out ("Kasi" is
    "Kepala Seksi"): how a name written for an id is matched to the registry."""
    return long_form(re.sub(r"[\s_\-.]+", " ", text).strip().lower())


def _unknown_role(
    doc: YamlDocument,
    data_path: tuple[str | int, ...],
    value: str,
    org: Organisasi,
    bidang: str | None = None,
) -> Problem:
    """An unknown role: a name written for an id (the SOP's own bidang first when
    several roles carry the name), several roles in one value ("Kepala
    Bidang/Sekretaris"), a near miss, or how to register a new role."""
    several = _several_roles(value, org, bidang)
    if several is not None:
        ids, either = several
        return Problem(
            doc.position(data_path),
            "loader.role_either" if either else "loader.role_together",
            args={"id": value, "ids": ", ".join(ids)},
        )
    wanted = _normalise_name(value)
    matches = [
        (role_id, jabatan)
        for role_id, jabatan in org.jabatan.items()
        if any(
            _normalise_name(name) == wanted
            for name in (jabatan.nama, jabatan.singkatan or "", *jabatan.alias)
            if name
        )
    ]
    own = [m for m in matches if bidang is not None and m[1].bidang == bidang]
    if len(own) == 1 or len(matches) == 1:
        role_id, jabatan = own[0] if len(own) == 1 else matches[0]
        return Problem(
            doc.position(data_path),
            "loader.role_by_name",
            args={"id": value, "suggestion": role_id, "nama": jabatan.nama},
        )
    if matches:
        return Problem(
            doc.position(data_path),
            "loader.role_by_name_many",
            args={
                "id": value,
                "candidates": ", ".join(f"{r} ({j.nama})" for r, j in matches),
            },
        )
    found = _unknown(doc, data_path, "jabatan", value, org.jabatan)
    if found.code == "loader.unknown_id_suggest":
        return found
    return Problem(
        found.position,
        "loader.unknown_role",
        args={**found.args, "new_id": _slug(value) or "jabatan_baru", "nama": value},
    )


_EITHER = re.compile(r"\s*(?:/|\batau\b)\s*", re.IGNORECASE)
_TOGETHER = re.compile(r"\s*(?:,|&|\+|\bdan\b)\s*", re.IGNORECASE)


def _role_id(name: str, org: Organisasi, bidang: str | None) -> str | None:
    """The id of the role `name` names (an id, a name, a short name or an alias;
    the SOP's own bidang first), or None when it names none or several."""
    if name in org.jabatan:
        return name
    wanted = _normalise_name(name)
    matches = [
        role_id
        for role_id, jabatan in org.jabatan.items()
        if any(
            _normalise_name(known) == wanted
            for known in (jabatan.nama, jabatan.singkatan or "", *jabatan.alias)
            if known
        )
    ]
    own = [role_id for role_id in matches if org.jabatan[role_id].bidang == bidang]
    if len(own) == 1:
        return own[0]
    return matches[0] if len(matches) == 1 else None


def _several_roles(
    value: str, org: Organisasi, bidang: str | None
) -> tuple[list[str], bool] | None:
    """("Kepala Bidang/Sekretaris" ->) the ids of several roles written in one value,
    and whether one of them does the step (`/`, `atau`) rather than all (`,`, `dan`)."""
    for pattern, either in ((_EITHER, True), (_TOGETHER, False)):
        parts = [part for part in pattern.split(value) if part.strip()]
        if len(parts) < 2:
            continue
        ids = [_role_id(part.strip(), org, bidang) for part in parts]
        if all(ids):
            return [role_id for role_id in ids if role_id], either
    return None


def _slug(text: str, separator: str = "_") -> str:
    """`text` as an id: lower case ASCII letters and digits joined by `separator`."""
    ascii_text = text.lower().encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", separator, ascii_text).strip(separator)
