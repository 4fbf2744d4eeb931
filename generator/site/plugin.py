"""The MkDocs plugin (`- sop` in mkdocs.yml): a thin adapter over `generator.site`.

- `on_config`: watch the SOP folder (so `mkdocs serve` reloads on YAML
  edits), add the Markdown extensions the pages use, the stylesheet and the
  table sorter, and put the index pages at the head of the navigation;
- `on_files`: load and check the SOPs, and add every generated page and SVG
  with `File.generated`. Errors abort the build with the loader's or the
  checker's messages, never a traceback (`mkdocs serve` keeps going on check
  errors, so an author sees the findings on the page);
- `on_page_markdown` / `on_page_content`: generated pages are headings and
  finished HTML blocks; Markdown gets only the headings (the build's largest
  cost otherwise), the blocks are put back after; `on_nav` makes the generated
  pages outside the nav `GeneratedPage`s, which convert their headings with one
  converter for the whole build (`prerendered.py`); `on_env` lets the theme render
  the navigation and tabs once per set of links (`navmemo.py`);
- `on_post_build`: the pages taken from the previous site put in place, then the
  search index (Pagefind over the built HTML, `pagefind.py`), so `sop build` and
  every rebuild of `sop serve` index the pages they wrote (`sop build` lets it
  run while it writes the handbook, and waits with `finish_search`);
- the theme's overrides (`theme/`: the search box, the footer, the editor view)
  go in front of Material's templates, their labels into `extra.sop`.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.messages import available_languages, translate
from generator.monitoring.status import reference_date
from generator.problems import Problem, display_path
from generator.project import Project
from generator.site import navmemo
from generator.site.pagefind import SearchIndexError, SearchIndexRun
from generator.site.pagereuse import PageReuse, site_fingerprint
from generator.site.pages import (
    SCRIPTS,
    STYLESHEET,
    SiteOptions,
    navigation,
)
from generator.site.prerendered import GeneratedPage, HeadingConverter
from generator.site.source import Publication, publication, site_files
from generator.site.views import page_url
from generator.store import Store
from generator.templatecache import keep_compiled

log = logging.getLogger("mkdocs.plugins.sop")

HANDBOOK_FILE = "buku-sop.pdf"
REGISTER_FILE = "register-sop.xlsx"
THEME_OVERRIDES = Path(__file__).parent / "theme"
# The labels the theme overrides show (site.cari.*, site.penyunting.*).
SEARCH_LABELS = ("buka", "placeholder", "tutup", "semua", "hasil", "kosong", "mencari")

# A block of raw HTML: from a line starting with '<' to the next blank line.
_HTML_BLOCK = re.compile(r"^<[^\n]*(?:\n(?!\n)[^\n]*)*", re.M)
_PLACEHOLDER = re.compile(r"<!--sop-html-(\d+)-->")

# The Markdown extensions the generated pages rely on: heading anchors (`{ #id }`)
# and the table of contents. The rest of each page is HTML already.
EXTENSIONS = ("attr_list", "toc")


class SopPluginConfig(base.Config):
    """Options of `- sop:` in mkdocs.yml."""

    sops = c.Type(str, default="sops")  # the SOP folder, relative to mkdocs.yml
    lang = c.Optional(c.Type(str))  # labels' language; default: theme.language, else id
    edit_url = c.Optional(c.Type(str))  # e.g. https://git.example/sop/-/edit/main/{path}
    nav = c.Type(bool, default=True)  # put the index pages at the head of the nav
    cache = c.Type(bool, default=True)  # keep drawings in the store (.sop-cache/); false: never
    # The handbook PDF that `sop build` puts at the site root; "" for none.
    buku = c.Type(str, default=HANDBOOK_FILE)
    # The register (XLSX) that `sop build` puts at the site root; "" for none.
    register = c.Type(str, default=REGISTER_FILE)
    # The docs page of the tool's own documentation, linked in the editor view only.
    dokumentasi = c.Type(str, default="")


class SopPlugin(BasePlugin[SopPluginConfig]):
    """Adds the SOP pages to a MkDocs build."""

    def __init__(self) -> None:
        self.command = "build"
        self.edit_urls: dict[str, str] = {}
        self.html_pages: set[str] = set()
        self.stashed: dict[str, list[str]] = {}
        # Set by `sop build`: publish every SOP that loads despite errors elsewhere,
        # and where the previous site is (for the last good version of a broken file).
        self.keep_going = False
        self.previous_site: Path | None = None
        self.published: Publication | None = None
        self.reuse: PageReuse | None = None
        self.headings: HeadingConverter | None = None
        # Set by `sop build`: leave Pagefind running after the build; `finish_search` waits.
        self.search_in_background = False
        self.search: SearchIndexRun | None = None
        self.lang = "id"
        self.nav: Navigation | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def _project(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").resolve().parent

    def _lang(self, config: MkDocsConfig) -> str:
        wanted = self.config.lang or config.theme.get("language") or "id"
        return wanted if wanted in available_languages() else "id"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = self._project(config) / self.config.sops
        config.watch.append(str(self.root))
        for name in EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        config.extra_css.append(STYLESHEET)
        config.extra_javascript.extend(SCRIPTS)
        lang = self._lang(config)
        config.theme.dirs.insert(0, str(THEME_OVERRIDES))
        self.headings = HeadingConverter(config)
        config.extra["sop"] = {
            "cari": {key: translate(f"site.cari.{key}", lang) for key in SEARCH_LABELS},
            "label_penyunting": translate("site.penyunting.tombol", lang),
            "label_dokumentasi": translate("site.penyunting.dokumentasi", lang),
            "dokumentasi": page_url(
                self.config.dokumentasi, "directory" if config.use_directory_urls else "html"
            )
            if self.config.dokumentasi
            else "",
            "filter_jenis": translate("site.cari.filter.jenis", lang),
            "jenis_dokumentasi": translate("site.cari.jenis_dokumentasi", lang),
            # Under `sop serve` the page is an author's preview: the editor view is on.
            "penyunting_selalu": self.command == "serve",
        }
        if self.config.nav:
            present = _nav_paths(config.nav or [])
            entries = [
                {translate(f"site.{key}", lang): path}
                for key, path in navigation(lang)
                if path not in present
            ]
            config.nav = entries + list(config.nav or [])
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        lang = self._lang(config)
        checked = Project(self.root).load_and_check()
        published = publication(checked, self.root, self.previous_site)
        if published is None:  # the registries do not load: nothing can be published
            raise PluginError(
                _report(
                    translate("site.plugin.load_failed", lang, path=display_path(self.root)),
                    checked.load_errors,
                    lang,
                )
            )
        self.published = published
        errors = [*checked.load_errors, *checked.check_errors]
        if errors:
            text = _report(
                translate("site.plugin.check_failed", lang, errors=len(errors)), errors, lang
            )
            # `sop build` publishes what loads (it reports the errors itself);
            # `mkdocs serve` shows them on the pages; a plain `mkdocs build` refuses.
            if self.command != "serve" and not self.keep_going:
                raise PluginError(text)
            if self.command == "serve":
                log.warning(text)
        repository = published.repository
        project = self._project(config)
        sources = {entry.id: _relative(entry.path, project) for entry in repository.sops}
        options = SiteOptions(
            lang=lang,
            edit_url=self.config.edit_url,
            source_paths=sources,
            link_style="directory" if config.use_directory_urls else "html",
            # Only `sop build` writes the handbook; `mkdocs serve` has none to link.
            handbook=(self.config.buku or None) if self.command != "serve" else None,
            today=reference_date(repository, os.environ),
            register=(self.config.register or None) if self.command != "serve" else None,
        )
        store = Store.beside(self.root, enabled=self.config.cache)
        keep_compiled(self.config.cache)  # compiled templates too (see `templatecache`)
        generated = site_files(published, self.root, options, cache=self.config.cache)
        self.html_pages = {path for path in generated if path.endswith(".md")}
        in_nav = {path for _, path in navigation(lang)}
        config.extra["sop"]["instansi"] = repository.organisasi.instansi.nama_lengkap
        self.reuse = self._page_reuse(config, files, store)
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(translate("site.plugin.conflict", lang, path=path))
            # Only the index pages are in the nav; the rest are reached from them.
            inclusion = InclusionLevel.INCLUDED if path in in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, path, content=content, inclusion=inclusion)
            # A page or file unchanged since the previous build is taken from it
            # (pagereuse.py); MkDocs leaves it out of the build, links to it still resolve.
            if (
                self.reuse is not None
                and path not in in_nav
                and self.reuse.copy(path, file.dest_uri, content)
            ):
                file.inclusion = InclusionLevel.EXCLUDED
            files.append(file)
        self.edit_urls = (
            {f"sop/{i}/index.md": self.config.edit_url.format(path=p) for i, p in sources.items()}
            if self.config.edit_url
            else {}
        )
        return files

    def _page_reuse(self, config: MkDocsConfig, files: Files, store: Store) -> PageReuse | None:
        """Reuse of the previous build's pages: `sop build` only, with a previous site and
        no `site_url` (the sitemap lists the pages MkDocs builds)."""
        if self.command == "serve" or self.previous_site is None or config.site_url:
            return None
        docs = [
            (file.src_uri, Path(file.abs_src_path).read_bytes())
            for file in files.documentation_pages()
            if file.abs_src_path and Path(file.abs_src_path).is_file()
        ]
        return PageReuse(
            store, site_fingerprint(config, docs, dict(self.config)), self.previous_site
        )

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        # The generated pages outside the nav get their headings alone through Markdown
        # (prerendered.py); MkDocs makes the other pages as usual.
        # MkDocs made a plain `Page` for each of them, reachable from its file only.
        assert self.headings is not None
        self.nav = nav
        in_nav = {id(page) for page in nav.pages}
        for file in files.documentation_pages():
            if file.src_uri in self.html_pages and id(file.page) not in in_nav:
                GeneratedPage(file, config, self.headings)
        return nav

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        # The navigation and tabs rendered once per set of links (navmemo.py), over the
        # theme's folders behind the tool's overrides.
        theme_dirs = [d for d in config.theme.dirs if Path(d) != THEME_OVERRIDES]
        if self.nav is not None:
            navmemo.install(env, theme_dirs, self.nav, navmemo.shown_links(config))
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        # Material's edit button on an SOP page opens the YAML, not the generated Markdown.
        url = self.edit_urls.get(page.file.src_uri)
        if url:
            page.edit_url = url
        if page.file.src_uri in self.html_pages:
            # A generated page is headings and blocks of finished HTML (templates/).
            # Markdown gains nothing from re-parsing that HTML and it is the
            # bulk of its work: hand it only the headings, put the HTML back after.
            blocks: list[str] = []

            def stash(match: re.Match[str]) -> str:
                blocks.append(match.group(0))
                return f"<!--sop-html-{len(blocks) - 1}-->"

            markdown = _HTML_BLOCK.sub(stash, markdown)
            self.stashed[page.file.src_uri] = blocks
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        blocks = self.stashed.pop(page.file.src_uri, None)
        if blocks is None:
            return html
        return _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.reuse is not None:
            self.reuse.place(Path(config.site_dir))
            self.reuse.save(Path(config.site_dir))
        previous = self.reuse.previous_site if self.reuse is not None else None
        if self.reuse is not None and previous is not None and previous.is_dir():
            # Not on a first build: "0 of 19 pages copied from the previous site"
            # puzzled a new user who had no previous site.
            log.info(
                translate(
                    "site.plugin.pages_reused",
                    self._lang(config),
                    reused=len(self.reuse.reused),
                    pages=len(self.reuse.keys),
                )
            )
        self.lang = self._lang(config)
        try:
            self.search = SearchIndexRun(Path(config.site_dir), self.lang)
        except SearchIndexError as error:
            raise self._search_failed(error) from error
        if not self.search_in_background:
            self.finish_search()

    def finish_search(self) -> None:
        """Wait for the search index started after the build (`sop build` calls it once the
        handbook and the register are written); a failure is a `PluginError`."""
        run, self.search = self.search, None
        if run is None:
            return
        try:
            seconds = run.wait()
        except SearchIndexError as error:
            raise self._search_failed(error) from error
        log.info(translate("site.plugin.search_built", self.lang, seconds=seconds))

    def cancel_search(self) -> None:
        """Stop the search index of a build that failed (its folder is about to go)."""
        run, self.search = self.search, None
        if run is not None:
            run.cancel()

    def _search_failed(self, error: SearchIndexError) -> PluginError:
        return PluginError(translate("site.plugin.search_failed", self.lang, error=str(error)))


def _relative(path: str, project: Path) -> str:
    try:
        return Path(path).resolve().relative_to(project).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _nav_paths(nav: list) -> set[str]:
    found: set[str] = set()
    for item in nav:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= _nav_paths(value) if isinstance(value, list) else {str(value)}
    return found


def _report(title: str, problems: list[Problem], lang: str) -> str:
    return "\n".join([title, *(problem.render(lang) for problem in problems)])
