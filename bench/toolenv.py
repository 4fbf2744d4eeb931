"""The environment a measured `sop` process runs in: the one an installed tool has.

An installed tool runs from compiled modules: pip compiles a package when it
installs it, and Python writes `__pycache__` for an editable checkout the first
time it runs. This machine sets PYTHONDONTWRITEBYTECODE=1, so without care every
measured run would compile the tool's own sources again (~0.1 s of each `sop
check`, a cost no user pays twice). The benchmarks therefore compile the tree
they measure once and run it without that variable.

The measured runs get a user cache folder of their own (`SOP_USER_CACHE`,
`USER_CACHE`), which holds what a user's machine keeps for every project
(the store's secret, the compiled Graphviz engine): "cold" in a benchmark is
a fresh clone on a machine where the tool has run before, and
`forget_compiled_engine` makes the first run on a new machine.
"""

from __future__ import annotations

import compileall
import os
import shutil
import tempfile
from pathlib import Path

USER_CACHE = Path(tempfile.gettempdir()) / "sop-bench-user-cache"


def tool_env(**extra: str) -> dict[str, str]:
    """This process's environment, minus PYTHONDONTWRITEBYTECODE, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOP_USER_CACHE"] = str(USER_CACHE)
    env.update(extra)
    return env


def compile_tree(tree: Path) -> None:
    """Compile the `generator` package of `tree` (a checkout or an exported tree)."""
    compileall.compile_dir(tree / "generator", quiet=1)


def forget_compiled_engine() -> None:
    """Delete the compiled engine and templates the measured runs keep (as on a machine
    new to the tool)."""
    for folder in ("compiled", "templates"):
        shutil.rmtree(USER_CACHE / folder, ignore_errors=True)
