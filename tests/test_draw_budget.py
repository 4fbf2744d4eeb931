"""Drawing is bounded: a size estimate before drawing, a time budget while drawing.

An SOP within every limit of `generator/limits.py` can still be too large to
draw (200 steps x 30 roles x 2,000-character texts: a 600-page table). The
estimate (`generator/drawsize.py`) reports it with `sop check` at the key to
change, and the site and the book show a note instead of the chart and the
table. The embedded Graphviz engine runs layouts that search under a wall-clock
budget (wasmtime epoch interruption): a render over it is stopped cleanly and
reported; pinned charts, whose cost the limits bound, render without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from bench.hostile import at_every_limit, largest_drawn
from generator.drawsize import LIMITS, measure, too_large
from generator.flowchart import FlowchartOptions, flowchart_svg, flowchart_svgs
from generator.flowchart.render import EngineError, render
from generator.loader import load_repository
from generator.model.organisasi import Jabatan
from generator.model.sop import Sop

from .conftest import REPO, SOPS

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _repository(folder: Path = SOPS):
    result = load_repository(folder)
    assert result.repository is not None
    return result.repository


def _sop(steps: list[dict], roles: list[str]) -> Sop:
    return Sop.model_validate(
        {"nama": "Uji", "unit": {"bidang": "pdip", "seksi": "kerjasama"}, "pelaksana": roles}
        | {"prosedur": steps}
    )


def _steps(count: int, roles: list[str], text: str = "Memeriksa berkas") -> list[dict]:
    return [{"kegiatan": text, "pelaksana": roles[n % len(roles)]} for n in range(count)]


def test_the_real_sops_are_far_below_every_limit():
    repository = _repository()
    for entry in repository.sops:
        size = measure(entry.sop, repository.organisasi)
        for name, limit in LIMITS.items():
            assert getattr(size, name) * 10 <= limit, (entry.id, name, size)


def test_a_long_real_sop_is_drawn():
    """30 steps, 8 roles, 300-character texts, a return arrow: no limit is near."""
    roles = [f"peran_{n}" for n in range(8)]
    steps = _steps(30, roles, "Memeriksa " * 30)
    steps[20]["jawaban"] = {"Ya": "lanjut", "Tidak": 2}
    assert too_large(_sop(steps, roles), _repository().organisasi) is None


def test_each_measure_fires_on_its_own():
    organisasi = _repository().organisasi
    roles = [f"peran_{n:02d}" for n in range(30)]
    cells = _sop(_steps(100, roles), roles)
    text = _sop(_steps(40, roles[:2], "Memeriksa " * 200), roles[:2])
    jumps = _steps(150, roles[:2])
    for step in jumps[100:]:
        step["jawaban"] = {"Ya": "lanjut", "Tidak": 1}
    arrows = _sop(jumps, roles[:2])
    long_name = organisasi.model_copy(
        update={"jabatan": {**organisasi.jabatan, "staf": Jabatan(nama="Staf " * 80)}}
    )
    header = _sop(_steps(3, ["staf"]), ["staf"])
    assert too_large(cells, organisasi) == ("cells", 102 * 30, LIMITS["cells"])
    assert too_large(text, organisasi)[0] == "text"
    assert too_large(arrows, organisasi)[0] == "arrow_rows"
    assert too_large(header, long_name) == ("header", len(("Staf " * 80).strip()) * 6, 1800)
    assert too_large(header, organisasi) is None


def test_too_large_is_a_note_in_batches_and_an_error_when_asked():
    organisasi = _repository().organisasi
    roles = [f"peran_{n:02d}" for n in range(30)]
    big = _sop(_steps(100, roles), roles)
    (note,) = flowchart_svg(big, organisasi, name="besar")
    root = ElementTree.fromstring(note)
    assert "Bagan alir tidak digambar" in "".join(root.itertext())
    assert "jumlah sel (baris x pelaksana) 3060 > 2400" in "".join(root.itertext())
    with pytest.raises(EngineError) as raised:
        flowchart_svg(big, organisasi, name="besar", placeholder=False)
    assert raised.value.key == "too_large"
    assert "3060 melebihi batas 2400" in raised.value.message("id")


@pytest.mark.slow
def test_a_long_render_is_stopped_by_its_budget():
    """A graph that Graphviz's own `dot` layout needs many seconds for, with a budget
    of 0.3 s: stopped within about that time; the engine then works again."""
    edges = "".join(f"n{n} -> n{(n * 7919) % 1500}; n{n} -> n{n + 1};" for n in range(1500))
    source = "digraph { " + edges + " }"
    render("digraph { a }")  # the engine's start (compiling its module) is not the render's
    # CPU time of this process, not wall time: on the shared machine a starved
    # process took 5.4 s of wall time to be stopped after 0.3 s of budget.
    start = time.process_time()
    with pytest.raises(EngineError) as raised:
        render(source, layout="dot", budget_seconds=0.3)
    seconds = time.process_time() - start
    assert raised.value.key == "render_budget"
    assert "dihentikan setelah 0.3 detik" in raised.value.message("id")
    assert seconds < 5, seconds
    assert render("digraph { a -> b }", layout="dot").startswith(b"<?xml")


def test_the_largest_chart_the_limits_allow_renders_quickly_without_a_budget(tmp_path: Path):
    """Pinned charts render in the engine without epoch checks (no budget can stop them):
    the largest SOP the drawing limits allow (200 steps, 11 roles, returns over ~3,000
    rows) must still finish quickly, all its pages, as the engine's docstring argues."""
    folder = tmp_path / "sops"
    shutil.copytree(SOPS, folder)
    largest_drawn(folder, "terbesar")
    repository = _repository(folder)
    entry = next(entry for entry in repository.sops if entry.id == "terbesar")
    assert too_large(entry.sop, repository.organisasi) is None  # drawn, not a note
    render("digraph { a }")  # the engine's start (compiling its module) is not the render's
    start = time.process_time()  # CPU, not wall time: the machine is shared
    pages = flowchart_svg(entry.sop, repository.organisasi, name=entry.id, placeholder=False)
    seconds = time.process_time() - start
    assert len(pages) >= 5 and all(b"Bagan alir tidak digambar" not in page for page in pages)
    assert seconds < 5, seconds  # measured here: ~0.3 s for every page


def test_a_chart_out_of_time_becomes_a_note_and_is_not_kept():
    repository = _repository()
    entry = repository.sops[0]
    options = FlowchartOptions(budget_seconds=0)  # no time at all: stops at once
    (pages,) = flowchart_svgs([(entry.id, entry.sop)], repository.organisasi, options=options)
    assert len(pages) == 1 and b"Bagan alir tidak digambar" in pages[0]
    assert b"waktu menggambar melebihi 0 detik" in pages[0]
    with pytest.raises(EngineError) as raised:
        flowchart_svg(
            entry.sop, repository.organisasi, name=entry.id, options=options, placeholder=False
        )
    assert raised.value.key == "render_budget"
    (drawn,) = flowchart_svgs([(entry.id, entry.sop)], repository.organisasi)
    assert b"Bagan alir tidak digambar" not in drawn[0]


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "proyek"
    shutil.copytree(SOPS, project / "sops")
    at_every_limit(project / "sops", "batas")
    return project


@pytest.mark.slow
def test_an_sop_at_every_limit_is_reported_at_its_line(tmp_path: Path):
    project = _project(tmp_path)
    line = (project / "sops" / "batas.yaml").read_text("utf-8").splitlines().index("pelaksana:")
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check", "--no-cache", "sops/batas.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env=ENV,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert (
        f"sops/batas.yaml:{line + 1}:1: galat bagan-terlalu-besar bagan alir dan tabel prosedur"
        " terlalu besar untuk digambar: jumlah sel (baris x pelaksana) 6060 melebihi batas 2400"
    ) in done.stdout
    assert "saran: pecah SOP menjadi beberapa SOP" in done.stdout
    drawn = subprocess.run(
        [sys.executable, "-m", "generator.cli", "flowchart", "sops/batas.yaml", "-o", "x.svg"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env=ENV,
    )
    assert drawn.returncode == 1
    assert drawn.stderr.startswith("sops/batas.yaml: bagan alir terlalu besar untuk digambar")
    assert not list(project.glob("x*.svg"))


@pytest.mark.slow
def test_a_build_with_an_sop_at_every_limit_publishes_everything_with_a_note(tmp_path: Path):
    """Before the estimate, this build ran for more than ten minutes (the book's table)."""
    project = _project(tmp_path)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=ENV,
    )
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stdout + done.stderr
    assert seconds < 120, seconds
    site = project / "site"
    for entry in _repository(project / "sops").sops:
        assert (site / "sop" / entry.id / "index.html").is_file()
        assert (site / "sop" / f"{entry.id}.pdf").is_file()
    note = (site / "sop" / "batas" / "batas.svg").read_text("utf-8")
    assert "Bagan alir tidak digambar" in note
    assert "Bagan alir tidak digambar" not in (
        site / "sop" / "pelayanan-kerjasama" / "pelayanan-kerjasama.svg"
    ).read_text("utf-8")


def test_the_readme_lists_the_drawing_limits_and_the_budget():
    from generator.flowchart.render import RENDER_BUDGET_SECONDS

    readme = (REPO / "README.md").read_text("utf-8")
    for limit in LIMITS.values():
        assert f"| {limit:,} |" in readme, limit
    assert f"gets {RENDER_BUDGET_SECONDS:g} s of wall-clock time" in readme
