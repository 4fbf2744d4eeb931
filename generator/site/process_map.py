"""The map of processes (`peta-proses/`): every SOP as a node, grouped by Bidang, and
its `keterkaitan` as arrows, drawn by the same embedded Graphviz as the flowcharts.

- one cluster per Bidang (in the registry's order), its SOPs inside, each node a
  link to the SOP's page;
- an arrow from an SOP to every SOP it names under `keterkaitan`;
- an SOP named there that is not in the repository (free text, or an id with
  no file) is drawn dashed and grey, outside the clusters: "not on this site".

Pure: the repository in, SVG text out (the engine runs in-process).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import graphviz

from generator.flowchart.render import render
from generator.flowchart.text import dot_label, normalise, wrap
from generator.messages import translate
from generator.model import Repository
from generator.model.sop import TautanSop
from generator.resolved import every_bidang
from generator.site.views import sop_page, url_between

PROCESS_MAP_PAGE = "peta-proses.md"
# As the flowcharts: Graphviz sizes boxes with its own Helvetica metrics (no fonts needed).
FONT = "Helvetica"
NAME_WIDTH = 26  # characters per line of a node's label


@dataclass(frozen=True)
class ProcessMap:
    """The drawn map and what it shows, in numbers (for the page's text)."""

    svg: str
    sops: int
    links: int
    outside: int


def process_map_graph(
    repository: Repository, lang: str, link_style: str
) -> tuple[graphviz.Digraph, int]:
    """The DOT graph of the map (node links relative to the map's page), and how many
    SOPs outside the repository it draws."""
    graph = graphviz.Digraph(name=graphviz.escape(translate("site.peta.judul", lang)))
    graph.attr(rankdir="LR", fontname=FONT, fontsize="12", nodesep="0.25", ranksep="0.6")
    graph.attr(bgcolor="transparent", pad="0.1")
    graph.attr("node", shape="box", style="rounded,filled", fillcolor="white", fontname=FONT)
    graph.attr("node", fontsize="10", margin="0.12,0.06", penwidth="1.1")
    graph.attr("edge", arrowsize="0.7", penwidth="1.0")
    node_of = {entry.id: f"sop{index}" for index, entry in enumerate(repository.sops)}
    order = every_bidang(repository, {e.sop.unit.bidang for e in repository.sops})
    for number, unit in enumerate(order):
        own = [entry for entry in repository.sops if entry.sop.unit.bidang == unit.bidang_id]
        if not own:
            continue
        with graph.subgraph(name=f"cluster_{number}") as cluster:
            cluster.attr(
                label=dot_label(wrap(unit.bidang, 28)),
                style="rounded",
                color="#9e9e9e",
            )
            for entry in sorted(own, key=lambda e: (e.sop.nama.casefold(), e.id)):
                cluster.node(
                    node_of[entry.id],
                    dot_label(wrap(entry.sop.nama, NAME_WIDTH)),
                    URL=graphviz.escape(
                        url_between(PROCESS_MAP_PAGE, sop_page(entry.id), link_style)
                    ),
                    target="_top",
                    tooltip=graphviz.escape(normalise(entry.sop.nomor or entry.sop.nama)),
                    id=f"peta-{entry.id}",
                )
    outside: dict[str, str] = {}
    outside_note = translate("site.peta.di_luar", lang)
    for entry in repository.sops:
        for item in entry.sop.keterkaitan:
            if isinstance(item, TautanSop) and item.sop in node_of:
                graph.edge(node_of[entry.id], node_of[item.sop])
                continue
            name = normalise(item.sop if isinstance(item, TautanSop) else str(item))
            if name not in outside:
                outside[name] = f"luar{len(outside)}"
                graph.node(
                    outside[name],
                    dot_label([*wrap(name, NAME_WIDTH), f"({outside_note})"]),
                    style="rounded,dashed",
                    color="#757575",
                    fontcolor="#616161",
                )
            graph.edge(node_of[entry.id], outside[name], style="dashed", color="#757575")
    return graph, len(outside)


_PROLOG = re.compile(r"\A.*?(?=<svg)", re.S)


def process_map(repository: Repository, lang: str, link_style: str) -> ProcessMap:
    """The map as inline SVG (no XML prolog, no blank lines) with its counts."""
    graph, outside = process_map_graph(repository, lang, link_style)
    return draw_process_map(graph.source, outside, repository)


def process_map_links(repository: Repository) -> int:
    """How many `keterkaitan` links of the repository's SOPs name an SOP it holds."""
    return sum(
        1
        for entry in repository.sops
        for item in entry.sop.keterkaitan
        if isinstance(item, TautanSop) and repository.sop(item.sop) is not None
    )


def draw_process_map(source: str, outside: int, repository: Repository) -> ProcessMap:
    """The map drawn from its DOT `source` (`process_map_graph`), with its counts."""
    svg = render(source, layout="dot").decode("utf-8")  # laid out by dot, not pinned
    svg = _PROLOG.sub("", svg)
    # One HTML block for Markdown: no blank line, and every line starts with a tag.
    lines: list[str] = []
    for line in svg.splitlines():
        if not line.strip():
            continue
        if lines and not line.startswith("<"):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    svg = "\n".join(lines)
    return ProcessMap(svg, len(repository.sops), process_map_links(repository), outside)
