"""`sop check` reads each YAML file once: for the key of its stored output and the load."""

from __future__ import annotations

import collections
import os
import shutil
from pathlib import Path

from generator import filesnapshot, safepath
from generator.check.run import CheckOptions, check_run
from generator.project import Project

from .conftest import SOPS


def _counting(monkeypatch) -> collections.Counter:
    """Count every opening of a .yaml file, by the safe reader or `Path.read_bytes`."""
    reads: collections.Counter = collections.Counter()
    real_open, real_read_bytes = os.open, Path.read_bytes

    def counted_open(path, *args, **kwargs):
        if str(path).endswith(".yaml"):
            reads[os.path.realpath(path)] += 1
        return real_open(path, *args, **kwargs)

    def counted_read_bytes(self):
        if self.suffix == ".yaml":
            reads[os.path.realpath(self)] += 1
        return real_read_bytes(self)

    monkeypatch.setattr(os, "open", counted_open)
    monkeypatch.setattr(Path, "read_bytes", counted_read_bytes)
    return reads


def test_a_fresh_check_reads_every_yaml_file_once(tmp_path: Path, monkeypatch):
    root = tmp_path / "sops"
    shutil.copytree(SOPS, root)
    monkeypatch.chdir(tmp_path)
    reads = _counting(monkeypatch)
    run = check_run(Project.find((root,)), CheckOptions((root,)))
    assert "SOP" in run.stderr  # a whole run: findings and totals
    sops = {os.path.realpath(p) for p in root.rglob("*.yaml") if "pemantauan" not in p.parts}
    assert sops <= set(reads)  # every SOP file and registry was read ...
    assert {path: n for path, n in reads.items() if n > 1} == {}  # ... once


def test_a_snapshot_refuses_what_the_safe_reader_refuses(tmp_path: Path):
    outside = tmp_path / "luar.yaml"
    outside.write_text("nama: x\n", "utf-8")
    project = tmp_path / "proyek"
    project.mkdir()
    link = project / "tautan.yaml"
    link.symlink_to(outside)
    snapshot = filesnapshot.FileSnapshot()
    for _ in range(2):  # a refusal is not kept: the next reader meets it too
        try:
            snapshot.read_bytes_within(project, link, max_bytes=1000)
        except safepath.UnsafePathError as error:
            assert error.key.endswith("outside")
        else:
            raise AssertionError("a link out of the project was read")


def test_a_snapshot_resolves_a_linked_root_once_and_still_confines(tmp_path: Path):
    real = tmp_path / "nyata"
    real.mkdir()
    (real / "a.yaml").write_text("nama: a\n", "utf-8")
    (tmp_path / "luar.yaml").write_text("nama: luar\n", "utf-8")
    (real / "keluar.yaml").symlink_to(tmp_path / "luar.yaml")
    root = tmp_path / "tautan"  # the project named through a link
    root.symlink_to(real, target_is_directory=True)
    snapshot = filesnapshot.FileSnapshot()
    assert snapshot.read_bytes_within(root, root / "a.yaml", max_bytes=100) == b"nama: a\n"
    try:  # the root is resolved once and kept: a link out is still refused after it
        snapshot.read_bytes_within(root, root / "keluar.yaml", max_bytes=100)
    except safepath.UnsafePathError as error:
        assert error.key.endswith("outside")
    else:
        raise AssertionError("a link out of the linked project was read")


def _outcome(read, root: Path, path: Path) -> object:
    try:
        return read(root, path, max_bytes=100)
    except safepath.UnsafePathError as error:
        return error.key


def test_a_snapshot_reads_and_refuses_exactly_as_the_safe_reader(tmp_path: Path):
    """The snapshot resolves each folder once and reads plain files by it; every
    path still gets the careful reader's bytes or refusal (links in and out of
    the project, a folder link before "..", a FIFO, too large, missing)."""
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "x.yaml").write_text("nama: luar\n", "utf-8")
    (tmp_path / "x.yaml").write_text("nama: atas\n", "utf-8")
    project = tmp_path / "proyek"
    (project / "sops" / "bidang").mkdir(parents=True)
    (project / "sops" / "bidang" / "a.yaml").write_text("nama: a\n", "utf-8")
    (project / "sops" / "x.yaml").write_text("nama: sops\n", "utf-8")
    (project / "sops" / "besar.yaml").write_text("x" * 200, "utf-8")
    (project / "sops" / "ke-luar").symlink_to(outside, target_is_directory=True)
    (project / "sops" / "ke-bidang").symlink_to(project / "sops" / "bidang")
    (project / "sops" / "berkas-luar.yaml").symlink_to(outside / "x.yaml")
    (project / "sops" / "berkas-dalam.yaml").symlink_to(project / "sops" / "x.yaml")
    if hasattr(os, "mkfifo"):
        os.mkfifo(project / "sops" / "pipa.yaml")
    sops = project / "sops"
    paths = [
        sops / "bidang" / "a.yaml",
        sops / "ke-bidang" / "a.yaml",
        sops / "ke-luar" / "x.yaml",
        sops / "ke-luar" / ".." / "x.yaml",  # the link's parent: outside the project
        sops / "bidang" / ".." / "x.yaml",
        sops / "berkas-luar.yaml",
        sops / "berkas-dalam.yaml",
        sops / "besar.yaml",
        sops / "pipa.yaml",
        sops / "tidak-ada.yaml",
        sops / "tidak-ada" / "a.yaml",
    ]
    snapshot = filesnapshot.FileSnapshot()
    for path in paths:
        expected = _outcome(safepath.read_bytes_within, project, path)
        assert _outcome(snapshot.read_bytes_within, project, path) == expected, path
    assert _outcome(snapshot.read_bytes_within, project, sops / "ke-luar" / "x.yaml") == (
        "safepath.outside"
    )
