"""Every drawing of a flow shows exactly the checker's arrows (property test, issue 12).

Random SOPs (answers written as authors write them: "Lanjut", "2", " Selesai",
step ids in capitals, `lanjut_ke`, parallel steps) go through the loader; then the swimlane as
Graphviz drew it (pinned, read back as JSON) and the handbook's procedure
table must hold exactly the arrows of `generator.flow.Flow(sop).arrows`, with
their answers, on one page and split over pages.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.flow import END, Flow
from generator.flowchart import FlowchartOptions, flowchart_dot
from generator.flowchart.layout import END_ID, START_ID, Symbol, build_chart, step_id
from generator.handbook.table import procedure_table
from generator.loader import load_repository
from generator.model.sop import JenisLangkah, Sop

from .conftest import SOPS
from .test_flowchart import lay_out

ROLES = ["staf", "kasi_kerjasama", "kabid_pdip", "kadis"]
Arrow = tuple[str, str, str | None]


@st.composite
def flows(draw) -> dict:
    """An SOP whose flow is random: answers and jumps written in every accepted spelling."""
    count = draw(st.integers(min_value=1, max_value=9))

    def target():
        number = st.integers(min_value=0, max_value=count + 1)
        return st.one_of(
            number,
            number.map(str),
            st.sampled_from(["lanjut", "Lanjut", "selesai", " Selesai", "LANJUT", "nowhere"]),
            st.integers(min_value=1, max_value=count).map(lambda n: f"L{n}"),
        )

    steps = []
    for number in range(1, count + 1):
        step: dict = {
            "id": f"l{number}",
            "kegiatan": f"Memeriksa {number}",
            "pelaksana": draw(
                st.lists(st.sampled_from(ROLES), min_size=1, max_size=2, unique=True)
            ),
        }
        kind = draw(st.integers(min_value=0, max_value=9))
        if kind < 4:
            answers = draw(
                st.lists(
                    st.sampled_from(["Ya", "Tidak", "Kurang"]), min_size=1, max_size=3, unique=True
                )
            )
            step["jawaban"] = {answer: draw(target()) for answer in answers}
        elif kind < 5:
            step["lanjut_ke"] = draw(target())
        elif kind < 6:
            step["jenis"] = draw(st.sampled_from(["mulai", "selesai"]))
        if number > 1 and draw(st.integers(min_value=0, max_value=3)) == 0:
            step["bersamaan"] = True  # done at the same time as the step before
        steps.append(step)
    return {
        "nama": "Alur acak",
        "unit": {"bidang": "pdip", "seksi": "kerjasama"},
        "pelaksana": ROLES,
        "prosedur": steps,
    }


def checker_arrows(sop: Sop, capsules: bool = True) -> Counter[Arrow]:
    """The arrows the checker analyses, as node ids of the drawings, with the form's capsules.

    PermenPAN-RB 35/2012 draws the capsule on the first and last activity: when
    no step is `jenis: selesai`, an unlabelled arrow from a process step to the
    end is that step's end capsule, not an arrow; a derived "Mulai" leads into
    the flow only when it starts with something other than process steps.
    Without `capsules` (BPMN: events are nodes of their own) every arrow is kept
    and a derived start leads in unless step 1 is `jenis: mulai`.
    """
    steps = sop.prosedur
    flow = Flow(sop)
    explicit_end = next((n for n, s in enumerate(steps, 1) if s.kind is JenisLangkah.SELESAI), None)
    end = step_id(explicit_end) if explicit_end else END_ID
    arrows: Counter[Arrow] = Counter()
    starts_with_work = capsules and all(steps[i].kind is JenisLangkah.PROSES for i in flow.starts)
    if steps[0].kind is not JenisLangkah.MULAI and not starts_with_work:
        arrows.update((START_ID, step_id(index + 1), None) for index in flow.starts)
    for arrow in flow.arrows:
        if arrow.target is None:
            continue
        if capsules and arrow.target == END and capsule_end(sop, arrow):
            continue
        head = end if arrow.target == END else step_id(arrow.target + 1)
        arrows[(step_id(arrow.source + 1), head, arrow.label)] += 1
    return arrows


def capsule_end(sop: Sop, arrow) -> bool:
    """True when `arrow` (to the end) is drawn as its step's end capsule instead."""
    steps = sop.prosedur
    explicit_end = any(step.kind is JenisLangkah.SELESAI for step in steps)
    source = steps[arrow.source]
    return not explicit_end and source.kind is JenisLangkah.PROSES and not arrow.label


def joined(pages: list[list[Arrow]]) -> Counter[Arrow]:
    """The arrows of all pages with each off-page connector pair joined up again."""
    ins = {tail: head for page in pages for tail, head, _ in page if tail.startswith("in_")}
    result: Counter[Arrow] = Counter()
    for page in pages:
        for tail, head, label in page:
            if tail.startswith("in_"):
                continue
            if head.startswith("out_"):
                head = ins["in_" + head.removeprefix("out_").split("_")[0]]
            result[(tail, head, label)] += 1
    return result


def swimlane_arrows(sop: Sop, organisasi, max_rows: int | None) -> Counter[Arrow]:
    sources = flowchart_dot(sop, organisasi, options=FlowchartOptions(max_rows=max_rows))
    pages = []
    for source in sources:
        drawn = lay_out(source)
        pages.append([(e["tail"], e["head"], e.get("xlabel")) for e in drawn.flow_edges()])
    return joined(pages)


def _folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("alur") / "sops"
    folder.mkdir()
    shutil.copy(SOPS / "organisasi.yaml", folder)
    shutil.copy(SOPS / "peraturan.yaml", folder)
    return folder


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=flows())
@pytest.mark.slow
def test_swimlane_and_procedure_table_draw_exactly_the_checkers_arrows(tmp_path_factory, document):
    folder = _folder(tmp_path_factory)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    (folder / "alur.yaml").write_text(text, "utf-8")
    result = load_repository(folder)
    if result.repository is None or not result.repository.sops:
        return
    (entry,) = result.repository.sops
    organisasi = result.repository.organisasi
    expected = checker_arrows(entry.sop)
    for max_rows in (None, 2):
        assert swimlane_arrows(entry.sop, organisasi, max_rows) == expected, max_rows
    table = procedure_table(entry.sop, organisasi)
    assert joined([list(page.arrows) for page in table.pages]) == expected
    # Every step whose end is its own capsule, and the first activity, are drawn as capsules.
    chart = build_chart(entry.sop, organisasi, "Mulai", "Selesai")
    flow = Flow(entry.sop)
    capsules = {a.source for a in flow.arrows if a.target == END and capsule_end(entry.sop, a)}
    steps = entry.sop.prosedur
    first_written = steps[0].kind is JenisLangkah.MULAI
    if not first_written and all(steps[i].kind is JenisLangkah.PROSES for i in flow.starts):
        capsules |= set(flow.starts)  # the start capsule on the first activities
    for index in capsules:
        assert chart.node(step_id(index + 1)).symbol is Symbol.TERMINATOR, index


def test_answers_written_as_authors_write_them_are_drawn():
    """{Ya: Lanjut, Tidak: "2"}: the checker counts two arrows; both are drawn (issue 12)."""
    data = {
        "nama": "Contoh",
        "unit": {"bidang": "pdip"},
        "pelaksana": ["staf", "kadis"],
        "prosedur": [
            {"kegiatan": "Menyiapkan", "pelaksana": "staf"},
            {"kegiatan": "Memeriksa", "pelaksana": "kadis"},
            {
                "kegiatan": "Menilai",
                "pelaksana": "kadis",
                "jawaban": {"Ya": "Lanjut", "Tidak": "2"},
            },
            {"kegiatan": "Mengarsipkan", "pelaksana": "staf"},
        ],
    }
    sop = Sop.model_validate(data)
    repository = load_repository(SOPS).repository
    assert repository is not None
    drawn = swimlane_arrows(sop, repository.organisasi, None)
    assert ("s3", "s4", "Ya") in drawn and ("s3", "s2", "Tidak") in drawn
    assert drawn == checker_arrows(sop)
