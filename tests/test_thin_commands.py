"""Commands are thin adapters: options, one library call, printing, an exit code.

Each module in generator/commands/ holds at most `LIMIT` lines of code and
never imports another command (the shared helpers of `common.py` excepted).
A line of code is a line holding anything but strings, brackets and commas:
docstrings, `help=` texts continued over lines, comments and blank lines are
documentation, not logic, so they do not count.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

COMMANDS = Path(__file__).resolve().parent.parent / "generator" / "commands"
LIMIT = 80
COMMON_LIMIT = 150  # the shared helpers: exit codes, options, loading, reporting
_NOT_CODE = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.STRING,
    tokenize.ENDMARKER,
}


def code_lines(source: str) -> int:
    """How many lines of `source` hold code (see the module docstring)."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in _NOT_CODE or (token.type == tokenize.OP and token.string in ",()"):
            continue
        lines.add(token.start[0])
    return len(lines)


def test_code_lines_count_code_only():
    source = '"""Doc.\n\nMore."""\n\n# note\nx = (\n    "help "\n    "text",\n)\ny = 1\n'
    assert code_lines(source) == 2


@pytest.mark.parametrize("path", sorted(COMMANDS.glob("*.py")), ids=lambda p: p.name)
def test_a_command_is_a_thin_adapter(path: Path):
    limit = COMMON_LIMIT if path.name == "common.py" else LIMIT
    count = code_lines(path.read_text("utf-8"))
    assert count <= limit, (
        f"{path.name}: {count} lines of code (at most {limit}); move the logic into the "
        "library (generator/project.py or the feature's module) and keep the command an "
        "adapter"
    )


@pytest.mark.parametrize("path", sorted(COMMANDS.glob("*.py")), ids=lambda p: p.name)
def test_a_command_never_imports_another_command(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
            if node.module == "generator.commands":
                imported += [f"generator.commands.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
    others = [
        name
        for name in imported
        if name.startswith("generator.commands.") and name != "generator.commands.common"
    ]
    assert not others, f"{path.name} imports {others}: commands share code through the library"
