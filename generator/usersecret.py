"""A random secret of this user on this machine, kept outside every project.

The store (`generator.store`) lives beside the SOP folder, where a clone or
an archive can put any file; a plain checksum in each entry would catch
damage, not forgery, and a forged entry could put a script into a page or
native code into the compiled Graphviz engine (`generator.flowchart.engine`).
Every entry is therefore signed with an HMAC under this secret: whoever can
forge the tag can already write into the user's own cache folder, and could
as well change the user's shell start-up.

The secret is 32 random bytes in the user's cache folder
(`platformdirs.user_cache_dir`; `SOP_USER_CACHE` names another folder, e.g.
for tests), made on first use with owner-only permissions. When it cannot be
read or made (a read-only home, an odd file in its place), there is no secret
and the caller keeps nothing that needs one.
"""

from __future__ import annotations

import os
import secrets
from functools import cache
from pathlib import Path

from generator.atomicfile import write_atomically

SECRET_BYTES = 32
FILE_NAME = "store-secret"


def user_folder() -> Path:
    """The user's cache folder for this tool (not the project's `.sop-cache/`)."""
    chosen = os.environ.get("SOP_USER_CACHE")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sop-handbook", appauthor=False))


@cache
def user_secret() -> bytes | None:
    """The secret, made on first use (or made again when its file is damaged: a process
    killed while writing it); None when it can be neither read nor made."""
    path = user_folder() / FILE_NAME
    try:
        return _read(path) or _make(path)
    except OSError:
        return None


def _read(path: Path) -> bytes | None:
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return data if len(data) == SECRET_BYTES else None


def _make(path: Path) -> bytes:
    """Write a new secret, readable by its owner only, whole or not at all.

    Two processes making one at once each replace the file; the entries the
    loser signed read as missing later and are made again: harmless.
    """
    secret = secrets.token_bytes(SECRET_BYTES)
    write_atomically(path, secret, mode=0o600)
    return secret
