"""Building the site for real: mkdocs --strict, `sop build` atomicity, no outside requests."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.site.pagefind import build_search_index

from .site_project import copy_project, run_mkdocs, run_sop


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site built once with `sop build`; returns the project folder.

    Every test of it is marked slow: a whole build costs ~7 s of the fast loop."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_sop(project, "build", "--docx")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.mark.slow
def test_sop_build_docx_puts_a_word_file_beside_each_sop_page(built: Path):
    word = built / "site" / "sop" / "pelayanan-kerjasama" / "pelayanan-kerjasama.docx"
    assert word.read_bytes().startswith(b"PK")
    assert len(list((built / "site" / "sop").glob("*/*.docx"))) == 3


@pytest.mark.slow
def test_mkdocs_build_strict_has_no_warnings(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    result = run_mkdocs(project, "build", "--strict", "-d", str(tmp_path / "out"))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "ERROR" not in output, output
    assert (tmp_path / "out" / "sop" / "pelayanan-kerjasama" / "index.html").exists()


@pytest.mark.slow
def test_sop_build_makes_every_page(built: Path):
    site = built / "site"
    for path in (
        "index.html",
        "sop/pelayanan-kerjasama/index.html",
        "sop/pelayanan-kerjasama/pelayanan-kerjasama.svg",
        "sop/pelayanan-kerjasama/daftar-periksa/index.html",
        "assets/sop/cetak.js",
        "bidang/index.html",
        "jabatan/index.html",
        "jabatan/sekretaris/index.html",
        "peraturan/index.html",
        "tinjauan/index.html",
        "aturan/index.html",
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
        "assets/sop/tablesort.js",
        "assets/sop/cari.js",
    ):
        assert (site / path).exists(), path
    assert not (site / "search").exists()  # no lunr index: Pagefind replaces it
    assert not list(built.glob(".site-*")), "no staging folder left behind"
    page = (site / "sop/pelayanan-kerjasama/index.html").read_text("utf-8")
    assert '<img src="pelayanan-kerjasama.svg" alt="Diagram alir Pelayanan Kerjasama"' in page


@pytest.mark.slow
def test_every_local_link_of_the_generated_pages_resolves(built: Path):
    """Links written as raw HTML are not checked by MkDocs: check them here."""
    site = built / "site"
    link = re.compile(r'(?:href|src)="([^"#?:]*)(?:[#?][^"]*)?"')
    pages = [
        site / "index.html",
        site / "peraturan" / "index.html",
        site / "tinjauan" / "index.html",
    ]
    pages += list((site / "sop").rglob("*.html")) + list((site / "jabatan").rglob("*.html"))
    checked = 0
    for page in pages:
        for target in link.findall(page.read_text("utf-8")):
            if not target:
                continue  # an anchor on the same page
            resolved = (page.parent / target).resolve()
            if target.endswith("/") or resolved.is_dir():
                resolved = resolved / "index.html"
            assert resolved.exists(), f"{page.relative_to(site)}: {target}"
            checked += 1
    assert checked > 100


def _scripts(page: Path, site: Path) -> set[str]:
    """A page's scripts, each as it would run: `src` resolved from the site root,
    inline text with the page's relative way up to the root (`"../.."`) taken out."""
    found = set()
    html = page.read_text("utf-8")
    for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
        src = re.search(r'src="([^"]+)"', attributes)
        if src:
            target = src.group(1)  # relative, or from the root (404.html)
            base = site if target.startswith("/") else page.parent
            found.add("src:" + (base / target.lstrip("/")).resolve().relative_to(site).as_posix())
        else:
            body = re.sub(r'(new URL\(|"base": )"[./]*"', r'\1"ROOT"', body)
            found.add(attributes + re.sub(r'"search": "[./]*', '"search": "ROOT/', body))
    return found


@pytest.mark.slow
def test_no_page_holds_a_script_of_its_own(built: Path):
    """Every page runs exactly the theme's scripts: nothing page-specific (the checklist's
    print button included), so nothing a template or an SOP writes can run."""
    site = (built / "site").resolve()
    theme = _scripts(site / "tentang" / "index.html", site)
    assert "src:assets/sop/cetak.js" in theme and len(theme) > 5
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    odd = {p.relative_to(site).as_posix(): _scripts(p, site) ^ theme for p in pages}
    assert {path: diff for path, diff in odd.items() if diff} == {}


@pytest.mark.slow
def test_nav_lists_only_the_indexes(built: Path):
    """Every page embeds the nav: SOP pages stay out of it, so pages stay small."""
    page = (built / "site" / "bidang" / "index.html").read_text("utf-8")
    nav = page[page.index('<nav class="md-tabs"') : page.index('<div class="md-content"')]
    assert "Menurut Jabatan" in nav and "Tentang situs ini" in nav
    assert "pelayanan-kerjasama" not in nav
    # The tool's own documentation is out of the readers' tabs.
    assert "Aturan pemeriksaan" not in nav and "Benchmark" not in nav


@pytest.mark.slow
def test_built_html_requests_nothing_outside(built: Path):
    """No asset from another host: scripts, styles, images, fonts, frames all local."""
    asset = re.compile(
        r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=[\"']?(https?:)?//"
        r"|<link\b[^>]*\bhref=[\"']?(https?:)?//"
        r"|@import\s+(url\()?[\"']?(https?:)?//"
        r"|url\([\"']?(https?:)?//",
        re.I,
    )
    checked = 0
    for path in (built / "site").rglob("*"):
        if path.suffix in (".html", ".css") and "assets/stylesheets" not in path.as_posix():
            text = path.read_text("utf-8")
            found = asset.search(text)
            assert found is None, f"{path}: {text[found.start() : found.start() + 120]}"
            checked += 1
    assert checked > 20
    for css in (built / "site" / "assets" / "stylesheets").glob("*.css"):
        assert not re.search(r"url\([\"']?https?://", css.read_text("utf-8")), css


@pytest.mark.slow
def test_failed_build_leaves_the_previous_site_untouched(built: Path):
    site = built / "site"
    marker = site / "marker.txt"
    marker.write_text("previous build", encoding="utf-8")
    sop = built / "sops" / "pdip" / "pelayanan-kerjasama.yaml"
    good = sop.read_text("utf-8")
    try:
        # A check error: a decision answer that points to a step that does not exist.
        # With --strict (CI) a check error refuses the build; without, it is published.
        sop.write_text(good.replace("Tidak: 1", "Tidak: 99"), encoding="utf-8")
        result = run_sop(built, "build", "--strict")
        assert result.returncode == 1, result.stdout + result.stderr
        assert "tujuan-tak-ada" in result.stdout
        assert marker.read_text("utf-8") == "previous build"

        # A loader error (broken YAML) stops it too.
        sop.write_text(good + "\n  : [\n", encoding="utf-8")
        result = run_sop(built, "build", "--strict")
        assert result.returncode == 1
        assert marker.exists()
        assert not list(built.glob(".site-*"))
    finally:
        sop.write_text(good, encoding="utf-8")
    result = run_sop(built, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists(), "a successful build replaces the site as a whole"
    assert (site / "index.html").exists()


@pytest.mark.slow
def test_a_build_failing_while_the_search_index_is_made_leaves_no_trace(built: Path):
    """Pagefind runs while the handbook and the register are written (build.py); when
    that part fails, Pagefind is stopped and the half-made folder removed."""
    site = built / "site"
    marker = site / "marker.txt"
    marker.write_text("previous build", encoding="utf-8")
    config = built / "mkdocs.yml"
    good = config.read_text("utf-8")
    try:
        # The register's file would be the folder `sop/`: writing it fails after MkDocs.
        config.write_text(good.replace("      sops: sops", "      sops: sops\n      register: sop"))
        result = run_sop(built, "build", "--no-handbook")
        assert result.returncode != 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert marker.read_text("utf-8") == "previous build"
        assert not list(built.glob(".site-*"))
    finally:
        config.write_text(good, encoding="utf-8")
        marker.unlink()


@pytest.mark.slow
def test_mkdocs_build_aborts_on_broken_sops_without_traceback(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    sop = project / "sops" / "pdip" / "pelayanan-kerjasama.yaml"
    sop.write_text(sop.read_text("utf-8").replace("pelaksana: staf", "pelaksana: stafff", 1))
    result = run_mkdocs(project, "build", "--strict", "-d", str(tmp_path / "out"))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "sops/pdip/pelayanan-kerjasama.yaml:" in output and "stafff" in output
    assert "Traceback" not in output


@pytest.mark.slow
def test_sop_generate_writes_plain_markdown(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    result = run_sop(project, "generate", "--out", "out")
    assert result.returncode == 0, result.stderr
    page = (project / "out" / "sop" / "pelayanan-kerjasama" / "index.md").read_text("utf-8")
    assert page.startswith("---\ntitle:") and "## Prosedur: Pelayanan Kerjasama" in page
    assert (project / "out" / "sop" / "pelayanan-kerjasama" / "pelayanan-kerjasama.svg").exists()


@pytest.mark.slow
def test_sop_generate_with_nothing_changed_writes_nothing(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    page = project / "out" / "sop" / "pelayanan-kerjasama" / "index.md"
    first = run_sop(project, "generate", "--out", "out")
    assert first.returncode == 0, first.stderr
    written = page.stat().st_mtime_ns

    again = run_sop(project, "generate", "--out", "out")
    assert again.returncode == 0 and again.stdout == first.stdout
    assert page.stat().st_mtime_ns == written  # nothing rewritten

    page.write_text("edited by hand", encoding="utf-8")  # an output changed: regenerate
    assert run_sop(project, "generate", "--out", "out").returncode == 0
    assert "## Prosedur: Pelayanan Kerjasama" in page.read_text("utf-8")

    source = project / "sops" / "pdip" / "pelayanan-kerjasama.yaml"  # an input changed
    text = source.read_text("utf-8")
    source.write_text(text.replace("Pelayanan Kerjasama", "Layanan Kerjasama", 1), "utf-8")
    assert run_sop(project, "generate", "--out", "out").returncode == 0
    assert "## Prosedur: Layanan Kerjasama" in page.read_text("utf-8")

    written = page.stat().st_mtime_ns  # --no-cache always writes
    assert run_sop(project, "generate", "--out", "out", "--no-cache").returncode == 0
    assert page.stat().st_mtime_ns != written


@pytest.mark.slow
def test_pages_are_marked_for_the_search_index(built: Path):
    """Pagefind indexes the body of SOP and documentation pages, not the indexes."""
    site = built / "site"
    sop = (site / "sop" / "pelayanan-kerjasama" / "index.html").read_text("utf-8")
    assert "<div data-pagefind-body>" in sop  # full weight
    for name, value in (
        ("Bidang", "Bidang Pemanfaatan Data dan Inovasi Pelayanan"),
        ("Jabatan", "Kepala Dinas"),
        ("Status", "Berlaku"),
        ("Dasar hukum", "UU 23/2006"),
    ):
        assert f'<span data-pagefind-filter="{name}">{value}</span>' in sop, name
    # Root words for search, hidden, after the mark the search box cuts at.
    hidden = re.search(r'id="langkah-7">.*?<span class="sop-cari-kata" hidden>¦ ([^<]*)<', sop)
    assert hidden and "tandatangan" in hidden.group(1).split()
    assert "Kadis" in sop  # an alias of a role, for search only
    docs = (site / "aturan" / "index.html").read_text("utf-8")
    assert 'data-pagefind-body data-pagefind-weight="0.3"' in docs  # ranks below the SOPs
    for index in ("index.html", "peraturan/index.html", "jabatan/index.html"):
        assert "data-pagefind-body" not in (site / index).read_text("utf-8"), index
    assert list((site / "pagefind").glob("wasm.id.pagefind"))  # Indonesian stemming


HOSTILE = "<script>alert(1)</script> | *bold* _it_ `code` {{ x }} [a](b) &amp;"


@pytest.mark.slow
def test_hostile_text_stays_text_in_the_built_site(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    quoted = HOSTILE  # no '"' in it: it goes between double quotes
    (project / "sops" / "pdip" / "jahat.yaml").write_text(
        f'nama: "Jahat {quoted}"\n'
        "unit: {bidang: pdip, seksi: kerjasama}\n"
        "pelaksana: [staf, kasi_kerjasama]\n"
        "prosedur:\n"
        f'  - kegiatan: "Menyiapkan {quoted}"\n'
        "    pelaksana: staf\n"
        f'    output: "{quoted}"\n'
        "    waktu: 15 menit\n"
        "  - kegiatan: Memeriksa berkas\n"
        "    pelaksana: kasi_kerjasama\n"
        "    waktu: 30 menit\n",
        encoding="utf-8",
    )
    result = run_sop(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "site" / "sop" / "jahat" / "index.html").read_text("utf-8")
    content = page[page.index('<article class="md-content__inner') : page.index("</article>")]
    assert "<script>" not in content and "<em>bold" not in content and "<code>code" not in content
    row = re.search(
        r'<tr class="sop-resmi__step"[^>]*>\n<td class="sop-resmi__no">1<.*?</tr>', content, re.S
    ).group(0)
    assert row.count("<td") == 2 + 1 + 4  # no cell split by the '|'
    assert "&#60;script&#62;alert(1)&#60;/script&#62; &#124; &#42;bold&#42;" in row


@pytest.mark.slow
def test_search_index_is_the_same_bytes_every_run(built: Path):
    """Pagefind writes filter values in hash-map order; the plugin puts them in order."""
    bundle = built / "site" / "pagefind"

    def digest() -> dict[str, str]:
        return {
            path.relative_to(bundle).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        }

    first = digest()
    for _ in range(3):  # one unordered run in two would differ (five filters)
        build_search_index(built / "site")
        assert digest() == first


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_rebuild_after_an_edit_copies_unchanged_pages_and_equals_a_cold_build(tmp_path: Path):
    """`sop build` copies the pages of unchanged SOPs from the previous site (pagereuse.py):
    the result is byte for byte a cold build's; a tampered previous page is built again."""
    project = copy_project(tmp_path / "project")
    assert run_sop(project, "build", "--no-handbook").returncode == 0
    source = project / "sops" / "pdip" / "pelayanan-kerjasama.yaml"
    source.write_text(
        source.read_text("utf-8").replace("peringatan: >-", "peringatan: >-\n  Suntingan baru.", 1),
        "utf-8",
    )
    # A page of another SOP altered in the published site: its bytes no longer match.
    tampered = project / "site" / "sop" / "inovasi-pelayanan" / "index.html"
    tampered.write_text(tampered.read_text("utf-8").replace("</h1>", "</h1><p>palsu</p>", 1))
    # An unchanged SOP's page and chart, and the edited SOP's page: which file is which.
    kept = [
        project / "site" / "sop" / "pemanfaatan-data-dan-dokumen" / "index.html",
        *(project / "site" / "sop" / "pemanfaatan-data-dan-dokumen").glob("*.svg"),
    ]
    edited = project / "site" / "sop" / "pelayanan-kerjasama" / "index.html"
    files_before = {path: os.stat(path).st_ino for path in [*kept, edited, tampered]}
    result = run_sop(project, "build", "--no-handbook")
    assert result.returncode == 0, result.stdout + result.stderr
    # The unchanged files are the previous site's own (hard links: no byte written again);
    # the edited page and the tampered one are new files. The old site is gone.
    assert len(kept) == 2
    assert [os.stat(path).st_ino for path in kept] == [files_before[path] for path in kept]
    assert os.stat(edited).st_ino != files_before[edited]
    assert os.stat(tampered).st_ino != files_before[tampered]
    assert all(os.stat(path).st_nlink == 1 for path in kept)
    reused = re.search(r"(\d+) dari (\d+) halaman SOP tidak berubah", result.stderr)
    assert reused is not None, result.stderr
    # Built again: the edited SOP's page (its other pages do not show the warning) and
    # the tampered page; every other page is copied.
    assert int(reused.group(1)) == int(reused.group(2)) - 2 > 10
    incremental = _tree(project / "site")
    assert "palsu" not in incremental["sop/inovasi-pelayanan/index.html"].decode()
    assert "Suntingan baru." in incremental["sop/pelayanan-kerjasama/index.html"].decode()
    for folder in (".sop-cache", "site"):
        shutil.rmtree(project / folder)
    assert run_sop(project, "build", "--no-handbook").returncode == 0
    cold = _tree(project / "site")
    assert sorted(incremental) == sorted(cold)
    assert [path for path in cold if cold[path] != incremental[path]] == []
