"""Memoise a command's output on its complete input, so an unchanged rerun is instant.

`sop check` is a pure function of the SOP folder, the tool's own code and the
command's options. The key hashes all three (every file under the SOP folder,
the options and the working directory, which appears in the printed paths;
the store's key adds the tool's code); the stored value is the exact stdout,
stderr and exit code, as a verified JSON entry of the store. The files are
read through the run's `FileSnapshot`, which the load then reuses, so each
file is read once per run. Any change to any
input misses.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.filesnapshot import FileSnapshot
from generator.limits import MAX_FILE_BYTES
from generator.safepath import UnsafePathError
from generator.store import Store

KIND = "run"


@dataclass(frozen=True)
class CachedRun:
    """A command's recorded result."""

    stdout: str
    stderr: str
    exit_code: int


ORGANISASI_FILE = "organisasi.yaml"  # as `generator.loader` (not imported: it is heavy)


def _unread(path: Path) -> bytes:
    """What stands for a file that is never read (outside the project, not a regular
    file, too large): a marker with its kind, size, time and identity."""
    try:
        info = os.stat(path)  # follows a link; `stat` never blocks, even on a FIFO
    except OSError:
        return b"missing"
    kind = stat.S_IFMT(info.st_mode)
    return f"unread:{kind}:{info.st_size}:{info.st_mtime_ns}:{info.st_dev}:{info.st_ino}".encode()


def _outside(path: Path, project: Path) -> bool:
    """Whether `path` is a link that resolves outside `project` (only links are
    resolved: a plain file found by walking the project is inside it)."""
    if not os.path.islink(path):
        return False
    target = Path(os.path.realpath(path))
    return not target.is_relative_to(Path(os.path.realpath(project)))


def _file_digest(path: Path, project: Path, snapshot: FileSnapshot | None) -> bytes:
    if snapshot is not None:  # read as the loader reads it, once for both
        try:
            raw = snapshot.read_bytes_within(project, path, max_bytes=MAX_FILE_BYTES)
            return hashlib.blake2b(raw, digest_size=20).digest()
        except UnsafePathError:
            # The loader reports it (outside the project, a FIFO, a device, too
            # large): never read here either (/proc/self/pagemap, /proc/kmsg).
            return _unread(path)
    if _outside(path, project):
        return _unread(path)
    try:
        info = os.stat(path)  # follows a link: what the loader would read
    except OSError:
        return b"missing"
    if not stat.S_ISREG(info.st_mode):
        # A FIFO (reading it would block), a device, a folder: never read; the loader
        # reports it, so its kind is the input.
        return f"not-regular:{stat.S_IFMT(info.st_mode)}".encode()
    # A file over the loader's size limit is never read (it fails to load anyway):
    # its size and time stand for its content.
    if info.st_size > MAX_FILE_BYTES:
        return f"{info.st_size}:{info.st_mtime_ns}".encode()
    return hashlib.blake2b(path.read_bytes(), digest_size=20).digest()


def _hash_tree(
    digest: hashlib._Hash,
    folder: Path,
    suffixes: tuple[str, ...],
    snapshot: FileSnapshot | None = None,
) -> None:
    project = Path(os.path.abspath(folder)).parent  # files must resolve inside it
    for relative, path in _files_under(folder, suffixes):
        digest.update(relative.encode())
        digest.update(b"\0")
        digest.update(_file_digest(path, project, snapshot))


def _files_under(folder: Path, suffixes: tuple[str, ...]) -> list[tuple[str, Path]]:
    """The files under `folder` whose names end in one of `suffixes`, hidden files and
    folders (a name starting with ".") left out, as (relative path, path), sorted
    by their parts. Links to folders are not followed (as `loader.sop_files`)."""
    found: list[tuple[list[str], str, Path]] = []
    for here, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = os.path.relpath(here, folder)
        parts = [] if relative == "." else relative.split(os.sep)
        for name in folders:  # a link to a folder: not followed, but reported by the loader
            if os.path.islink(os.path.join(here, name)):
                found.append(([*parts, name], os.path.join(*parts, name), Path(here, name)))
        for name in names:
            if name.startswith(".") or os.path.splitext(name)[1] not in suffixes:
                continue
            # Every name the loader lists (`loader.sop_files`), a FIFO or a link to a
            # device too: the loader reports those, so their coming and going is input.
            found.append(([*parts, name], os.path.join(*parts, name), Path(here, name)))
    found.sort(key=lambda item: item[0])
    return [(relative, path) for _, relative, path in found]


def cache_key(
    command: str,
    sops_root: Path,
    options: dict[str, object],
    snapshot: FileSnapshot | None = None,
) -> str:
    """The key of one run of `command` on `sops_root` with `options`. With `snapshot`
    the files are read through it, so a load that follows reads none of them again."""
    digest = hashlib.sha256()
    digest.update(
        json.dumps(
            {"command": command, "cwd": os.getcwd(), **options}, sort_keys=True, default=str
        ).encode()
    )
    _hash_tree(digest, sops_root, (".yaml", ".yml"), snapshot)
    digest.update(b"\0logo\0")
    digest.update(_logo_digest(sops_root, snapshot))
    return Store.key(command, digest.digest())


def _logo_digest(sops_root: Path, snapshot: FileSnapshot | None) -> bytes:
    """What stands for the logo named by `instansi.logo` in the SOP folder's
    organisasi.yaml: its kind, size, time and identity (never its bytes, so nothing
    outside the project is read). The loader checks the logo at every load, so a
    changed logo must miss. Empty when no logo is named or the file does not load."""
    registry = Path(sops_root) / ORGANISASI_FILE
    project = Path(os.path.abspath(sops_root)).parent
    try:
        if snapshot is not None:
            raw = snapshot.read_bytes_within(project, registry, max_bytes=MAX_FILE_BYTES)
        elif _outside(registry, project) or not registry.is_file():
            return b""
        else:
            raw = registry.read_bytes()[:MAX_FILE_BYTES]
        if b"logo" not in raw:
            return b""
        logo = _logo_name(raw)
    except Exception:  # any broken registry: the load reports it
        return b""
    if not isinstance(logo, str) or not logo or "\0" in logo:
        return b""
    return f"{logo}\0".encode("utf-8", "replace") + _unread(Path(sops_root) / logo)


def read(store: Store, key: str) -> CachedRun | None:
    """The stored run, or None (missing or not valid: the command simply runs)."""
    data = read_data(store, key)
    if data is None:
        return None
    try:
        return CachedRun(str(data["stdout"]), str(data["stderr"]), int(data["exit_code"]))
    except (ValueError, KeyError, TypeError):
        return None


def write(store: Store, key: str, run: CachedRun) -> None:
    """Store `run`; a store that cannot be written is silently skipped."""
    write_data(store, key, {"stdout": run.stdout, "stderr": run.stderr, "exit_code": run.exit_code})


def read_data(store: Store, key: str) -> dict | None:
    """A stored JSON object, or None when missing or not valid."""
    data = store.read_json(KIND, key)
    return data if isinstance(data, dict) else None


def write_data(store: Store, key: str, data: dict) -> None:
    """Store `data` under `key` (skipped when the store cannot be written)."""
    store.write_json(KIND, key, data)


def _logo_name(raw: bytes) -> str | None:
    """The scalar at `instansi.logo` of a registry, read from the YAML event stream
    (no document is built: a deeply nested or aliased file costs one pass)."""
    import yaml  # the load imports it too

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    path: list[object] = []  # the keys leading to the current node (None: not a name)
    states: list[str] = []  # per open collection: "key", "value" (mappings) or "item"
    for event in yaml.parse(raw, Loader=loader):
        if isinstance(event, yaml.CollectionEndEvent):
            states.pop()
            if states and states[-1] == "complex-key":  # the key ended: its value next
                states[-1] = "value"
            else:
                _value_done(path, states)
            continue
        if isinstance(event, yaml.AliasEvent):  # rare in a registry: build it (in Python,
            data = yaml.load(raw, Loader=yaml.SafeLoader)  # so deep nesting only raises)
            logo = data["instansi"]["logo"]
            return logo if isinstance(logo, str) else None
        is_start = isinstance(event, yaml.CollectionStartEvent)
        if not (is_start or isinstance(event, yaml.ScalarEvent)):
            continue
        if states and states[-1] == "key":
            if is_start:  # a complex key: never ours
                path.append(None)
                states[-1] = "complex-key"
            else:
                path.append(event.value)
                states[-1] = "value"
                continue
        elif is_start:
            pass
        elif path == ["instansi", "logo"] and len(states) == 2:
            return event.value
        else:
            _value_done(path, states)
            continue
        states.append("key" if isinstance(event, yaml.MappingStartEvent) else "item")
    return None


def _value_done(path: list[object], states: list[str]) -> None:
    """After a value in a mapping, the next node is a key again."""
    if states and states[-1] == "value":
        path.pop()
        states[-1] = "key"
