"""Bytes kept between runs, with the SHA-256 recorded beside them, read back only when it matches.

The cache folder is untrusted (a clone or an e-mail can bring any file into
it), so nothing is used unless its bytes are the ones this tool wrote: a
truncated, bit-flipped or replaced file reads as missing and is recomputed.
These two functions are the only file I/O of the engine-module and page
caches, so they can be pointed at the project's store when it exists.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.atomicfile import write_atomically


def read_verified(path: Path) -> bytes | None:
    """The bytes at `path` when the SHA-256 recorded beside them matches, else None."""
    try:
        data = path.read_bytes()
        recorded = path.with_name(path.name + ".sha256").read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return data if hashlib.sha256(data).hexdigest() == recorded else None


def write_verified(path: Path, data: bytes) -> None:
    """Write `data` and its SHA-256 beside it; skipped when the folder cannot be written."""
    try:
        write_atomically(path, data)
        digest = hashlib.sha256(data).hexdigest().encode("ascii")
        write_atomically(path.with_name(path.name + ".sha256"), digest)
    except OSError:
        return
