"""The per-SOP cache of rule results: the same report as a fresh run, always."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from generator.check import run_checks
from generator.check.base import SopContext
from generator.check.cache import CheckCache
from generator.check.rules import ALL_RULES
from generator.loader import load_repository
from generator.store import FOLDER_NAME

from .conftest import SOPS


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "sops"
    shutil.copytree(SOPS, root)
    return root


def _check(root: Path, cached: bool):
    repository = load_repository(root).repository
    cache = CheckCache.beside(root) if cached else None
    report = run_checks(repository, cache=cache)
    return report, cache


def _same(first, second) -> None:
    assert first.findings == second.findings
    assert [(r.entry.id, r.timing) for r in first.sops] == [
        (r.entry.id, r.timing) for r in second.sops
    ]


def test_a_cached_report_equals_a_fresh_one(tmp_path: Path):
    root = _project(tmp_path)
    fresh, _ = _check(root, cached=False)
    first, cache = _check(root, cached=True)
    assert (cache.hits, cache.misses) == (0, 3)
    again, cache = _check(root, cached=True)
    assert (cache.hits, cache.misses) == (3, 0)
    _same(first, fresh)
    _same(again, fresh)


def test_an_edited_sop_alone_is_checked_again(tmp_path: Path):
    root = _project(tmp_path)
    _check(root, cached=True)
    target = root / "pdip" / "inovasi-pelayanan.yaml"
    text = target.read_text("utf-8")
    target.write_text(text.replace("    waktu: 1 hari\n", "    waktu:\n", 1), "utf-8")
    report, cache = _check(root, cached=True)
    assert (cache.hits, cache.misses) == (2, 1)
    _same(report, _check(root, cached=False)[0])
    assert any(f.rule == "waktu-kosong" for f in report.findings)


def test_a_registry_change_invalidates_every_sop(tmp_path: Path):
    root = _project(tmp_path)
    before, _ = _check(root, cached=True)
    assert any(f.rule == "dasar-hukum-diubah" for f in before.findings)
    registry = root / "peraturan.yaml"
    registry.write_text(
        registry.read_text("utf-8").replace("status: diubah", "status: berlaku"), "utf-8"
    )
    after, cache = _check(root, cached=True)
    assert cache.hits == 0
    assert not any(f.rule == "dasar-hukum-diubah" for f in after.findings)
    _same(after, _check(root, cached=False)[0])


def test_a_damaged_cache_is_ignored(tmp_path: Path):
    root = _project(tmp_path)
    _check(root, cached=True)
    (cache_file,) = (p for p in (tmp_path / FOLDER_NAME / "check").rglob("*") if p.is_file())
    data = bytearray(cache_file.read_bytes())
    data[-3] ^= 0x01  # one bit flipped, same size
    cache_file.write_bytes(bytes(data))
    report, cache = _check(root, cached=True)
    assert cache.hits == 0
    _same(report, _check(root, cached=False)[0])
    assert _check(root, cached=True)[1].hits == 3  # and it was replaced


def test_rules_about_one_sop_never_look_at_another(tmp_path: Path):
    """The cache's premise: a "sop" rule's findings depend on that SOP alone
    (and the registries), so they are the same when no other SOP exists."""
    root = _project(tmp_path)
    linked = root / "pdip" / "inovasi-pelayanan.yaml"  # links to the other two SOPs
    linked.write_text(
        linked.read_text("utf-8").replace(
            "keterkaitan:\n",
            "keterkaitan:\n  - sop: pelayanan-kerjasama\n  - sop: pemanfaatan-data-dan-dokumen\n",
            1,
        ),
        "utf-8",
    )
    repository = load_repository(root).repository
    assert repository is not None and len(repository.sops) == 3
    calendar = repository.pengaturan.kalender_kerja.calendar()
    for entry in repository.sops:
        alone = dataclasses.replace(repository, sops=(entry,))
        for rule in ALL_RULES:
            if rule.SCOPE != "sop":
                continue
            together = list(rule.check(SopContext(entry, repository, calendar)))
            by_itself = list(rule.check(SopContext(entry, alone, calendar)))
            assert together == by_itself, (rule.ID, entry.id)


def test_checking_one_sop_keeps_the_others_results_for_the_next_run(tmp_path: Path):
    root = _project(tmp_path)
    _check(root, cached=True)
    repository = load_repository(root).repository
    one = CheckCache.beside(root)
    run_checks(repository, only=lambda entry: entry.id == "inovasi-pelayanan", cache=one)
    assert (one.hits, one.misses) == (1, 0)
    report, cache = _check(root, cached=True)
    assert (cache.hits, cache.misses) == (3, 0)
    _same(report, _check(root, cached=False)[0])
