"""Parsed YAML files kept between runs, looked up by the hash of their bytes.

Parsing is the largest part of loading 1,000 SOPs (about 0.7 s of 1 s), and
between two runs almost every file is unchanged. This cache keeps each
cleanly parsed file's values and positions in one pack file,
`.sop-cache/parse.marshal` next to the SOP folder, keyed by the BLAKE2 hash
of the file's bytes: an edited file is parsed again, an unchanged one is read
back (about 0.1 ms instead of 0.7 ms).

Only files that parsed without any problem are kept, so every message about
a bad file still comes from the parser itself. The pack is tied to the
parser's own code, PyYAML's and Python's versions; any change of those
starts it afresh. It is written atomically and holds only the files of the
last run, so it never grows beyond the SOP folder. Deleting it is always safe.
(`marshal` reads only what this tool wrote into the project's own folder;
whoever can write there can edit the SOPs themselves.)
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator import yamlsource
from generator.keyedpack import MARSHAL, KeyedPack
from generator.yamlsource import YamlDocument

PACK_NAME = "parse.marshal"

# (data, value positions, key positions) of one file, without its path.
_Entry = tuple[Any, dict, dict]


@cache
def _version() -> str:
    """Changes whenever a parse could come out differently."""
    source = Path(yamlsource.__file__).read_bytes()
    parts = (
        hashlib.blake2b(source).hexdigest(),
        yaml.__version__,
        str(getattr(yaml, "__with_libyaml__", False)),
        sys.version,
        str(marshal.version),
    )
    return "\0".join(parts)


class ParseCache(KeyedPack[_Entry]):
    """The parsed files of one SOP folder, by the hash of their bytes."""

    FILE_NAME = PACK_NAME

    def __init__(self, pack: Path):
        super().__init__(pack, _version(), MARSHAL)

    def parse(self, raw: bytes, shown: str) -> tuple[YamlDocument | None, list]:
        """`yamlsource.parse_yaml_bytes(raw, shown)`, read back when these bytes were seen.

        Documents read back share their values with the loaded models' sources,
        so nothing may modify a `YamlDocument` after loading (nothing does).
        """
        digest = yamlsource.content_digest(raw)
        entry = self.get(digest)
        if entry is not None:
            data, value_positions, key_positions = entry
            return YamlDocument(shown, data, value_positions, key_positions, digest), []
        doc, problems = yamlsource.parse_yaml_bytes(raw, shown)
        if doc is not None and not problems:
            self.put(digest, (doc.data, doc.value_positions, doc.key_positions))
        return doc, problems
