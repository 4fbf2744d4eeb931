"""Reading a file named in YAML, confined to the project folder.

Drafts and clones are untrusted: a path written in an SOP or a registry
(`instansi.logo`, ...) may point anywhere, at a FIFO that blocks for ever, at
`/dev/zero`, or at a symlink that leaves the project. `read_project_file` is
the one door through which such a path is read: it resolves the path inside
the project root, accepts only a regular file, checks its size with `stat`
before reading (and reads at most that many bytes, in case the file grows),
and checks its type by its first bytes (an image is an image).

Refusals raise `UnsafePathError`, which carries a message key under
`safepath.` (see `locale/<lang>/safepath.yaml`) and its arguments, so callers
turn it into a `Problem` at the YAML position of the path.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from generator.messages import translate

# Kinds a caller may ask for, with their MIME type. Checked by content, not by suffix.
MIME_TYPES: dict[str, str] = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "svg": "image/svg+xml",
    "text": "text/plain",
}
IMAGE_KINDS: frozenset[str] = frozenset({"png", "jpeg", "svg"})
MAX_IMAGE_BYTES = 2_000_000  # a logo is tens of kB; a larger file is a mistake
# An address, not a file: "scheme://..." or a scheme that needs no "//" ("javascript:",
# "data:", "mailto:"). A colon elsewhere is part of a file name ("logo:v2.png"), which
# Linux and macOS allow; on Windows it would open an alternate data stream of another
# file, so there such a name is refused (`windows_name`).
_URL_SCHEME = re.compile(
    r"\s*(?:[A-Za-z][A-Za-z0-9+.\-]+://|"
    r"(?:javascript|vbscript|data|mailto|about|blob|file|https?|ftp|tel):)",
    re.IGNORECASE,
)
# Characters no Windows file name may hold.
_WINDOWS_INVALID = re.compile(r'[<>:"|?*\x01-\x1f]')
ON_WINDOWS = os.name == "nt"


class UnsafePathError(Exception):
    """A path from YAML that will not be read, and why (a `safepath.<code>` message)."""

    def __init__(self, code: str, **args: Any) -> None:
        self.code = code
        self.args_ = args
        super().__init__(self.message("en"))

    @property
    def key(self) -> str:
        """The catalogue key prefix (`safepath.<code>`), as used by `Problem.code`."""
        return f"safepath.{self.code}"

    def message(self, lang: str = "id") -> str:
        """The reason in `lang`."""
        return translate(f"{self.key}.message", lang, **self.args_)

    def hint(self, lang: str = "id") -> str:
        """How to fix it, in `lang`."""
        return translate(f"{self.key}.hint", lang, fallback="", **self.args_)


@dataclass(frozen=True)
class ProjectFile:
    """A file read through `read_project_file`: where it is, what it is, its bytes."""

    path: Path
    kind: str
    data: bytes = field(repr=False)

    @property
    def mime(self) -> str:
        """The MIME type of `kind` (e.g. `image/png`)."""
        return MIME_TYPES[self.kind]


def read_project_file(
    project_root: Path,
    relative: str | os.PathLike[str],
    *,
    max_bytes: int,
    kinds: Collection[str],
    base: Path | None = None,
) -> ProjectFile:
    """Read `relative` (a path written in YAML) if it is a safe file inside `project_root`.

    `relative` is taken relative to `base` (default: `project_root`), e.g. the
    folder of the registry that names it. Absolute paths, drive letters and
    paths that resolve (symlinks followed) outside `project_root` are refused,
    as are anything but regular files, files over `max_bytes` (by `stat`,
    before reading), and content that is none of `kinds` (see MIME_TYPES).
    Raises `UnsafePathError`; never blocks on a FIFO or reads a device.
    """
    text = os.fspath(relative)
    unknown = set(kinds) - MIME_TYPES.keys()
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    if not text.strip() or "\x00" in text:
        raise UnsafePathError("empty", path=text)
    if _URL_SCHEME.match(text):  # "http://..", "data:..", "javascript:..": never fetched
        raise UnsafePathError("url", path=text)
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).drive or text.startswith("\\"):
        raise UnsafePathError("absolute", path=text)
    if ON_WINDOWS and _WINDOWS_INVALID.search(text.replace("\\", "/")):
        # "logo:v2.png": allowed on Linux and macOS, never a file name on Windows
        raise UnsafePathError("windows_name", path=text)
    if any(windows_reserved(part) for part in PureWindowsPath(text).parts if part != ".."):
        # a device (CON, NUL) or a name Windows trims ("logo.png."): differs by OS
        raise UnsafePathError("reserved", path=text)
    folder = Path(base) if base is not None else Path(project_root)
    data = read_bytes_within(project_root, folder / text, max_bytes=max_bytes, shown=text)
    resolved = (folder / text).resolve()
    kind = detect_kind(data)
    if kind not in kinds:
        wanted = ", ".join(sorted(kinds))
        _refuse_other_image(data, text, wanted, kinds)
        raise UnsafePathError("wrong_kind", path=text, kinds=wanted)
    if kind in ("png", "jpeg"):
        _check_raster(data, text)
    if kind == "svg":  # rebuilt from an allow-list: see svgclean
        # Imported here: only a logo needs the XML parser, `sop check` reads no SVG.
        from generator.svgclean import SvgRefused, clean_svg

        try:
            data = clean_svg(data)
        except SvgRefused as refusal:
            code = "broken_svg" if refusal.broken else "active_svg"
            where = {"line": refusal.line, "column": refusal.column, "what": refusal.what}
            raise UnsafePathError(code, path=text, **where) from None
    return ProjectFile(path=resolved, kind=kind, data=data)


def _check_raster(data: bytes, shown: str) -> None:
    """Raises `UnsafePathError` for a PNG or JPEG that would take gigabytes to decode,
    or that is not whole (cut off, damaged): Typst would fail on it in the handbook."""
    from generator.imagesize import MAX_PIXELS, image_fault, too_many_pixels

    size = too_many_pixels(data)
    if size is not None:  # decoding it would take gigabytes
        limit = f"{MAX_PIXELS:,}".replace(",", ".")
        raise UnsafePathError(
            "too_many_pixels", path=shown, width=size[0], height=size[1], limit=limit
        )
    fault = image_fault(data)
    if fault is not None:
        kind = "PNG" if data.startswith(b"\x89PNG") else "JPEG"
        raise UnsafePathError("broken_image", path=shown, format=kind, what=fault)


def _refuse_other_image(data: bytes, shown: str, wanted: str, kinds: Collection[str]) -> None:
    """Raises `UnsafePathError` naming the format of an image file that is none of the
    `kinds` asked for (a GIF or HEIC photo renamed `.png`, an empty file)."""
    if not kinds & IMAGE_KINDS:
        return
    if not data:
        raise UnsafePathError("empty_file", path=shown)
    from generator.imagesize import other_format

    found = other_format(data)
    if found is not None:
        raise UnsafePathError("image_format", path=shown, format=found, kinds=wanted)


def read_bytes_within(
    project_root: Path, path: Path, *, max_bytes: int, shown: str | None = None
) -> bytes:
    """The bytes of `path` if it resolves inside `project_root` and is a regular file
    of at most `max_bytes` (checked by `stat` before reading). Raises `UnsafePathError`."""
    return read_bytes_within_resolved(
        Path(project_root).resolve(), path, max_bytes=max_bytes, shown=shown
    )


def read_bytes_within_resolved(
    root: Path, path: Path, *, max_bytes: int, shown: str | None = None
) -> bytes:
    """`read_bytes_within` for a project root already resolved (`Path.resolve()`), so
    that a caller reading many files resolves the root once."""
    text = shown if shown is not None else str(path)
    # Plain strings and `os` calls, not pathlib: `sop check` reads a thousand files
    # through here, and pathlib's objects were most of the cost of reading them.
    try:
        resolved = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, loop, permission
        raise UnsafePathError("missing", path=text) from None
    if not _inside(resolved, os.fspath(root)):
        raise UnsafePathError("outside", path=text)
    try:
        info = os.stat(resolved)
    except OSError as exc:
        raise UnsafePathError("unreadable", path=text, reason=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafePathError("not_regular", path=text)
    if info.st_size > max_bytes:
        raise UnsafePathError("too_large", path=text, size=info.st_size, limit=max_bytes)
    return _read_at_most(resolved, max_bytes, text)


def _inside(resolved: str, root: str) -> bool:
    """`Path(resolved).is_relative_to(root)` for two resolved paths, as strings
    (case-insensitively where the file system is: Windows)."""
    resolved, root = os.path.normcase(resolved), os.path.normcase(root)
    return resolved == root or resolved.startswith(root.rstrip(os.sep) + os.sep)


def read_regular_file(path: Path, *, max_bytes: int, shown: str | None = None) -> bytes:
    """The bytes of `path`, named by the user (not confined to the project), if it is a
    regular file of at most `max_bytes`: a FIFO, a device (a link to /dev/zero) or a
    folder is refused before reading. Raises `UnsafePathError`."""
    text = shown if shown is not None else str(path)
    try:
        info = Path(path).stat()  # follows links: the file that would be read
    except (OSError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UnsafePathError("unreadable", path=text, reason=reason) from None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafePathError("not_regular", path=text)
    if info.st_size > max_bytes:
        raise UnsafePathError("too_large", path=text, size=info.st_size, limit=max_bytes)
    return _read_at_most(Path(path), max_bytes, text)


def _read_at_most(path: Path | str, max_bytes: int, shown: str) -> bytes:
    # O_NONBLOCK: if the file was swapped for a FIFO after the stat, open does not hang.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise UnsafePathError("unreadable", path=shown, reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafePathError("not_regular", path=shown)
        # The size the file has now, plus one byte to see it grew: one read and the
        # end-of-file read for a file that stays as it is (no buffered file object).
        parts: list[bytes] = []
        total = 0
        want = min(info.st_size, max_bytes) + 1
        while total <= max_bytes:
            chunk = os.read(handle, want)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            want = min(1 << 16, max_bytes + 1 - total)
    except OSError as exc:
        raise UnsafePathError("unreadable", path=shown, reason=exc.strerror or str(exc)) from None
    finally:
        os.close(handle)
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if len(data) > max_bytes:
        raise UnsafePathError("too_large", path=shown, size=len(data), limit=max_bytes)
    return data


def detect_kind(data: bytes) -> str | None:
    """The kind of `data` by its first bytes: png, jpeg, svg, text, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM (Notepad's "Unicode")
        head = head[:4096].decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<svg", b"<?xml", b"<!")) and b"<svg" in head:
        return "svg"
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text"
    return None


# Names Windows gives to devices, in any case and with any extension ("con.md",
# "NUL.yaml"): such a file cannot be created or read there.
_WINDOWS_DEVICES = re.compile(
    r"(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?", re.IGNORECASE
)


def windows_reserved(name: str) -> bool:
    """True when `name` (a file name, or an id that becomes one) cannot be a file on
    Windows: a device name (`con`, `nul`, `com1`, ...) or a name ending in a dot or a
    space (Windows drops them, so two names would meet)."""
    return bool(_WINDOWS_DEVICES.fullmatch(name)) or name.endswith((".", " "))


def read_plain_file_within(
    root: str, real_folder: str, path: str, *, max_bytes: int, shown: str
) -> bytes | None:
    """`read_bytes_within_resolved` for a file that is no link, in a folder whose
    resolved form `real_folder` the caller already knows (one `realpath` per folder,
    not per file: resolving walks every part of the path, a system call each).

    Returns None when `path` is not plainly a regular file of at most `max_bytes`
    (a link, a FIFO, missing, too large...): the caller then takes the careful
    path, which says why. `root` is the resolved project root.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
        return None
    resolved = os.path.join(real_folder, os.path.basename(path))
    if not _inside(resolved, root):
        return None
    return _read_at_most(resolved, max_bytes, shown)
