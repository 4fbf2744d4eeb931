"""The flow as documents draw it: one resolver for answers, jumps, ends in the middle,
parallel steps, and the swimlane drawing exactly the arrows the checker analyses."""

from __future__ import annotations

from typing import Any

import pytest

from generator.flow import END, ArrowKind, Flow, resolve_target
from generator.flowchart.layout import END_ID, START_ID, Symbol, build_chart, step_id
from generator.model.organisasi import Organisasi
from generator.model.sop import Sop

ORGANISASI = Organisasi.model_validate(
    {
        "instansi": {"nama": "Dinas"},
        "bidang": {"b": {"nama": "Bidang"}},
        "jabatan": {
            "staf": {"nama": "Staf"},
            "kasi": {"nama": "Kasi"},
            "kabid": {"nama": "Kabid"},
            "sekretaris": {"nama": "Sekretaris"},
            "dirjen": {"nama": "Dirjen", "eksternal": True},
        },
    }
)


def make_sop(prosedur: list[dict[str, Any]], **extra: Any) -> Sop:
    data = {"nama": "Contoh", "unit": {"bidang": "b"}, "pelaksana": ["staf", "kasi"]}
    return Sop.model_validate({**data, **extra, "prosedur": prosedur})


def step(text: str = "Memeriksa berkas", **extra: Any) -> dict[str, Any]:
    return {"kegiatan": text, "pelaksana": "staf", "waktu": "10 menit", **extra}


def chart_arrows(sop: Sop) -> set[tuple[str, str, str | None]]:
    chart = build_chart(sop, ORGANISASI, "Mulai", "Selesai")
    return {(a.tail, a.head, a.label) for a in chart.arrows}


def flow_arrows(sop: Sop) -> set[tuple[str, str, str | None]]:
    """The flow's arrows in the chart's node names (END is the derived end)."""
    return {
        (step_id(a.source + 1), END_ID if a.target == END else step_id(a.target + 1), a.label)
        for a in Flow(sop).arrows
        if a.target is not None
    }


@pytest.mark.parametrize(
    ("written", "expected"),
    [(2, 1), ("2", 1), (" 2 ", 1), ("Lanjut", 3), ("LANJUT", 3), ("Selesai", END), ("satu", 0)],
)
def test_every_spelling_of_a_target_resolves_the_same(written: Any, expected: int) -> None:
    sop = make_sop(
        [
            step(id="satu"),
            step(),
            step(pertanyaan="Lengkap?", jawaban={"Ya": written, "Tidak": 1}),
            step(),
        ]
    )
    assert resolve_target(sop, 2, sop.prosedur[2].jawaban["Ya"]) == expected
    assert Flow(sop).arrows[2].target == expected


def test_the_swimlane_draws_the_answers_the_checker_counts() -> None:
    # Issue 12: with {Ya: Lanjut, Tidak: "2"} the chart drew no arrow leaving step 3.
    sop = make_sop(
        [
            step(),
            step(),
            step(pertanyaan="Lengkap?", jawaban={"Ya": "Lanjut", "Tidak": "2"}),
            step(),
        ]
    )
    drawn = chart_arrows(sop)
    assert ("s3", "s4", "Ya") in drawn
    assert ("s3", "s2", "Tidak") in drawn
    # The last activity carries the end capsule: its arrow to the end is the capsule.
    assert drawn == flow_arrows(sop) - {("s4", END_ID, None)}


def test_answer_kinds_forward_return_jump() -> None:
    sop = make_sop(
        [
            step(),
            step(pertanyaan="Lengkap?", jawaban={"Ya": "lanjut", "Tidak": 1, "Batal": 5}),
            step(),
            step(),
            step(),
        ]
    )
    kinds = {a.label: a.kind for a in Flow(sop).outgoing(1)}
    assert kinds == {"Ya": ArrowKind.FORWARD, "Tidak": ArrowKind.RETURN, "Batal": ArrowKind.JUMP}


def test_a_process_step_jumps_so_branches_rejoin() -> None:
    # Published numbering: branch A is steps 2-3, branch B step 4, both end in step 5.
    sop = make_sop(
        [
            step(pertanyaan="Baru?", jawaban={"Ya": "lanjut", "Tidak": 4}),
            step(),
            step(lanjut_ke=5),
            step(),
            step("Menyerahkan dokumen"),
        ]
    )
    flow = Flow(sop)
    jump = flow.outgoing(2)[0]
    assert (jump.target, jump.kind) == (4, ArrowKind.JUMP)
    assert flow.main_path == (0, 1, 2, 4)
    assert flow.reachable >= {0, 1, 2, 3, 4}
    assert ("s3", "s5", None) in chart_arrows(sop)
    assert ("s3", "s4", None) not in chart_arrows(sop)


def test_an_end_in_the_middle_of_the_table() -> None:
    sop = make_sop(
        [
            step(pertanyaan="Lengkap?", jawaban={"Ya": "lanjut", "Tidak": "tolak"}),
            step(lanjut_ke="selesai"),
            step("Menolak permohonan", id="tolak"),
        ]
    )
    flow = Flow(sop)
    assert flow.outgoing(1)[0].target == END
    assert flow.outgoing(1)[0].kind is ArrowKind.JUMP
    assert flow.main_path == (0, 1)
    assert flow.has_reachable_end and flow.reaches_end == {0, 1, 2}


def test_parallel_steps_fan_out_and_join() -> None:
    sop = make_sop(
        [
            step(),
            step("Memverifikasi data"),
            step("Memverifikasi dokumen", bersamaan=True),
            step("Menandatangani"),
        ]
    )
    flow = Flow(sop)
    assert flow.groups == ((1, 2),)
    assert {(a.source, a.target) for a in flow.arrows} == {(0, 1), (0, 2), (1, 3), (2, 3), (3, END)}
    assert flow.main_path == (0, 1, 2, 3)
    assert flow.reachable == {0, 1, 2, 3, END}
    drawn = chart_arrows(sop)
    assert ("s1", "s3", None) in drawn and ("s3", "s4", None) in drawn


def test_parallel_steps_at_the_start_all_start() -> None:
    sop = make_sop([step(), step(bersamaan=True), step()])
    assert Flow(sop).starts == (0, 1)
    # Both carry the start capsule (SOP AP: on the first activities), side by side.
    chart = build_chart(sop, ORGANISASI, "Mulai", "Selesai")
    assert not any(a.tail == START_ID for a in chart.arrows)
    assert chart.node("s1").symbol is chart.node("s2").symbol is Symbol.TERMINATOR
    # A decision first: no activity carries the capsule, a "Mulai" leads to every start.
    sop = make_sop([step(jawaban={"Ya": "lanjut"}), step(bersamaan=True), step()])
    assert {(START_ID, "s1", None), (START_ID, "s2", None)} <= chart_arrows(sop)
