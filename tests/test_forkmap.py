"""Jobs run on every core give the results, in the order, of running them here."""

from __future__ import annotations

import gc
import multiprocessing
import os

import pytest

from generator.site import forkmap
from generator.site.forkmap import fork_map


def _job(number: int, word: str) -> tuple[int, str, int]:
    return number, word * 2, os.getpid()


def test_forked_workers_give_the_same_results_in_order():
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("processes are not forked here: the jobs run in this process")
    jobs = [(number, f"k{number}") for number in range(forkmap.PARALLEL_FROM * 2 + 5)]
    results = fork_map(_job, jobs, workers=2)
    assert [(n, w) for n, w, _ in results] == [(n, w * 2) for n, w in jobs]
    assert {pid for _, _, pid in results} - {os.getpid()}  # really in other processes
    assert forkmap._WORK is None  # nothing of this call is left for the next


def test_few_jobs_run_here():
    results = fork_map(_job, [(1, "a"), (2, "b")], workers=2)
    assert results == [(1, "aa", os.getpid()), (2, "bb", os.getpid())]


PARENT = os.getpid()


def _dies_in_a_worker(number: int) -> tuple[int, int]:
    if os.getpid() != PARENT:
        os._exit(1)  # a worker killed (out of memory, say)
    return number, os.getpid()


def test_a_worker_that_dies_means_the_work_is_done_here():
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("processes are not forked here: the jobs run in this process")
    jobs = [(number,) for number in range(forkmap.PARALLEL_FROM * 2 + 5)]
    results = fork_map(_dies_in_a_worker, jobs, workers=2)
    assert results == [(number, PARENT) for (number,) in jobs]


def test_with_a_foreign_thread_running_nothing_is_forked():
    """`mkdocs serve` runs its server and watcher in threads: a fork would copy the
    locks they hold, so the jobs run here."""
    import threading

    stop = threading.Event()
    server = threading.Thread(target=stop.wait, name="a-server", daemon=True)
    server.start()
    try:
        jobs = [(number, "x") for number in range(forkmap.PARALLEL_FROM * 2 + 5)]
        assert {pid for _, _, pid in fork_map(_job, jobs, workers=2)} == {os.getpid()}
    finally:
        stop.set()
        server.join()


def _worker_gc(number: int) -> tuple[int, int, int]:
    return gc.get_threshold()[0], gc.get_freeze_count(), os.getpid()


def test_a_worker_collects_less_often_and_leaves_what_it_inherited_frozen():
    """A job's objects are freed by reference counting: the worker's collector runs
    every `WORKER_GC_THRESHOLD` objects, not every 700 (this process keeps its own)."""
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("processes are not forked here: the jobs run in this process")
    before = gc.get_threshold()
    jobs = [(number,) for number in range(forkmap.PARALLEL_FROM * 2 + 5)]
    results = fork_map(_worker_gc, jobs, workers=2)
    assert {pid for _, _, pid in results} - {os.getpid()}
    assert {threshold for threshold, _, _ in results} == {forkmap.WORKER_GC_THRESHOLD}
    assert all(frozen > 0 for _, frozen, _ in results)
    assert gc.get_threshold() == before


def _slow_job(number: int) -> tuple[int, float, int]:
    import time

    time.sleep(0.002)
    return number, time.monotonic(), os.getpid()


def test_meanwhile_runs_here_once_while_the_workers_work():
    """The caller's own work (`meanwhile`) runs in this process after the jobs went to
    the workers and before their last result is in."""
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("processes are not forked here: the jobs run in this process")
    import time

    calls: list[tuple[int, float]] = []
    jobs = [(number,) for number in range(forkmap.PARALLEL_FROM * 2 + 5)]
    results = fork_map(
        _slow_job, jobs, workers=2, meanwhile=lambda: calls.append((os.getpid(), time.monotonic()))
    )
    assert [number for number, _, _ in results] == [number for (number,) in jobs]
    assert {pid for _, _, pid in results} - {os.getpid()}
    assert len(calls) == 1 and calls[0][0] == os.getpid()
    assert calls[0][1] < max(finished for _, finished, _ in results)


def test_meanwhile_runs_after_jobs_run_here_and_once_when_a_worker_dies():
    calls: list[int] = []
    assert fork_map(_job, [(1, "a")], workers=2, meanwhile=lambda: calls.append(1))
    assert calls == [1]
    if multiprocessing.get_start_method() != "fork":
        return
    jobs = [(number,) for number in range(forkmap.PARALLEL_FROM * 2 + 5)]
    results = fork_map(_dies_in_a_worker, jobs, workers=2, meanwhile=lambda: calls.append(2))
    assert results == [(number, PARENT) for (number,) in jobs]
    assert calls == [1, 2]


def test_an_error_of_meanwhile_is_raised_not_taken_for_the_workers_failing():
    """An OSError of the caller's own work is its error: the jobs are not run again here."""
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("processes are not forked here: the jobs run in this process")
    ran_here: list[int] = []

    def job(number: int) -> int:
        if os.getpid() == PARENT:
            ran_here.append(number)
        return number

    def meanwhile() -> None:
        raise OSError("disk full")

    jobs = [(number,) for number in range(forkmap.PARALLEL_FROM * 2 + 5)]
    with pytest.raises(OSError, match="disk full"):
        fork_map(job, jobs, workers=2, meanwhile=meanwhile)
    assert ran_here == []
    assert forkmap._WORK is None
