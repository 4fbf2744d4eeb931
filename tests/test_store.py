"""The one store: verified entries, no executable formats, bounded, never trusted.

A corrupted store (truncated, bit-flipped, swapped, replaced by a folder, from
another project or version) must give exactly the output of `--no-cache`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from generator import storecodec
from generator.duration import Duration
from generator.problems import Position, Problem, Severity
from generator.store import FOLDER_NAME, MAGIC, USAGE_FILE, Store

from .conftest import REPO, SOPS

# -- The store itself -----------------------------------------------------------------


def test_an_entry_reads_back_and_the_folder_ignores_itself_in_git(tmp_path: Path):
    store = Store(tmp_path / FOLDER_NAME)
    key = Store.key("satu")
    store.write("parse", key, b"isi")
    assert store.read("parse", key) == b"isi"
    assert (tmp_path / FOLDER_NAME / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (tmp_path / FOLDER_NAME / "CACHEDIR.TAG").is_file()
    assert (store.hits, store.misses) == (1, 0)


def test_keys_always_include_the_code_and_every_part():
    assert Store.key("a", "b") == Store.key("a", "b")
    assert Store.key("a", "b") != Store.key("ab")  # parts are length-prefixed
    assert Store.key("a") != Store.key("a", "")
    assert re.fullmatch(r"[0-9a-f]{64}", Store.key())


def _only_entry(folder: Path) -> Path:
    (entry,) = (p for p in folder.rglob("*") if p.is_file() and p.parent.parent != folder.parent)
    return entry


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-1])


def _flip_a_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x20  # same size, one bit
    path.write_bytes(bytes(data))


def _make_empty(path: Path) -> None:
    path.write_bytes(b"")


def _replace_by_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "x").write_text("x")


def _no_header(path: Path) -> None:
    path.write_bytes(path.read_bytes().split(b"\n", 2)[2])


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "bit-flip": _flip_a_bit,
    "empty": _make_empty,
    "folder": _replace_by_folder,
    "no-header": _no_header,
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_damaged_entry_is_a_miss(tmp_path: Path, corrupt: Callable[[Path], None]):
    store = Store(tmp_path / FOLDER_NAME)
    key = Store.key("x")
    store.write("flowchart", key, b"<svg>ok</svg>")
    corrupt(_only_entry(tmp_path / FOLDER_NAME / "flowchart"))
    assert store.read("flowchart", key) is None
    store.write("flowchart", key, b"<svg>ok</svg>")  # never raises, even over a folder


def test_an_entry_moved_to_another_key_or_kind_is_refused(tmp_path: Path):
    store = Store(tmp_path / FOLDER_NAME)
    first, second = Store.key("1"), Store.key("2")
    store.write("check", first, b"first")
    source = tmp_path / FOLDER_NAME / "check" / first[:2] / first
    swapped = tmp_path / FOLDER_NAME / "check" / second[:2] / second
    swapped.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, swapped)
    assert store.read("check", second) is None
    other_kind = tmp_path / FOLDER_NAME / "parse" / first[:2] / first
    other_kind.parent.mkdir(parents=True)
    shutil.copy(source, other_kind)
    assert store.read("parse", first) is None
    assert store.read("check", first) == b"first"


def test_an_entry_written_by_another_version_is_never_found(tmp_path: Path):
    """Keys include the code fingerprint: an entry of another version sits at another key."""
    folder = tmp_path / FOLDER_NAME
    store = Store(folder)
    foreign_key = hashlib.sha256(b"another version").hexdigest()
    store.write("run", foreign_key, b"{}")
    assert store.read("run", Store.key("run")) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_or_symlink_in_place_of_an_entry_is_never_opened(tmp_path: Path):
    store = Store(tmp_path / FOLDER_NAME)
    key, other = Store.key("fifo"), Store.key("link")
    store.write("run", other, b"{}")
    fifo = tmp_path / FOLDER_NAME / "run" / key[:2] / key
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo)
    assert store.read("run", key) is None  # would block for ever if opened
    secret = tmp_path / "secret"
    secret.write_bytes((tmp_path / FOLDER_NAME / "run" / other[:2] / other).read_bytes())
    link = tmp_path / FOLDER_NAME / "run" / other[:2] / other
    link.unlink()
    link.symlink_to(secret)
    assert store.read("run", other) is None


def test_a_disabled_store_keeps_nothing(tmp_path: Path):
    store = Store.beside(tmp_path / "sops", enabled=False)
    store.write("run", Store.key(), b"x")
    assert store.read("run", Store.key()) is None
    assert not (tmp_path / FOLDER_NAME).exists()


def test_an_unwritable_store_is_skipped(tmp_path: Path):
    (tmp_path / FOLDER_NAME).write_text("a file where the folder should be")
    store = Store(tmp_path / FOLDER_NAME)
    store.write("run", Store.key(), b"x")  # no exception
    assert store.read("run", Store.key()) is None


def test_prune_removes_the_least_recently_used_entries(tmp_path: Path):
    store = Store(tmp_path / FOLDER_NAME, max_bytes=3 * (len(MAGIC) + 200 + 100))
    keys = [Store.key(str(n)) for n in range(6)]
    for age, key in enumerate(keys):
        store.write("flowchart", key, b"x" * 100)
        path = tmp_path / FOLDER_NAME / "flowchart" / key[:2] / key
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    os.utime(tmp_path / FOLDER_NAME / "flowchart" / keys[0][:2] / keys[0])  # used just now
    removed = store.prune()
    assert removed == 3
    kept = [key for key in keys if store.read("flowchart", key) is not None]
    assert kept == [keys[0], keys[4], keys[5]]


# -- The codec: JSON only, our own types only -----------------------------------------


def test_the_codec_round_trips_the_values_the_tool_keeps():
    value = {
        "problem": Problem(Position("a.yaml", 3, 4), "check.x", Severity.WARNING, {"n": (1, 2)}),
        "fraction": Fraction(7, 3),
        (1, "a"): frozenset({"x", "y"}),
        "bytes": b"\x00\xff",
        "\0tricky": [None, True, 1.5, "t"],
        "durations": (Duration(60, 120, at_most=True), Duration(0, 0), None),
    }
    assert storecodec.loads(storecodec.dumps(value)) == value


@pytest.mark.parametrize(
    "payload",
    [
        {"\0o": ["os", "system", {}]},
        {"\0o": ["subprocess", "Popen", {"args": "true"}]},
        {"\0o": ["generator.problems", "display_path", {}]},
        {"\0o": ["generator.notloaded", "X", {}]},
        {"\0o": ["generator.problems", "_Private", {}]},
        {"\0o": ["generator.problems", "Position", {"path": "a", "evil": 1}]},
        {"\0e": ["builtins", "bool", 1]},
        {"\0u": [60, "120", False, False]},
        {"\0u": [60, 120, 0, False]},
        {"\0u": [60, 120, False]},
        {"\0?": 1},
    ],
)
def test_the_codec_refuses_anything_but_our_own_types(payload):
    with pytest.raises(storecodec.CodecError):
        storecodec.loads(json.dumps(payload).encode())


# The one module that loads marshal: compiled templates, from a signed store of the user's
# cache folder, never from the project folder (as the compiled engine: see store.py).
USER_FOLDER_MARSHAL = "generator/templatecache.py"


def test_no_code_loads_pickle_or_marshal():
    pattern = re.compile(r"^\s*(import|from)\s+(pickle|marshal|shelve|dill)\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(REPO).as_posix())
        for path in (REPO / "generator").rglob("*.py")
        if pattern.search(path.read_text("utf-8"))
    ]
    assert offenders == [USER_FOLDER_MARSHAL]
    source = (REPO / USER_FOLDER_MARSHAL).read_text("utf-8")
    assert not re.search(r"^\s*(import|from)\s+(pickle|shelve|dill)\b", source, re.MULTILINE)
    assert "usersecret.user_folder() / FOLDER" in source and "FOLDER_NAME" not in source


# -- Whole commands: a corrupted store gives the output of --no-cache -----------------


def _sop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator.cli", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


def _project(tmp_path: Path) -> Path:
    shutil.copytree(SOPS, tmp_path / "sops")
    return tmp_path


def _corrupt_every_entry(project: Path, corrupt: Callable[[Path], None]) -> int:
    entries = [
        path
        for path in (project / FOLDER_NAME).rglob("*")
        if path.is_file() and path.parent.parent.parent == project / FOLDER_NAME
    ]
    for path in entries:
        corrupt(path)
    return len(entries)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
@pytest.mark.slow
def test_check_with_a_corrupted_store_prints_what_no_cache_prints(
    tmp_path: Path, corrupt: Callable[[Path], None]
):
    project = _project(tmp_path)
    fresh = _sop("check", "--format", "json", "--no-cache", cwd=project)
    _sop("check", "--format", "json", cwd=project)
    assert _corrupt_every_entry(project, corrupt) >= 3  # parse, check, run
    again = _sop("check", "--format", "json", cwd=project)
    assert (again.stdout, again.returncode) == (fresh.stdout, fresh.returncode)
    # and the store healed: a third run reads it back and still agrees
    third = _sop("check", "--format", "json", cwd=project)
    assert third.stdout == fresh.stdout


@pytest.mark.slow
def test_entries_from_another_project_are_not_trusted(tmp_path: Path):
    """A clone may bring a whole store: copied into a project whose SOPs differ, nothing
    of it may show up in the output."""
    first = _project(tmp_path / "a")
    _sop("check", "--format", "json", cwd=first)
    second = _project(tmp_path / "b")
    target = second / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    target.write_text(target.read_text("utf-8").replace("Inovasi Pelayanan", "Inovasi Baru"))
    shutil.copytree(first / FOLDER_NAME, second / FOLDER_NAME)
    fresh = _sop("check", "--format", "json", "--no-cache", cwd=second)
    cached = _sop("check", "--format", "json", cwd=second)
    assert cached.stdout == fresh.stdout
    assert "Inovasi Baru" in cached.stdout


@pytest.mark.slow
@pytest.mark.parametrize("corrupt", [_truncate, _flip_a_bit, _replace_by_folder])
def test_generate_with_a_corrupted_store_writes_what_no_cache_writes(
    tmp_path: Path, corrupt: Callable[[Path], None]
):
    project = _project(tmp_path)
    assert _sop("generate", "--out", "fresh", "--no-cache", cwd=project).returncode == 0
    assert _sop("generate", "--out", "first", cwd=project).returncode == 0
    assert _corrupt_every_entry(project, corrupt) >= 4  # ... and the flowcharts
    again = _sop("generate", "--out", "again", cwd=project)
    assert again.returncode == 0, again.stderr
    assert _tree(project / "again") == _tree(project / "fresh")


@pytest.mark.slow
def test_a_damaged_or_empty_book_entry_is_rendered_again(tmp_path: Path):
    project = _project(tmp_path)
    fresh = _sop("handbook", "-o", "fresh.pdf", "--no-cache", cwd=project)
    if fresh.returncode != 0:
        pytest.skip(f"handbook engine unavailable here: {fresh.stderr[-200:]}")
    assert _sop("handbook", "-o", "first.pdf", cwd=project).returncode == 0
    books = [p for p in (project / FOLDER_NAME / "book").rglob("*") if p.is_file()]
    assert len(books) == 1
    _make_empty(books[0])
    again = _sop("handbook", "-o", "again.pdf", cwd=project)
    assert again.returncode == 0, again.stderr
    assert (project / "again.pdf").read_bytes() == (project / "fresh.pdf").read_bytes()
    assert (project / "again.pdf").stat().st_size > 1000


def test_prune_lists_the_folder_only_when_the_noted_total_passes_the_bound(tmp_path: Path):
    entry = len(MAGIC) + 200 + 100  # about one entry of 100 bytes, header included
    store = Store(tmp_path / FOLDER_NAME, max_bytes=4 * entry)
    keys = [Store.key(str(n)) for n in range(8)]
    store.write("flowchart", keys[0], b"x" * 100)
    assert store.prune() == 0  # listed: one entry, noted
    noted = int((tmp_path / FOLDER_NAME / USAGE_FILE).read_text())
    assert 0 < noted <= entry
    for key in keys[1:3]:
        store.write("flowchart", key, b"x" * 100)
    assert store.prune() == 0  # noted + written is under the bound: no listing
    assert int((tmp_path / FOLDER_NAME / USAGE_FILE).read_text()) > noted
    for age, key in enumerate(keys[3:]):
        store.write("flowchart", key, b"x" * 100)
        path = tmp_path / FOLDER_NAME / "flowchart" / key[:2] / key
        os.utime(path, (2_000_000 + age, 2_000_000 + age))
    for key in keys[:3]:  # the oldest
        path = tmp_path / FOLDER_NAME / "flowchart" / key[:2] / key
        os.utime(path, (1_000_000, 1_000_000))
    assert store.prune() == 4  # past the bound: listed, the least recently used removed
    assert [k for k in keys if store.read("flowchart", k) is not None] == keys[4:]


@pytest.mark.parametrize("note", ["0", "-5", "garbage", "9" * 40])
def test_a_forged_usage_note_never_keeps_the_store_over_its_bound(tmp_path: Path, note: str):
    entry = len(MAGIC) + 200 + 100
    folder = tmp_path / FOLDER_NAME
    keys = [Store.key(str(n)) for n in range(6)]
    for run, key in enumerate(keys):  # one write per run, each run trusting the note
        store = Store(folder, max_bytes=3 * entry)
        store.write("flowchart", key, b"x" * 100)
        if run == 0:
            (folder / USAGE_FILE).write_text(note)
        store.prune()
    kept = [k for k in keys if Store(folder).read("flowchart", k) is not None]
    assert len(kept) <= 3


def _site_pages(project: Path) -> list[str]:
    """The Markdown pages the site gets from `project` (what `sop build` adds, each
    SOP's pages read from and kept in the store), made in this process."""
    from generator.project import Project
    from generator.site import SiteOptions
    from generator.site.source import publication, site_files

    found = Project.find(sops_dir=project / "sops")
    published = publication(found.load_and_check(), found.root)
    assert published is not None
    files = site_files(published, found.root, SiteOptions())
    return [text for path, text in files.items() if path.endswith(".md") and isinstance(text, str)]


@pytest.mark.slow
def test_entries_a_clone_ships_are_not_trusted(tmp_path: Path, as_user):
    """A clone or an archive can bring a `.sop-cache/` of well-formed entries of its
    own making; a page entry with a script in it must not reach the site. Entries
    are signed with the user's secret (kept outside the project), so another
    author's entries read as missing and the pages are rendered from the SOPs.
    (The site's pages are the store's page entries' reader: `sop generate` keeps
    its pages only in its output folder.)"""
    project = tmp_path / "proyek"
    shutil.copytree(SOPS, project / "sops")

    as_user("author-of-the-clone")  # this process and the command it starts
    assert _site_pages(project)
    store = Store(project / FOLDER_NAME)
    forged = 0
    for entry in (project / FOLDER_NAME / "page").glob("*/*"):
        texts = store.read_texts("page", entry.name)
        assert texts is not None
        # (path, page) pairs: every page gets a script, the paths stay
        texts = [t + "<script>alert(1)</script>" if i % 2 else t for i, t in enumerate(texts)]
        store.write_texts("page", entry.name, texts)
        forged += 1
    assert forged
    # The author's own next build takes the forged entries (they are signed with
    # its secret): the test can see them.
    assert any("<script>alert(1)</script>" in page for page in _site_pages(project))
    as_user("me")
    pages = _site_pages(project)
    assert pages and not any("<script>alert(1)</script>" in page for page in pages)
    fresh = _sop("generate", "--out", "fresh", cwd=project)
    assert fresh.returncode == 0, fresh.stderr
    pages = [p.read_text("utf-8") for p in (project / "fresh").rglob("*.md")]
    assert pages and not any("<script>alert(1)</script>" in page for page in pages)
