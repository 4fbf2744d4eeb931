"""The built site in real headless Chromium, served on loopback.

Search (Pagefind): "tanda tangan" opens the signing step, "periksa" finds
"Memeriksa", a Jabatan filter narrows the results; the SOP page shows the
official table and the swimlane; the phone layout at 400 px; printing; the
editor view; no request leaves 127.0.0.1. Screenshots (1400 and 400 px) and the
printed PDF are kept in build/test-artifacts/site/ (look at them).
"""

from __future__ import annotations

import base64
import functools
import http.server
import io
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from .cdp import Chromium
from .conftest import REPO
from .site_project import copy_project, run_sop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "build" / "test-artifacts" / "site"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Chromium is not installed (apt-get install chromium; .ci/run does it)",
    ),
]


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


def open_search(page, query: str) -> None:
    """Open the header's search box and type `query`."""
    page.evaluate("document.querySelector('.sop-cari__buka').click()")
    page.wait_for("document.querySelector('.sop-cari__dialog').open")
    page.evaluate("document.querySelector('.sop-cari__input').focus()")
    page.type_text(query)


RESULTS = (
    "Array.from(document.querySelectorAll('.sop-cari__hasil a'))"
    ".map(a => [a.getAttribute('href'), a.querySelector('strong').textContent])"
)


def test_search_finds_the_signing_step_and_opens_it(served, browser):
    page = browser.new_page(1400, 900)
    page.navigate(served)
    page.wait_for("document.querySelector('table') !== null")
    page.screenshot(ARTIFACTS / "1-katalog.png")
    open_search(page, "tanda tangan")
    # "tanda tangan" finds "Penandatanganan" (root words, and the two words joined).
    found = page.wait_for(
        f"(() => {{ const r = {RESULTS}; return r.some(([h, t]) =>"
        " h.includes('pelayanan-kerjasama/#langkah-7')) && r; })()",
        timeout=30,
    )
    step = next(title for href, title in found if href.endswith("pelayanan-kerjasama/#langkah-7"))
    assert step.startswith("7. Penandatanganan Kerjasama")  # the step's number shown too
    # Results are per step, with an excerpt; the hidden root words are not shown.
    excerpts = page.evaluate(
        "Array.from(document.querySelectorAll('.sop-cari__kutipan')).map(e => e.textContent)"
    )
    assert excerpts and not any("¦" in text for text in excerpts)
    page.screenshot(ARTIFACTS / "2-cari-tanda-tangan.png", full_page=False)
    page.evaluate(
        "Array.from(document.querySelectorAll('.sop-cari__hasil a'))"
        ".find(a => a.getAttribute('href').endsWith('pelayanan-kerjasama/#langkah-7')).click()"
    )
    page.wait_for(
        "location.pathname.endsWith('/sop/pelayanan-kerjasama/') && location.hash === '#langkah-7'"
        " && document.readyState === 'complete'"
    )
    top = page.evaluate("document.getElementById('langkah-7').getBoundingClientRect().top")
    assert 0 <= top < 900  # the step is in view


def test_search_stems_indonesian_and_filters_by_jabatan(served, browser):
    page = browser.new_page(1400, 900)
    page.navigate(served)
    open_search(page, "periksa")
    titles = page.wait_for(
        f"(() => {{ const r = {RESULTS}; return r.length && r.map(([h, t]) => t); }})()",
        timeout=30,
    )
    steps = [re.sub(r"^\d+\. ", "", t) for t in titles]
    assert any(t.startswith(("Memeriksa", "Pemeriksaan")) for t in steps), titles
    # A step that says "Memeriksa" matched through its hidden root word "periksa"
    # only (cut from the excerpt with Pagefind's mark): the page's own word of that
    # root is marked instead, so the reader sees why the step was found.
    excerpts = page.evaluate(
        "Array.from(document.querySelectorAll('.sop-cari__kutipan'))"
        ".filter(e => e.textContent.startsWith('Memeriksa')).map(e => e.innerHTML)"
    )
    assert excerpts and all(html.startswith("<mark>Memeriksa</mark>") for html in excerpts), (
        excerpts
    )
    pages = page.evaluate("document.querySelectorAll('.sop-cari__halaman').length")
    # The Jabatan filter: choose a role that not every SOP has; fewer pages remain.
    narrowed = page.evaluate(
        "(() => { const s = document.querySelector('select[data-filter=Jabatan]');"
        " const o = Array.from(s.options).find(o => o.textContent.endsWith('(1)'));"
        " s.value = o.value; s.dispatchEvent(new Event('change')); return o.value; })()"
    )
    assert narrowed
    page.wait_for(
        f"document.querySelectorAll('.sop-cari__halaman').length < {pages} &&"
        " document.querySelectorAll('.sop-cari__halaman').length > 0 ||"
        " document.querySelector('.sop-cari__status').textContent === 'Tidak ada yang cocok'"
    )
    page.screenshot(ARTIFACTS / "3-cari-filter-jabatan.png", full_page=False)


def test_sop_page_shows_the_official_table_and_the_swimlane(served, browser):
    page = browser.new_page(1400, 900)
    page.navigate(served + "sop/pelayanan-kerjasama/")
    assert page.evaluate("document.querySelector('h1').textContent").startswith(
        "Pelayanan Kerjasama"
    )
    roles = page.evaluate(
        "Array.from(document.querySelectorAll('table.sop-resmi tr.sop-resmi__peran th[scope=col]'))"
        ".map(th => th.textContent)"
    )
    assert roles == [
        "Staf", "Kasi Kerjasama", "Kepala Bidang", "Sekretaris", "Kepala Dinas", "Instansi Terkait",
    ]  # fmt: skip
    # Every row's text fits the height the layout gave its symbol grid: no gaps in the lanes.
    rows = page.evaluate(
        "Array.from(document.querySelectorAll('table.sop-resmi tbody tr')).map(tr =>"
        " [tr.getBoundingClientRect().height,"
        " tr.querySelector('svg').getBoundingClientRect().height])"
    )
    assert len(rows) == 7  # one per step: the capsules sit on steps 1 and 7 (SOP AP)
    assert all(abs(row - svg) <= 2 for row, svg in rows), rows
    # Inside the table fits the page at 1400 px: no sideways scrolling.
    assert page.evaluate(
        "(() => { const w = document.querySelector('.sop-resmi-wadah');"
        " return w.scrollWidth <= w.clientWidth; })()"
    )
    # The text is text: a step can be selected and copied.
    selected = page.evaluate(
        "(() => { const r = document.createRange();"
        " r.selectNodeContents(document.getElementById('langkah-2'));"
        " const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); })()"
    )
    assert selected.startswith("Memeriksa Berkas")
    # The swimlane flowchart below it: an image that loaded.
    image = page.wait_for(
        "(() => { const i = document.querySelector('img[src$=\".svg\"]');"
        " i.scrollIntoView();"  # the image loads lazily, when it comes into view
        " return i && i.complete && i.naturalWidth > 0 &&"
        " [i.naturalWidth, i.closest('a').getAttribute('href')]; })()"
    )
    assert image[0] > 100 and image[1].endswith("pelayanan-kerjasama.svg")
    page.screenshot(ARTIFACTS / "4-sop-1400.png")


def test_phone_layout_at_400_px(served, browser):
    page = browser.new_page(400, 800)
    for path in (
        "sop/pelayanan-kerjasama/",
        "sop/pelayanan-kerjasama/evaluasi/",
        "peraturan/",
        "",
        "bidang/",
        "jabatan/",
        "tinjauan/",
        "pemantauan/",
    ):
        page.navigate(served + path)
        # Nothing makes the page wider than the phone: wide tables scroll in their box.
        assert page.evaluate("document.documentElement.scrollWidth") <= 400, path
    page.navigate(served + "sop/pelayanan-kerjasama/")
    # The identity block stacks: every row as wide as the table.
    widths = page.evaluate(
        "Array.from(document.querySelectorAll('table.sop-identitas tr'))"
        ".map(tr => Math.round(tr.getBoundingClientRect().width))"
    )
    assert len(set(widths)) == 1 and widths[0] <= 400
    page.screenshot(ARTIFACTS / "5-sop-400.png")
    # The procedure table scrolls sideways; No and Kegiatan stay in view.
    kept = page.evaluate(
        "(() => { const w = document.querySelector('.sop-resmi-wadah');"
        " const cell = document.getElementById('langkah-2').closest('td');"
        " const before = cell.getBoundingClientRect().left;"
        " w.scrollLeft = w.scrollWidth; const after = cell.getBoundingClientRect().left;"
        " return [w.scrollWidth > w.clientWidth, w.scrollLeft > 0, Math.abs(before - after)]; })()"
    )
    assert kept[0] and kept[1] and kept[2] < 40, kept
    page.evaluate("document.querySelector('.sop-resmi-wadah').scrollIntoView()")
    shot = page.send("Page.captureScreenshot", {"format": "png"})["data"]
    (ARTIFACTS / "5-sop-400-tabel-digeser.png").write_bytes(base64.b64decode(shot))


def test_sop_page_prints_landscape_with_every_column(served, browser):
    page = browser.new_page(1400, 900)
    page.navigate(served + "sop/pelayanan-kerjasama/")
    data = page.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    pdf = base64.b64decode(data["data"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "6-sop-cetak.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = "".join(p.extract_text() for p in reader.pages)
    for word in ("Keterangan", "Instansi Terkait", "Penandatanganan Kerjasama"):
        assert word in text, word  # every column, nothing cut off
    assert "Tampilan penyunting" not in text  # no site chrome on paper


def test_process_map_links_each_sop_to_its_page(served, browser):
    page = browser.new_page(1400, 900)
    page.navigate(served + "peta-proses/")
    linked = page.evaluate("document.querySelectorAll('.sop-peta svg g.node a').length")
    outside = page.evaluate(
        "document.querySelectorAll('.sop-peta svg g.node path[stroke-dasharray]').length"
    )
    assert (linked, outside) == (3, 4)  # the three SOPs; four named ones not on the site
    page.screenshot(ARTIFACTS / "10-peta-proses.png")
    page.evaluate(
        "Array.from(document.querySelectorAll('.sop-peta svg g.node a'))"
        ".find(a => a.href.baseVal.includes('pelayanan-kerjasama'))"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    page.wait_for("location.pathname.endsWith('/sop/pelayanan-kerjasama/')")


PAPER = {"A4": (8.27, 11.69), "F4": (8.46, 12.99)}  # inches, portrait


@pytest.mark.parametrize("paper", sorted(PAPER))
def test_forms_print_whole_on_a4_and_f4(served, browser, paper):
    """The evaluation sheet and the checklist: in the office's words, every column on paper."""
    page = browser.new_page(1400, 900)
    width, height = PAPER[paper]
    texts = {}
    for name, path in (
        ("evaluasi", "sop/pemanfaatan-data-dan-dokumen/evaluasi/"),
        ("daftar-periksa", "sop/pemanfaatan-data-dan-dokumen/daftar-periksa/"),
    ):
        page.navigate(served + path)
        data = page.send(
            "Page.printToPDF",
            {"paperWidth": width, "paperHeight": height, "printBackground": True},
        )
        pdf = base64.b64decode(data["data"])
        (ARTIFACTS / f"9-{name}-{paper}.pdf").write_bytes(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - width * 72) < 2 and float(box.height) > float(box.width)
        texts[name] = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    sheet = texts["evaluasi"]
    for column in ("Bukti dari pemeriksaan", "Paraf penilai", "Tindakan yang harus diambil"):
        assert column in sheet, column  # the right-hand columns are on the paper
    assert "temuan:" in sheet and not re.search(
        r"\b[a-z]+-[a-z]+-?[a-z]*\b", sheet.split("Formulir")[0]
    )
    assert "Kembali ke halaman SOP" not in sheet and "Cetak" not in sheet  # buttons: screen only
    checklist = texts["daftar-periksa"]
    for field in ("Nomor berkas", "Nama pemohon", "Tanggal", "Petugas", "Paraf"):
        assert field in checklist, field
    assert "Cetak" not in checklist  # the print button stays on screen
    page.navigate(served + "sop/pemanfaatan-data-dan-dokumen/daftar-periksa/")
    assert page.evaluate("document.querySelector('[data-sop-cetak]').textContent") == "Cetak"


CHECKLIST = "sop/pelayanan-kerjasama/daftar-periksa/"


def test_checklist_is_a_themed_page_filled_in_on_screen_and_printed(served, browser):
    """The checklist: the site's header, search and footer; fields typed and boxes ticked
    on screen reach the paper, and only the sheet does (A4, portrait)."""
    page = browser.new_page(1400, 900)
    page.navigate(served + CHECKLIST)
    themed = page.evaluate(
        "[!!document.querySelector('.md-header .sop-cari__buka'),"
        " document.querySelector('.md-tabs').textContent.includes('Menurut Jabatan'),"
        " document.querySelector('.md-copyright').textContent.includes('Dinas Kependudukan')]"
    )
    assert themed == [True, True, True]
    # The print button: shown by the site's cetak.js, it asks the browser to print.
    button = "document.querySelector('[data-sop-cetak]')"
    assert page.evaluate(f"{button}.offsetParent !== null")
    page.evaluate(f"window.print = () => {{ window.__dicetak = true; }}; {button}.click()")
    assert page.evaluate("window.__dicetak === true")
    page.evaluate("document.getElementById('isian-nomor-berkas').focus()")
    page.type_text("470/123/2026")
    page.evaluate("document.getElementById('isian-nama-pemohon').focus()")
    page.type_text("Budi Santoso")
    ticked = page.evaluate(
        "(() => { const boxes = document.querySelectorAll('input[type=checkbox][form=sop-daftar]');"
        " boxes[0].click(); return [boxes.length, boxes[0].checked]; })()"
    )
    assert ticked[0] > 10 and ticked[1] is True
    page.screenshot(ARTIFACTS / "7-daftar-periksa-1400.png", full_page=False)
    data = page.send(
        "Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}
    )
    pdf = base64.b64decode(data["data"])
    (ARTIFACTS / "7-daftar-periksa-diisi-A4.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert float(box.height) > float(box.width)  # portrait
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "470/123/2026" in text and "Budi Santoso" in text  # typed on screen, printed
    assert "Tugas Instansi Terkait" in text and "Selesai" in text
    for chrome in ("Menurut Jabatan", "Tampilan penyunting", "Kembali ke halaman SOP", "Kosongkan"):
        assert chrome not in text, chrome  # only the sheet on paper
    # "Kosongkan" empties the form for the next case.
    page.evaluate("document.querySelector('button[type=reset]').click()")
    assert page.evaluate(
        "document.getElementById('isian-nomor-berkas').value === '' &&"
        " !document.querySelector('input[type=checkbox][form=sop-daftar]').checked"
    )
    phone = browser.new_page(400, 800)
    phone.navigate(served + CHECKLIST)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400
    phone.screenshot(ARTIFACTS / "7-daftar-periksa-400.png")


def test_editor_view_is_a_toggle_the_browser_remembers(served, browser):
    page = browser.new_page(1400, 900)
    page.navigate(served + "sop/pelayanan-kerjasama/")
    shown = (
        "(() => { const e = document.querySelector('#temuan'); return e.offsetParent !== null; })()"
    )
    path = "document.querySelector('.sop-meta code').offsetParent !== null"
    assert page.evaluate(shown) is False and page.evaluate(path) is False  # a reader's view
    footer = page.evaluate("document.querySelector('.md-copyright').textContent")
    assert "Dinas Kependudukan" in footer and "Material" not in footer
    page.evaluate("document.querySelector('[data-sop-penyunting]').click()")
    assert page.evaluate(shown) is True and page.evaluate(path) is True
    page.navigate(served + "sop/pelayanan-kerjasama/")  # remembered by the browser
    assert page.evaluate(shown) is True
    assert page.evaluate("document.querySelector('.sop-penyunting-saja[href]') !== null")
    page.screenshot(ARTIFACTS / "8-penyunting.png")
    page.evaluate("document.querySelector('[data-sop-penyunting]').click()")
    assert page.evaluate(shown) is False


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
    page.navigate(served)
    open_search(page, "kerjasama")
    page.wait_for("document.querySelectorAll('.sop-cari__hasil a').length > 0", timeout=30)
    resources = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    urls = browser.requested_urls() + resources
    assert any("/pagefind/" in url for url in urls + QuietHandler.requested)
    outside = [
        url
        for url in urls
        if not url.startswith((served, "data:", "blob:", "about:", "chrome-extension:"))
    ]
    assert outside == []
