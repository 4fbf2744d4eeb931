"""`sop generate` after an edit that changes nothing that loads: nothing rendered or written.

The key (generator.site.contentkey) covers everything the pages are made
from; these tests show that a comment does not change it, that what shows
on a page does, and that a run which skips still leaves the same files as a
run from nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.project import Project
from generator.site.contentkey import content_key
from generator.site.source import publication

from .conftest import SOPS

EDITED = "pdip/inovasi-pelayanan.yaml"


def _key(root: Path, lang: str = "id", out: str = "out") -> str:
    checked = Project(root, cache=False).load_and_check()
    published = publication(checked, root)
    assert published is not None
    return content_key(published, lang, root.parent / out)


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "sops"
    shutil.copytree(SOPS, root)
    return root


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def test_a_comment_keeps_the_key_and_what_shows_on_a_page_changes_it(tmp_path: Path):
    root = _copy(tmp_path)
    first = _key(root)
    _append(root / EDITED, "# komentar saja\n")
    assert _key(root) == first
    assert _key(root, lang="en") != first and _key(root, out="lain") != first
    source = root / EDITED
    source.write_text(
        source.read_text("utf-8").replace("Inovasi Pelayanan", "Inovasi Layanan", 1), "utf-8"
    )
    assert _key(root) != first  # the model changed


def test_a_finding_moved_by_an_inserted_line_changes_the_key(tmp_path: Path):
    root = _copy(tmp_path)
    source = root / EDITED
    first = _key(root)
    # The file has findings (its placeholder nomor, its year-only date): their line
    # numbers show on the pages, so a line inserted above them changes the key.
    checked = Project(root, cache=False).load_and_check()
    assert checked.report is not None
    assert any(f.position.path.endswith(EDITED) for f in checked.report.findings)
    source.write_text("# baris baru di atas\n" + source.read_text("utf-8"), "utf-8")
    assert _key(root) != first


def _generate(project: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["generate", "--out", "out"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.slow
def test_generate_skips_rendering_after_a_comment_and_renders_after_a_real_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    project = tmp_path / "project"
    root = project / "sops"
    shutil.copytree(SOPS, root)
    _generate(project, monkeypatch)
    out = project / "out"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}

    import generator.site as site

    def must_not_render(*args, **kwargs):
        raise AssertionError("rendered although nothing that loads changed")

    _append(root / EDITED, "# komentar saja\n")
    with monkeypatch.context() as patch:
        patch.setattr(site, "generate_site", must_not_render)
        patch.setattr(site, "draw_flowcharts", must_not_render)
        _generate(project, monkeypatch)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert after == before

    source = root / EDITED
    source.write_text(
        source.read_text("utf-8").replace("Inovasi Pelayanan", "Inovasi Layanan", 1), "utf-8"
    )
    _generate(project, monkeypatch)
    page = (out / "sop" / "inovasi-pelayanan" / "index.md").read_text("utf-8")
    assert "Inovasi Layanan" in page

    # The same tree as a run from nothing.
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh / "sops")
    monkeypatch.chdir(fresh)
    result = CliRunner().invoke(cli, ["generate", "--out", "out", "--no-cache"])
    assert result.exit_code == 0, result.output

    def tree(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    assert tree(out) == tree(fresh / "out")


@pytest.mark.slow
def test_after_a_real_edit_only_the_edited_sops_pages_are_made_or_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The other SOPs' pages stay in `out` unread: the record of `out` says which they are."""
    from generator.site import pages as site_pages
    from generator.site.pagememo import PageMemo

    project = tmp_path / "project"
    root = project / "sops"
    shutil.copytree(SOPS, root)
    _generate(project, monkeypatch)
    out = project / "out"
    rendered: list[str] = []
    read: list[str] = []
    real_render, real_get = site_pages._sop_pages, PageMemo.get

    def render_spy(repository, entry, *args, **kwargs):
        rendered.append(entry.id)
        return real_render(repository, entry, *args, **kwargs)

    def get_spy(memo, key):
        read.append(key)
        return real_get(memo, key)

    monkeypatch.setattr(site_pages, "_sop_pages", render_spy)
    monkeypatch.setattr(PageMemo, "get", get_spy)
    source = root / EDITED
    text = source.read_text("utf-8")
    step = "Menyiapkan data dan bahan-bahan Pelayanan"
    source.write_text(text.replace(step, "Menyiapkan data serta bahan Pelayanan", 1), "utf-8")
    _generate(project, monkeypatch)
    assert rendered == ["inovasi-pelayanan"] and len(read) == 1
    assert "data serta bahan" in (out / "sop" / "inovasi-pelayanan" / "index.md").read_text("utf-8")

    # A page changed by hand in `out` is made again, and so is the edited SOP's page
    # after its edit is undone: `out` is the only kept copy (no page or chart entry
    # in the store, whose folder keeps the compiled engine).
    other = out / "sop" / "pelayanan-kerjasama" / "index.md"
    other.write_text("diubah", "utf-8")
    rendered.clear(), read.clear()
    source.write_text(text, "utf-8")
    _generate(project, monkeypatch)
    assert sorted(rendered) == ["inovasi-pelayanan", "pelayanan-kerjasama"]
    store = project / ".sop-cache"
    assert store.is_dir() and not any((store / "page").rglob("*"))
    assert not any((store / "flowchart").rglob("*"))

    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh / "sops")
    monkeypatch.undo()
    monkeypatch.chdir(fresh)
    result = CliRunner().invoke(cli, ["generate", "--out", "out", "--no-cache"])
    assert result.exit_code == 0, result.output

    def tree(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    assert tree(out) == tree(fresh / "out")
