"""Results kept between runs in one file, looked up by key.

The parse cache and the per-SOP check cache both work this way: the whole
file is read at the start of a run, each entry asked for is either found or
computed, and at the end the entries of *this* run (so the file never holds
what no longer exists) are written back atomically, only when something
changed. The file records a version; a file of another version, a damaged
file or one that cannot be written is simply ignored: the run works as if
there were no cache. Deleting the file is always safe.
"""

from __future__ import annotations

import marshal
import pickle
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, ClassVar, Generic, Self, TypeVar

from generator.atomicfile import write_atomically

Value = TypeVar("Value")

CACHE_FOLDER = ".sop-cache"  # next to the SOP folder, ignored by git

# Errors that mean "not a pack this version wrote": start empty.
_UNREADABLE = (
    OSError,
    EOFError,
    ValueError,
    TypeError,
    AttributeError,
    ImportError,
    KeyError,
    IndexError,
)


class Format:
    """How a pack is turned into bytes and back (marshal: plain data; pickle: objects)."""

    def __init__(self, dumps: Callable[[Any], bytes], loads: Callable[[bytes], Any]):
        self.dumps = dumps
        self.loads = loads


MARSHAL = Format(marshal.dumps, marshal.loads)
PICKLE = Format(lambda value: pickle.dumps(value, pickle.HIGHEST_PROTOCOL), pickle.loads)


class KeyedPack(Generic[Value]):
    """The entries of one file, by key; counts hits and misses.

    A subclass names its file (FILE_NAME, in `.sop-cache/` beside the SOP
    folder: see `beside`) and passes its version and format to `__init__`.
    """

    FILE_NAME: ClassVar[str] = ""

    @classmethod
    def beside(cls, sops_root: Path) -> Self:
        """The pack of the SOP folder `sops_root`, next to it in `.sop-cache/`."""
        return cls(sops_root.parent / CACHE_FOLDER / cls.FILE_NAME)

    def __init__(self, file: Path, version: str | bytes = "", form: Format = MARSHAL):
        self.file = file
        self.version = version
        self.form = form
        self._old: dict[Hashable, Value] = self._read()
        self._new: dict[Hashable, Value] = {}
        self._added = False
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[Hashable, Value]:
        try:
            version, entries = self.form.loads(self.file.read_bytes())
        except (*_UNREADABLE, pickle.UnpicklingError):
            return {}
        return entries if version == self.version and isinstance(entries, dict) else {}

    def get(self, key: Hashable | None) -> Value | None:
        """The entry under `key` (kept for the next run), or None: a miss."""
        found = None if key is None else self._old.get(key, self._new.get(key))
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._new[key] = found
        return found

    def retain(self, key: Hashable | None) -> None:
        """Carry the entry under `key` over to the next run without using it
        (for entries this run skipped, e.g. SOPs not asked for)."""
        if key is not None and key in self._old:
            self._new[key] = self._old[key]

    def put(self, key: Hashable | None, value: Value) -> None:
        """Keep `value` under `key` for the next run (nothing when the key is None)."""
        if key is not None:
            self._new[key] = value
            self._added = True

    def save(self) -> None:
        """Write this run's entries back, when anything changed; errors are ignored."""
        if not self._added and self._new.keys() == self._old.keys():
            return  # nothing new (a miss that could not be kept, e.g. a bad file, adds nothing)
        try:
            data = self.form.dumps((self.version, self._new))
        except (ValueError, TypeError, AttributeError, pickle.PicklingError):
            return  # a value this format cannot store: keep no cache
        try:
            write_atomically(self.file, data)
        except OSError:  # e.g. a read-only checkout: run without the cache
            return
