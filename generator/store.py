"""The one store for everything the tool keeps between runs.

Parsed files, rule results, flowcharts, pages and book parts are all kept
here, in one folder beside the SOP folder (`.sop-cache/`). The store is an
optimisation, never a source of truth:

- **Keys** come from `Store.key`, which always mixes in the fingerprint of the
  tool's own code and libraries (`codeversion`), so nothing outlives the code
  that made it.
- **Entries are plain bytes** (or JSON, see `read_json`), never pickle or
  marshal: a clone or an e-mail can bring any file into the project folder, and
  nothing read from it may run code.
- **Every entry is verified on read**: a header records the entry's kind, key,
  size and an HMAC-SHA256 of all three and the payload, under a random secret
  of the user kept outside every project (`generator.usersecret`); a
  truncated, bit-flipped, renamed (swapped), foreign or wrong-version entry
  fails the check and is treated as missing, so the caller recomputes it. The
  HMAC, not a plain checksum, because the folder is untrusted: a clone or an
  archive could ship well-formed entries of its own making (a page with a
  script, a flowchart, a compiled engine), and only the secret tells this
  user's own entries from those. Without a secret (a read-only home) the store
  keeps nothing. An entry that is not a regular file (a folder, a FIFO, a
  symlink) is never opened, and nothing is read, written or pruned through a
  symlinked folder (`.sop-cache` itself, a kind or a shard): a clone could
  point one anywhere, and pruning would then delete files outside the project.
- **Writes are atomic** (temporary file, then rename) and never fail a
  command: a read-only project or a full disk simply runs without the store.
- **Bounded**: `prune` removes the least recently used entries (reading an
  entry touches it) until the folder is under its size bound.
- The folder holds a `.gitignore` containing `*` (as pytest's cache does), so
  `git add -A` never commits it, and a `CACHEDIR.TAG` so backup tools skip it.

Why in the project and not in the user's cache folder: the SOP folder is what
an office copies, builds in CI and deletes; a store beside it goes with it,
needs no per-OS cache location (Windows, CI runners, a shared build account),
never mixes two checkouts of the same project, and is found by whoever looks
at the project. It is untrusted for the same reason, hence the verification.
Deleting the folder is always safe. The two exceptions are compiled code:
the Graphviz engine and the Jinja templates depend on the machine and the
tool's and libraries' versions, not on any project, so each is a `Store` of
its own in the user's cache folder (`generator.flowchart.engine.
user_module_store`, `generator.templatecache`), signed like every store, and
a fresh clone compiles neither again. Executable formats (the engine's
native code, marshalled templates) are read from there only, never from the
project folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from generator import usersecret
from generator.atomicfile import write_atomically
from generator.codeversion import package_fingerprint

FOLDER_NAME = ".sop-cache"  # the one place this name is written
MAGIC = b"SOP-STORE 2\n"  # 2: signed entries (1 had a plain SHA-256)
DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB: the whole store, after `prune`
MAX_ENTRY_BYTES = 512 << 20  # an entry larger than this is never read
USAGE_FILE = "usage"  # the store's noted total size (see `Store.prune`), not an entry
# Bytes written into each store folder by this process since its last `prune`
# (several `Store` objects may share a folder: the parse and check caches do).
_WRITTEN: dict[str, int] = {}  # by the folder's absolute path
_GITIGNORE = "# Made by the sop tool: everything here is a cache, safe to delete.\n*\n"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is a cache made by the sop tool; see https://bford.info/cachedir/\n"
)


def _part_bytes(part: str | bytes) -> bytes:
    return part if isinstance(part, bytes) else part.encode("utf-8")


class Store:
    """Entries kept between runs in one folder; `Store(None)` keeps nothing (`--no-cache`).

    Counts `hits` and `misses` of `read`, for tests and benchmarks.
    """

    def __init__(self, folder: Path | None, *, max_bytes: int = DEFAULT_MAX_BYTES):
        self.folder = folder
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._written = False

    @classmethod
    def beside(cls, sops_root: Path, *, enabled: bool = True) -> Store:
        """The store of the SOP folder `sops_root` (next to it), or a disabled one."""
        return cls(sops_root.parent / FOLDER_NAME if enabled else None)

    @property
    def enabled(self) -> bool:
        """Whether this store reads and writes anything."""
        return self.folder is not None

    @staticmethod
    def key(*parts: str | bytes) -> str:
        """The key of an entry made from `parts`, always including the tool's code."""
        digest = hashlib.sha256(package_fingerprint())
        for part in parts:
            data = _part_bytes(part)
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def _path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        if not kind.isidentifier() or not key.isalnum():
            raise ValueError(f"bad store address {kind!r}/{key!r}")
        return self.folder / kind / key[:2] / key

    # ---- bytes -----------------------------------------------------------------

    def read(self, kind: str, key: str) -> bytes | None:
        """The bytes stored under (`kind`, `key`), verified; None when missing or not valid."""
        if self.folder is None:
            return None
        path = self._path(kind, key)
        secret = usersecret.user_secret()
        data = _read_regular_file(path) if secret and self._confined(path) else None
        payload = _verified_payload(data, kind, key, secret) if data and secret else None
        if payload is None:
            self.misses += 1
            return None
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used is judged by the modification time
        return payload

    def write(self, kind: str, key: str, payload: bytes) -> None:
        """Keep `payload` under (`kind`, `key`); a store that cannot be written is skipped."""
        secret = usersecret.user_secret()
        if self.folder is None or secret is None:
            return
        header = json.dumps(
            {
                "kind": kind,
                "key": key,
                "size": len(payload),
                "hmac": _signature(secret, kind, key, payload),
            },
            sort_keys=True,
        ).encode("ascii")
        path = self._path(kind, key)
        if not self._confined(path):
            return
        try:
            self._prepare()
            write_atomically(path, MAGIC + header + b"\n" + payload)
        except OSError:
            return
        self._written = True
        place = os.path.abspath(self.folder)
        _WRITTEN[place] = _WRITTEN.get(place, 0) + len(MAGIC) + len(header) + 1 + len(payload)

    def written_bytes(self) -> int:
        """Bytes this process wrote into the store's folder since the last `prune`."""
        return 0 if self.folder is None else _WRITTEN.get(os.path.abspath(self.folder), 0)

    def count_written(self, size: int) -> None:
        """Count `size` bytes that a worker process wrote into this store, for `prune`
        (a forked worker's own count dies with it)."""
        if self.folder is None or size <= 0:
            return
        self._written = True
        place = os.path.abspath(self.folder)
        _WRITTEN[place] = _WRITTEN.get(place, 0) + size

    def delete(self, kind: str, key: str) -> None:
        """Forget the entry under (`kind`, `key`), if any."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            self._path(kind, key).unlink()

    def holds(self, kind: str, key: str) -> bool:
        """Whether something lies under (`kind`, `key`): not read, not verified, so a
        cheap guess only (e.g. whether a run starts cold, see `check.twocores`)."""
        return self.folder is not None and os.path.lexists(self._path(kind, key))

    # ---- JSON ------------------------------------------------------------------

    def read_json(self, kind: str, key: str) -> Any | None:
        """A JSON value stored with `write_json`, or None."""
        payload = self.read(kind, key)
        if payload is None:
            return None
        try:
            return json.loads(payload)
        except ValueError:  # cannot happen for a verified entry we wrote; be safe anyway
            return None

    def write_json(self, kind: str, key: str, value: Any) -> None:
        """Keep a JSON-serialisable `value` (compact, keys in their given order)."""
        payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.write(kind, key, payload)

    # ---- lists of texts or bytes -----------------------------------------------

    def read_parts(self, kind: str, key: str) -> list[bytes] | None:
        """Byte strings stored with `write_parts`, or None (missing, damaged, not that shape)."""
        payload = self.read(kind, key)
        return None if payload is None else unpack_parts(payload)

    def write_parts(self, kind: str, key: str, parts: Sequence[bytes]) -> None:
        """Keep a list of byte strings (SVGs, pages) in a form read back without a JSON parse."""
        self.write(kind, key, pack_parts(parts))

    def read_texts(self, kind: str, key: str) -> list[str] | None:
        """Texts stored with `write_texts`, or None (also when one is not UTF-8)."""
        parts = self.read_parts(kind, key)
        if parts is None:
            return None
        try:
            return [part.decode("utf-8") for part in parts]
        except UnicodeDecodeError:
            return None

    def write_texts(self, kind: str, key: str, texts: Sequence[str]) -> None:
        """Keep a list of texts (see `write_parts`)."""
        self.write_parts(kind, key, [text.encode("utf-8") for text in texts])

    # ---- housekeeping ------------------------------------------------------------

    def _confined(self, path: Path) -> bool:
        """True when no folder from the store's own down to `path`'s is a symlink."""
        assert self.folder is not None
        folder = path.parent
        while folder != self.folder and folder != folder.parent:
            if _linked(folder):
                return False
            folder = folder.parent
        return not _linked(self.folder)

    def _prepare(self) -> None:
        """Create the folder with its `.gitignore` and `CACHEDIR.TAG`."""
        assert self.folder is not None
        if (self.folder / ".gitignore").is_file():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.folder / ".gitignore", _GITIGNORE.encode("ascii"))
        write_atomically(self.folder / "CACHEDIR.TAG", _CACHEDIR_TAG.encode("ascii"))

    def prune(self) -> int:
        """Remove least recently used entries until the store is under `max_bytes`.

        Runs only when this run wrote something; returns the number removed.
        Listing every entry costs a stat per file (thousands at 1,000 SOPs), so
        the folder's total at the last listing is noted in `USAGE_FILE`, plus
        what each run wrote since; the folder is listed again only when that
        sum passes `max_bytes`. The note only ever delays a listing until the
        sum passes the bound: a missing, damaged or forged note means "list now".
        (Every command that writes the store prunes it, so every write counts.)
        """
        if self.folder is None or not self._written or _linked(self.folder):
            return 0
        noted = self._noted_usage()
        written = _WRITTEN.get(os.path.abspath(self.folder), 0)
        if noted is not None and noted + written <= self.max_bytes:
            self._note_usage(noted + written)
            return 0
        entries = sorted(_entries(self.folder), key=lambda item: item[1])  # oldest first
        total = sum(size for _, _, size in entries)
        removed = 0
        for path, _, size in entries:
            if total <= self.max_bytes:
                break
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            removed += 1
        self._note_usage(total)
        return removed

    def _noted_usage(self) -> int | None:
        """The total noted by the last `prune` (plus later runs' writes), or None."""
        assert self.folder is not None
        data = _read_regular_file(self.folder / USAGE_FILE)
        text = (
            data.decode("ascii", "replace").strip() if data is not None and len(data) < 32 else ""
        )
        return int(text) if text.isdigit() else None

    def _note_usage(self, total: int) -> None:
        assert self.folder is not None
        with contextlib.suppress(OSError):
            write_atomically(self.folder / USAGE_FILE, f"{total}\n".encode("ascii"))
        _WRITTEN[os.path.abspath(self.folder)] = 0


def _entries(folder: Path) -> Iterable[tuple[Path, float, int]]:
    """(path, modification time, size) of every entry file under `folder`."""
    for kind in _scandir(folder):
        if not kind.is_dir(follow_symlinks=False):
            continue
        for shard in _scandir(Path(kind.path)):
            if not shard.is_dir(follow_symlinks=False):
                continue
            for entry in _scandir(Path(shard.path)):
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    yield Path(entry.path), info.st_mtime, info.st_size


def _linked(folder: Path) -> bool:
    """True when `folder` is a symlink (or, on Windows, a junction): it may lead anywhere."""
    is_junction = getattr(os.path, "isjunction", None)  # Python 3.12+
    return os.path.islink(folder) or bool(is_junction and is_junction(folder))


def _scandir(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as listing:
            return list(listing)
    except OSError:
        return []


def _read_regular_file(path: Path) -> bytes | None:
    """The bytes of `path` when it is a regular file of a sane size (never a FIFO,
    device, folder or symlink: those could block, never end or lead elsewhere)."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with path.open("rb") as stream:
            data = stream.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_ENTRY_BYTES else None


def _signature(secret: bytes, kind: str, key: str, payload: bytes) -> str:
    """The entry's HMAC-SHA256 under the user's secret, over its address and payload."""
    mac = hmac.new(secret, f"{kind}\0{key}\0{len(payload)}\0".encode("ascii"), hashlib.sha256)
    mac.update(payload)
    return mac.hexdigest()


def _verified_payload(data: bytes, kind: str, key: str, secret: bytes) -> bytes | None:
    """The payload of an entry file when its header matches it, its address and the
    user's signature."""
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        header = json.loads(data[len(MAGIC) : end])
    except ValueError:
        return None
    payload = data[end + 1 :]
    if (
        not isinstance(header, dict)
        or header.get("kind") != kind
        or header.get("key") != key
        or header.get("size") != len(payload)
        or not isinstance(header.get("hmac"), str)
        or not hmac.compare_digest(header["hmac"], _signature(secret, kind, key, payload))
    ):
        return None
    return payload


def pack_parts(parts: Sequence[bytes]) -> bytes:
    """Byte strings as one payload: a JSON line of their sizes, then the parts back to back.

    Pages and SVGs are large texts full of quotes and line breaks: as JSON
    strings they cost an escape-aware parse on every read; here a read is one
    slice per part.
    """
    sizes = json.dumps([len(part) for part in parts], separators=(",", ":")).encode("ascii")
    return b"".join([sizes, b"\n", *parts])


def unpack_parts(payload: bytes) -> list[bytes] | None:
    """The parts of `pack_parts`, or None when `payload` is not of that shape."""
    end = payload.find(b"\n")
    if end < 0:
        return None
    try:
        sizes = json.loads(payload[:end])
    except ValueError:
        return None
    if not isinstance(sizes, list) or not all(type(size) is int and size >= 0 for size in sizes):
        return None
    if end + 1 + sum(sizes) != len(payload):
        return None
    parts, offset = [], end + 1
    for size in sizes:
        parts.append(payload[offset : offset + size])
        offset += size
    return parts
