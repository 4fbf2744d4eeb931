"""The built site in real headless Chromium, served on loopback.

Search "kerjasama" and reach the SOP page; the flowchart image is shown; the
procedure table has one column per role; no request leaves 127.0.0.1.
Screenshots of three pages are kept in build/test-artifacts/site/ (look at them).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from .cdp import Chromium
from .conftest import REPO
from .site_project import copy_project, run_sop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "build" / "test-artifacts" / "site"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Chromium is not installed (apt-get install chromium; .ci/run does it)",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    requested: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        QuietHandler.requested.append(self.path)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The project's site built with `sop build` and served on 127.0.0.1; yields its URL."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_sop(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    # Any host other than loopback resolves to nothing: an outside request cannot
    # leave even by mistake, and still shows up in the request log below.
    with Chromium(
        CHROMIUM, profile, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    ) as chromium:
        yield chromium


def test_search_reaches_the_sop_page_with_flowchart_and_role_columns(served, browser):
    page = browser.new_page()
    page.navigate(served)
    page.wait_for("document.querySelector('table') !== null")
    page.screenshot(ARTIFACTS / "1-katalog.png")

    page.evaluate("document.querySelector('label.md-search__icon, [for=__search]').click()")
    page.evaluate("document.querySelector('input.md-search__input').focus()")
    page.type_text("kerjasama")
    # Click the result as soon as the search for the whole word has answered.
    href = page.wait_for(
        "(() => { const a = Array.from(document.querySelectorAll('.md-search-result__link'))"
        ".find(a => a.href.includes('/sop/pelayanan-kerjasama/') &&"
        " a.href.includes('h=kerjasama'));"
        " if (a) { const href = a.href; a.click(); return href; } return null; })()",
        timeout=30,
    )
    assert "/sop/pelayanan-kerjasama/" in href
    page.wait_for(
        "location.pathname.endsWith('/sop/pelayanan-kerjasama/') && "
        "document.readyState === 'complete'"
    )
    # (search.highlight marks the word found, so compare the text, not the nodes)
    assert page.evaluate("document.querySelector('h1').textContent").startswith(
        "Pelayanan Kerjasama"
    )
    assert page.evaluate("document.title").startswith("Pelayanan Kerjasama")

    # The flowchart is an image that loaded (an SVG with a real size), linked to itself.
    image = page.wait_for(
        "(() => { const i = document.querySelector('img[src$=\".svg\"]');"
        " i.scrollIntoView();"  # the image loads lazily, when it comes into view
        " return i && i.complete && i.naturalWidth > 0 &&"
        " [i.naturalWidth, i.closest('a').getAttribute('href')]; })()"
    )
    assert image[0] > 100 and image[1].endswith("pelayanan-kerjasama.svg")

    roles = page.evaluate(
        "Array.from(document.querySelectorAll('table.sop-prosedur tr.sop-prosedur__roles"
        " th[scope=col]')).map(th => th.textContent)"
    )
    assert roles == [
        "Staf",
        "Kasi Kerjasama",
        "Kepala Bidang",
        "Sekretaris",
        "Kepala Dinas",
        "Instansi Terkait",
    ]
    # Each step row: No, Kegiatan, one cell per role, Kelengkapan, Waktu, Output,
    # Keterangan; the performer's cell holds its symbol.
    rows = page.evaluate(
        "Array.from(document.querySelectorAll('table.sop-prosedur tbody tr'))"
        ".map(tr => Array.from(tr.cells).slice(2, 8).map(td => td.textContent)"
        ".concat([tr.cells.length]))"
    )
    assert len(rows) == 7 and all(row[-1] == 12 for row in rows)
    assert rows[1][:6] == ["", "◇", "", "", "", ""]  # step 2: the Kasi decides
    assert rows[6][:6] == ["", "", "", "", "▭", "▭"]  # step 7: Kadis and Instansi Terkait
    page.screenshot(ARTIFACTS / "2-sop-pelayanan-kerjasama.png")

    page.navigate(served + "sop/pelayanan-kerjasama/daftar-periksa.html")
    page.wait_for("document.querySelectorAll('.kotak').length > 10")
    page.screenshot(ARTIFACTS / "3-daftar-periksa.png")


def test_catalogue_sorts_by_time(served, browser):
    page = browser.new_page()
    page.navigate(served)
    names = page.evaluate(
        "(() => { const th = document.querySelectorAll('.sop-urut th')[5]; th.click(); th.click();"
        " return Array.from(document.querySelectorAll('.sop-urut tbody tr'))"
        ".map(tr => tr.cells[1].textContent); })()"
    )
    assert names[0] == "Pelayanan Pemanfaatan Data dan Dokumen Kependudukan"  # longest first
    assert names[-1] == "Pelayanan Kerjasama"


def test_no_request_leaves_loopback(served, browser):
    page = browser.new_page()
    for path in ("", "peraturan/", "tinjauan/", "jabatan/"):
        page.navigate(served + path)
    resources = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    urls = browser.requested_urls() + resources
    assert any(url.endswith("search_index.json") for url in urls + QuietHandler.requested)
    outside = [
        url
        for url in urls
        if not url.startswith((served, "data:", "blob:", "about:", "chrome-extension:"))
    ]
    assert outside == []
