"""The bytes of a run's input files, each read once.

`sop check` first hashes every YAML file of the SOP folder (the key of its
stored output, `runcache`) and, when that misses, loads them. Both read
through one `FileSnapshot`, so each file is read (and checked: inside the
project, a regular file, within the size limit, see `safepath`) once, and the
load sees exactly the bytes the key was made of.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.safepath import read_bytes_within_resolved, read_plain_file_within


class FileSnapshot:
    """Files read through `read_bytes_within`, kept by path for the rest of the run.

    A read that fails is not kept (the next reader meets the same refusal and
    reports it); a snapshot lives for one command, never between runs.
    """

    def __init__(self) -> None:
        self._bytes: dict[tuple[Path, str], bytes] = {}
        # Per folder (absolute, as named): its resolved form, "" when it does not resolve.
        self._folders: dict[str, str] = {}
        # Per project root as given: (its absolute form, its resolved form), so that a
        # thousand reads resolve the root once (resolving follows links: a syscall each).
        self._roots: dict[Path, tuple[Path, Path]] = {}

    def read_bytes_within(
        self, project_root: Path, path: Path, *, max_bytes: int, shown: str | None = None
    ) -> bytes:
        """`safepath.read_bytes_within`, read once per (project root, path)."""
        roots = self._roots.get(project_root)
        if roots is None:
            roots = (Path(os.path.abspath(project_root)), Path(project_root).resolve())
            self._roots[project_root] = roots
        absolute = os.path.abspath(path)
        key = (roots[0], absolute)
        found = self._bytes.get(key)
        if found is None or len(found) > max_bytes:
            found = self._read(roots[1], absolute, path, max_bytes, shown)
            self._bytes[key] = found
        return found

    def _read(
        self, root: Path, absolute: str, path: Path, max_bytes: int, shown: str | None
    ) -> bytes:
        """Read a file not read yet: a plain file by its folder's resolved form (kept
        per folder), anything else (a link, a FIFO, missing) by the careful reader."""
        if ".." in os.fspath(path):  # a link before "..": resolved only by the careful reader
            return read_bytes_within_resolved(root, path, max_bytes=max_bytes, shown=shown)
        folder = os.path.dirname(absolute)
        real_folder = self._folders.get(folder)
        if real_folder is None:
            try:
                real_folder = os.path.realpath(folder, strict=True)
            except (OSError, RuntimeError, ValueError):
                real_folder = ""
            self._folders[folder] = real_folder
        if real_folder:
            text = shown if shown is not None else str(path)
            found = read_plain_file_within(
                str(root), real_folder, absolute, max_bytes=max_bytes, shown=text
            )
            if found is not None:
                return found
        return read_bytes_within_resolved(root, path, max_bytes=max_bytes, shown=shown)
