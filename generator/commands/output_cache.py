"""Memoise a command's output on its complete input, so an unchanged rerun is instant.

`sop check` is a pure function of the SOP folder, the tool's own code and the
command's options. The key hashes all three (every file under the SOP folder,
every source and message file of the `generator` package, the options and the
working directory, which appears in the printed paths); the stored value is the
exact stdout, stderr and exit code. Any change to any input misses the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from generator.atomicfile import write_atomically
from generator.codeversion import package_fingerprint
from generator.keyedpack import CACHE_FOLDER


@dataclass(frozen=True)
class CachedRun:
    """A command's recorded result."""

    stdout: str
    stderr: str
    exit_code: int


def _hash_tree(digest: hashlib._Hash, folder: Path, suffixes: tuple[str, ...]) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.suffix in suffixes and p.is_file()):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def cache_key(command: str, sops_root: Path, options: dict[str, object]) -> str:
    """The key of one run of `command` on `sops_root` with `options`."""
    digest = hashlib.sha256()
    digest.update(
        json.dumps(
            {"command": command, "cwd": os.getcwd(), **options}, sort_keys=True, default=str
        ).encode()
    )
    digest.update(package_fingerprint())
    _hash_tree(digest, sops_root, (".yaml", ".yml"))
    return digest.hexdigest()


def cache_file(sops_root: Path, command: str, key: str) -> Path:
    """Where the run with `key` is stored (next to the SOP folder)."""
    return sops_root.parent / CACHE_FOLDER / command / f"{key}.json"


def read(path: Path) -> CachedRun | None:
    """The stored run, or None (missing or unreadable: the command simply runs)."""
    data = read_data(path)
    if data is None:
        return None
    try:
        return CachedRun(data["stdout"], data["stderr"], int(data["exit_code"]))
    except (ValueError, KeyError, TypeError):
        return None


def write(path: Path, run: CachedRun) -> None:
    """Store `run` atomically; a cache that cannot be written is silently skipped."""
    write_data(path, {"stdout": run.stdout, "stderr": run.stderr, "exit_code": run.exit_code})


def read_data(path: Path) -> dict | None:
    """A stored JSON object, or None when missing or unreadable."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_data(path: Path, data: dict) -> None:
    """Store `data` as the one entry of its command, atomically; errors are skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("*.json"):
            old.unlink(missing_ok=True)  # keep one entry per command
        write_atomically(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError:
        return
