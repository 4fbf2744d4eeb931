"""A cold `sop generate` makes its SOPs' folders and files ahead, in a forked child
(generator.site.ahead), and leaves nothing behind that the run did not write."""

from __future__ import annotations

import shutil
import subprocess
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


# Run in a process of its own: this one may have threads (earlier tests' engines), and
# with a thread running nothing is made ahead.
_CHILD = """
import os, sys
from pathlib import Path
from generator.site import ahead
made = ahead.start(Path(sys.argv[1]), Path(sys.argv[2]))
assert made is not None, "nothing made ahead"
os.waitpid(made.pid, 0)  # to its end, not killed: every file is there
print(len(made.paths))
"""


@linux_only
def test_the_forked_child_makes_every_planned_file_empty(tmp_path: Path):
    root = tmp_path / "sops"
    shutil.copytree(SOPS, root)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(out), str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    paths = ahead.planned_paths(root)
    assert int(done.stdout) == len(paths)
    assert _tree(out) == {
        **{path: b"" for path in paths},
        **{folder: None for path in paths for folder in _folders(path)},
    }


def _generate_in(project: Path) -> subprocess.CompletedProcess[str]:
    """`sop generate --out out` in `project`, in a process of its own (no thread of
    earlier tests running there: the files are made ahead)."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "generate", "--out", "out"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def _folders(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: end + 1]) for end in range(len(parts))]


def test_tidy_removes_the_empty_files_not_written_and_the_folders_left_empty(tmp_path: Path):
    root = tmp_path / "sops"
    shutil.copytree(SOPS, root)
    out = tmp_path / "out"
    made = ahead.Ahead(out, ahead.planned_paths(root), existed=False, pid=0)
    ahead._make(out, made.paths)  # what the child makes
    written = set(made.paths[:4])  # one SOP's files, written by the run
    for path in written:
        (out / path).write_text("isi", "utf-8")
    (out / made.paths[4]).write_text("", "utf-8")  # written by the run, empty: stays
    written.add(made.paths[4])
    made.tidy(written)
    assert sorted(p for p, content in _tree(out).items() if content is not None) == sorted(written)
    assert not [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())]
    nothing = ahead.Ahead(tmp_path / "leer", made.paths, existed=False, pid=0)
    ahead._make(nothing.out, nothing.paths)
    nothing.tidy(())  # nothing written: the folder, made by the child, goes too
    assert not nothing.out.exists()
    there = ahead.Ahead(tmp_path / "ada", made.paths, existed=True, pid=0)
    ahead._make(there.out, there.paths)
    there.tidy(())  # a folder that was there before stays, empty
    assert there.out.is_dir() and not any(there.out.iterdir())


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
    result = _generate_in(project)
    assert result.returncode == 1, result.stdout + result.stderr  # the broken file is reported
    made = _tree(project / "out")
    assert "sop/rusak" not in made and not [p for p in made if p.startswith("sop/rusak/")]
    assert "sop/inovasi-pelayanan/index.md" in made
    monkeypatch.chdir(fresh)
    monkeypatch.setattr(ahead, "start", lambda out, root: None)  # nothing made ahead
    CliRunner().invoke(cli, ["generate", "--out", "out"])
    assert made == _tree(fresh / "out")


@linux_only
def test_registries_that_do_not_load_leave_no_output_folder(tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(SOPS, project / "sops")
    (project / "sops" / "organisasi.yaml").write_text("instansi: [\n", "utf-8")
    result = _generate_in(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert not (project / "out").exists()
