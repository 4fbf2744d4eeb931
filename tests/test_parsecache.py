"""The parse cache: unchanged SOP files are read back, anything else is parsed again."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.loader import load_repository
from generator.parsecache import ParseCache
from generator.store import FOLDER_NAME

from .conftest import MINIMAL_SOP, SOPS


def _seed_copy(tmp_path: Path) -> Path:
    root = tmp_path / "sops"
    shutil.copytree(SOPS, root)
    return root


def _packs(project: Path) -> list[Path]:
    return sorted(p for p in (project / FOLDER_NAME / "parse").rglob("*") if p.is_file())


def _snapshot(root: Path, cache: bool):
    result = load_repository(root, cache=cache)
    assert result.repository is not None
    sops = [
        (
            e.id,
            e.sop,
            e.source.path,
            e.source.data,
            e.source.value_positions,
            e.source.key_positions,
        )
        for e in result.repository.sops
    ]
    return sops, result.problems


def test_a_cached_load_equals_a_fresh_one(tmp_path: Path):
    root = _seed_copy(tmp_path)
    fresh = _snapshot(root, cache=False)
    assert not (tmp_path / FOLDER_NAME).exists()
    first = _snapshot(root, cache=True)  # parses and writes the pack
    assert len(_packs(tmp_path)) == 1
    second = _snapshot(root, cache=True)  # reads every SOP back
    assert first == fresh
    assert second == fresh


def test_unchanged_files_are_read_back_and_an_edited_one_is_parsed(tmp_path: Path):
    root = _seed_copy(tmp_path)
    files = sorted(root.glob("pdip/*.yaml"))
    ParseCache.beside(root)  # an empty cache does not fail
    first = ParseCache.beside(root)
    for path in files:
        first.parse(path.read_bytes(), str(path))
    assert (first.hits, first.misses) == (0, len(files))
    first.save()

    files[0].write_text(files[0].read_text("utf-8") + "# diubah\n", encoding="utf-8")
    second = ParseCache.beside(root)
    docs = [second.parse(path.read_bytes(), str(path)) for path in files]
    assert (second.hits, second.misses) == (len(files) - 1, 1)
    assert [doc.path for doc, _ in docs] == [str(path) for path in files]


def test_a_file_with_problems_is_parsed_every_time(sops_dir: Path):
    broken = sops_dir / "rusak.yaml"
    broken.write_text(MINIMAL_SOP + "nama: dua kali\n", encoding="utf-8")
    for _ in range(2):
        result = load_repository(sops_dir, cache=True)
        assert [p.rule for p in result.problems] == ["loader.duplicate_key"]
        assert result.problems[0].position.line == MINIMAL_SOP.count("\n") + 1


def test_a_damaged_pack_is_ignored_and_replaced(sops_dir: Path):
    (sops_dir / "contoh.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    load_repository(sops_dir, cache=True)
    (pack,) = _packs(sops_dir.parent)
    pack.write_bytes(pack.read_bytes()[:-7])  # truncated
    result = load_repository(sops_dir, cache=True)
    assert result.ok and len(result.repository.sops) == 1
    cache = ParseCache.beside(sops_dir)
    cache.parse((sops_dir / "contoh.yaml").read_bytes(), "contoh.yaml")
    assert cache.hits == 1


def test_an_unwritable_cache_folder_is_skipped(sops_dir: Path):
    (sops_dir / "contoh.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    (sops_dir.parent / FOLDER_NAME).write_text("a file where the folder should be")
    result = load_repository(sops_dir, cache=True)
    assert result.ok and len(result.repository.sops) == 1


def test_the_pack_keeps_only_the_files_of_the_last_run(sops_dir: Path):
    for name in ("satu", "dua"):
        (sops_dir / f"{name}.yaml").write_text(MINIMAL_SOP.replace("Contoh", name), "utf-8")
    load_repository(sops_dir, cache=True)
    (sops_dir / "dua.yaml").unlink()
    load_repository(sops_dir, cache=True)
    cache = ParseCache.beside(sops_dir)
    cache.parse((sops_dir / "satu.yaml").read_bytes(), "satu.yaml")
    cache.parse(MINIMAL_SOP.replace("Contoh", "dua").encode(), "dua.yaml")
    assert (cache.hits, cache.misses) == (1, 1)


def test_a_bad_file_does_not_make_every_run_rewrite_the_pack(sops_dir: Path):
    (sops_dir / "baik.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    (sops_dir / "rusak.yaml").write_text(MINIMAL_SOP + "nama: dua kali\n", encoding="utf-8")
    load_repository(sops_dir, cache=True)
    (pack,) = _packs(sops_dir.parent)
    written = pack.stat().st_ino  # a rewrite replaces the file (reading only touches it)
    load_repository(sops_dir, cache=True)
    assert pack.stat().st_ino == written
