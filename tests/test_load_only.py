"""Loading only the files a command names (`sop flowchart FILE`): the same SOP and the
same problems for that file as loading the whole folder, without reading the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.loader import load_repository
from generator.problems import display_path

from .conftest import SOPS


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "sops"
    shutil.copytree(SOPS, folder)
    return folder


def test_only_the_named_file_is_loaded_with_the_same_problems(root: Path):
    target = root / "pdip" / "inovasi-pelayanan.yaml"
    shown = display_path(target)
    # Another SOP names this one, and this one's links to others still resolve.
    full = load_repository(root)
    only = load_repository(root, only={shown})
    assert full.repository is not None and only.repository is not None
    assert [entry.id for entry in only.repository.sops] == ["inovasi-pelayanan"]
    assert only.repository.sop("inovasi-pelayanan") == full.repository.sop("inovasi-pelayanan")
    assert [p for p in only.problems if p.position.path == shown] == [
        p for p in full.problems if p.position.path == shown
    ]


def test_a_broken_other_file_is_not_read(root: Path):
    other = root / "pdip" / "pelayanan-kerjasama.yaml"
    other.write_text("nama: [tidak ditutup\n", "utf-8")
    target = root / "pdip" / "inovasi-pelayanan.yaml"
    only = load_repository(root, only={display_path(target)})
    assert not [p for p in only.problems if p.position.path == display_path(other)]
    full = load_repository(root)
    assert [p for p in full.problems if p.position.path == display_path(other)]


def test_loading_one_file_leaves_the_parse_cache_of_the_folder_alone(root: Path):
    load_repository(root, cache=True)
    packs = sorted((root.parent / ".sop-cache" / "parse").rglob("*"))
    before = {p: p.read_bytes() for p in packs if p.is_file()}
    target = root / "pdip" / "inovasi-pelayanan.yaml"
    load_repository(root, cache=True, only={display_path(target)})
    after = {p: p.read_bytes() for p in packs if p.is_file()}
    assert before and after == before
