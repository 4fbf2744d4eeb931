"""The book chooses a chart's rows per page before drawing it (issue 15).

Drawing a chart at 4 rows a page only to find its text under 8 pt and
drawing it again at 3 cost about a third of the book's charts. The rows are
now chosen from the lanes' size (`flowchart.extent`), which bounds the SVG's
size; these tests hold that bound against real renders, and the choice
against what drawing and measuring every count gives.
"""

from __future__ import annotations

import re

import pytest

from bench.corpus import write_corpus
from generator.flowchart import FlowchartOptions, flowchart_svgs
from generator.flowchart.extent import HEIGHT_SLACK, unframed_page_sizes
from generator.flowchart.layout import build_chart, chart_rows
from generator.handbook import (
    MIN_CHART_PT,
    HandbookOptions,
    balanced_rows,
    chart_page,
    smallest_text_pt,
)
from generator.handbook import _rows_per_page as rows_per_page
from generator.handbook.paper import paper
from generator.loader import load_repository
from generator.messages import translate

SVG_SIZE = re.compile(rb'width="([\d.]+)pt" height="([\d.]+)pt"')
COUNT = 16


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_corpus(tmp_path_factory.mktemp("chart-rows") / "sops", COUNT)
    return load_repository(folder).repository


def drawn(repository, entries, rows: int) -> list[list[bytes]]:
    return flowchart_svgs(
        [(entry.id, entry.sop) for entry in entries],
        repository.organisasi,
        options=FlowchartOptions(max_rows=rows, frame=False),
        workers=1,
    )


@pytest.mark.slow
def test_the_lanes_size_bounds_the_rendered_svg(corpus):
    start, end = translate("flowchart.start", "id"), translate("flowchart.end", "id")
    for rows in (3, 4):
        for entry, svgs in zip(corpus.sops, drawn(corpus, corpus.sops, rows), strict=True):
            chart = build_chart(entry.sop, corpus.organisasi, start, end)
            sizes = unframed_page_sizes(chart, rows, "id")
            assert len(sizes) == len(svgs)
            for (width, height), svg in zip(sizes, svgs, strict=True):
                actual_width, actual_height = (float(v) for v in SVG_SIZE.search(svg).groups())
                assert width <= actual_width <= width + 12, entry.id
                assert abs(actual_height - height) <= HEIGHT_SLACK, entry.id


def drawn_and_measured(repository, entry, options, box) -> int:
    """The rows the book chose before: draw, measure, one row fewer while too small."""
    rows = balanced_rows(chart_rows(entry.sop), options.flowchart_max_rows)
    while True:
        svgs = drawn(repository, [entry], rows)[0]
        pages = [chart_page(svg, n, len(svgs), box) for n, svg in enumerate(svgs, 1)]
        if min(smallest_text_pt(p) for p in pages) >= MIN_CHART_PT or rows <= 3:
            return rows
        rows -= 1


@pytest.mark.slow
def test_rows_chosen_before_drawing_are_those_drawing_would_reach(corpus):
    options = HandbookOptions()
    width, height = paper("a4").landscape_content
    box = (width, height - 9.0)
    chosen = [rows_per_page(entry, corpus, "id", options, box) for entry in corpus.sops]
    reached = [drawn_and_measured(corpus, entry, options, box) for entry in corpus.sops]
    # Never fewer rows than drawing would reach (the book draws at `chosen` and still
    # measures: a chart that turns out too small is drawn again with fewer rows).
    assert all(c >= r for c, r in zip(chosen, reached, strict=True))
    starts = [balanced_rows(chart_rows(entry.sop), 4) for entry in corpus.sops]
    skipped = sum(c < s for c, s in zip(chosen, starts, strict=True))
    agreed = sum(c == r for c, r in zip(chosen, reached, strict=True))
    assert skipped >= COUNT // 2  # most charts of this corpus are no longer drawn twice
    assert agreed >= COUNT - 2
