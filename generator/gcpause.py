"""Pause Python's cyclic garbage collector while building many small objects.

Loading 1,000 SOPs makes millions of dicts, tuples and strings that all stay
alive; each automatic collection walks every one of them again, which cost
half of the load time. Nothing built there forms reference cycles that need
the collector, so it is paused for the duration and restored afterwards, and
in a `sop` command (a short run) what was built is then frozen
(`gc.freeze`): later collections skip it, while reference counting still
frees it when it is dropped.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache


@contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Run the block with automatic garbage collection off (restored on exit, nestable).

    With `freeze`, what the block built is then frozen. For short runs only (a
    `sop` command): freezing moves *every* live object out of the collector's
    sight, so a long-lived process (`mkdocs serve`) would keep its old cyclic
    garbage. The caller decides; nothing here is global.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            # What was built stays alive: move it out of the collector's sight,
            # so later collections do not walk it again (reference counting
            # still frees it when it is dropped).
            gc.freeze()
            _unfreeze_at_exit()
        if was_enabled:
            gc.enable()


@cache
def _unfreeze_at_exit() -> None:
    """Hand frozen objects back before shutdown, so that objects holding
    outside resources (the flowchart engine) are finalised while their
    modules still exist, not during module teardown."""
    atexit.register(gc.unfreeze)
