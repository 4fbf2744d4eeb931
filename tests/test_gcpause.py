"""Pausing the garbage collector while loading: restored afterwards, frozen only on request."""

from __future__ import annotations

import gc

from generator import gcpause


def test_the_collector_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with gcpause.gc_paused():
        assert not gc.isenabled()
        with gcpause.gc_paused():  # nested: still off, and the outer block restores
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nothing_is_frozen_unless_asked():
    gc.unfreeze()
    with gcpause.gc_paused():
        kept = [{"a": i} for i in range(100)]
    assert gc.get_freeze_count() == 0 and kept


def test_a_short_run_freezes_what_it_built():
    try:
        with gcpause.gc_paused(freeze=True):
            kept = [{"a": i} for i in range(100)]
        assert gc.get_freeze_count() >= 100 and kept
    finally:
        gc.unfreeze()
