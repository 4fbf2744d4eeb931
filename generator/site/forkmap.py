"""Run one pure function over many jobs on every core, in forked worker processes.

A cold `sop generate` renders about 3,000 pages (~8 ms each); on one core the
other sits idle. Forked workers inherit the loaded SOPs, the compiled
templates and the jobs themselves, so each job crosses to a worker as its
index and only the result (text) comes back. Where processes are not forked
(Windows, macOS' default `spawn`), or there are few jobs, the jobs run here,
one after another: the same results, in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

# Below this many jobs per worker, starting the processes costs more than it saves.
PARALLEL_FROM = 32

# The work of the current `fork_map` call, read by the forked workers (set before the fork).
_WORK: tuple[Callable[..., Any], Sequence[tuple[Any, ...]]] | None = None


def _run(index: int) -> Any:
    assert _WORK is not None
    function, jobs = _WORK
    return function(*jobs[index])


def fork_map(
    function: Callable[..., Any], jobs: Sequence[tuple[Any, ...]], workers: int | None = None
) -> list[Any]:
    """`[function(*job) for job in jobs]`, computed by forked workers when that pays."""
    global _WORK
    workers = workers or os.cpu_count() or 1
    forking = multiprocessing.get_start_method(allow_none=False) == "fork"
    if workers < 2 or not forking or len(jobs) < PARALLEL_FROM * workers:
        return [function(*job) for job in jobs]
    _WORK = (function, jobs)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(jobs) // (workers * 8))
            return list(pool.map(_run, range(len(jobs)), chunksize=chunk))
    finally:
        _WORK = None
