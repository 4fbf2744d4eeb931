"""Many small results kept between runs in one store entry, looked up by key.

The parse cache and the per-SOP check cache both work this way: the whole
pack is read at the start of a run (one verified entry of the `Store`), each
result asked for is either found or computed, and at the end the results of
*this* run (so the pack never holds what no longer exists) are written back,
only when something changed. A pack that is missing, damaged or of another
version of the tool is simply empty. Values go through `storecodec` (JSON),
never pickle or marshal; each is encoded once, when it is put, and decoded
when it is asked for, so a run that reuses most results pays for those only.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, Generic, TypeVar

from generator import storecodec
from generator.store import Store

Value = TypeVar("Value")


class KeyedPack(Generic[Value]):
    """The results of one kind, by key; counts hits and misses.

    A subclass names its `KIND` (the store's entry kind) and may override
    `encode_value` / `decode_value` for a more compact form of its values.
    """

    KIND: ClassVar[str] = ""

    def __init__(self, store: Store, scope: str = ""):
        self.store = store
        # One pack per kind and scope (e.g. the SOP folder's place); the store's key
        # adds the tool's code, so another version never reads this pack.
        self.pack_key = store.key(self.KIND, scope)
        self._old: dict[str, Any] = self._read()
        self._new: dict[str, Any] = {}
        self._added = False
        self.hits = 0
        self.misses = 0

    def encode_value(self, value: Value) -> Any:
        """`value` as JSON data: by default one JSON text (`storecodec.dumps`).

        A text inside the pack is one token for the pack's JSON reader, and is
        decoded only when asked for, by JSON's C reader with the codec's hook:
        several times faster than walking decoded data in Python.
        """
        return storecodec.dumps(value).decode("ascii")

    def decode_value(self, stored: Any) -> Value:
        """The value from its JSON data (inverse of `encode_value`)."""
        if not isinstance(stored, str):
            raise storecodec.CodecError("not an encoded value")
        return storecodec.loads(stored)

    def _read(self) -> dict[str, Any]:
        payload = self.store.read(self.KIND, self.pack_key)
        if payload is None:
            return {}
        try:
            entries = json.loads(payload)
        except ValueError:
            return {}
        return entries if isinstance(entries, dict) else {}

    def is_empty(self) -> bool:
        """Whether nothing was read back from the store (a fresh clone, a new tool)."""
        return not self._old

    def offer(self, entries: dict[str, Any]) -> None:
        """Take `entries` (stored forms, as in the pack) as if read from the store.

        They are verified as any stored entry is: a value of the wrong shape is a
        miss when asked for, never data (see `check.twocores`, which offers them).
        """
        for key, stored in entries.items():
            if isinstance(key, str):
                self._old.setdefault(key, stored)

    def get(self, key: str | None) -> Value | None:
        """The result under `key` (kept for the next run), or None: a miss."""
        stored = None if key is None else self._old.get(key, self._new.get(key))
        if stored is not None:
            try:
                value = self.decode_value(stored)
            except (storecodec.CodecError, ValueError, TypeError, KeyError, IndexError):
                value = None  # a well-formed pack holding a value of the wrong shape
            if value is not None:
                self.hits += 1
                self._new[key] = stored
                return value
        self.misses += 1
        return None

    def retain(self, key: str | None) -> None:
        """Carry the result under `key` over to the next run without using it
        (for results this run skipped, e.g. SOPs not asked for)."""
        if key is not None and key in self._old:
            self._new[key] = self._old[key]

    def put(self, key: str | None, value: Value) -> None:
        """Keep `value` under `key` for the next run (nothing when the key is None
        or the value cannot be stored)."""
        if key is None:
            return
        try:
            self._new[key] = self.encode_value(value)
        except storecodec.CodecError:
            return
        self._added = True

    def save(self) -> None:
        """Write this run's results back, when anything changed; errors are ignored."""
        if not self._added and self._new.keys() == self._old.keys():
            return
        try:
            # The values are trees built by the parser or the codec, never cyclic: the
            # encoder's cycle check (a mark per list and dict) is left out.
            payload = json.dumps(self._new, separators=(",", ":"), check_circular=False).encode(
                "ascii"
            )
        except (ValueError, TypeError, RecursionError):
            return
        self.store.write(self.KIND, self.pack_key, payload)
