"""Generated pages through Markdown with only their headings: one converter for the build.

A generated page is headings and blocks of finished HTML (the plugin hands
Markdown placeholders for the blocks and puts them back after, see
`plugin.py`). MkDocs would still, per page, build a new Markdown converter
with every extension and run the whole pipeline over the placeholders too:
at 1,000 SOPs (about 3,000 such pages) the largest single share of a cold
build after the theme.

`GeneratedPage.render` instead converts only the page's headings, with one
converter kept for the whole build (reset before each page), and puts the
placeholders back between the converted headings, spaced as Markdown spaces
them. The headings come out of the same Markdown, extensions, heading ids and
permalinks as before, and MkDocs' own parts of `Page.render` (title, anchors
present on the page, links between pages) run on them as MkDocs runs them, so
the built page is the same bytes. A page of any other shape (a line that is
neither a heading nor a placeholder) goes through MkDocs' own `Page.render`.

The four tree processors imported below are private to MkDocs (leading
underscore). They are unavoidable: they are how `Page.render` extracts the
title and anchors and rewrites links, and copying them would drift from
MkDocs. pyproject pins MkDocs below 2, and `tests/test_prerendered.py`
compares every generated page against MkDocs' own `Page.render`, so a change
in them fails the tests instead of changing the site.
"""

from __future__ import annotations

import logging
import re

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.structure.pages")  # MkDocs' own, as `Page.render` reads it

PLACEHOLDER = re.compile(r"<!--sop-html-\d+-->")
_BLANK_LINES = re.compile(r"\n{2,}")


class HeadingConverter:
    """One Markdown converter with the configuration's extensions, for every page of a build."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self._converter: markdown.Markdown | None = None

    def converter(self) -> markdown.Markdown:
        """The converter, made on first use and reset for the next page."""
        if self._converter is None:
            self._converter = markdown.Markdown(
                extensions=self.config["markdown_extensions"],
                extension_configs=self.config["mdx_configs"] or {},
            )
        self._converter.reset()
        return self._converter


def split_headings(text: str) -> list[str] | None:
    """The page's parts (heading lines and placeholders, in order), or None when the
    page holds anything else (then MkDocs renders it as usual)."""
    parts = _BLANK_LINES.split(text.strip("\n"))
    for part in parts:
        if "\n" in part or not (part.startswith("#") or PLACEHOLDER.fullmatch(part)):
            return None
    return parts


class GeneratedPage(Page):
    """A page made by the `sop` plugin (not in the nav): its headings converted alone."""

    def __init__(self, file: File, config: MkDocsConfig, converter: HeadingConverter) -> None:
        super().__init__(None, file, config)
        self._headings = converter

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """As `Page.render`, on the headings only (see the module's docstring)."""
        assert self.markdown is not None
        parts = split_headings(self.markdown)
        headings = [part for part in parts or [] if part.startswith("#")]
        if parts is None or not headings:
            super().render(config, files)
            return
        md = self._headings.converter()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(self.file, files, config)
        anchors._register(md)
        relative_paths = _RelativePathTreeprocessor(self.file, files, config)
        relative_paths._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        converted = md.convert("\n\n".join(headings)).split("\n")
        if len(converted) != len(headings) or not all(h.startswith("<h") for h in converted):
            super().render(config, files)  # not one element per heading: MkDocs' own way
            return
        # Markdown writes a block of raw HTML followed by a blank line, and strips the end.
        html = iter(converted)
        self.content = "\n".join(
            next(html) if part.startswith("#") else part + "\n" for part in parts
        ).strip()
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = title.title
        self.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_paths.links_to_anchors
