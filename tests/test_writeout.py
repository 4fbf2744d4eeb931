"""`sop generate` writes only the files whose bytes changed (generator.writeout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.writeout import untouched, write_changed

from .site_project import copy_project, run_sop


def test_only_changed_bytes_are_written_and_dropped_files_removed(tmp_path: Path):
    out = tmp_path / "out"
    first = write_changed(out, {"a.md": "satu", "b/c.svg": b"<svg/>", "d.md": "x"})
    assert (first.written, first.unchanged, first.removed) == (3, 0, 0)
    stamp = (out / "a.md").stat().st_mtime_ns
    second = write_changed(out, {"a.md": "satu", "b/c.svg": b"<svg>2</svg>"}, first.manifest)
    assert (second.written, second.unchanged, second.removed) == (1, 1, 1)
    assert (out / "a.md").stat().st_mtime_ns == stamp  # same bytes: not written
    assert (out / "b" / "c.svg").read_bytes() == b"<svg>2</svg>"
    assert not (out / "d.md").exists()  # no longer made: removed
    assert untouched(out, second.manifest)


def test_a_folder_left_empty_by_a_dropped_file_goes_too(tmp_path: Path):
    out = tmp_path / "out"
    files = {"sop/lama/index.md": "a", "sop/lama/gambar/1.svg": b"<svg/>", "sop/tetap.md": "b"}
    first = write_changed(out, files)
    (out / "sop" / "catatan-sendiri").mkdir()  # not ours: stays
    again = write_changed(out, {"sop/tetap.md": "b"}, first.manifest)
    assert again.removed == 2
    assert not (out / "sop" / "lama").exists()  # as a cold run into a new folder
    assert (out / "sop" / "tetap.md").exists() and (out / "sop" / "catatan-sendiri").is_dir()
    write_changed(out, {}, again.manifest)
    assert out.is_dir() and not (out / "sop" / "tetap.md").exists()


def test_a_file_changed_by_hand_or_gone_is_written_again(tmp_path: Path):
    out = tmp_path / "out"
    first = write_changed(out, {"a.md": "satu", "b.md": "dua"})
    (out / "a.md").write_text("diubah tangan, panjang lain", "utf-8")
    (out / "b.md").unlink()
    again = write_changed(out, {"a.md": "satu", "b.md": "dua"}, first.manifest)
    assert again.written == 2
    assert (out / "a.md").read_text("utf-8") == "satu" and (out / "b.md").exists()


@pytest.mark.parametrize("before", [b"", b"ab", b"x" * 5000])
@pytest.mark.parametrize("data", [b"", b"satu", b"y" * 3000])
def test_a_file_there_before_holds_exactly_the_new_bytes(tmp_path: Path, before, data):
    # Written without O_TRUNC (see `writeout._write_over`): empty, shorter and longer
    # old files (the empty ones as `site.ahead` makes them) all end as the new bytes.
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_bytes(before)
    made = write_changed(out, {"a.md": data})
    assert (out / "a.md").read_bytes() == data
    assert made.manifest["a.md"][0] == len(data) and untouched(out, made.manifest)


def test_a_hostile_manifest_never_reaches_outside_the_folder(tmp_path: Path):
    outside = tmp_path / "penting.txt"
    outside.write_text("jangan dihapus", "utf-8")
    out = tmp_path / "out"
    bogus = {"../penting.txt": [1, 1, "x"], "a.md": "not a list", 7: []}
    result = write_changed(out, {"a.md": "satu"}, bogus)
    assert outside.exists() and result.written == 1
    assert write_changed(out, {"a.md": "satu"}, "garbage").written == 1


@pytest.mark.slow
def test_sop_generate_after_one_edit_writes_only_what_changed(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    assert run_sop(project, "generate", "--out", "out").returncode == 0
    out = project / "out"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    source = project / "sops" / "pdip" / "inovasi-pelayanan.yaml"
    source.write_text(source.read_text("utf-8") + "# komentar saja\n", "utf-8")
    assert run_sop(project, "generate", "--out", "out").returncode == 0
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert after.keys() == before.keys()
    assert [p for p in after if after[p] != before[p]] == []  # a comment changes no page
    text = source.read_text("utf-8").replace("Inovasi Pelayanan", "Inovasi Layanan", 1)
    source.write_text(text, "utf-8")
    assert run_sop(project, "generate", "--out", "out").returncode == 0
    changed = {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.stat().st_mtime_ns != before[p]
    }
    assert "sop/inovasi-pelayanan/index.md" in changed
    assert not any(path.startswith("sop/pelayanan-kerjasama/") for path in changed)
