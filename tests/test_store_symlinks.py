"""A clone can bring `.sop-cache` (or a folder in it) as a symlink leading anywhere:
nothing is read, written or pruned through it. Before, `prune` walked the linked
folder as entries and deleted the oldest files there until under its bound."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "documents" / "ab").mkdir(parents=True)
    (outside / "documents" / "ab" / "precious.txt").write_text("x" * 1000)
    return outside


def test_a_store_folder_that_is_a_symlink_is_not_used(tmp_path: Path):
    outside = _outside(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    (project / ".sop-cache").symlink_to(outside)
    store = Store(project / ".sop-cache", max_bytes=10)
    key = Store.key("x")
    store.write("parse", key, b"data")
    assert store.read("parse", key) is None
    store._written = True  # as after any write in a run
    assert store.prune() == 0
    assert sorted(p.name for p in outside.iterdir()) == ["documents"]
    assert (outside / "documents" / "ab" / "precious.txt").is_file()


def test_a_kind_folder_that_is_a_symlink_is_not_used(tmp_path: Path):
    outside = _outside(tmp_path)
    store = Store(tmp_path / "project" / ".sop-cache", max_bytes=10)
    key = Store.key("y")
    store.write("check", key, b"kept")
    assert store.read("check", key) == b"kept"
    (store.folder / "parse").symlink_to(outside / "documents")
    store.write("parse", "ab" + key[2:], b"data")
    assert sorted(p.name for p in (outside / "documents" / "ab").iterdir()) == ["precious.txt"]
    assert store.read("parse", "ab" + key[2:]) is None
    store.prune()
    assert (outside / "documents" / "ab" / "precious.txt").is_file()
