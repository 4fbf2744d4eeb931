"""A content-hash cache of rendered flowcharts, so a rebuild renders only what changed.

Two lookups, both by SHA-256:

- *outputs*: the key is the hash of the DOT text, the engine, the engine's
  version and the format; the file holds what the engine produced. Any change
  to the drawing changes the DOT and so the key.
- *inputs*: the key is the hash of what a chart is drawn from (the chart
  model, options, language, name) and of this package's own code; the file
  lists the output keys of its pages. A rebuild with nothing changed finds
  every SOP here without even building its DOT text.

Files live under `.sop-cache/flowchart/` (ignored by git); deleting the
folder is always safe. Writes go to a temporary file first, then are renamed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.atomicfile import write_atomically
from generator.codeversion import package_fingerprint
from generator.flowchart.render import Engine, engine_version, render

DEFAULT_CACHE_DIR = Path(".sop-cache") / "flowchart"


def cache_key(dot_source: str, engine: Engine | str, fmt: str = "svg") -> str:
    """The output key of rendering `dot_source` with `engine` to `fmt`."""
    return _digest(Engine(engine).value, engine_version(engine), fmt, dot_source)


def inputs_key(*parts: str) -> str:
    """The input key of a chart: its parts (model, options, ...) and this package's code."""
    return _digest(code_version(), *parts)


def code_version() -> str:
    """The tool's code, texts and libraries (`codeversion`): a new drawing rule,
    a changed label or another Graphviz invalidates old entries."""
    return package_fingerprint().hex()


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class FlowchartCache:
    """Rendered outputs and chart inputs by key, one small file each; counts hits and misses."""

    def __init__(self, folder: Path = DEFAULT_CACHE_DIR):
        self.folder = folder
        self.hits = 0  # pages read back instead of rendered
        self.misses = 0  # pages rendered

    def _output_path(self, key: str, fmt: str) -> Path:
        return self.folder / "outputs" / key[:2] / f"{key}.{fmt}"

    def _inputs_path(self, key: str) -> Path:
        return self.folder / "inputs" / key[:2] / f"{key}.txt"

    def get(self, key: str, fmt: str = "svg") -> bytes | None:
        """The output stored under `key`, or None."""
        try:
            return self._output_path(key, fmt).read_bytes()
        except OSError:  # missing, or no cache folder at all
            return None

    def put(self, key: str, data: bytes, fmt: str = "svg") -> None:
        """Store an output under `key` (skipped when the cache cannot be written)."""
        _store(self._output_path(key, fmt), data)

    def render(
        self, dot_source: str, engine: Engine | str = Engine.EMBEDDED, fmt: str = "svg"
    ) -> bytes:
        """`dot_source` rendered, read back when the same DOT was rendered before."""
        key = cache_key(dot_source, engine, fmt)
        data = self.get(key, fmt)
        if data is not None:
            self.hits += 1
            return data
        self.misses += 1
        data = render(dot_source, engine, fmt)
        self.put(key, data, fmt)
        return data

    def pages(self, inputs: str, fmt: str = "svg") -> list[bytes] | None:
        """The outputs of every page of the chart with input key `inputs`, or None."""
        try:
            keys = self._inputs_path(inputs).read_text("ascii").split()
        except OSError:  # missing, or no cache folder at all
            return None
        outputs = [self.get(key, fmt) for key in keys]
        if not keys or any(output is None for output in outputs):
            return None
        self.hits += len(keys)
        return [output for output in outputs if output is not None]

    def remember(self, inputs: str, output_keys: list[str]) -> None:
        """Record which outputs the chart with input key `inputs` has."""
        _store(self._inputs_path(inputs), "\n".join(output_keys).encode("ascii"))


def _store(path: Path, data: bytes) -> None:
    """Write a cache file; a cache that cannot be written (read-only project) is skipped."""
    try:
        write_atomically(path, data)
    except OSError:
        return
