"""Whether a command can write where the user told it to, asked before any work.

`sop generate -o X`, `sop handbook -o X.pdf`, `sop flowchart -o X`, `sop export
--docx X`, `sop import --out X`, `sop build -d X`: a place that cannot be written
(a parent that is a regular file, a folder without write permission or that
cannot be listed, a folder where a file is wanted) was found only when the first
file was written, as a system fault in words that did not fit ("vanished while
the command ran") or as Click's English message. `check_output` tells before any
work, so nothing is half-written, and names the path and what to do.

A place that passes can still fail later (disk full, a folder removed meanwhile):
that stays a system fault (`faults.py`). `os.access` is the portable question
(Windows answers it from the read-only attribute); run as root on POSIX it says
yes to everything but a read-only file system, as the write itself would.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from generator.messages import translate

# "replaced": a folder built beside itself and swapped in whole (`sop build -d`), so
# its parent must take a new folder and the folder itself is never written into.
Kind = Literal["file", "folder", "replaced"]


class OutputPlaceError(Exception):
    """A place a command cannot write, and why (an `outplace.<code>` message)."""

    def __init__(self, code: str, path: Path | str, target: Path | str) -> None:
        super().__init__(f"{code}: {path}")
        self.code = code
        self.path = str(path)  # what is in the way: the target or one of its parents
        self.target = str(target)

    def message(self, lang: str = "id") -> str:
        """The reason in `lang`."""
        return translate(f"outplace.{self.code}.message", lang, path=self.path, target=self.target)

    def hint(self, lang: str = "id") -> str:
        """What to do, in `lang`."""
        return translate(f"outplace.{self.code}.hint", lang, path=self.path, target=self.target)

    def report(self, lang: str = "id") -> str:
        """The two lines a command prints: the reason, then what to do."""
        hint = translate("label.hint", lang)
        return f"sop: {self.message(lang)}\n    {hint}: {self.hint(lang)}"


def check_output(target: Path, kind: Kind) -> None:
    """Raises `OutputPlaceError` unless `target` can be written as a `kind` (a file
    replaced or created, a folder created or filled, or a folder `replaced` whole)."""
    folder = _is_folder(target)
    if folder and kind != "replaced":  # a replaced folder's own modes do not matter
        if kind == "file":
            raise OutputPlaceError("is_folder", target, target)
        if not os.access(target, os.R_OK | os.X_OK):
            raise OutputPlaceError("not_listable", target, target)
        if not os.access(target, os.W_OK | os.X_OK):
            raise OutputPlaceError("not_writable", target, target)
        return
    if not folder and os.path.lexists(target) and kind != "file":
        raise OutputPlaceError("not_a_folder", target, target)
    parent = _nearest_existing(target.parent)
    if not parent.is_dir():
        raise OutputPlaceError("parent_is_file", parent, target)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputPlaceError("not_writable", parent, target)


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a parent that may not be searched: the parent check says so
        return False


def _nearest_existing(folder: Path) -> Path:
    """`folder` or its nearest ancestor that exists (as anything: a file is reported)."""
    current = folder if str(folder) else Path(".")
    while not os.path.lexists(current) and current.parent != current:
        current = current.parent
    return current
