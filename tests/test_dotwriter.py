"""The DOT writer: every ID and author's text quoted so that Graphviz reads it back
exactly, whatever it holds (quotes, backslashes, markup, control characters, RTL)."""

from __future__ import annotations

import warnings
from xml.etree import ElementTree

import graphviz
import pytest

from generator.flowchart.dotwriter import DotGraph, label, quote, text, tooltip
from generator.flowchart.render import render
from generator.flowchart.text import normalise

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = [
    'Kutip "ganda" dan \\ garis miring',
    "akhir dengan garis miring \\",
    "dua di akhir \\\\",
    '\\" sudah diloloskan',
    "<b>tebal</b> &amp; & <script>alert(1)</script>",
    "a -> b [color=red]; } digraph { x",
    "\\N \\G \\n \\l \\r \\E",
    "baris\nbaru\tdan\rkontrol\x00\x07\x1b[31m",
    "عربي שלום mixed كلمة",
    "node",
    "Edge",
    "-12.5",
    "_nama_1",
    "🚀",
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_quote_matches_the_graphviz_package(value: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package warns about a final odd backslash
        expected = graphviz.quoting.quote(graphviz.nohtml(value))
    if value.endswith("\\") and (len(value) - len(value.rstrip("\\"))) % 2:
        assert quote(value) == expected[:-1] + '\\"'  # doubled: the string still ends
    else:
        assert quote(value) == expected


def test_plain_names_stay_bare_and_keywords_are_quoted():
    assert quote("s1") == "s1"
    assert quote("1.5") == "1.5"
    assert quote("node") == '"node"'
    assert quote("lane 1") == '"lane 1"'


def test_text_and_label_double_backslashes_and_join_lines():
    assert text("a\\nb") == "a\\\\nb"
    assert label(["<b>x</b>", "a\\nb", ""]) == "<b>x</b>\\na\\\\nb\\n"
    assert text("&lt; & &amp;") == "&amp;lt; &amp; &amp;amp;"


def test_hostile_texts_are_drawn_literally_and_inject_nothing():
    """Each hostile text as a node's label, tooltip and id, an edge's xlabel and the
    graph's name: the engine reads the DOT, draws every text as written (control
    characters removed first), and no node or edge appears that was not written."""
    graph = DotGraph(HOSTILE[0] + HOSTILE[5])
    graph.defaults("graph", bb="0,0,400,2000")
    graph.defaults("node", shape="box", fontsize="10")
    shown = [normalise(value) for value in HOSTILE]
    for index, value in enumerate(shown):
        graph.node(
            f"n{index}",
            label([value, value]),
            pos=f"200,{40 * index + 20}",
            width="5",
            height="0.5",
            tooltip=tooltip(value),
            id=text(f"id {value}"),
        )
    for index, value in enumerate(shown[1:], start=1):
        graph.edge(
            f"n{index - 1}",
            f"n{index}",
            pos=f"e,10,{40 * index + 20} 10,{40 * index} 10,{40 * index} 10,{40 * index + 20}",
            xlabel=text(value),
            xlp=f"30,{40 * index + 10}",
        )
    root = ElementTree.fromstring(render(graph.source))  # well-formed
    nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
    edges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert len(nodes) == len(HOSTILE) and len(edges) == len(HOSTILE) - 1
    for index, (node, value) in enumerate(zip(nodes, shown, strict=True)):
        assert node.find(f"{SVG}title").text == f"n{index}"
        drawn = [t.text or "" for t in node.iter(f"{SVG}text")]
        assert drawn == ([value, value] if value.strip() else drawn)
        assert node.get("id") == f"id {value}"
        link = node.find(f"{SVG}g/{SVG}a")
        if value:  # an empty tooltip draws no link
            assert link is not None and link.get("{http://www.w3.org/1999/xlink}title") == value
    for edge, value in zip(edges, shown[1:], strict=True):
        assert [t.text or "" for t in edge.iter(f"{SVG}text")] == ([value] if value else [])
    assert root.find(f"{SVG}g/{SVG}title").text == normalise(HOSTILE[0] + HOSTILE[5])
