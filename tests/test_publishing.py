"""Publishing a site: public modes, one-step exchange, leftovers of interrupted builds."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import publish as publishing
from generator.publish import clean_leftovers, publish, staging_folder

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def _built(site: Path, text: str) -> Path:
    staging = staging_folder(site)
    (staging / "sop").mkdir()
    (staging / "index.html").write_text(text)
    (staging / "sop" / "page.html").write_text(text)
    os.chmod(staging / "sop" / "page.html", 0o600)
    return staging


def _modes(folder: Path) -> set[tuple[str, int]]:
    return {
        ("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode))
        for p in [folder, *folder.rglob("*")]
    }


@posix_only
@pytest.mark.parametrize(
    ("umask", "folders", "files"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)]
)
def test_modes_are_public_minus_the_umask(tmp_path: Path, umask: int, folders: int, files: int):
    site = tmp_path / "site"
    old = os.umask(umask)
    try:
        publish(_built(site, "satu"), site)
    finally:
        os.umask(old)
    assert _modes(site) == {("dir", folders), ("file", files)}


def test_the_site_is_replaced_and_nothing_is_left_beside_it(tmp_path: Path):
    site = tmp_path / "site"
    publish(_built(site, "satu"), site)
    publish(_built(site, "dua"), site)
    assert (site / "index.html").read_text() == "dua"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_interrupted_builds_are_removed_at_the_next_build(tmp_path: Path):
    site = tmp_path / "site"
    for name in (".site-new-abc", ".site-old-def", ".site-new-xyz"):
        (tmp_path / name / "assets").mkdir(parents=True)
    (tmp_path / ".site-notes").mkdir()  # not ours: kept
    staging = staging_folder(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".site-notes", staging.name])
    assert clean_leftovers(site) == [staging]


_READER = """
import os, sys
path, stop, misses = sys.argv[1], sys.argv[2], 0
while not os.path.exists(stop):
    if not os.path.exists(path):
        misses += 1
print(misses)
"""


def _misses_while_publishing(site: Path, rounds: int) -> int:
    """Publish `rounds` times while another process keeps reading site/index.html;
    how often it found no site."""
    stop = site.parent / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(site / "index.html"), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.3)  # the reader is running
    try:
        for n in range(rounds):
            publish(_built(site, str(n)), site)
    finally:
        stop.touch()
    return int(reader.communicate(timeout=30)[0])


@pytest.mark.skipif(not sys.platform.startswith(("linux", "darwin")), reason="no exchange")
@pytest.mark.slow
def test_there_is_no_instant_without_a_site(tmp_path: Path):
    site = tmp_path / "site"
    publish(_built(site, "awal"), site)
    # (the two renames of the fallback miss hundreds of times in 300 rounds here)
    assert _misses_while_publishing(site, 300) == 0


def test_without_an_exchange_the_two_renames_still_publish(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(publishing, "_exchange", lambda first, second: False)
    site = tmp_path / "site"
    publish(_built(site, "satu"), site)
    publish(_built(site, "dua"), site)
    assert (site / "index.html").read_text() == "dua"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
