"""Links between docs paths are the ones `posixpath.relpath` gives, without the OS."""

from __future__ import annotations

import itertools
import os
import posixpath

from generator.site.views import relative_path

PATHS = [
    ".",
    "index.md",
    "sop",
    "sop/",
    "sop/a",
    "sop/a/",
    "sop/a/index.md",
    "sop/a/b/c.svg",
    "sop/ab/index.md",
    "jabatan/kasi.md",
    "jabatan",
    "assets/sop/sop.css",
    "./sop/a/index.md",
    "sop//a/./index.md",
    "sop/a/../b/index.md",
    "../outside.md",
    "/absolute/x.md",
]


def test_every_pair_of_paths_links_as_relpath_does(tmp_path):
    """In a working folder where `..` from the docs folder is a real folder (as in use)."""
    here = os.getcwd()
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    os.chdir(deep)
    try:
        for path, start in itertools.product(PATHS, PATHS):
            if start.startswith("/") != path.startswith("/"):
                continue  # relpath mixes in the working folder: not a docs link
            relative_path.cache_clear()
            assert relative_path(path, start) == posixpath.relpath(path, start), (path, start)
    finally:
        os.chdir(here)


def test_a_link_is_made_without_asking_the_os_for_the_working_folder(monkeypatch):
    def no_cwd() -> str:
        raise AssertionError("asked for the working folder")

    relative_path.cache_clear()
    monkeypatch.setattr(os, "getcwd", no_cwd)
    assert relative_path("sop/b/index.md", "sop/a") == "../b/index.md"
    assert relative_path("assets/sop/sop.css", "jabatan") == "../assets/sop/sop.css"
    assert relative_path("sop/a", "sop/a") == "."
