"""A random secret of this user on this machine, kept outside every project.

The store (`generator.store`) lives beside the SOP folder, where a clone or
an e-mail can put any file; its own checks (a size and SHA-256 recorded in
each entry) catch damage, not forgery. That is enough for data the tool only
reads as data, but not for the compiled Graphviz engine, which is native code
(`generator.flowchart.engine`). Such an entry is therefore signed with an
HMAC under this secret: whoever can forge the tag can already write into the
user's own cache folder, and could as well change the user's shell start-up.

The secret is 32 random bytes in the user's cache folder
(`platformdirs.user_cache_dir`; `SOP_USER_CACHE` names another folder, e.g.
for tests), made on first use with owner-only permissions. When it cannot be
read or made (a read-only home, an odd file in its place), there is no secret
and the caller keeps nothing that needs one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

SECRET_BYTES = 32
FILE_NAME = "store-secret"
TAG_BYTES = hashlib.sha256().digest_size


def user_folder() -> Path:
    """The user's cache folder for this tool (not the project's `.sop-cache/`)."""
    chosen = os.environ.get("SOP_USER_CACHE")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sop-handbook", appauthor=False))


@cache
def user_secret() -> bytes | None:
    """The secret, made on first use; None when it can be neither read nor made."""
    path = user_folder() / FILE_NAME
    with contextlib.suppress(OSError):
        return _read(path) or _make(path) or _read(path)
    return None


def sign(secret: bytes, label: str, payload: bytes) -> bytes:
    """`payload` preceded by its tag under `secret` (the label names what it is)."""
    return _tag(secret, label, payload) + payload


def verified(secret: bytes, label: str, signed: bytes) -> bytes | None:
    """The payload of `signed` when its tag is right, else None (forged or damaged)."""
    tag, payload = signed[:TAG_BYTES], signed[TAG_BYTES:]
    if len(tag) == TAG_BYTES and hmac.compare_digest(tag, _tag(secret, label, payload)):
        return payload
    return None


def _tag(secret: bytes, label: str, payload: bytes) -> bytes:
    mac = hmac.new(secret, label.encode("utf-8") + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def _read(path: Path) -> bytes | None:
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return data if len(data) == SECRET_BYTES else None


def _make(path: Path) -> bytes | None:
    """Write a new secret, readable by its owner only; None if another process won."""
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(SECRET_BYTES)
    try:
        handle = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
        )
    except FileExistsError:
        return None
    with os.fdopen(handle, "wb") as file:
        file.write(secret)
    return secret
