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

from pathlib import Path
from typing import Any

from generator import yamlsource
from generator.keyedpack import KeyedPack
from generator.store import Store
from generator.yamlsource import DataPath, YamlDocument

# (data, value positions, key positions) of one file, without its path.
_Entry = tuple[Any, dict, dict]


def _flat(positions: dict[DataPath, tuple[int, int]]) -> list[list]:
    return [[*path, line, column] for path, (line, column) in positions.items()]


def _unflat(rows: list[list]) -> dict[DataPath, tuple[int, int]]:
    return {tuple(row[:-2]): (row[-2], row[-1]) for row in rows}


class ParseCache(KeyedPack[_Entry]):
    """The parsed files of one SOP folder, by the hash of their bytes."""

    KIND = "parse"

    @classmethod
    def beside(cls, root: Path) -> ParseCache:
        """The parse cache of the SOP folder `root`, in its store."""
        return cls(Store.beside(root), scope=str(root.resolve()))

    def encode_value(self, value: _Entry) -> Any:
        data, value_positions, key_positions = value
        return [data, _flat(value_positions), _flat(key_positions)]

    def decode_value(self, stored: Any) -> _Entry:
        data, value_positions, key_positions = stored
        return data, _unflat(value_positions), _unflat(key_positions)

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
