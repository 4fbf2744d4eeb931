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
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator import yamlsource
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


class ParseCache:
    """The parsed files of one SOP folder, read from and written back to `pack`."""

    def __init__(self, pack: Path):
        self.pack = pack
        self._old: dict[bytes, _Entry] = self._read()
        self._new: dict[bytes, _Entry] = {}
        self.hits = 0
        self.misses = 0

    @classmethod
    def beside(cls, sops_root: Path) -> ParseCache:
        """The cache of the SOP folder `sops_root` (in `.sop-cache/` next to it)."""
        return cls(sops_root.parent / ".sop-cache" / PACK_NAME)

    def _read(self) -> dict[bytes, _Entry]:
        try:
            version, entries = marshal.loads(self.pack.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return entries if version == _version() and isinstance(entries, dict) else {}

    def parse(self, raw: bytes, shown: str) -> tuple[YamlDocument | None, list]:
        """`yamlsource.parse_yaml_bytes(raw, shown)`, read back when these bytes were seen."""
        digest = yamlsource.content_digest(raw)
        entry = self._old.get(digest) or self._new.get(digest)
        if entry is not None:
            self.hits += 1
            self._new[digest] = entry
            data, value_positions, key_positions = entry
            return YamlDocument(shown, data, value_positions, key_positions, digest), []
        self.misses += 1
        doc, problems = yamlsource.parse_yaml_bytes(raw, shown)
        if doc is not None and not problems:
            self._new[digest] = (doc.data, doc.value_positions, doc.key_positions)
        return doc, problems

    def save(self) -> None:
        """Write the files seen in this run back, when anything changed; errors are ignored.

        Documents read back share their values with the loaded models' sources,
        so nothing may modify a `YamlDocument` after loading (nothing does).
        """
        if self.misses == 0 and self._new.keys() == self._old.keys():
            return
        try:
            data = marshal.dumps((_version(), self._new))
        except ValueError:  # a value marshal cannot store: keep no cache
            return
        try:
            self.pack.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.pack.parent, suffix=".tmp")
        except OSError:  # e.g. a read-only checkout: run without the cache
            return
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self.pack)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
