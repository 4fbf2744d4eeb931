"""Generated pages through Markdown with their headings only (generator/site/prerendered.py):
the same HTML, table of contents, title and anchors as MkDocs' own `Page.render` gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.site.plugin import SopPlugin
from generator.site.prerendered import GeneratedPage, split_headings

from .site_project import copy_project, run_sop

# What hostile or unusual text in a heading looks like once the templates escaped it,
# and a heading with an id of its own: Markdown's inline work on all of it must match.
HOSTILE = (
    "---\ntitle: x\n---\n# Nama &#60;script&#62; &#124; &#42;tebal&#42; `kode` _miring_\n\n"
    "<div>blok</div>\n\n## Identitas\n\n## Identitas\n\n<p>dua</p>\n<p>baris</p>\n\n"
    "### UU 23/2006 { #uu-23-2006 }\n\n<table><tr><td id='sel'>1</td></tr></table>\n"
)


def _rendered(page: Page, plugin: SopPlugin, config: MkDocsConfig, files: Files) -> tuple:
    page.read_source(config)
    assert page.markdown is not None
    page.markdown = plugin.on_page_markdown(page.markdown, page=page, config=config, files=files)
    page.render(config, files)
    assert page.content is not None
    html = plugin.on_page_content(page.content, page=page, config=config, files=files)
    return html, str(page.toc), page.title, page.present_anchor_ids


@pytest.mark.slow
def test_generated_pages_render_as_mkdocs_renders_them(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    done = run_sop(project, "generate", "--out", str(out), "--sops", str(project / "sops"))
    assert done.returncode in (0, 1), done.stderr
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    plugin = config.plugins["sop"]
    assert isinstance(plugin, SopPlugin) and plugin.headings is not None
    sources = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.md")}
    sources["hostile.md"] = HOSTILE
    plugin.html_pages = set(sources)
    files = Files([File.generated(config, path, content=text) for path, text in sources.items()])
    anchors = {}
    for file in files.documentation_pages():
        plain = _rendered(Page(None, file, config), plugin, config, files)
        fast_page = GeneratedPage(file, config, plugin.headings)
        fast = _rendered(fast_page, plugin, config, files)
        assert fast == plain, file.src_uri
        # Every generated page has the shape the short way takes.
        assert split_headings(fast_page.markdown or "") is not None, file.src_uri
        anchors[file.src_uri] = fast[3]
    assert len(sources) > 20
    assert {"uu-23-2006", "identitas", "identitas_1"} <= anchors["hostile.md"]


def test_a_page_of_another_shape_goes_through_mkdocs_own_render():
    assert split_headings("# T\n\n<!--sop-html-0-->\n\n## A") == [
        "# T",
        "<!--sop-html-0-->",
        "## A",
    ]
    assert split_headings("# T\n\nA paragraph of Markdown.") is None
    assert split_headings("# T\nstill the heading's block") is None
