"""What a built site is made of: elements, attributes, URL schemes, scripts, in HTML and SVG.

A site built from hostile text must be made of exactly what the same site
built from plain text is made of: the templates' elements and attributes,
the templates' URL schemes, the theme's scripts. Anything else came from
the text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
_BASE_PATH = re.compile(r'"base":\s*"[./]*"')


@dataclass
class Inventory:
    """Everything of note in a set of pages: what was found, and where (one example each)."""

    elements: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)  # "element@attribute"
    schemes: dict[str, str] = field(default_factory=dict)  # "javascript", "http", ...
    scripts: dict[str, str] = field(default_factory=dict)  # inline text or src, normalised
    hosts: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, value: str, where: str) -> None:
        getattr(self, kind).setdefault(value, where)

    def beyond(self, baseline: Inventory) -> dict[str, dict[str, str]]:
        """What this inventory has that `baseline` has not, per kind, with where it was seen."""
        extra = {}
        for kind in ("elements", "attributes", "schemes", "scripts", "hosts"):
            mine, theirs = getattr(self, kind), getattr(baseline, kind)
            found = {value: where for value, where in mine.items() if value not in theirs}
            if found:
                extra[kind] = found
        return extra


def _url(inventory: Inventory, value: str, where: str) -> None:
    parts = urlsplit(value.strip())
    inventory.add("schemes", parts.scheme.lower(), where)
    if parts.netloc:
        inventory.add("hosts", parts.netloc.lower(), where)


class _PageParser(HTMLParser):
    def __init__(self, inventory: Inventory, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.inventory, self.where = inventory, where
        self.in_script = False
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inventory.add("elements", tag, self.where)
        for name, value in attrs:
            self.inventory.add("attributes", f"{tag}@{name}", self.where)
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                for candidate in value.split(",") if name == "srcset" else [value]:
                    _url(self.inventory, candidate.strip().split(" ")[0], self.where)
            if name == "style":
                for url in _CSS_URL.findall(value):
                    _url(self.inventory, url, self.where)
            if tag == "script" and name == "src":
                self.inventory.add("scripts", "src:" + value.rsplit("/", 1)[-1], self.where)
        self.in_script = tag == "script"
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.inventory.add("scripts", _BASE_PATH.sub('"base": "."', data.strip()), self.where)
        if self.in_style:
            for url in _CSS_URL.findall(data):
                _url(self.inventory, url, self.where)

    def handle_comment(self, data: str) -> None:
        self.inventory.add("elements", "#comment", self.where)

    def unknown_decl(self, data: str) -> None:
        self.inventory.add("elements", "#" + data.split()[0] if data else "#decl", self.where)


def _svg(inventory: Inventory, path: Path, where: str) -> None:
    try:
        tree = ElementTree.parse(path)
    except ElementTree.ParseError as error:
        inventory.add("elements", f"#unparseable-svg {error}", where)
        return
    for element in tree.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else "#other"
        inventory.add("elements", f"svg:{tag}", where)
        for name, value in element.attrib.items():
            short = name.rsplit("}", 1)[-1]
            if name.startswith("{http://www.w3.org/1999/xlink}"):
                short = "xlink:" + short
            inventory.add("attributes", f"svg:{tag}@{short}", where)
            if short in URL_ATTRIBUTES:
                _url(inventory, value, where)
            if short == "style":
                for url in _CSS_URL.findall(value):
                    _url(inventory, url, where)


def inventory_of(site: Path, files: Iterable[Path] | None = None) -> Inventory:
    """The inventory of every HTML and SVG file under `site`."""
    inventory = Inventory()
    for path in sorted(files if files is not None else site.rglob("*")):
        where = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            parser = _PageParser(inventory, where)
            parser.feed(path.read_text("utf-8"))
            parser.close()
        elif path.suffix == ".svg":
            _svg(inventory, path, where)
    return inventory
