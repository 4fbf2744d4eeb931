"""Run one pure function over many jobs on every core, in forked worker processes.

A cold `sop generate` renders about 3,000 pages (~8 ms each); on one core the
other sits idle. Forked workers inherit the loaded SOPs, the compiled
templates and the jobs themselves, so each job crosses to a worker as its
index and only the result (text) comes back. Where processes are not forked
(Windows, macOS), when there are few jobs, or when threads other than our
own are running (`mkdocs serve`: a fork copies the locks other threads hold),
the jobs run here, one after another: the same results, in the same order.
When the workers cannot start or one dies (no /dev/shm, out of memory), or a
job's error cannot cross back, the jobs run here again, so the run still
ends with the right pages or with the job's own error.

Each worker first freezes what it inherited (`gc.freeze`): its collections
then walk only what its own jobs make, never the parent's objects (nor write
their headers, which would copy those pages of memory). It also collects
less often (`WORKER_GC_THRESHOLD`): a job (one SOP's chart and pages) makes
~10,000 container objects that reference counting frees when the job ends,
and the default threshold (700) walked them ~2 times a job, 0.6-1 ms of its
~15 ms. Cyclic garbage, if a job made any, is still collected, just later.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

# Below this many jobs per worker, starting the processes costs more than it saves.
PARALLEL_FROM = 32
CHUNK_MAX = 8  # jobs handed to a worker at once, at most
MAX_WORKERS = 8  # each is a copy of a process holding every SOP: a bound on memory
# A worker's first-generation collection threshold (Python's default: 700), see above.
WORKER_GC_THRESHOLD = 20_000

# The work of the current `fork_map` call, read by the forked workers (set before the fork).
_WORK: tuple[Callable[..., Any], Sequence[tuple[Any, ...]]] | None = None


def _run(index: int) -> Any:
    assert _WORK is not None
    function, jobs = _WORK
    return function(*jobs[index])


def _start_worker() -> None:
    """A forked worker's garbage collection: what it inherited frozen, and its first
    generation collected only every `WORKER_GC_THRESHOLD` objects (see the module doc)."""
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(WORKER_GC_THRESHOLD, middle, oldest)


def fork_map(
    function: Callable[..., Any],
    jobs: Sequence[tuple[Any, ...]],
    workers: int | None = None,
    *,
    parallel_from: int = PARALLEL_FROM,
    meanwhile: Callable[[], None] | None = None,
) -> list[Any]:
    """`[function(*job) for job in jobs]`, computed by forked workers when that pays
    (from `parallel_from` jobs per worker: fewer for fewer but longer jobs).

    `meanwhile`, when given, is called once in this process: while the workers run
    the jobs (this process would otherwise only wait for them), or after the jobs
    when they run here. It must not fork nor need the jobs' results."""
    global _WORK
    workers = min(workers or _usable_cpus(), MAX_WORKERS)
    pending = [meanwhile] if meanwhile is not None else []

    def here() -> list[Any]:
        results = [function(*job) for job in jobs]
        while pending:
            pending.pop()()
        return results

    if not forks(len(jobs), workers, parallel_from):
        return here()
    _WORK = (function, jobs)
    failed: list[BaseException] = []  # raised by `meanwhile` (not the workers' failure)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
        ) as pool:
            # Small chunks: the workers finish together (a chunk of 60 SOPs' pages or
            # charts left to one worker at the end kept the other core idle ~0.5 s).
            chunk = max(1, min(CHUNK_MAX, len(jobs) // (workers * 8)))
            results = pool.map(_run, range(len(jobs)), chunksize=chunk)  # all submitted
            try:
                while pending:
                    pending.pop()()
            except BaseException as error:
                failed.append(error)
            else:
                return list(results)
    except (BrokenProcessPool, OSError, NotImplementedError):
        pass  # the workers could not start or one died: do the work here
    finally:
        _WORK = None
    if failed:
        raise failed[0]
    return here()


def forks(count: int, workers: int | None = None, parallel_from: int = PARALLEL_FROM) -> bool:
    """Whether `fork_map` runs `count` jobs in forked workers (else here, in order)."""
    workers = min(workers or _usable_cpus(), MAX_WORKERS)
    return workers >= 2 and count >= parallel_from * workers and _may_fork()


def _usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _may_fork() -> bool:
    """Forking is safe and available: Linux, and no threads but ours running."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    # The render budget's watchdog is ours and holds no lock a forked child needs
    # (the engine module is loaded already wherever pages are rendered).
    from generator.flowchart.engine import WATCHDOG_THREAD

    others = [t for t in threading.enumerate() if t is not threading.main_thread()]
    return all(t.name == WATCHDOG_THREAD for t in others)
