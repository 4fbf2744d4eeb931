"""The environment a measured `sop` process runs in: the one an installed tool has.

An installed tool runs from compiled modules: pip compiles a package when it
installs it, and Python writes `__pycache__` for an editable checkout the first
time it runs. This machine sets PYTHONDONTWRITEBYTECODE=1, so without care every
measured run would compile the tool's own sources again (~0.1 s of each `sop
check`, a cost no user pays twice). The benchmarks therefore compile the tree
they measure once and run it without that variable.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path


def tool_env(**extra: str) -> dict[str, str]:
    """This process's environment, minus PYTHONDONTWRITEBYTECODE, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def compile_tree(tree: Path) -> None:
    """Compile the `generator` package of `tree` (a checkout or an exported tree)."""
    compileall.compile_dir(tree / "generator", quiet=1)
