"""Atomic writes: whole files only, permissions kept, nothing left behind on failure."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from generator.atomicfile import NEW_FILE_MODE, write_atomically


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_readable_by_everyone(tmp_path: Path):
    target = tmp_path / "a" / "b.txt"  # the folder is made
    write_atomically(target, b"isi")
    assert target.read_bytes() == b"isi" and _mode(target) == NEW_FILE_MODE


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path):
    target = tmp_path / "sop.yaml"
    target.write_bytes(b"lama")
    target.chmod(0o640)
    write_atomically(target, b"baru")
    assert target.read_bytes() == b"baru" and _mode(target) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["sop.yaml"]  # no temporary left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    target = tmp_path / "sop.yaml"
    target.write_bytes(b"lama")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"lama"
    assert [p.name for p in tmp_path.iterdir()] == ["sop.yaml"]
