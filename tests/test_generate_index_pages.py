"""`sop generate` after an edit renders only the index pages that show what changed.

Each SOP's summary (what the index pages read of it) is kept in the record of
the output folder; each index page is keyed by everything its template is
given (generator.site.indexkey). After every kind of edit the folder must be
byte for byte what a run from nothing writes, and after a step's text is
edited the only index page rendered again is the page of the role that
performs the step.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.site import forkmap
from generator.site import pages as site_pages
from generator.site.indexkey import index_key
from generator.site.summary import (
    RoleShare,
    summary_data,
    summary_digests,
    summary_from_data,
)

from .conftest import SOPS

EDITED = "pdip/inovasi-pelayanan.yaml"
STEP = "Menyiapkan data dan bahan-bahan Pelayanan"


def _generate(folder: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> None:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["generate", "--out", "out", *options])
    assert result.exit_code in (0, 1), result.output


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _generated_once_then_watched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path, list[str]]:
    """A copy of the seeds generated once; then every page rendered is listed (the list)."""
    project = tmp_path / "project"
    root = project / "sops"
    shutil.copytree(SOPS, root)
    _generate(project, monkeypatch)
    rendered: list[str] = []
    real_render = site_pages.render_page

    def render_spy(template: str, path: str, *args, **kwargs):
        rendered.append(path)
        return real_render(template, path, *args, **kwargs)

    monkeypatch.setattr(site_pages, "render_page", render_spy)
    # Every render in this process, where the spy sees it (not in forked workers).
    monkeypatch.setattr(forkmap, "_may_fork", lambda: False)
    return project, root, rendered


def _step_text(root: Path) -> None:
    _replace(root / EDITED, STEP, "Menyiapkan data serta bahan Pelayanan")


def _title(root: Path) -> None:
    _replace(root / EDITED, "nama: Inovasi Pelayanan", "nama: Inovasi Layanan Publik")


def _unit(root: Path) -> None:
    _replace(root / EDITED, "seksi: inovasi_pelayanan", "seksi: pemanfaatan_data")


def _status(root: Path) -> None:
    _replace(root / EDITED, "status: berlaku", "status: draf")


def _regulation(root: Path) -> None:
    _replace(root / EDITED, "  - uu-28-1959\n", "")


def _added(root: Path) -> None:
    # A copy under another id: the same nomor twice (a finding on Tinjauan) and a new row.
    shutil.copy(root / EDITED, root / "pdip" / "inovasi-kedua.yaml")


def _removed(root: Path) -> None:
    (root / "pdip" / "pelayanan-kerjasama.yaml").unlink()


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("step text", _step_text),
    ("title", _title),
    ("unit", _unit),
    ("status", _status),
    ("regulation", _regulation),
    ("SOP added", _added),
    ("SOP removed", _removed),
]


@pytest.mark.slow
def test_every_kind_of_edit_leaves_the_folder_of_a_run_from_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    project, root, rendered = _generated_once_then_watched(tmp_path, monkeypatch)
    for number, (name, edit) in enumerate(EDITS):
        edit(root)
        rendered.clear()
        _generate(project, monkeypatch)
        index_pages = [path for path in rendered if not path.startswith("sop/")]
        if name == "step text":  # performed by the staff: only their page shows the text
            assert index_pages == ["jabatan/staf.md"], index_pages
        else:
            assert index_pages, name  # something an index page shows changed
        fresh = tmp_path / f"fresh-{number}"
        shutil.copytree(root, fresh / "sops")
        _generate(fresh, monkeypatch, "--no-cache")
        assert _tree(project / "out") == _tree(fresh / "out"), name


@pytest.mark.slow
def test_an_edit_no_index_page_shows_renders_no_index_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    project, root, rendered = _generated_once_then_watched(tmp_path, monkeypatch)
    # The qualifications show on the SOP's own page only.
    _replace(root / EDITED, "mengelola data dengan baik", "mengelola data dengan cermat")
    _generate(project, monkeypatch)
    assert rendered == ["sop/inovasi-pelayanan/index.md", "sop/inovasi-pelayanan/evaluasi.md",
                        "sop/inovasi-pelayanan/daftar-periksa.md"]  # fmt: skip
    assert "dengan cermat" in (project / "out/sop/inovasi-pelayanan/index.md").read_text("utf-8")


def test_a_summary_reads_back_as_written_and_a_damaged_one_as_missing():
    from generator.site.summary import SopSummary, TimingSummary

    summary = SopSummary(
        "a", "sop/a/index.md", "A", "1", "Berlaku", "berlaku", "b", "Bidang", "B", None, "",
        2, TimingSummary(30, "30 menit", True), ("uu-1",),
        (RoleShare("staf", 1, "", ((1, "Menulis", "30 Menit", "Surat"),)),), {"error": 0},
    )  # fmt: skip
    data = summary_data(summary)
    back = summary_from_data(data)
    assert back is not None and back.digest and back.id == "a" and back.timing.complete
    assert summary_data(back) == data
    kept = summary_from_data(data, summary_digests(back))  # hashes kept with the data
    assert kept == back and summary_digests(kept) == summary_digests(back)
    assert summary_from_data(data, ["x", []]).digest == back.digest  # wrong shape: hashed
    assert back.role_steps[0].rows == ((1, "Menulis", "30 Menit", "Surat"),)
    assert summary_from_data([*data[:11], "2", *data[12:]]) is None  # a count as text
    assert summary_from_data(data[:-1]) is None
    step_edited = [*data[:14], [["staf", [[1, "Membaca", "30 Menit", "Surat"]]]], data[15]]
    edited = summary_from_data(step_edited)
    assert edited.digest == back.digest  # role pages key the steps...
    assert edited.role_steps[0].digest != back.role_steps[0].digest  # ...by their own hash
    assert summary_from_data([*data[:2], "B", *data[3:]]).digest != back.digest


def test_an_index_key_refuses_a_value_without_a_stable_form():
    assert index_key("t", "p.md", "id", "md", {"x": [1, "a"]}) == index_key(
        "t", "p.md", "id", "md", {"x": (1, "a")}
    )
    assert index_key("t", "p.md", "id", "md", {"x": 1}) != index_key(
        "t", "p.md", "en", "md", {"x": 1}
    )
    with pytest.raises(TypeError):
        index_key("t", "p.md", "id", "md", {"x": {"a", "b"}})


@pytest.mark.slow
def test_charts_the_folder_holds_are_neither_drawn_nor_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Only the edited SOP's chart is asked for; a chart file changed by hand is made again."""
    from generator.site import flowcharts

    project = tmp_path / "project"
    root = project / "sops"
    shutil.copytree(SOPS, root)
    _generate(project, monkeypatch)
    asked: list[str] = []
    real = flowcharts.flowchart_svgs

    def spy(sops, *args, **kwargs):
        asked.extend(name for name, _ in sops)
        return real(sops, *args, **kwargs)

    monkeypatch.setattr(flowcharts, "flowchart_svgs", spy)
    _step_text(root)
    _generate(project, monkeypatch)
    assert asked == ["inovasi-pelayanan"]
    chart = project / "out" / "sop" / "pelayanan-kerjasama" / "pelayanan-kerjasama.svg"
    drawn = chart.read_bytes()
    chart.write_bytes(b"<svg/>")
    asked.clear()
    _generate(project, monkeypatch)
    assert asked == ["pelayanan-kerjasama"] and chart.read_bytes() == drawn


def test_index_pages_rendered_in_forked_workers_are_the_ones_rendered_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A large site renders its index pages in forked workers (`INDEX_FORK_FROM`): the
    same bytes as rendered here, the process map drawn here before the fork."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("processes are not forked here: the pages are rendered here")
    trees = {}
    for name, fork_from in (("here", 10**9), ("forked", 0)):
        project = tmp_path / name
        shutil.copytree(SOPS, project / "sops")
        monkeypatch.setattr(site_pages, "INDEX_FORK_FROM", fork_from)
        monkeypatch.setattr(site_pages, "INDEX_PARALLEL_FROM", 1)
        forked: list[int] = []
        real_fork_map = site_pages.fork_map

        def watched(function, jobs, *args, _seen=forked, _real=real_fork_map, **kwargs):
            if kwargs.get("parallel_from") == 1 and forkmap.forks(len(jobs), parallel_from=1):
                _seen.append(len(jobs))
            return _real(function, jobs, *args, **kwargs)

        monkeypatch.setattr(site_pages, "fork_map", watched)
        _generate(project, monkeypatch)
        assert bool(forked) == (name == "forked")
        trees[name] = _tree(project / "out")
    assert trees["here"] == trees["forked"]
    assert "peta-proses.md" in trees["here"]
