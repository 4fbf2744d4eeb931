"""Start the chart engine early, while the book's other work runs.

The embedded Graphviz is a WebAssembly module: compiling it costs about a
second of CPU on a cold store (wasmtime compiles in its own threads, outside
Python's lock). A book needs it only when it draws its first chart, after
the SOPs are checked and the book is planned; compiling it in a thread from
the start hides that second behind that work. The module is kept in the
store as usual (`flowchart.engine`), so this happens once per store.
"""

from __future__ import annotations

import contextlib
import threading

from generator.flowchart.render import Engine, EngineError, render
from generator.store import Store


def start_chart_engine(store: Store | None) -> threading.Thread:
    """A started thread that makes this process's chart engine ready; join it before
    drawing (two threads starting the engine at once would compile it twice)."""

    def start() -> None:
        # A failure is reported by the first real drawing, with its hint.
        with contextlib.suppress(EngineError):
            render("digraph {}", Engine.EMBEDDED, module_store=store)

    thread = threading.Thread(target=start, name="chart-engine", daemon=True)
    thread.start()
    return thread
