"""Arrows at steps drawn in several lanes, and answer labels, checked on the routed points.

A step done by several roles together (or by one of them, or a row of parallel
steps) is drawn once per lane, the copies joined by a bar along their middle.
An arrow must meet such a step at a clear point: its tip on the outline of a
copy and not under a bar (the bar would hide the arrowhead), and no segment may
run along a bar. An answer's label keeps room from every line but its own.
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

import pytest

from generator.flowchart import flowchart_pages
from generator.flowchart.geometry import (
    STYLE,
    Drawing,
    channel_widths,
    header_lines,
    page_texts,
    place_page,
)
from generator.flowchart.router import Box, Label, _overlaps
from generator.loader import load_repository
from generator.model.organisasi import Organisasi
from generator.model.sop import Sop

from .conftest import SOPS
from .test_flowchart import approval_by_two, make_sop, parallel_sop

FIXTURES = Path(__file__).parent / "fixtures" / "kantor_r4"
BAR_ROOM = 4.0  # a tip or a line this close to a bar is hidden by it or runs along it
LABEL_ROOM = 4.0  # a label this close to another line reads as that line's


@cache
def office(folder: str):
    result = load_repository(FIXTURES / folder / "sops")
    assert result.repository is not None
    return result.repository


@cache
def seeds():
    result = load_repository(SOPS)
    assert result.repository is not None
    return result.repository


def drawings(sop: Sop, organisasi: Organisasi) -> list[Drawing]:
    """Every page of `sop`'s swimlane with every position decided, as `sop flowchart`
    places them."""
    pages = flowchart_pages(sop, organisasi)
    waktu = "Waktu: {waktu}"
    prepared = [page_texts(page, True, waktu) for page in pages]
    channels = channel_widths(pages, True, waktu, False, prepared)
    headers = [header_lines(lane.label) for lane in pages[0].chart.lanes]
    return [
        place_page(page, ["Judul"], headers, channels, True, waktu, prepared=texts)
        for page, texts in zip(pages, prepared, strict=True)
    ]


def synthetic_returns() -> Sop:
    """Twelve steps over five lanes with return arrows, a shared and an either-or step."""
    roles = ["staf", "kasi_kerjasama", "kabid_pdip", "sekretaris", "kadis"]
    steps = []
    for number in range(1, 13):
        step: dict = {"kegiatan": f"Memeriksa berkas tahap {number}", "waktu": "1 hari"}
        step["pelaksana"] = roles[(number * 3) % len(roles)]
        if number % 4 == 0:
            step["pertanyaan"] = f"Berkas {number} lengkap?"
            step["jawaban"] = {"Ya": "lanjut", "Tidak": number - 3}
        if number == 5:
            step["pelaksana"] = ["kasi_kerjasama", "kadis"]
        if number == 9:
            step["pelaksana"] = ["staf", "sekretaris"]
            step["pelaksana_salah_satu"] = True
        steps.append(step)
    return make_sop(roles, steps)


def charts() -> list[tuple[str, Sop, Organisasi]]:
    rsud, kelurahan = office("rsud_sidoarjo"), office("kelurahan_sukajadi")
    own = seeds().organisasi
    return [
        ("rsud-rawat-inap", rsud.sop("penerimaan-rawat-inap").sop, rsud.organisasi),
        ("kelurahan-ahli-waris", kelurahan.sop("ahli-waris").sop, kelurahan.organisasi),
        ("kerjasama", seeds().sop("pelayanan-kerjasama").sop, own),
        ("bersama", approval_by_two(either=False), own),
        ("salah-satu", approval_by_two(either=True), own),
        ("bersamaan", parallel_sop(), own),
        ("sintetis", synthetic_returns(), own),
    ]


def bars(drawing: Drawing) -> list[tuple[float, float, float]]:
    """Each bar joining two copies of a step: (y, x from, x to)."""
    copies: dict[str, list[Box]] = {}
    for placed in drawing.symbols:
        copies.setdefault(placed.node_id, []).append(placed.box)
    result = []
    for boxes in copies.values():
        ordered = sorted(boxes, key=lambda box: box.cx)
        result += [(a.cy, a.right, b.left) for a, b in itertools.pairwise(ordered)]
    return result


def on_outline(box: Box, point: tuple[float, float], room: float = 0.6) -> bool:
    """True when `point` lies on the outline of `box` (its diamond; its work box above)."""
    x, y = point
    if box.diamond:
        measure = abs(x - box.cx) / (box.width / 2) + abs(y - box.cy) / (box.height / 2)
        if abs(measure - 1) * min(box.width, box.height) / 2 <= room:
            return True
        if box.work_height:  # the work box above the diamond
            half = box.work_width / 2
            bottom = box.top + box.work_height
            on_side = abs(abs(x - box.cx) - half) <= room and box.top <= y <= bottom
            on_top = abs(y - box.top) <= room and abs(x - box.cx) <= half
            return on_side or on_top
        return False
    inside_x = box.left - room <= x <= box.right + room
    inside_y = box.top - room <= y <= box.bottom + room
    on_side = min(abs(x - box.left), abs(x - box.right)) <= room and inside_y
    return on_side or (min(abs(y - box.top), abs(y - box.bottom)) <= room and inside_x)


def problems_at_bars(drawing: Drawing) -> list[str]:
    """Tips off their symbol or under a bar, and lines along a bar."""
    found = []
    copies: dict[str, list[Box]] = {}
    for placed in drawing.symbols:
        copies.setdefault(placed.node_id, []).append(placed.box)
    joins = bars(drawing)
    for route in drawing.routes:
        name = f"{route.tail}->{route.head}"
        tip = route.points[-1]
        if not any(on_outline(box, tip) for box in copies[route.head]):
            found.append(f"{name}: tip {tip} not on the outline of {route.head}")
        for y, low, high in joins:
            if low - BAR_ROOM <= tip[0] <= high + BAR_ROOM and abs(tip[1] - y) < BAR_ROOM:
                found.append(f"{name}: tip {tip} under the bar at y={y:g}")
            for (ax, ay), (bx, by) in itertools.pairwise(route.points):
                along = min(high, max(ax, bx)) - max(low, min(ax, bx))
                if ay == by and abs(ay - y) < BAR_ROOM and along > 1.0:
                    found.append(f"{name}: runs {along:g} pt along the bar at y={y:g}")
    return found


def label_rect(label: Label, room: float) -> tuple[float, float, float, float]:
    size = STYLE.label_size
    return (
        label.x - room,
        label.y - 0.8 * size - room,
        label.x + label.width + room,
        label.y + label.height_below(size) + room,
    )


def crowded_labels(drawing: Drawing) -> list[str]:
    """Labels closer than LABEL_ROOM to a line other than their own first one."""
    found = []
    for route in drawing.routes:
        if route.label is None:
            continue
        x0, y0, x1, y1 = label_rect(route.label, LABEL_ROOM)
        for other in drawing.routes:
            same_port = other.points[0] == route.points[0]  # its own, or a fork of it
            points = other.points[1:] if same_port else other.points
            for (ax, ay), (bx, by) in itertools.pairwise(points):
                across = min(ax, bx) <= x1 and max(ax, bx) >= x0
                if across and min(ay, by) <= y1 and max(ay, by) >= y0:
                    found.append(
                        f"{route.label.text!r} of {route.tail}->{route.head} near "
                        f"{other.tail}->{other.head} ({ax:g},{ay:g})-({bx:g},{by:g})"
                    )
    return found


@pytest.mark.parametrize("name", [name for name, _, _ in charts()])
def test_arrows_meet_steps_in_several_lanes_at_a_clear_point(name: str):
    _, sop, organisasi = next(chart for chart in charts() if chart[0] == name)
    for drawing in drawings(sop, organisasi):
        assert problems_at_bars(drawing) == []


@pytest.mark.parametrize("name", [name for name, _, _ in charts()])
def test_answer_labels_keep_room_from_other_lines(name: str):
    _, sop, organisasi = next(chart for chart in charts() if chart[0] == name)
    for drawing in drawings(sop, organisasi):
        assert crowded_labels(drawing) == []


def test_an_arrow_into_a_joint_step_ends_at_the_copy_nearest_its_tail():
    """Kelurahan: "Tidak" from the Operator's diamond returns to step 1, done by the
    applicant and the RT/RW together: into the RT/RW copy (next lane), from its free
    side, not across that copy into the far one's side under the bar."""
    kelurahan = office("kelurahan_sukajadi")
    (drawing,) = drawings(kelurahan.sop("ahli-waris").sop, kelurahan.organisasi)
    boxes = {placed.box.id: placed.box for placed in drawing.symbols}
    (back,) = [r for r in drawing.routes if r.label and r.head == "s1"]
    near = min((boxes["s1"], boxes["s1__2"]), key=lambda box: abs(box.cx - boxes["s2"].cx))
    assert back.points[-1][0] == pytest.approx(near.right)


def test_an_arrow_out_of_a_joint_step_leaves_from_below_not_along_its_bar():
    sop = make_sop(
        ["staf", "kabid_pdip", "sekretaris"],
        [
            {"kegiatan": "Menyetujui", "pelaksana": ["staf", "sekretaris"]},
            {"kegiatan": "Mencatat", "pelaksana": "kabid_pdip"},
        ],
    )
    (drawing,) = drawings(sop, seeds().organisasi)
    boxes = {placed.box.id: placed.box for placed in drawing.symbols}
    (out,) = [r for r in drawing.routes if r.tail == "s1"]
    start = out.points[0]
    assert start[1] == pytest.approx(boxes["s1"].bottom)  # out of the bottom
    assert problems_at_bars(drawing) == []


def test_a_long_answer_leaves_on_the_side_where_it_fits():
    """RSUD: "Naik kelas (permintaan sendiri)" is too long for the room right of the
    Admisi diamond: it leaves on the left, and no label covers a symbol."""
    rsud = office("rsud_sidoarjo")
    (drawing,) = drawings(rsud.sop("penerimaan-rawat-inap").sop, rsud.organisasi)
    boxes = {placed.box.id: placed.box for placed in drawing.symbols}
    (long,) = [r for r in drawing.routes if r.label and r.label.text.startswith("Naik")]
    assert long.points[0][0] < boxes["s4"].cx
    for route in drawing.routes:
        if route.label:
            rect = label_rect(route.label, 0.0)
            assert not [box.id for box in boxes.values() if _overlaps(box, *rect)], route


def test_one_answer_forking_to_parallel_steps_leaves_from_one_point_per_answer():
    """The decision of `parallel_sop`: "Ya" goes to steps 6 and 7 (done at the same
    time), "Tidak" back to steps 2, 3 and 4: each answer leaves from its own corner,
    so a reader never sees two answers on one line."""
    (drawing,) = drawings(parallel_sop(), seeds().organisasi)
    starts: dict[str, set[tuple[float, float]]] = {}
    for route in drawing.routes:
        if route.tail == "s5" and route.label:
            starts.setdefault(route.label.text, set()).add(route.points[0])
    assert set(starts) == {"Ya", "Tidak"}
    assert all(len(points) == 1 for points in starts.values()), starts
    assert starts["Ya"] != starts["Tidak"]
