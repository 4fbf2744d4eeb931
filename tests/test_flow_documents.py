"""Flows as other offices' documents write them (issue 13): terminator rows in the
table, "selesai" reaching the end row that is written, and correction loops that leave
the main path counted in the worst case."""

from __future__ import annotations

from typing import Any

from generator.flow import END, Flow
from generator.model.sop import JenisLangkah, Sop
from generator.timing import sop_timing


def make_sop(prosedur: list[dict[str, Any]]) -> Sop:
    data = {"nama": "Contoh", "unit": {"bidang": "b"}, "pelaksana": ["staf", "kasi"]}
    return Sop.model_validate({**data, "prosedur": prosedur})


def work(text: str, waktu: str = "10 menit", **extra: Any) -> dict[str, Any]:
    return {"kegiatan": text, "pelaksana": "staf", "waktu": waktu, **extra}


def test_rows_written_mulai_and_selesai_are_the_capsules() -> None:
    sop = make_sop([{"kegiatan": "Mulai"}, work("Menerima berkas"), {"kegiatan": "Selesai."}])
    assert [step.kind for step in sop.prosedur] == [
        JenisLangkah.MULAI,
        JenisLangkah.PROSES,
        JenisLangkah.SELESAI,
    ]
    timing = sop_timing(sop)
    assert timing.complete and timing.main_total.low == 10
    # An activity that only starts with the word is work.
    assert make_sop([work("Mulai menyusun laporan")]).prosedur[0].kind is JenisLangkah.PROSES


def test_selesai_leads_to_the_end_row_the_author_wrote() -> None:
    sop = make_sop(
        [
            work("Menerima berkas"),
            work("Memeriksa berkas", pertanyaan="Lengkap?", jawaban={"Ya": "selesai", "Tidak": 1}),
            {"kegiatan": "Selesai", "jenis": "selesai"},
        ]
    )
    flow = Flow(sop)
    assert [(a.label, a.target) for a in flow.outgoing(1)] == [("Ya", 2), ("Tidak", 0)]
    assert 2 in flow.reachable
    without_row = make_sop(sop.model_dump(exclude_none=True)["prosedur"][:2])
    assert Flow(without_row).outgoing(1)[0].target == END


def test_a_correction_loop_off_the_main_path_counts_in_the_worst_case() -> None:
    sop = make_sop(
        [
            work("Menerima berkas", "15 menit"),
            work(
                "Memeriksa berkas",
                "10 menit",
                pertanyaan="Lengkap?",
                jawaban={"Ya": "selesai", "Tidak": "lanjut"},
            ),
            work("Melengkapi berkas", "1 hari", lanjut_ke="kembali ke langkah 2"),
        ]
    )
    timing = sop_timing(sop)
    assert timing.main_path == (0, 1)
    assert timing.main_total.low == 25
    assert timing.worst_total.low == 25 + 450 + 10  # the correction, then the check again


def test_an_sops_flow_is_worked_out_once_and_never_outlives_a_copy() -> None:
    sop = make_sop([work("Menerima berkas"), work("Memeriksa berkas")])
    assert sop.flow is sop.flow  # kept on the (frozen) SOP: every output reads the same
    assert [(a.source, a.target) for a in sop.flow.arrows] == [(0, 1), (1, END)]
    # A copy with other steps has its own flow, not the one kept on the original.
    longer = sop.model_copy(update={"prosedur": (*sop.prosedur, sop.prosedur[0])})
    assert longer.flow is not sop.flow
    assert [(a.source, a.target) for a in longer.flow.arrows][-1] == (2, END)
    # Equality and dumps are the fields' alone.
    assert sop == make_sop([work("Menerima berkas"), work("Memeriksa berkas")])
    assert "flow" not in sop.model_dump()


def test_an_sops_json_is_made_once_and_never_outlives_a_copy() -> None:
    """`Sop.json_text`, hashed by the page, chart and content keys, is the model's JSON;
    a copy with other fields makes its own."""
    sop = make_sop([work("Menerima berkas"), work("Memeriksa berkas")])
    assert sop.json_text == sop.model_dump_json() and sop.json_text is sop.json_text
    renamed = sop.model_copy(update={"nama": "Nama lain"})
    assert renamed.json_text == renamed.model_dump_json() != sop.json_text
    assert "json_text" not in sop.model_dump() and sop == make_sop(
        [work("Menerima berkas"), work("Memeriksa berkas")]
    )
