"""A cold `sop generate` makes its SOPs' folders and files ahead, in a forked child
(generator.site.ahead), and leaves nothing behind that the run did not write."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.loader import sop_files
from generator.site import ahead

from .conftest import SOPS

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="made ahead only where it forks")


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in folder.rglob("*")
    }


def test_the_planned_paths_are_each_sop_files_pages_and_chart(tmp_path: Path):
    root = tmp_path / "sops"
    shutil.copytree(SOPS, root)
    (root / "Bukan Id.yaml").write_text("nama: x\n", "utf-8")  # not an id: nothing planned
    paths = ahead.planned_paths(root)
    assert "sop/inovasi-pelayanan/index.md" in paths
    assert "sop/inovasi-pelayanan/inovasi-pelayanan.svg" in paths
    assert "sop/inovasi-pelayanan/daftar-periksa.md" in paths
    assert "sop/inovasi-pelayanan/evaluasi.md" in paths
    assert not [p for p in paths if "Bukan" in p]
    assert len(paths) == 4 * (len(sop_files(root)) - 1)


@linux_only
def test_the_child_makes_empty_files_and_tidy_removes_those_not_written(tmp_path: Path):
    root = tmp_path / "sops"
    shutil.copytree(SOPS, root)
    out = tmp_path / "out"
    made = ahead.start(out, root)
    assert made is not None
    made.stop()  # collected: waits for nothing more than the kill
    made = ahead.Ahead(out, made.paths, existed=False, pid=0)
    ahead._make(out, made.paths)  # all of them, whatever the kill left undone
    assert all((out / path).is_file() for path in made.paths)
    written = set(made.paths[:4])
    for path in written:
        (out / path).write_text("isi", "utf-8")
    made.tidy(written)
    assert sorted(p for p, content in _tree(out).items() if content is not None) == sorted(written)
    assert not [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())]
    nothing = ahead.Ahead(tmp_path / "leer", made.paths, existed=False, pid=0)
    ahead._make(nothing.out, nothing.paths)
    nothing.tidy(())  # nothing written: the folder, made by the child, goes too
    assert not nothing.out.exists()


@linux_only
def test_a_cold_run_leaves_no_empty_file_for_an_sop_that_did_not_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """An SOP file that does not load (and has no version in git) gets no page: the
    files made ahead for it go, with its folder; the rest is as a run without `ahead`."""
    project = tmp_path / "project"
    shutil.copytree(SOPS, project / "sops")
    (project / "sops" / "rusak.yaml").write_text("nama: [tidak ditutup\n", "utf-8")
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["generate", "--out", "out"])
    assert result.exit_code == 1, result.output  # the broken file is reported
    made = _tree(project / "out")
    assert "sop/rusak" not in made and not [p for p in made if p.startswith("sop/rusak/")]
    assert "sop/inovasi-pelayanan/index.md" in made
    monkeypatch.chdir(fresh)
    monkeypatch.setattr(ahead, "start", lambda out, root: None)  # nothing made ahead
    CliRunner().invoke(cli, ["generate", "--out", "out"])
    assert made == _tree(fresh / "out")


@linux_only
def test_registries_that_do_not_load_leave_no_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    project = tmp_path / "project"
    shutil.copytree(SOPS, project / "sops")
    (project / "sops" / "organisasi.yaml").write_text("instansi: [\n", "utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["generate", "--out", "out"])
    assert result.exit_code == 1, result.output
    assert not (project / "out").exists()
