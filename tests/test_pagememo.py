"""Each SOP's pages kept between runs: the same bytes as rendering afresh, damage recomputed."""

from __future__ import annotations

from pathlib import Path

from generator.check import run_checks
from generator.loader import load_repository
from generator.site import SiteOptions, generate_site
from generator.site.pagememo import PageMemo
from generator.store import Store

from .conftest import SOPS


def _site(memo: PageMemo | None, lang: str = "id") -> dict[str, str | bytes]:
    repository = load_repository(SOPS).repository
    assert repository is not None
    return generate_site(repository, run_checks(repository), {}, SiteOptions(lang=lang), memo=memo)


def test_kept_pages_are_the_pages_rendered_afresh(tmp_path: Path):
    fresh = _site(None)
    memo = PageMemo(Store(tmp_path / "store"))
    assert _site(memo) == fresh and memo.misses == 3 and memo.hits == 0
    again = PageMemo(Store(tmp_path / "store"))
    assert _site(again) == fresh and again.hits == 3 and again.misses == 0
    english = PageMemo(Store(tmp_path / "store"))
    assert _site(english, "en") == _site(None, "en") and english.hits == 0  # language in the key


def test_damaged_or_foreign_entries_are_rendered_again(tmp_path: Path):
    fresh = _site(None)
    _site(PageMemo(Store(tmp_path / "store")))
    entries = sorted(p for p in (tmp_path / "store" / "page").rglob("*") if p.is_file())
    assert len(entries) == 3
    entries[0].write_bytes(entries[0].read_bytes()[:-5])  # truncated
    data = bytearray(entries[1].read_bytes())
    data[10] ^= 0x20  # same size, one bit
    entries[1].write_bytes(bytes(data))
    entries[2].write_bytes(entries[0].read_bytes())  # another entry's bytes: swapped
    memo = PageMemo(Store(tmp_path / "store"))
    assert _site(memo) == fresh and memo.hits == 0 and memo.misses == 3
