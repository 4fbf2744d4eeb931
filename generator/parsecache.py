"""Parsed YAML files kept between runs, looked up by the hash of their bytes.

Parsing is the largest part of loading 1,000 SOPs, and between two runs almost
every file is unchanged. This cache keeps each cleanly parsed file's values
(not their positions: those are found again, by parsing that one file, only
when a position is asked for) in one pack of the store (`generator.store`), keyed by the
BLAKE2 hash of the file's bytes: an edited file is parsed again, an unchanged
one is read back.

Only files that parsed without any problem are kept, so every message about a
bad file still comes from the parser itself. The pack's key includes the
tool's code and libraries (PyYAML among them), and the pack holds only the
files of the last run, so it never grows beyond the SOP folder. It is JSON,
verified on read; deleting it is always safe.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator import yamlsource
from generator.keyedpack import KeyedPack
from generator.store import Store
from generator.yamlsource import DataPath, YamlDocument

# The data of one file (JSON's own values). Its positions are not kept: they are
# found again, by parsing the file's bytes once more, only when one is asked for.
_Entry = Any


class _Reparse:
    """The positions of a file read back: parsed again from its bytes on first need.

    Most files read back never need a position (nothing is reported in them),
    so keeping positions would cost every run more than re-parsing the few that do.
    """

    def __init__(self, raw: bytes, shown: str):
        self._raw: bytes | None = raw
        self._shown = shown
        self._doc: YamlDocument | None = None

    def document(self) -> YamlDocument:
        if self._doc is None:
            assert self._raw is not None
            doc, _ = yamlsource.parse_yaml_bytes(self._raw, self._shown)
            self._doc = doc if doc is not None else YamlDocument(self._shown, None)
            self._raw = None
        return self._doc


class _LazyPositions(Mapping[DataPath, tuple[int, int]]):
    """Value or key positions of a file read back (see `_Reparse`)."""

    def __init__(self, source: _Reparse, keys: bool):
        self._source = source
        self._keys = keys

    def _built(self) -> Mapping[DataPath, tuple[int, int]]:
        doc = self._source.document()
        return doc.key_positions if self._keys else doc.value_positions

    def __getitem__(self, path: DataPath) -> tuple[int, int]:
        return self._built()[path]

    def get(self, path: DataPath, default=None):  # the hot path of `YamlDocument.position`
        return self._built().get(path, default)

    def __iter__(self) -> Iterator[DataPath]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


class ParseCache(KeyedPack[_Entry]):
    """The parsed files of one SOP folder, by the hash of their bytes."""

    KIND = "parse"

    @classmethod
    def beside(cls, root: Path) -> ParseCache:
        """The parse cache of the SOP folder `root`, in its store."""
        return cls(Store.beside(root), scope=str(root.resolve()))

    @classmethod
    def cold(cls, root: Path) -> bool:
        """Whether the store holds no parse pack for `root` (a fresh clone, a new tool):
        a look at the folder, without reading the pack."""
        store = Store.beside(root)
        return store.enabled and not store.holds(cls.KIND, store.key(cls.KIND, str(root.resolve())))

    @staticmethod
    def entry(value: _Entry) -> Any:
        """A file's parsed values as an entry of the pack (see `encode_value`)."""
        # The parser's data is JSON's own: text keys only (`yamlsource._mapping` makes
        # every key a string), lists, text, numbers, booleans and null. Wrapped, so an
        # entry of another shape (another layout of this pack) is a miss, never data.
        return {"data": value}

    def encode_value(self, value: _Entry) -> Any:
        return self.entry(value)

    def decode_value(self, stored: Any) -> _Entry:
        if not isinstance(stored, dict) or set(stored) != {"data"}:
            raise ValueError("not a parse entry")
        return stored["data"]

    def parse(self, raw: bytes, shown: str) -> tuple[YamlDocument | None, list]:
        """`yamlsource.parse_yaml_bytes(raw, shown)`, read back when these bytes were seen.

        Documents read back share their values with the loaded models' sources,
        so nothing may modify a `YamlDocument` after loading (nothing does).
        """
        digest = yamlsource.content_digest(raw)
        key = digest.hex()
        data = self.get(key)
        if data is not None:
            source = _Reparse(raw, shown)
            value_positions = _LazyPositions(source, keys=False)
            key_positions = _LazyPositions(source, keys=True)
            return YamlDocument(shown, data, value_positions, key_positions, digest), []
        doc, problems = yamlsource.parse_yaml_bytes(raw, shown)
        if doc is not None and not problems:
            self.put(key, doc.data)
        return doc, problems
