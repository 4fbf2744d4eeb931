"""The site's charts drawn whole in forked workers are the charts drawn here (issue 18).

`draw_flowcharts` hands each SOP's whole drawing (store key, layout, render,
title, store entry) to a forked worker; the SVG bytes must be the ones
`flowchart_svgs` draws in this process, in the same order, and what the
workers keep in the store must count towards the store's bound.
"""

from __future__ import annotations

import multiprocessing

import pytest

from bench.corpus import write_corpus
from generator.flowchart import FlowchartOptions, flowchart_svgs
from generator.loader import load_repository
from generator.site import forkmap
from generator.site.flowcharts import draw_flowcharts
from generator.store import Store

COUNT = forkmap.PARALLEL_FROM * 2  # just enough for two workers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_corpus(tmp_path_factory.mktemp("site-charts") / "sops", COUNT)
    return load_repository(folder).repository


@pytest.mark.slow
def test_charts_drawn_in_workers_are_the_charts_drawn_here(corpus, tmp_path):
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("processes are not forked here: flowchart_svgs draws them as before")
    assert forkmap.forks(len(corpus.sops), 2)
    store = Store(tmp_path / "store")
    before = store.written_bytes()

    drawn = draw_flowcharts(corpus, "id", store=store, workers=2)

    here = flowchart_svgs(
        [(entry.id, entry.sop) for entry in corpus.sops],
        corpus.organisasi,
        lang="id",
        options=FlowchartOptions(),
        workers=1,
    )
    assert list(drawn) == [entry.id for entry in corpus.sops]
    assert list(drawn.values()) == here
    # Every chart is kept, and every byte the workers wrote counts in this process
    # (an entry's file is exactly what `Store.write` counts; the parent may have
    # kept the compiled engine too).
    charts = [path for path in (tmp_path / "store" / "flowchart").rglob("*") if path.is_file()]
    assert len(charts) == COUNT
    entries = [
        path
        for path in (tmp_path / "store").rglob("*")
        if path.parent.parent.parent == tmp_path / "store"
    ]
    assert store.written_bytes() - before == sum(path.stat().st_size for path in entries)
    # Read back from the store now: the same bytes, nothing written again.
    written = store.written_bytes()
    again = draw_flowcharts(corpus, "id", store=store, workers=2)
    assert list(again.values()) == here
    assert store.written_bytes() == written


def test_few_charts_are_drawn_by_flowchart_svgs_here():
    assert not forkmap.forks(forkmap.PARALLEL_FROM * 2 - 1, 2)
    assert not forkmap.forks(10_000, 1)
