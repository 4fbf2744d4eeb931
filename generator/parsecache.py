"""Parsed YAML files kept between runs, looked up by the hash of their bytes.

Parsing is the largest part of loading 1,000 SOPs, and between two runs almost
every file is unchanged. This cache keeps each cleanly parsed file's values
and positions in one pack of the store (`generator.store`), keyed by the
BLAKE2 hash of the file's bytes: an edited file is parsed again, an unchanged
one is read back.

Only files that parsed without any problem are kept, so every message about a
bad file still comes from the parser itself. The pack's key includes the
tool's code and libraries (PyYAML among them), and the pack holds only the
files of the last run, so it never grows beyond the SOP folder. It is JSON,
verified on read; deleting it is always safe.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator import yamlsource
from generator.keyedpack import KeyedPack
from generator.store import Store
from generator.yamlsource import DataPath, YamlDocument

# (data, value positions, key positions) of one file, without its path.
_Entry = tuple[Any, dict, dict]


def _flat(positions: Mapping[DataPath, tuple[int, int]]) -> str:
    """Positions as one JSON text of rows `[*path, line, column]`: inside the pack it is a
    single string, which JSON reads at C speed; the rows are parsed only when needed."""
    rows = [[*path, line, column] for path, (line, column) in positions.items()]
    return json.dumps(rows, separators=(",", ":"))


class _FlatPositions(Mapping[DataPath, tuple[int, int]]):
    """Positions read back as rows, turned into a dict only when first asked:
    most files read back never need a position (nothing is reported in them)."""

    def __init__(self, rows: str):
        self._rows = rows
        self._table: dict[DataPath, tuple[int, int]] | None = None

    def _built(self) -> dict[DataPath, tuple[int, int]]:
        if self._table is None:
            self._table = {tuple(row[:-2]): (row[-2], row[-1]) for row in json.loads(self._rows)}
        return self._table

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

    def encode_value(self, value: _Entry) -> Any:
        # The parser's data is JSON's own: text keys only (`yamlsource._mapping` makes
        # every key a string), lists, text, numbers, booleans and null.
        data, value_positions, key_positions = value
        return [data, _flat(value_positions), _flat(key_positions)]

    def decode_value(self, stored: Any) -> _Entry:
        data, value_positions, key_positions = stored
        if not isinstance(value_positions, str) or not isinstance(key_positions, str):
            raise ValueError("positions are not text")
        return data, _FlatPositions(value_positions), _FlatPositions(key_positions)

    def parse(self, raw: bytes, shown: str) -> tuple[YamlDocument | None, list]:
        """`yamlsource.parse_yaml_bytes(raw, shown)`, read back when these bytes were seen.

        Documents read back share their values with the loaded models' sources,
        so nothing may modify a `YamlDocument` after loading (nothing does).
        """
        digest = yamlsource.content_digest(raw)
        entry = self.get(digest.hex())
        if entry is not None:
            data, value_positions, key_positions = entry
            return YamlDocument(shown, data, value_positions, key_positions, digest), []
        doc, problems = yamlsource.parse_yaml_bytes(raw, shown)
        if doc is not None and not problems:
            self.put(digest.hex(), (doc.data, doc.value_positions, doc.key_positions))
        return doc, problems
