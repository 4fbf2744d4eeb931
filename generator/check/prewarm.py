"""A fresh clone's first `sop check` on both cores: the store is filled in two halves.

On a fresh clone (no parse pack in the store) every file must be parsed,
validated and checked, which is work per SOP with nothing shared between SOPs:
a rule of scope "sop" sees one SOP and the registries only (a test holds every
rule to that). So, when there are many files and more than one core, the SOP
files are split in two: a worker process parses, validates and checks the
second half while this process does the first. Each half gives what the store
keeps between runs anyway: the parsed values of each file (`ParseCache`) and
each SOP's rule results and timing (`CheckCache`), under the same keys a
sequential run uses. Both packs are written, and the run then goes on exactly
as a run on a warm store does: it reads every result back, verified. The
output is therefore the output of an ordinary warm run, which the store's tests
already hold to be byte-identical to `--no-cache`; the packs add up in file
order, so the same input gives the same store.

Nothing here is needed for a correct result: any failure (no second process,
a worker that dies, a store that cannot be written) leaves the store as it
was, and the ordinary run computes everything itself.

Why not always: a worker costs CPU of its own (copying results between
processes, reading the packs back), so the whole run spends a little more CPU
for less wall time; below `PARALLEL_FROM` files, or on one core, it would only
cost. Between two processes data travels as JSON-like values only (the
multiprocessing pipe between this process and its own child), never through
the store or any file.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from generator.check import _sop_results
from generator.check.cache import CheckCache
from generator.filesnapshot import FileSnapshot
from generator.loader import load_repository, sop_files
from generator.parsecache import ParseCache
from generator.problems import display_path
from generator.store import Store

# Below this many SOP files a second process costs more than it saves.
PARALLEL_FROM = 200

# The files already read by this run (fork start: the worker inherits them).
_SNAPSHOT: FileSnapshot | None = None

# (parse entries, check entries): key -> stored value, in file order.
_Half = tuple[list[tuple[str, Any]], list[tuple[str, Any]]]


def prewarm(
    root: Path,
    snapshot: FileSnapshot | None = None,
    *,
    min_files: int = PARALLEL_FROM,
    workers: int | None = None,
) -> bool:
    """Fill a cold store's parse and check packs for the SOP folder `root` on two cores.

    Returns whether it did (False: the store is warm or disabled, too few
    files, one core, or a failure; the ordinary run then does the work).
    """
    cores = workers if workers is not None else (os.cpu_count() or 1)
    parse_pack = ParseCache.beside(root)
    store = parse_pack.store
    if cores < 2 or not store.enabled or store.exists(ParseCache.KIND, parse_pack.pack_key):
        return False
    files = sop_files(root)
    if len(files) < min_files:
        return False
    middle = len(files) // 2
    first = [display_path(path) for path in files[:middle]]
    second = [display_path(path) for path in files[middle:]]
    global _SNAPSHOT
    _SNAPSHOT = snapshot
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
            theirs = pool.submit(_warm_half, root, second)
            mine = _warm_half(root, first)
            other = theirs.result()
    except Exception:  # an optimisation only: the ordinary run computes it all
        return False
    finally:
        _SNAPSHOT = None
    check_pack = CheckCache.beside(root)
    for half in (mine, other):
        for key, value in half[0]:
            parse_pack.put_encoded(key, value)
        for key, value in half[1]:
            check_pack.put_encoded(key, value)
    parse_pack.save()
    check_pack.save()
    return True


def _context() -> Any:
    # fork (Linux) starts the worker at no cost and hands it the files already
    # read; elsewhere spawn imports the tool again (still worth it at this size).
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _warm_half(root: Path, shown: list[str]) -> _Half:
    """Parse, validate and check the SOP files `shown` (display paths): their pack entries.

    A file with any problem at all is left out: the ordinary run parses it
    again and reports every problem itself, from the parser's own messages.
    """
    was_enabled = gc.isenabled()
    gc.disable()  # the values built here live until the half is handed back
    try:
        result = load_repository(root, only=set(shown), snapshot=_SNAPSHOT)
        repository = result.repository
        if repository is None:
            return [], []
        troubled = {problem.position.path for problem in result.problems}
        parse_pack = ParseCache(Store(None))  # used for their encoding only
        check_pack = CheckCache(Store(None))
        settings = repository.pengaturan
        calendar = settings.kalender_kerja.calendar()
        office = settings.pemeriksaan.aturan
        parsed: list[tuple[str, Any]] = []
        checked: list[tuple[str, Any]] = []
        for entry in repository.sops:  # in id order: the same input, the same packs
            if entry.path in troubled or not entry.source.digest:
                continue
            parsed.append((entry.source.digest.hex(), parse_pack.encode_value(entry.source.data)))
            key = CheckCache.key(entry, repository)
            if key is not None:
                results = _sop_results(entry, repository, calendar, office)
                checked.append((key, check_pack.encode_value(results)))
        return parsed, checked
    finally:
        if was_enabled:
            gc.enable()
