"""A page's legend rendered once and set into the page, and its lanes written as SVG
by `backdrop.lanes_svg`, draw exactly what the whole graph rendered at once draws: the
same elements, only in another order (and with their own ids, not Graphviz's count)."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from bench.flowchart_pngs import parallel_steps, synthetic_30
from generator.flowchart import FlowchartOptions, flowchart_graphs, flowchart_svg
from generator.flowchart import parts as parts_module
from generator.flowchart.parts import render_graph
from generator.flowchart.render import render
from generator.loader import load_repository

from .conftest import SOPS

SVG = "{http://www.w3.org/2000/svg}"


def _elements(svg: bytes) -> tuple[dict[str, str], list[bytes]]:
    """The root's attributes and the root group's children, each as canonical text."""
    root = ElementTree.fromstring(svg)
    (group,) = root.findall(f"{SVG}g")
    # Graphviz numbers the nodes it draws (node1, node2...); the lanes, drawn apart,
    # carry their names: the ids say nothing about what is drawn.
    unnumbered = re.compile(rb' id="(?:node\d+|lane\d+|jalur\d+)"')
    return dict(root.attrib), [unnumbered.sub(b"", ElementTree.tostring(c)) for c in group]


def _cases():
    repository = load_repository(SOPS).repository
    organisasi = repository.organisasi
    for entry in repository.sops:
        yield entry.id, entry.sop, organisasi, FlowchartOptions()
    yield "sintetis-30", synthetic_30(), organisasi, FlowchartOptions()
    yield "bersamaan", parallel_steps(), organisasi, FlowchartOptions()
    sop = repository.sop("pemanfaatan-data-dan-dokumen").sop
    yield "halaman", sop, organisasi, FlowchartOptions(max_rows=4)


def test_a_page_with_its_legend_set_in_draws_the_same_elements_as_the_whole_graph():
    compared = 0
    for name, sop, organisasi, options in _cases():
        for graph in flowchart_graphs(sop, organisasi, name=name, options=options):
            assert graph.parts, name  # every framed page has a legend
            whole_root, whole = _elements(render(graph.source))
            set_root, set_in = _elements(render_graph(graph))
            assert set_root == whole_root, name
            assert sorted(set_in) == sorted(whole), name
            assert set_in != whole  # really set in apart (after the page's edges)
            assert b'<g id="lane0" class="node">' in render_graph(graph)  # lanes apart
            assert "lane0 [label=" not in graph.source_to_render
            legend = [e for e in whole if b'id="keterangan_' in e]
            assert len(legend) >= 9, name  # six items: their symbols, texts and arrows
            compared += 1
    assert compared >= 8


def test_a_legend_is_rendered_once_for_every_page_of_its_width():
    repository = load_repository(SOPS).repository
    sop = repository.sop("pemanfaatan-data-dan-dokumen").sop
    options = FlowchartOptions(max_rows=4)
    graphs = flowchart_graphs(sop, repository.organisasi, name="x", options=options)
    assert len(graphs) >= 2
    sources = {graph.part_source("keterangan") for graph in graphs}
    assert len(sources) == 1  # every page has the same width, so the same legend
    parts_module._memo.clear()
    first = render_graph(graphs[0])
    assert list(parts_module._memo) == list(sources)
    kept = parts_module._memo[next(iter(sources))]
    assert kept in first and kept.count(b"<g id=") >= 9
    assert render_graph(graphs[0]) == first  # same input, same bytes, from the memo


def test_a_chart_without_its_frame_has_no_parts_and_the_system_engine_gets_the_whole():
    repository = load_repository(SOPS).repository
    entry = repository.sops[0]
    options = FlowchartOptions(frame=False)
    (graph,) = flowchart_graphs(entry.sop, repository.organisasi, options=options)
    assert not graph.parts and graph.source == graph.source_without_parts
    assert graph.backdrop is None  # its lanes are its edges: the engine draws them
    (svg,) = flowchart_svg(entry.sop, repository.organisasi, options=options)
    assert b"keterangan" not in svg
