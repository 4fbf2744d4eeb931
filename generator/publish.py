"""Putting a built site in place the way a web server expects it.

- Modes: MkDocs builds into a folder made by `tempfile.mkdtemp` (mode 0700);
  a web server running as another user would answer 403 everywhere. Before
  publishing, folders get 0777 and files 0666, both minus the umask (so 0755
  and 0644 with the usual umask 022).
- No instant without a complete site: the new folder and the old site are
  exchanged in one step where the OS can (Linux `renameat2(RENAME_EXCHANGE)`,
  macOS `renamex_np(RENAME_SWAP)`); elsewhere (Windows) the old site is
  renamed away and the new one renamed into place right after, and the old
  one is put back if that fails.
- Leftovers: staging and old folders of interrupted builds (`.site-new-*`,
  `.site-old-*` beside the site) are removed when the next build starts.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from generator.atomicfile import write_atomically

_NEW, _OLD = "-new-", "-old-"


def _prefix(site_dir: Path, kind: str) -> str:
    return f".{site_dir.name}{kind}"


def clean_leftovers(site_dir: Path) -> list[Path]:
    """Remove the staging and old folders that interrupted builds left beside `site_dir`."""
    removed = []
    if not site_dir.parent.is_dir():
        return removed
    prefixes = (_prefix(site_dir, _NEW), _prefix(site_dir, _OLD))
    for entry in sorted(site_dir.parent.iterdir()):
        if entry.name.startswith(prefixes) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def staging_folder(site_dir: Path) -> Path:
    """A fresh, empty folder beside `site_dir` to build into (leftovers cleaned first)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(site_dir)
    return Path(tempfile.mkdtemp(prefix=_prefix(site_dir, _NEW), dir=site_dir.parent))


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def set_public_modes(folder: Path) -> None:
    """Folders 0777 and files 0666 minus the umask, throughout `folder` (itself included).

    Only `folder` changes: a file with other hard links (a page reused from the live
    site is a link to the live site's file) keeps its inode's mode; when that mode is
    not the public one, the file in `folder` becomes a copy of its own first, so the
    live site is never touched before the swap."""
    mask = current_umask()
    folder_mode, file_mode = 0o777 & ~mask, 0o666 & ~mask
    os.chmod(folder, folder_mode)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, folder_mode)
        for name in files:
            path = os.path.join(parent, name)
            found = os.lstat(path)
            if not stat.S_ISREG(found.st_mode) or stat.S_IMODE(found.st_mode) == file_mode:
                continue
            if found.st_nlink > 1:  # a copy of its own: same bytes, a new inode
                write_atomically(Path(path), Path(path).read_bytes(), mode=file_mode)
            else:
                os.chmod(path, file_mode)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False when this OS or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # Windows: no C library by that name
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2
        result = libc.renameat2(
            at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange
        )
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rename_swap = 2
        result = libc.renamex_np(os.fsencode(first), os.fsencode(second), rename_swap)
    else:
        return False
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: fall back to two renames
        return False
    raise OSError(error, os.strerror(error), str(second))


def publish(built: Path, site_dir: Path) -> None:
    """Put `built` (a folder beside `site_dir`) in place of `site_dir`, public modes set."""
    set_public_modes(built)
    if site_dir.is_dir() and not site_dir.is_symlink() and _exchange(built, site_dir):
        shutil.rmtree(built, ignore_errors=True)  # `built` now holds the old site
        return
    old = None
    if site_dir.exists() or site_dir.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=_prefix(site_dir, _OLD), dir=site_dir.parent))
        old.rmdir()
        site_dir.rename(old)
    try:
        built.rename(site_dir)
    except OSError:
        if old is not None:
            old.rename(site_dir)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()
