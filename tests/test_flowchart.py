"""The flowchart drawing, checked on what Graphviz draws (no mocks).

Each test builds the pinned DOT of an SOP, renders it with the embedded
engine as JSON (the positions and curves Graphviz drew) and checks what a
reader would see: lanes in order, one row per step, every arrow of the model
with its label, right-angled arrows that never pass through a symbol.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.flowchart import FlowchartOptions, flowchart_dot, flowchart_pages
from generator.flowchart.render import render
from generator.loader import load_repository
from generator.model.organisasi import Organisasi
from generator.model.sop import Sop

from .conftest import SOPS

SEEDS = ("inovasi-pelayanan", "pelayanan-kerjasama", "pemanfaatan-data-dan-dokumen")
FIXTURES = Path(__file__).parent / "fixtures" / "flowchart"


@cache
def repository():
    result = load_repository(SOPS)
    assert result.repository is not None
    return result.repository


def organisasi() -> Organisasi:
    return repository().organisasi


def seed(sop_id: str) -> Sop:
    entry = repository().sop(sop_id)
    assert entry is not None
    return entry.sop


def make_sop(pelaksana: list[str], prosedur: list[dict[str, Any]], **extra: Any) -> Sop:
    """An SOP model from plain data, as an author would write it in YAML."""
    data = {"nama": "Contoh", "unit": {"bidang": "pdip"}, "pelaksana": pelaksana}
    return Sop.model_validate({**data, **extra, "prosedur": prosedur})


# -- Reading a laid-out page ---------------------------------------------------------


@dataclass
class Drawn:
    """A page as Graphviz laid it out: nodes by name, visible edges, grid rows."""

    nodes: dict[str, dict[str, Any]]
    edges: list[dict[str, Any]]
    names: list[str] = field(default_factory=list)

    def x(self, name: str) -> float:
        return float(self.nodes[name]["pos"].split(",")[0])

    def y(self, name: str) -> float:
        return float(self.nodes[name]["pos"].split(",")[1])

    def text(self, name: str) -> list[str]:
        """The text lines drawn inside a node (xdot doubles a backslash: undone here)."""
        ops = self.nodes[name].get("_ldraw_", [])
        return [op["text"].replace("\\\\", "\\") for op in ops if op["op"] == "T"]

    def headers(self) -> list[str]:
        """Lane header names, left to right."""
        names = [n for n in self.nodes if n.startswith("lane")]
        return sorted(names, key=self.x)

    def lane(self, name: str) -> int:
        """The lane whose body holds node `name` (-1: none)."""
        x = self.x(name)
        for index in itertools.count():
            body = self.nodes.get(f"jalur{index}")
            if body is None:
                return -1
            half = float(body["width"]) * 36
            if self.x(f"jalur{index}") - half < x < self.x(f"jalur{index}") + half:
                return index
        return -1

    def arrows(self) -> set[tuple[str, str, str | None]]:
        """Every flow arrow drawn, as (tail, head, label); a label's line breaks read as spaces."""
        found = set()
        for edge in self.flow_edges():
            label = edge.get("xlabel")
            found.add((edge["tail"], edge["head"], label.replace("\\n", " ") if label else None))
        return found

    def flow_edges(self) -> list[dict[str, Any]]:
        """The drawn arrows of the chart (the legend's samples left out)."""
        return [
            e
            for e in self.edges
            if e.get("class") in ("panah", "panah-balik") and not e["tail"].startswith("keterangan")
        ]


def lay_out(dot_source: str) -> Drawn:
    data = json.loads(render(dot_source, fmt="json"))
    objects = data["objects"]
    nodes = {o["name"]: o for o in objects if "pos" in o}  # subgraphs have no position
    edges = []
    for edge in data.get("edges", []):
        if edge.get("style") == "invis":
            continue
        edges.append(
            {**edge, "tail": objects[edge["tail"]]["name"], "head": objects[edge["head"]]["name"]}
        )
    return Drawn(nodes, edges)


def drawn(sop: Sop, lang: str = "id", **options: Any) -> list[Drawn]:
    sources = flowchart_dot(sop, organisasi(), lang=lang, options=FlowchartOptions(**options))
    return [lay_out(source) for source in sources]


def step_names(page: Drawn) -> dict[int, list[str]]:
    """Step number -> its node names (several for a multi-role step), from the node ids."""
    steps: dict[int, list[str]] = {}
    for name, node in page.nodes.items():
        if node.get("id", "").startswith("langkah-"):
            steps.setdefault(int(node["id"].split("-")[1]), []).append(name)
    return steps


# -- Lanes and rows -------------------------------------------------------------------


@pytest.mark.parametrize("sop_id", SEEDS)
def test_lanes_are_the_pelaksana_in_declared_order_with_their_labels(sop_id: str):
    sop = seed(sop_id)
    (page,) = drawn(sop)
    headers = page.headers()
    assert headers == [f"lane{i}" for i in range(len(sop.pelaksana))]
    labels = [" ".join(page.text(h)) for h in headers]
    assert labels == [organisasi().jabatan[role].label for role in sop.pelaksana]


@pytest.mark.parametrize("sop_id", SEEDS)
def test_one_row_per_step_top_to_bottom_each_in_its_lane(sop_id: str):
    sop = seed(sop_id)
    (page,) = drawn(sop)
    steps = step_names(page)
    assert sorted(steps) == list(range(1, len(sop.prosedur) + 1))
    rows = [page.y(steps[n][0]) for n in sorted(steps)]
    assert rows == sorted(rows, reverse=True)  # Graphviz y grows upwards
    assert len(set(rows)) == len(rows)
    for number, step in enumerate(sop.prosedur, start=1):
        lanes = {sop.pelaksana.index(role) for role in step.pelaksana}
        assert {page.lane(name) for name in steps[number]} == lanes, number


def test_every_arrow_of_the_model_is_drawn_with_its_label():
    (page,) = drawn(seed("pelayanan-kerjasama"))
    # The capsules sit on the first and last activity (SOP AP): no arrow from a
    # "Mulai" or to a "Selesai" of their own.
    assert page.arrows() == {
        ("s1", "s2", None),
        ("s2", "s3", "Ya"),
        ("s2", "s1", "Tidak"),
        ("s3", "s4", None),
        ("s4", "s5", "Ya"),
        ("s4", "s3", "Tidak"),
        ("s5", "s6", "Ya"),
        ("s5", "s3", "Tidak"),
        ("s6", "s7", None),
    }
    assert "start" not in page.nodes and "end" not in page.nodes
    for capsule in ("s1", "s7", "s7__2"):
        assert page.nodes[capsule]["style"].startswith("rounded"), capsule


def test_every_arrow_of_the_other_seeds():
    (inovasi,) = drawn(seed("inovasi-pelayanan"))
    assert inovasi.arrows() == {
        ("s1", "s2", None),
        ("s2", "s3", None),
        ("s3", "s4", "Ya"),
        ("s3", "s2", "Tidak"),
        ("s4", "s5", "Ya"),
        ("s4", "s2", "Tidak"),
        ("s5", "s6", None),  # step 6 is the written `selesai` step: no arrow leaves it
    }
    (data,) = drawn(seed("pemanfaatan-data-dan-dokumen"))
    returns = {arrow for arrow in data.arrows() if arrow[2] == "Tidak"}
    assert returns == {("s4", "s2", "Tidak"), ("s5", "s2", "Tidak"), ("s6", "s2", "Tidak")}
    assert ("s8", "s9", None) in data.arrows()


def test_multi_role_step_is_one_step_in_each_lane_on_one_row_joined():
    sop = seed("pelayanan-kerjasama")
    (page,) = drawn(sop)
    copies = step_names(page)[7]
    assert sorted(copies) == ["s7", "s7__2"]
    assert page.y("s7") == page.y("s7__2")
    lanes = {sop.pelaksana.index("kadis"), sop.pelaksana.index("instansi_terkait")}
    assert {page.lane(c) for c in copies} == lanes
    assert page.text("s7") == page.text("s7__2")
    assert page.text("s7")[0].startswith("7.")
    # Joined by a thick line that runs from one copy to the other along the row.
    joins = [e for e in page.edges if e.get("class") == "bersama" and e["tail"][0] == "s"]
    ends = {e["tail"] for e in joins} | {e["head"] for e in joins}
    assert {"s7", "s7__2"} <= ends
    assert page.nodes["s7"]["peripheries"] == "2"  # drawn distinctly: a double outline
    assert all(page.y(e["tail"]) == page.y("s7") == page.y(e["head"]) for e in joins)


def test_step_with_three_roles_in_any_order_is_joined_across_its_lanes():
    sop = make_sop(
        ["staf", "kasi_kerjasama", "kabid_pdip", "kadis"],
        [{"kegiatan": "Rapat koordinasi", "pelaksana": ["kadis", "staf", "kabid_pdip"]}],
    )
    (page,) = drawn(sop)
    copies = step_names(page)[1]
    assert len(copies) == 3 and len({page.y(c) for c in copies}) == 1
    joins = [e for e in page.edges if e.get("class") == "bersama" and e["tail"][0] == "s"]
    lanes = sorted({page.lane(e["tail"]) for e in joins} | {page.lane(e["head"]) for e in joins})
    assert lanes == [0, 2, 3]  # joined from end to end
    assert page.lane("s1") == 3  # arrows attach to the first-named role
    assert edges_through_nodes(page) == []


def test_start_and_end_capsules_sit_on_the_first_and_last_activity():
    """PermenPAN-RB 35/2012 draws the capsule on the first and last activity (issue 17)."""
    sop = seed("pelayanan-kerjasama")
    (page,) = drawn(sop)
    assert "start" not in page.nodes and "end" not in page.nodes
    assert page.nodes["s1"]["style"] == "rounded,filled"
    assert page.text("s1")[0].startswith("1. ")
    assert page.nodes["s6"]["style"] == "filled"  # the steps between are boxes


def test_start_and_end_stand_alone_only_where_no_activity_carries_them():
    sop = make_sop(
        ["staf", "kadis"],
        [
            {
                "kegiatan": "Memeriksa",
                "pelaksana": "kadis",
                "jawaban": {"Ya": "lanjut", "Tidak": "selesai"},
            },
            {"kegiatan": "Menyiapkan", "pelaksana": "staf"},
        ],
    )
    (page,) = drawn(sop)
    assert page.text("start") == ["Mulai"] and page.text("end") == ["Selesai"]
    assert page.nodes["start"]["style"] == page.nodes["end"]["style"] == "rounded,filled"
    assert page.y("start") > page.y("s1") and page.y("end") < page.y("s2")
    assert page.nodes["s2"]["style"] == "rounded,filled"  # the last activity's capsule
    assert page.arrows() == {("start", "s1", None), ("s1", "s2", "Ya"), ("s1", "end", "Tidak")}
    (english,) = drawn(sop, lang="en")
    assert english.text("start") == ["Start"] and english.text("end") == ["End"]


def test_written_end_step_is_a_terminator_and_no_end_is_added():
    (page,) = drawn(seed("inovasi-pelayanan"))
    assert "end" not in page.nodes
    assert page.nodes["s6"]["style"] == "rounded,filled"
    assert page.text("s6")[0].startswith("6. Inovasi")


def test_written_start_step_replaces_the_derived_one():
    sop = make_sop(
        ["staf"],
        [
            {"kegiatan": "Berkas diterima", "jenis": "mulai", "pelaksana": "staf"},
            {"kegiatan": "Memeriksa berkas", "pelaksana": "staf"},
        ],
    )
    (page,) = drawn(sop)
    assert "start" not in page.nodes
    assert page.nodes["s1"]["style"] == "rounded,filled"
    assert page.arrows() == {("s1", "s2", None)}  # s2 carries the end capsule
    assert page.nodes["s2"]["style"] == "rounded,filled"


def test_symbols_box_diamond_and_the_question_in_the_diamond():
    (page,) = drawn(seed("pelayanan-kerjasama"))
    assert page.nodes["s3"]["shape"] == "box" and "rounded" not in page.nodes["s3"]["style"]
    assert page.nodes["s2"]["shape"] == "diamond"
    assert " ".join(page.text("s2")) == "Berkas sudah sesuai?"
    # The full kegiatan stays readable as the tooltip.
    assert page.nodes["s2"]["tooltip"].startswith("Memeriksa Berkas dan Kelengkapan")
    (inovasi,) = drawn(seed("inovasi-pelayanan"))  # no question: the kegiatan
    assert " ".join(inovasi.text("s3")).startswith("3. Memeriksa rencana program")


def test_text_is_wrapped_and_waktu_is_optional():
    (page,) = drawn(seed("pelayanan-kerjasama"))
    lines = page.text("s1")
    assert lines[-1] == "Waktu: 15 Menit"
    assert len(lines) >= 3 and all(len(line) <= 20 for line in lines)
    (bare,) = drawn(seed("pelayanan-kerjasama"), waktu=False)
    assert not any("Waktu" in line for line in bare.text("s1"))
    (english,) = drawn(seed("pelayanan-kerjasama"), lang="en")
    assert english.text("s1")[-1] == "Time: 15 Menit"


def test_empty_lane_is_still_drawn():
    sop = make_sop(
        ["staf", "kasi_kerjasama", "kadis"],
        [{"kegiatan": "Menyiapkan", "pelaksana": "staf"}, {"kegiatan": "Memeriksa"}],
    )
    (page,) = drawn(sop)
    assert page.headers() == ["lane0", "lane1", "lane2"]
    assert page.text("lane2") == ["Kepala Dinas"]
    # A step without pelaksana stays in the lane of the step before it.
    assert page.lane("s2") == page.lane("s1") == 0
    # Every lane is framed, the empty one too.
    assert {n for n in page.nodes if n.startswith("jalur")} == {"jalur0", "jalur1", "jalur2"}


def test_role_that_is_not_a_column_gets_an_extra_lane_at_the_right():
    sop = make_sop(
        ["staf"],
        [
            {"kegiatan": "Menyiapkan", "pelaksana": "staf"},
            {"kegiatan": "Menyetujui", "pelaksana": "sekretaris"},
            {"kegiatan": "Menandatangani", "pelaksana": "bukan_jabatan"},
        ],
    )
    (page,) = drawn(sop)
    assert page.headers() == ["lane0", "lane1", "lane2"]
    assert page.text("lane1") == ["Sekretaris (?)"]
    assert " ".join(page.text("lane2")) == "bukan_jabatan (?)"
    assert page.lane("s3") == 2


def test_answers_by_step_id_to_the_end_and_to_missing_steps():
    sop = make_sop(
        ["staf", "kasi_kerjasama"],
        [
            {"id": "siapkan", "kegiatan": "Menyiapkan", "pelaksana": "staf"},
            {
                "kegiatan": "Memeriksa",
                "pelaksana": "kasi_kerjasama",
                "pertanyaan": "Lengkap?",
                "jawaban": {
                    "Lengkap": "selesai",
                    "Kurang": "siapkan",
                    "Hilang": 99,
                    "X": "tak-ada",
                },
            },
            {"kegiatan": "Mengarsipkan", "pelaksana": "staf"},
        ],
    )
    (page,) = drawn(sop)
    # A decision's answer that ends the procedure has no activity to carry the
    # capsule: it leads to a "Selesai" of its own; the last activity is a capsule.
    assert page.arrows() == {
        ("s1", "s2", None),
        ("s2", "end", "Lengkap"),
        ("s2", "s1", "Kurang"),
    }
    assert page.nodes["s3"]["style"] == "rounded,filled"


def test_decision_that_returns_to_itself_still_draws():
    sop = make_sop(
        ["staf"],
        [{"kegiatan": "Menunggu", "pelaksana": "staf", "jawaban": {"Ya": "lanjut", "Belum": 1}}],
    )
    (page,) = drawn(sop)
    assert ("s1", "s1", "Belum") in page.arrows()


# -- Geometry: nothing runs through a node ------------------------------------------


def _bezier_points(points: list[list[float]], steps: int = 12) -> list[tuple[float, float]]:
    samples = []
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        for k in range(steps + 1):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            x = a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0]
            y = a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]
            samples.append((x, y))
    return samples


def _inside(page: Drawn, name: str, point: tuple[float, float]) -> bool:
    node = page.nodes[name]
    half_w = float(node["width"]) * 36 - 3
    half_h = float(node["height"]) * 36 - 3
    dx, dy = abs(point[0] - page.x(name)), abs(point[1] - page.y(name))
    if node.get("shape") == "diamond":
        return dx / half_w + dy / half_h < 1
    return dx < half_w and dy < half_h


def edges_through_nodes(page: Drawn) -> list[tuple[str, str, str]]:
    """(edge tail, edge head, node) for every drawn arrow that passes through a symbol."""
    symbols = [n for n in page.nodes if not n.startswith(("keterangan", "jalur", "judul"))]
    crossings = []
    for edge in page.flow_edges():
        points = [p for op in edge["_draw_"] if op["op"] == "b" for p in op["points"]]
        for name in symbols:
            own = (edge["tail"], edge["head"])
            if name in own or name.removesuffix("_kerja") in own:  # a step's own work box
                continue
            if any(_inside(page, name, point) for point in _bezier_points(points)):
                crossings.append((edge["tail"], edge["head"], name))
    return crossings


def bends(page: Drawn) -> list[tuple[str, str]]:
    """Arrows with a piece that is neither horizontal nor vertical."""
    found = []
    for edge in page.flow_edges():
        points = [p for op in edge["_draw_"] if op["op"] == "b" for p in op["points"]]
        for a, b in itertools.pairwise(points):
            if abs(a[0] - b[0]) > 0.05 and abs(a[1] - b[1]) > 0.05:
                found.append((edge["tail"], edge["head"]))
                break
    return found


def synthetic_sop(seed_number: int) -> Sop:
    """A random but valid SOP: 6-10 steps over five lanes, some decisions with returns."""
    rnd = random.Random(seed_number)
    roles = ["staf", "kasi_kerjasama", "kabid_pdip", "sekretaris", "kadis"]
    steps: list[dict[str, Any]] = []
    for number in range(1, rnd.randint(6, 10) + 1):
        step: dict[str, Any] = {
            "kegiatan": f"Langkah {number}: memeriksa berkas dan kelengkapan dokumen",
            "pelaksana": rnd.choice(roles),
            "waktu": "1 hari",
        }
        if number > 2 and rnd.random() < 0.3:
            step["jawaban"] = {"Ya": "lanjut", "Tidak": rnd.randint(1, number - 1)}
        steps.append(step)
    return make_sop(roles, steps, nama=f"SOP sintetis {seed_number}")


@pytest.mark.parametrize("sop_id", SEEDS)
def test_no_arrow_runs_through_a_symbol_in_the_seeds(sop_id: str):
    for page in drawn(seed(sop_id)):
        assert edges_through_nodes(page) == []


def grid_problems(page: Drawn) -> list[str]:
    """What is wrong with the lanes: out of order, overlapping, a symbol outside every lane."""
    bodies = sorted((n for n in page.nodes if n.startswith("jalur")), key=lambda n: int(n[5:]))
    xs = [page.x(n) for n in bodies]
    problems = [] if xs == sorted(xs) else ["lanes out of order"]
    for name in page.nodes:
        if name.startswith(("keterangan", "lane", "jalur", "judul")):
            continue
        if page.lane(name) < 0:
            problems.append(f"{name} is not inside a lane")
    return problems


@pytest.mark.parametrize("sop_id", SEEDS)
def test_lanes_are_framed_by_straight_lines_with_every_symbol_inside(sop_id: str):
    for max_rows in (None, 4):
        for page in drawn(seed(sop_id), max_rows=max_rows):
            assert grid_problems(page) == []


def test_no_arrow_through_a_symbol_and_lanes_in_order_in_random_sops():
    for number in range(12):
        for page in drawn(synthetic_sop(number), max_rows=None if number % 2 else 4):
            assert page.headers() == [f"lane{i}" for i in range(5)], number
            assert edges_through_nodes(page) == [], number
            assert grid_problems(page) == [], number


def test_return_arrows_have_their_own_lines_and_enter_the_target_from_the_side():
    (page,) = drawn(seed("pemanfaatan-data-dan-dokumen"))
    returns = [e for e in page.flow_edges() if e.get("class") == "panah-balik"]
    assert sorted(e["tail"] for e in returns) == ["s4", "s5", "s6"]
    ends = set()
    for edge in returns:
        points = [p for op in edge["_draw_"] if op["op"] == "b" for p in op["points"]]
        ends.add(round(points[-1][1], 1))
        # Out of the diamond's side, up a track, into step 2's right side.
        assert abs(points[-1][1] - points[-2][1]) < 0.05  # the last piece is horizontal
        assert points[-1][0] > page.x("s2")
    assert len(ends) == 3  # three lines into step 2, never merged into one
    assert bends(page) == [] and edges_through_nodes(page) == []
    # The answer sits beside its line, not on it.
    labels = {e["tail"]: e["xlabel"] for e in returns}
    assert labels == {"s4": "Tidak", "s5": "Tidak", "s6": "Tidak"}


# -- Pages and off-page connectors ----------------------------------------------------


def test_max_rows_splits_into_pages_with_matching_connectors():
    sop = seed("pemanfaatan-data-dan-dokumen")
    whole = drawn(sop)[0].arrows()
    pages = drawn(sop, max_rows=4)
    assert len(pages) == 3  # Mulai + 9 steps = 10 rows
    widths = {round(float(page.nodes["jalur0"]["width"]), 3) for page in pages}
    assert len(widths) == 1  # every page has the same lanes
    outs: dict[str, list[tuple[str, str | None]]] = {}
    ins: dict[str, str] = {}
    joined = set()
    for page in pages:
        assert page.headers() == [f"lane{i}" for i in range(7)]  # every lane on every page
        for tail, head, label in page.arrows():
            if head.startswith("out_"):
                letter = head.removeprefix("out_").split("_")[0]
                outs.setdefault(letter, []).append((tail, label))
                assert page.nodes[head]["shape"] == "invhouse"
                assert page.text(head) == [letter]
            elif tail.startswith("in_"):
                ins[tail.removeprefix("in_")] = head
                assert page.text(tail) == [tail.removeprefix("in_")]
            else:
                joined.add((tail, head, label))
    assert outs and set(outs) == set(ins)  # every letter at both ends
    for letter, sources in outs.items():
        joined |= {(tail, ins[letter], label) for tail, label in sources}
    assert joined == whole


def test_pages_are_numbered_and_rows_are_split_in_order():
    pages = flowchart_pages(seed("pemanfaatan-data-dan-dokumen"), organisasi(), max_rows=4)
    assert [(p.number, p.count) for p in pages] == [(1, 3), (2, 3), (3, 3)]
    steps = [[n.number for n in p.nodes if n.number] for p in pages]
    assert steps == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]  # balanced: 4 + 3 + 3 rows
    source = flowchart_dot(
        seed("pemanfaatan-data-dan-dokumen"), organisasi(), options=FlowchartOptions(max_rows=4)
    )[1]
    assert "Halaman 2 dari 3" in source


def test_one_page_when_max_rows_is_large():
    assert len(drawn(seed("pelayanan-kerjasama"), max_rows=100)) == 1


def test_connectors_sit_in_lanes_never_share_a_cell_and_returns_stay_short():
    pages = drawn(seed("pemanfaatan-data-dan-dokumen"), max_rows=4)
    second = pages[1]
    connectors = [n for n in second.nodes if n.startswith(("in_", "out_"))]
    assert len({(second.x(c), second.y(c)) for c in connectors}) == len(connectors)
    # Each return to step 2 (page 1) ends at a connector on its own row, beside it.
    backs = {(tail, head) for tail, head, label in second.arrows() if label == "Tidak"}
    assert len(backs) == 3
    for tail, head in backs:
        assert second.y(head) == second.y(tail) and second.lane(head) == 1
    # On page 1 the connector sits beside step 2, not above the page.
    first = pages[0]
    (into,) = [n for n in first.nodes if n.startswith("in_")]
    assert first.y(into) == first.y("s2")
    for number in range(6):
        for page in drawn(synthetic_sop(number), max_rows=3):
            for name in page.nodes:
                if name.startswith(("in_", "out_")):
                    assert page.lane(name) >= 0, (number, name)
            assert edges_through_nodes(page) == [], number
            assert bends(page) == [], number


def test_no_page_holds_only_the_end_symbol():
    sop = seed("pelayanan-kerjasama")  # 7 steps, the capsules on steps 1 and 7 = 7 rows
    for max_rows in (1, 2, 4, 8):
        pages = flowchart_pages(sop, organisasi(), max_rows=max_rows)
        for page in pages[1:]:
            symbols = [n for n in page.nodes if n.symbol.value != "connector"]
            assert [n.id for n in symbols] != ["s7"], max_rows
    sizes = [p.last_row - p.first_row + 1 for p in flowchart_pages(sop, organisasi(), max_rows=4)]
    assert sizes == [4, 3]


def random_shape_sop(seed_number: int) -> Sop:
    """Any shape an author might write: 1-6 lanes, several roles, written start/end, bad targets."""
    rnd = random.Random(seed_number)
    roles = ["staf", "kasi_kerjasama", "kabid_pdip", "sekretaris", "kadis", "instansi_terkait"]
    lanes = rnd.sample(roles, rnd.randint(1, 6))
    count = rnd.randint(1, 9)
    steps: list[dict[str, Any]] = []
    for number in range(1, count + 1):
        step: dict[str, Any] = {"kegiatan": f"Langkah {number}", "id": f"l{number}"}
        pool = roles if rnd.random() < 0.1 else lanes
        step["pelaksana"] = rnd.sample(pool, rnd.randint(0, min(2, len(pool))))
        kind = rnd.random()
        if kind < 0.35:
            targets = [*range(0, count + 2), "lanjut", "selesai", f"l{rnd.randint(1, count)}", "x"]
            answers = ["Ya", "Tidak", "Perlu perbaikan"][: rnd.randint(1, 3)]
            step["jawaban"] = {answer: rnd.choice(targets) for answer in answers}
        elif kind < 0.45:
            step["jenis"] = rnd.choice(["mulai", "selesai"])
        if number > 1 and rnd.random() < 0.25:  # done at the same time as the step before
            step["bersamaan"] = True
        steps.append(step)
    return make_sop(lanes, steps)


@pytest.mark.slow
def test_any_shape_of_sop_gives_every_symbol_its_own_cell_on_every_page():
    for number in range(200):
        sop = random_shape_sop(number)
        for max_rows in (None, 1, 2, 3):
            pages = flowchart_pages(sop, organisasi(), max_rows=max_rows)
            for page in pages:
                cells = [(node.row, lane) for node in page.nodes for lane in node.lanes]
                assert len(cells) == len(set(cells)), (number, max_rows)
            sources = flowchart_dot(sop, organisasi(), options=FlowchartOptions(max_rows=max_rows))
            assert len(sources) == len(pages)
            drawn_ids = {node.id for page in pages for node in page.nodes}
            assert all(any(f"\t{i} [" in source for source in sources) for i in drawn_ids)
        if number % 15 == 0:  # and the engine accepts them
            for source in flowchart_dot(sop, organisasi(), options=FlowchartOptions(max_rows=2)):
                assert lay_out(source).nodes


def test_long_sop_is_split_into_pages_of_at_most_40_rows():
    steps = [{"kegiatan": f"Langkah {n}", "pelaksana": "staf"} for n in range(1, 61)]
    pages = flowchart_pages(make_sop(["staf"], steps), organisasi())
    assert [len({node.row for node in page.nodes if node.number}) for page in pages] == [30, 30]
    assert len(flowchart_pages(make_sop(["staf"], steps), organisasi(), max_rows=100)) == 2


def approval_by_two(either: bool) -> Sop:
    """Step 1 by the staff, step 2 by the Kabid and the Sekretaris: by one of them
    (`either`) or by both together."""
    return make_sop(
        ["staf", "kabid_pdip", "sekretaris"],
        [
            {"kegiatan": "Menyiapkan", "pelaksana": "staf"},
            {
                "kegiatan": "Menyetujui",
                "pelaksana": ["kabid_pdip", "sekretaris"],
                "pelaksana_salah_satu": either,
            },
        ],
    )


def test_either_or_step_is_dashed_in_each_candidate_lane_and_in_the_legend():
    (page,) = drawn(approval_by_two(either=True))
    assert {page.lane("s2"), page.lane("s2__2")} == {1, 2}
    assert "dashed" in page.nodes["s2"]["style"] and "dashed" in page.nodes["s2__2"]["style"]
    assert "peripheries" not in page.nodes["s2"]  # not the double outline of a shared step
    (join,) = [e for e in page.edges if e.get("class") == "salah-satu" and e["tail"][0] == "s"]
    assert join["style"] == "dashed"
    assert " ".join(page.text("keterangan_either_teks")) == "Salah satu pelaksana"
    assert "keterangan_shared_teks" not in page.nodes


def test_procedure_table_joins_an_either_or_step_dashed_and_a_shared_one_thick():
    from generator.handbook.table import procedure_table

    def join_layers(either: bool) -> set[str]:
        (page,) = procedure_table(approval_by_two(either), organisasi()).pages
        return {layer.css for row in page.rows for layer in row.layers} & {"join", "join either"}

    assert join_layers(either=True) == {"join either"}  # one of them: as the swimlane's dashes
    assert join_layers(either=False) == {"join"}  # both together: the thick bar


def test_decision_that_is_also_work_keeps_its_activity_text():
    (page,) = drawn(seed("pelayanan-kerjasama"))
    work = " ".join(page.text("s2_kerja"))  # the work in a box, just above the diamond
    assert work.startswith("2. Memeriksa Berkas dan Kelengkapan")
    assert work.endswith("Waktu: 30 Menit")
    assert " ".join(page.text("s2")) == "Berkas sudah sesuai?"  # the question in the diamond
    assert page.x("s2_kerja") == page.x("s2") and page.y("s2_kerja") > page.y("s2")
    assert edges_through_nodes(page) == [] and bends(page) == []
    # Arrows arrive at the work box's top, answers leave the diamond.
    (into,) = [e for e in page.flow_edges() if e["head"] == "s2" and e["tail"] == "s1"]
    points = [p for op in into["_draw_"] if op["op"] == "b" for p in op["points"]]
    top = page.y("s2_kerja") + float(page.nodes["s2_kerja"]["height"]) * 36
    assert abs(points[-1][1] - top) < 12  # ends at the box top (the head is drawn below it)


def parallel_sop() -> Sop:
    """Step 1, then 2-4 at the same time (three lanes), 5, then 6 and 7 at once in one lane."""
    return make_sop(
        ["staf", "kasi_kerjasama", "kabid_pdip", "kadis"],
        [
            {"kegiatan": "Menerima berkas", "pelaksana": "staf"},
            {"kegiatan": "Memverifikasi data", "pelaksana": "staf"},
            {"kegiatan": "Memverifikasi dokumen", "pelaksana": "kasi_kerjasama", "bersamaan": True},
            {"kegiatan": "Menelaah dasar hukum", "pelaksana": "kabid_pdip", "bersamaan": True},
            {
                "kegiatan": "Menilai hasil",
                "pelaksana": "kasi_kerjasama",
                "jawaban": {"Ya": "lanjut", "Tidak": 2},
            },
            {"kegiatan": "Menyiapkan surat", "pelaksana": "staf"},
            {"kegiatan": "Menyiapkan arsip", "pelaksana": "staf", "bersamaan": True},
            {"kegiatan": "Menandatangani", "pelaksana": "kadis"},
        ],
    )


def test_parallel_steps_are_drawn_side_by_side_on_one_row_with_fork_and_join():
    (page,) = drawn(parallel_sop())
    # 2, 3 and 4 on one row, each in its lane; the same row height for all three.
    assert page.y("s2") == page.y("s3") == page.y("s4")
    assert [page.lane(f"s{n}") for n in (2, 3, 4)] == [0, 1, 2]
    arrows = page.arrows()
    # Fork: from step 1 to each; join: from each to step 5. The return "Tidak" to 2 fans
    # out to the whole group, as the checker counts it.
    assert {("s1", f"s{n}", None) for n in (2, 3, 4)} <= arrows
    assert {(f"s{n}", "s5", None) for n in (2, 3, 4)} <= arrows
    assert {("s5", f"s{n}", "Tidak") for n in (2, 3, 4)} <= arrows
    # Two parallel steps of one lane: the second on the next row (documented fallback),
    # both reached from 5 and both leading to 8.
    assert page.lane("s6") == page.lane("s7") == 0 and page.y("s7") < page.y("s6")
    assert {("s5", "s6", "Ya"), ("s5", "s7", "Ya"), ("s6", "s8", None), ("s7", "s8", None)} <= (
        arrows
    )
    # Never through a symbol: the return into 2 passes step 3 above the row, not across it.
    assert edges_through_nodes(page) == []
    assert " ".join(page.text("keterangan_parallel_teks")) == "Kegiatan bersamaan"


def test_the_procedure_table_keeps_one_row_per_step_for_parallel_steps():
    from generator.handbook.table import procedure_table

    table = procedure_table(parallel_sop(), organisasi())
    numbers = [row.number for page in table.pages for row in page.rows if row.kind == "step"]
    assert numbers == list(range(1, 9))
    drawn_arrows = {arrow for page in table.pages for arrow in page.arrows}
    assert {("s1", f"s{n}", None) for n in (2, 3, 4)} <= drawn_arrows


def test_no_legend_entry_for_parallel_steps_when_there_are_none():
    (page,) = drawn(seed("pelayanan-kerjasama"))
    assert "keterangan_parallel_teks" not in page.nodes


def text_outside_its_symbol(page: Drawn) -> list[tuple[str, str]]:
    """(node, line) for every text line (as Graphviz measured it) that leaves its symbol."""
    found = []
    for name, node in page.nodes.items():
        if not re.fullmatch(r"s\d+(__\d+)?(_kerja)?", name):
            continue
        size = next(op["size"] for op in node["_ldraw_"] if op["op"] == "F")
        for op in node["_ldraw_"]:
            if op["op"] != "T":
                continue
            x, y, half = op["pt"][0], op["pt"][1], op["width"] / 2
            # The line's box: its baseline, and the font size above it.
            corners = [(x - half, y - 0.2 * size), (x + half, y + 0.8 * size)]
            corners += [(x - half, y + 0.8 * size), (x + half, y - 0.2 * size)]
            if not all(_inside(page, name, corner) for corner in corners):
                found.append((name, op["text"]))
    return found


@pytest.mark.parametrize("sop_id", SEEDS)
def test_every_line_of_text_stays_inside_its_symbol(sop_id: str):
    for page in drawn(seed(sop_id)):
        assert text_outside_its_symbol(page) == []
    for page in drawn(parallel_sop()):
        assert text_outside_its_symbol(page) == []


def test_long_text_is_cut_in_a_book_chart_and_whole_in_its_tooltip():
    """Beside its procedure table (the book: frame=False) a chart cuts long texts."""
    long = "Memeriksa " + " ".join(f"berkas{n}" for n in range(30))
    sop = make_sop(["staf"], [{"kegiatan": long, "pelaksana": "staf", "waktu": "1 hari"}])
    (page,) = drawn(sop, frame=False)
    lines = page.text("s1")
    assert len(lines) == 7 and lines[5].endswith("…") and lines[6] == "Waktu: 1 hari"
    assert page.nodes["s1"]["tooltip"] == long
    assert text_outside_its_symbol(page) == []


def test_a_chart_on_its_own_draws_every_whole_text():
    """The site's and `sop flowchart`'s charts stand alone: nothing is cut, in boxes or
    diamonds, and a duration is never broken inside ("Waktu: 1" over "hari")."""
    long = "Memeriksa " + " ".join(f"berkas{n}" for n in range(30))
    question = "Verifikasi dan koreksi penyusunan laporan kependudukan sudah benar?"
    sop = make_sop(
        ["staf"],
        [
            {"kegiatan": long, "pelaksana": "staf", "waktu": "1 hari"},
            {
                "kegiatan": question,
                "pelaksana": "staf",
                "waktu": "1 hari",
                "jawaban": {"Ya": "lanjut", "Tidak": 1},
            },
            {"kegiatan": "Selesai", "pelaksana": "staf"},
        ],
    )
    (page,) = drawn(sop)
    box, diamond = page.text("s1"), page.text("s2")
    assert not any("…" in line for line in box + diamond)
    assert " ".join(box[:-1]) == "1. " + long and box[-1] == "Waktu: 1 hari"
    assert " ".join(diamond).startswith("2. " + question)
    assert "1 hari" in diamond  # the duration whole on one line
    assert text_outside_its_symbol(page) == []


def test_the_book_draws_charts_without_title_and_legend():
    (framed,) = drawn(seed("pelayanan-kerjasama"))
    (bare,) = drawn(seed("pelayanan-kerjasama"), frame=False)
    assert "judul" in framed.nodes and "keterangan" in framed.nodes
    assert not any(name.startswith(("judul", "keterangan")) for name in bare.nodes)
    assert float(bare.nodes["lane0"]["pos"].split(",")[1]) > 0


def test_an_answer_that_repeats_its_own_work_is_drawn_as_a_loop():
    """'Mengirim data / Data terkirim? Tidak: kirim again' goes from the diamond back into
    the side of its work box: a visible loop, never an arrowhead on a line of no length."""
    sop = make_sop(
        ["staf"],
        [
            {"kegiatan": "Menyiapkan data", "pelaksana": "staf"},
            {
                "id": "kirim",
                "kegiatan": "Mengirim data hasil rekaman",
                "pertanyaan": "Data terkirim?",
                "pelaksana": "staf",
                "waktu": "1 jam",
                "jawaban": {"Ya": "lanjut", "Tidak": "kirim"},
            },
            {"kegiatan": "Mengarsipkan", "pelaksana": "staf"},
        ],
    )
    (page,) = drawn(sop)
    (loop,) = [e for e in page.flow_edges() if e["tail"] == e["head"]]
    points = [p for op in loop["_draw_"] if op["op"] == "b" for p in op["points"]]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert max(xs) - min(xs) > 5 and max(ys) - min(ys) > 20, points
    # it ends on the work box's side, above the diamond
    assert ys[-1] > page.y("s2") + 10  # Graphviz's y grows upwards


def test_an_answer_leaving_the_first_lane_sideways_stays_inside_the_drawing():
    # Satpol PP: "Dibongkar sendiri?" in the first lane answers "Ya" to the left. Its
    # label used to sit in the margin, so the engine widened the bounding box, shifted
    # the chart left and the browser cut the label's first letter off.
    from generator.flowchart import flowchart_svgs
    from generator.flowchart.geometry import MARGIN

    folder = Path(__file__).parent / "fixtures" / "kantor_r4" / "satpolpp_malang" / "sops"
    repository = load_repository(folder).repository
    sop = repository.sop("penertiban-reklame").sop
    ((svg,),) = flowchart_svgs([("penertiban-reklame", sop)], repository.organisasi, workers=1)
    shift = re.search(rb'id="graph0"[^>]*translate\((-?[\d.]+) ', svg)
    assert shift is not None and float(shift.group(1)) == -MARGIN  # the lanes' own edge
