"""A cold `sop generate`'s output folders and files, made ahead while the SOPs load.

Into an empty folder a cold run creates ~1,000 folders and ~4,000 files. On
this kind of machine (ext4) the kernel spends 0.1-0.3 ms of CPU on each new
folder or file (allocating its inode: more right after many files were
deleted), 0.7-1.4 s for 1,000 SOPs, paid by the page workers. Yet the paths are known
from the SOP files' names before anything is read (`sop/<id>/index.md`, ...),
and while the SOPs load and are checked, one core works and the other idles.
So a forked child makes the folders and the empty files there meanwhile, at
the lowest priority (it takes only a core that would idle, never the parent's
time); the workers then write into files that exist already (the same bytes).

The child only creates folders and empty files under `out`, in a folder that
was empty; the parent stops it (`Ahead.stop`) before its own workers start,
and removes at the end whatever empty file the run did not write (an SOP file
that did not load under its name, a chart of several pages) and the folders
left empty (`Ahead.tidy`). Where processes are not forked (Windows, macOS) or
a thread is running, nothing is made ahead: the workers create every file, as
before.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Collection
from pathlib import Path

from generator.loader import sop_files
from generator.model.common import IDENTIFIER_RE


def planned_paths(root: Path) -> list[str]:
    """The files a cold run writes for each SOP file under `root` that loads under its
    name (its three pages and its one-page chart), in the order of the SOPs."""
    # The site's views (~30 ms of imports) only where a cold run makes them anyway.
    from generator.site.views import checklist_page, evaluation_page, flowchart_file, sop_page

    paths = []
    for path in sop_files(root):
        sop_id = path.stem
        if IDENTIFIER_RE.fullmatch(sop_id):
            paths += [
                sop_page(sop_id),
                checklist_page(sop_id),
                evaluation_page(sop_id),
                flowchart_file(sop_id, 1, 1),
            ]
    return paths


class Ahead:
    """The child making `paths` (relative to `out`) as empty files, and what it made."""

    def __init__(self, out: Path, paths: list[str], existed: bool, pid: int):
        self.out = out
        self.paths = paths
        self.existed = existed  # whether `out` was there before the child
        self.pid = pid
        self.written: Collection[str] = ()  # the files the run wrote (told by the caller)

    def stop(self) -> None:
        """End the child (what it made so far stays) and collect it; idempotent."""
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0

    def tidy(self, written: Collection[str]) -> None:
        """Remove each empty file the child made that the run did not write (not in
        `written`), and the folders that leaves empty (`out` too, if the child made it)."""
        self.stop()
        folders: set[Path] = set()
        for path in self.paths:
            if path in written:
                continue
            target = self.out / path
            with contextlib.suppress(OSError):
                if target.is_file() and not target.is_symlink() and target.stat().st_size == 0:
                    target.unlink()
                    folders.add(target.parent)
        for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
            _remove_empty(folder, self.out)
        if not self.existed:
            with contextlib.suppress(OSError):
                self.out.rmdir()  # only when empty


def start(out: Path, root: Path) -> Ahead | None:
    """A forked child making the cold run's files in the empty folder `out` (see the
    module doc), or None where that is not done (no fork, a thread running)."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return None
    if threading.active_count() > 1:  # a fork copies the locks other threads hold
        return None
    paths = planned_paths(root)
    if not paths:
        return None
    existed = out.is_dir()
    pid = os.fork()
    if pid == 0:  # the child: system calls only, then leave without any cleanup
        code = 0
        try:
            os.nice(19)  # only a core no one else wants: never slows the parent's check
            _make(out, paths)
        except BaseException:
            code = 1
        os._exit(code)
    return Ahead(out, paths, existed, pid)


def _make(out: Path, paths: list[str]) -> None:
    """Create each of `paths` under `out` as an empty file (an existing one is left
    as it is), its folder first."""
    made: set[str] = set()
    base = os.fspath(out)
    for path in paths:
        folder, _, _ = path.rpartition("/")
        if folder not in made:
            os.makedirs(os.path.join(base, folder), exist_ok=True)
            made.add(folder)
        # No O_TRUNC: a file a worker wrote first keeps its bytes.
        os.close(os.open(os.path.join(base, path), os.O_WRONLY | os.O_CREAT, 0o666))


def _remove_empty(folder: Path, out: Path) -> None:
    """Remove `folder` and its parents below `out` while they are empty."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
