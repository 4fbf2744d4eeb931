"""The embedded engine's compiled module, kept between processes, and the golden DOT.

A kept module is native code: it is loaded only when its bytes match the
SHA-256 written beside them; anything else is compiled afresh (never loaded).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.flowchart import flowchart_dot
from generator.flowchart.engine import _create
from generator.loader import load_repository
from generator.verifiedfile import read_verified, write_verified

from .conftest import SOPS

GOLDEN = Path(__file__).parent / "golden" / "swimlane"


def test_verified_bytes_are_read_back_and_damaged_ones_are_not(tmp_path: Path):
    path = tmp_path / "engine" / "module.cwasm"
    write_verified(path, b"compiled module")
    assert read_verified(path) == b"compiled module"
    path.write_bytes(b"compiled modulf")  # same size, one bit flipped
    assert read_verified(path) is None
    write_verified(path, b"compiled module")
    path.write_bytes(b"compiled")  # truncated
    assert read_verified(path) is None
    write_verified(path, b"compiled module")
    (tmp_path / "engine" / "module.cwasm.sha256").unlink()  # no recorded hash
    assert read_verified(path) is None
    (tmp_path / "engine" / "module.cwasm.sha256").mkdir()  # a folder instead of the hash
    assert read_verified(path) is None
    assert read_verified(tmp_path / "missing.cwasm") is None


def test_unwritable_module_folder_is_skipped(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    write_verified(blocker / "module.cwasm", b"data")  # parent is a file: no error
    assert read_verified(blocker / "module.cwasm") is None


@pytest.mark.slow
def test_a_tampered_module_is_compiled_afresh_never_loaded(tmp_path: Path):
    backend = _create(tmp_path)
    assert backend.render("digraph { a }", format="svg", engine="nop2").startswith(b"<?xml")
    (kept,) = tmp_path.glob("graphviz-*.cwasm")
    good = kept.read_bytes()
    assert read_verified(kept) == good
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0x01  # same size, one bit: the hash no longer matches
    kept.write_bytes(bytes(damaged))
    again = _create(tmp_path)  # compiles instead of deserialising the damaged bytes
    assert again.render("digraph { b }", format="svg", engine="nop2").startswith(b"<?xml")
    assert read_verified(kept) is not None  # written again, verified


@pytest.mark.slow
def test_second_process_reuses_the_kept_module(tmp_path: Path):
    """`sop flowchart` keeps the compiled engine under .sop-cache/ and a second run uses it."""
    project = tmp_path / "proyek"
    shutil.copytree(SOPS, project / "sops")
    sop_file = next((project / "sops").rglob("pelayanan-kerjasama.yaml"))
    command = [sys.executable, "-m", "generator.cli", "flowchart", str(sop_file)]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    first = subprocess.run(command, cwd=project, capture_output=True, env=env, check=True)
    kept = list((project / ".sop-cache").rglob("graphviz-*.cwasm"))
    assert len(kept) == 1 and read_verified(kept[0]) is not None
    stamp = kept[0].stat().st_mtime_ns
    second = subprocess.run(command, cwd=project, capture_output=True, env=env, check=True)
    assert second.stdout == first.stdout  # same bytes
    assert kept[0].stat().st_mtime_ns == stamp  # read, not compiled and written again


def test_golden_dot_of_one_swimlane():
    """The pinned DOT of one seed, exactly. Regenerate: UPDATE_GOLDEN=1 pytest this file."""
    repository = load_repository(SOPS).repository
    assert repository is not None
    entry = repository.sop("pelayanan-kerjasama")
    assert entry is not None
    (source,) = flowchart_dot(entry.sop, repository.organisasi, name=entry.id)
    golden = GOLDEN / "pelayanan-kerjasama.dot"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(source, "utf-8")
    assert source == golden.read_text("utf-8")
