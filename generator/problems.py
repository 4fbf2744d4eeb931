"""Problems found in SOP files: one type for loader errors and checker findings.

A problem always carries a position (file, line, column; 1-based) so an author
can jump to it. Its text is not stored: a problem keeps a message key and the
values to fill in, and is rendered in the reader's language on output.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from generator.escape import visible, visible_line
from generator.messages import translate


class Severity(StrEnum):
    """How serious a problem is. Errors stop a build; warnings and info do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file. `line` and `column` are 1-based."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One problem at one place: a message key, its arguments and a hint key."""

    position: Position
    code: str
    severity: Severity = Severity.ERROR
    args: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "id") -> str:
        """The problem's message in `lang`."""
        return translate(f"{self.code}.message", lang, **self._localised_args(lang))

    def hint(self, lang: str = "id") -> str:
        """How to fix the problem, in `lang` (empty when there is no hint)."""
        return translate(f"{self.code}.hint", lang, fallback="", **self._localised_args(lang))

    def _localised_args(self, lang: str) -> dict[str, Any]:
        # An argument named `<x>_keys` holds catalogue keys under `expect.` (optionally
        # `key:value`); it is rendered in `lang` and joined as argument `<x>`.
        # Invisible characters of author text are shown (escape.visible).
        args = {k: visible_line(v) if isinstance(v, str) else v for k, v in self.args.items()}
        for name, value in self.args.items():
            if name.endswith("_keys") and isinstance(value, tuple):
                words = []
                for item in value:
                    key, _, extra = str(item).partition(":")
                    words.append(translate(f"expect.{key}", lang, fallback=item, arg=extra))
                args[name.removesuffix("_keys")] = translate("label.or", lang).join(words)
        return args

    @property
    def rule(self) -> str:
        """The id shown to users: the check rule id, or the loader's code."""
        return self.code.removeprefix("check.")

    def render(self, lang: str = "id") -> str:
        """`path:line:column: severity RULE-ID message` plus an indented hint line."""
        severity = translate(f"severity.{self.severity.value}", lang)
        # A bidi control in a file name would reorder the line on the terminal.
        text = f"{visible(str(self.position))}: {severity} {self.rule} {self.message(lang)}"
        hint = self.hint(lang)
        if hint:
            text += f"\n    {translate('label.hint', lang)}: {hint}"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file, line, column and code."""
        p = self.position
        return (p.path, p.line, p.column, self.code)


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the working directory when it
    lies inside it, else absolute.

    Purely by the names (no symlink is followed), so a file and the folder it was
    found in are always shown alike, whatever links lie on the way.
    """
    absolute = os.path.abspath(path)
    here = os.getcwd()
    if absolute == here:
        return "."
    if absolute.startswith(here.rstrip(os.sep) + os.sep):
        return absolute[len(here.rstrip(os.sep)) + 1 :]
    return absolute


def report_text(problems: Sequence[Problem], lang: str) -> tuple[str, str]:
    """The problems (for stdout) and a one-line summary (for stderr), as text."""
    lines = "".join(f"{problem.render(lang)}\n" for problem in problems)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    files = len({p.position.path for p in problems})
    summary = translate("cli.summary", lang, errors=errors, warnings=warnings, files=files)
    return lines, summary + "\n"
