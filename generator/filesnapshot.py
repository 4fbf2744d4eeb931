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

from generator.safepath import read_bytes_within_resolved


class FileSnapshot:
    """Files read through `read_bytes_within`, kept by path for the rest of the run.

    A read that fails is not kept (the next reader meets the same refusal and
    reports it); a snapshot lives for one command, never between runs.
    """

    def __init__(self) -> None:
        self._bytes: dict[tuple[Path, Path], bytes] = {}
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
        key = (roots[0], Path(os.path.abspath(path)))
        found = self._bytes.get(key)
        if found is None or len(found) > max_bytes:
            found = read_bytes_within_resolved(roots[1], path, max_bytes=max_bytes, shown=shown)
            self._bytes[key] = found
        return found
