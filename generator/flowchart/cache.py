"""A content-hash cache of rendered flowcharts, so a rebuild renders only what changed.

The key is the SHA-256 of the DOT text, the engine, the engine's version and
the output format: an SOP whose drawing did not change has the same DOT, so
its SVG is read back instead of rendered. Files live under
`.sop-cache/flowchart/` (ignored by git); deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from generator.flowchart.render import Engine, engine_version, render

DEFAULT_CACHE_DIR = Path(".sop-cache") / "flowchart"


def cache_key(dot_source: str, engine: Engine | str, fmt: str = "svg") -> str:
    """The cache key of rendering `dot_source` with `engine` to `fmt`."""
    digest = hashlib.sha256()
    for part in (Engine(engine).value, engine_version(engine), fmt, dot_source):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class FlowchartCache:
    """Rendered outputs by cache key, one file each; counts hits and misses."""

    def __init__(self, folder: Path = DEFAULT_CACHE_DIR):
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def _path(self, key: str, fmt: str) -> Path:
        return self.folder / key[:2] / f"{key}.{fmt}"

    def render(
        self, dot_source: str, engine: Engine | str = Engine.EMBEDDED, fmt: str = "svg"
    ) -> bytes:
        """`dot_source` rendered, from the cache when it was rendered before."""
        key = cache_key(dot_source, engine, fmt)
        path = self._path(key, fmt)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            pass
        else:
            self.hits += 1
            return data
        self.misses += 1
        data = render(dot_source, engine, fmt)
        self._write(path, data)
        return data

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        # Write then rename, so a reader never sees half a file.
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
