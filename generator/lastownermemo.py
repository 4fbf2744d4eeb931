"""Values made from an owner object and a key, kept for the owner asked about last.

Several hot paths ask the same question thousands of times within one run
against one owner (the organisation registry, the work calendar): the roles as
displayed, the waktu readings, the durations in words. Hashing the owner at
every question costs more than the answer, so the owner is told by identity
and only the last one is kept (one run has one; a long process, e.g. `mkdocs
serve`, moves on to the next). The values of one owner are bounded, so a long
process never grows without end.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Owner = TypeVar("Owner")
Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class LastOwnerMemo(Generic[Owner, Key, Value]):
    """`make(owner, key)`, kept per key for the owner (by identity) asked about last."""

    def __init__(self, make: Callable[[Owner, Key], Value], limit: int = 10_000) -> None:
        self._make = make
        self._limit = limit
        self._last: tuple[object, dict[Key, Value]] = (None, {})

    def get(self, owner: Owner, key: Key) -> Value:
        """The value of `key` for `owner`, made on first need."""
        last, values = self._last  # one read: another thread may replace it
        if last is not owner or len(values) > self._limit:
            values = {}
            self._last = (owner, values)
        found = values.get(key)
        if found is None:
            found = values[key] = self._make(owner, key)
        return found

    def values_of(self, owner: Owner) -> dict[Key, Value]:
        """The values kept for `owner` (made the owner asked about last), for a caller
        that looks many keys up in a loop: `table.get(key)`, and `get` on a miss."""
        last, values = self._last
        if last is not owner or len(values) > self._limit:
            values = {}
            self._last = (owner, values)
        return values
