"""Hostile text in every string field of every SOP and registry reaches no page as markup.

The corpus (`tests/injection/corpus.py`) is placed in a copy of the project;
both the plain and the poisoned project are built with `sop build`. Then:

- every HTML and SVG file of the poisoned site is parsed (stdlib `html.parser`,
  `xml.etree`) and must hold no element, attribute, URL scheme, host or
  script that the plain site lacks: those are what the templates write;
- every page is opened in headless Chromium with `alert`, `confirm`,
  `prompt`, `open`, `fetch`, `XMLHttpRequest`, `sendBeacon` and navigation
  hooked, hovered and focused element by element; no hook may be called.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .cdp import Chromium
from .injection.corpus import PAYLOADS, poison_project
from .injection.inspect import Inventory, inventory_of
from .site_project import copy_project, run_sop

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Schemes and hosts that must never appear, whatever the plain site holds.
FORBIDDEN_SCHEMES = {"javascript", "vbscript", "data", "file", "blob"}
HOOKS = """
(() => {
  const calls = [];
  Object.defineProperty(window, '__calls', {value: calls});
  const record = (name) => (...args) => { calls.push(name + ':' + args.map(String).join(',')); };
  for (const name of ['alert', 'confirm', 'prompt', 'open', 'print']) window[name] = record(name);
  window.fetch = record('fetch');
  navigator.sendBeacon = record('sendBeacon');
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (...args) { record('xhr')(...args); };
  window.addEventListener('beforeunload', () => calls.push('navigate:' + location.href));
})();
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(plain site, poisoned site), both built with `sop build --no-handbook`."""
    plain = copy_project(tmp_path_factory.mktemp("plain"))
    poisoned = copy_project(tmp_path_factory.mktemp("poisoned"))
    counts = poison_project(poisoned)
    assert sum(counts.values()) > 500 and all(counts.values()), counts
    for project in (plain, poisoned):
        result = run_sop(project, "build", "--no-handbook")
        assert result.returncode == 0, result.stdout + result.stderr
    return plain / "site", poisoned / "site"


def test_every_payload_reaches_the_pages(sites):
    _, poisoned = sites
    text = "".join(p.read_text("utf-8") for p in poisoned.rglob("*.html"))
    # Escaped, but there: the corpus really went through the templates.
    assert text.count("alert(1)") > 50 and text.count("alert(24)") > 50


def test_pages_hold_only_what_the_templates_write(sites):
    plain, poisoned = sites
    baseline = inventory_of(plain)
    found = inventory_of(poisoned)
    assert found.beyond(baseline) == {}
    assert not FORBIDDEN_SCHEMES & set(found.schemes)
    assert not [a for a in found.attributes if a.split("@")[1].startswith("on")]


def test_spreadsheets_hold_no_formula(sites):
    import openpyxl

    _, poisoned = sites
    books = sorted(poisoned.rglob("*.xlsx"))
    for book in books:
        for sheet in openpyxl.load_workbook(book).worksheets:
            formulas = [
                c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"
            ]
            assert formulas == [], (book.name, formulas[:5])
    csvs = sorted(poisoned.rglob("*.csv"))
    for table in csvs:
        assert "\n=HYPERLINK" not in table.read_text(
            "utf-8"
        ) and ",=HYPERLINK" not in table.read_text("utf-8")


def test_the_inventory_sees_injected_markup(tmp_path: Path):
    """The check above can fail: raw payloads in a page are all reported."""
    (tmp_path / "a.html").write_text("<p>x</p>", "utf-8")
    baseline = inventory_of(tmp_path)
    (tmp_path / "b.html").write_text("<p>" + " ".join(PAYLOADS) + "</p>", "utf-8")
    extra = inventory_of(tmp_path).beyond(baseline)
    assert {"script", "img", "iframe", "style"} <= set(extra["elements"])
    assert {"img@onerror", "a@href"} <= set(extra["attributes"])
    assert "javascript" in extra["schemes"] and "alert(1)" in extra["scripts"]
    assert isinstance(Inventory(), Inventory)


@pytest.fixture(scope="module")
def served(sites) -> Iterator[tuple[str, list[str]]]:
    """The poisoned site on 127.0.0.1: its URL and the paths of its pages."""
    _, poisoned = sites
    handler = functools.partial(_Quiet, directory=str(poisoned))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = sorted(p.relative_to(poisoned).as_posix() for p in poisoned.rglob("*.html"))
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", pages
    finally:
        server.shutdown()
        server.server_close()


def _own_file_read(call: str, url: str, site: Path) -> bool:
    """The theme reading one of the site's own files (e.g. its search index)."""
    kind, _, args = call.partition(":")
    if kind == "xhr":
        method, _, target = args.partition(",")
        target = target.split(",")[0]
    elif kind == "fetch":
        method, target = "GET", args.split(",")[0]
    else:
        return False
    if method.upper() != "GET" or not target.startswith(url):
        return False
    return (site / target.removeprefix(url).split("?")[0]).is_file()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_no_page_runs_script_fetches_or_navigates(sites, served, tmp_path: Path):
    site = sites[1]
    url, pages = served
    with Chromium(
        CHROMIUM, tmp_path / "profile", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    ) as browser:
        page = browser.new_page()
        page.send("Page.addScriptToEvaluateOnNewDocument", {"source": HOOKS})
        # The hooks work: a page with a live payload is caught.
        canary = site / "canary-not-a-page.html"
        canary.write_text('<p><img src="x" onerror="alert(0)"><a onfocus="fetch(1)">x</a></p>')
        page.navigate(url + canary.name)
        page.evaluate("document.querySelector('a').dispatchEvent(new Event('focus'))")
        assert page.wait_for("window.__calls.length >= 2 && window.__calls") == [
            "alert:0",
            "fetch:1",
        ]
        canary.unlink()
        calls: dict[str, list[str]] = {}
        for path in pages:
            target = url + path
            page.navigate(target)
            found = page.evaluate(
                "(() => { for (const el of document.querySelectorAll('body *')) {"
                " for (const kind of ['mouseover', 'mouseenter', 'focus', 'animationstart'])"
                " el.dispatchEvent(new Event(kind)); }"
                " return window.__calls.slice(); })()"
            )
            assert page.evaluate("location.href") == target
            unexpected = [call for call in found if not _own_file_read(call, url, site)]
            if unexpected:
                calls[path] = unexpected
        frames = [
            e["params"]["frame"]["url"]
            for e in browser.events
            if e.get("method") == "Page.frameNavigated"
        ]
        outside = [u for u in browser.requested_urls() if not u.startswith((url, "data:"))]
    assert calls == {}, json.dumps(calls, indent=1)[:3000]
    assert set(frames) <= {url + p for p in pages} | {"about:blank", url + canary.name}
    assert outside == []


SEARCHES = ("alert", "script", "onerror", "javascript", "klik", "iframe", "HYPERLINK")
# What the search box itself builds for a result: nothing else may appear in the list.
RESULT_ELEMENTS = {"LI", "UL", "A", "STRONG", "SPAN", "MARK"}


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")
def test_search_results_and_filters_show_payloads_as_text(sites, served, tmp_path: Path):
    """Pagefind's sink: result titles, excerpts and filter values of the poisoned site,
    for queries that match the payloads, are text and <mark> only; no hook is called."""
    site = sites[1]
    url, _ = served
    with Chromium(
        CHROMIUM, tmp_path / "profile", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    ) as browser:
        page = browser.new_page()
        page.send("Page.addScriptToEvaluateOnNewDocument", {"source": HOOKS})
        page.navigate(url)
        seen: set[str] = set()
        texts = ""
        for query in SEARCHES:
            page.evaluate("document.querySelector('.sop-cari__buka').click()")
            page.wait_for("document.querySelector('.sop-cari__dialog').open")
            page.evaluate(
                "(() => { const i = document.querySelector('.sop-cari__input');"
                f" i.value = {json.dumps(query)}; i.dispatchEvent(new Event('input')); }})()"
            )
            page.wait_for(
                "document.querySelectorAll('.sop-cari__hasil a').length > 0 ||"
                " document.querySelector('.sop-cari__status').textContent.includes('Tidak')"
            )
            seen |= set(
                page.evaluate(
                    "Array.from(document.querySelectorAll('.sop-cari__hasil *, .sop-cari__filter"
                    " *')).map(e => e.nodeName)"
                )
            )
            texts += page.evaluate("document.querySelector('.sop-cari__hasil').textContent")
            page.evaluate(
                "document.querySelectorAll('.sop-cari__hasil *').forEach(e =>"
                " ['mouseover', 'focus'].forEach(k => e.dispatchEvent(new Event(k))))"
            )
        calls = [
            c for c in page.evaluate("window.__calls.slice()") if not _own_file_read(c, url, site)
        ]
        outside = [u for u in browser.requested_urls() if not u.startswith((url, "data:"))]
    assert "alert(" in texts  # the payloads were found, and shown as text
    assert seen <= RESULT_ELEMENTS | {"LABEL", "SELECT", "OPTION"}, seen
    assert calls == [] and outside == []
