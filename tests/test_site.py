"""The site generator: the seed SOPs in, the pages' key content out; hostile text stays text."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check import run_checks
from generator.loader import load_repository
from generator.site import SiteOptions, generate_site
from generator.site.escape import escape_text
from generator.site.views import url_between

from .conftest import MINIMAL_SOP, SOPS

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
EXTENSIONS = ["tables", "attr_list", "admonition", "pymdownx.details", "toc"]


def build(root: Path, **options) -> dict[str, str | bytes]:
    result = load_repository(root)
    assert result.repository is not None, result.problems
    flowcharts = {entry.id: [SVG] for entry in result.repository.sops}
    report = run_checks(result.repository)
    return generate_site(
        result.repository, report, flowcharts, SiteOptions(**options), result.problems
    )


@pytest.fixture(scope="module")
def seeds() -> dict[str, str | bytes]:
    return build(SOPS)


def html_of(page: str) -> str:
    """The page as MkDocs would render it (front matter removed)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.S)
    return markdown.markdown(body, extensions=EXTENSIONS)


class Cells(HTMLParser):
    """Rows of every table: a list of (tag, text) cells per <tr>; rows per table too."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str]]] = []
        self.tables: list[tuple[str, list[list[tuple[str, str]]]]] = []  # (class, rows)
        self.cell: list[str] | None = None
        self.tag = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append((dict(attrs).get("class") or "", []))
        elif tag == "tr":
            self.tables[-1][1].append([])
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell, self.tag = [], tag

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append((self.tag, "".join(self.cell)))
            self.tables[-1][1][-1].append((self.tag, "".join(self.cell)))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def cells(html: str) -> Cells:
    parser = Cells()
    parser.feed(html)
    return parser


def test_the_site_has_every_page(seeds):
    ids = ["inovasi-pelayanan", "pelayanan-kerjasama", "pemanfaatan-data-dan-dokumen"]
    for sop_id in ids:
        assert f"sop/{sop_id}/index.md" in seeds
        assert f"sop/{sop_id}/daftar-periksa.md" in seeds
        assert seeds[f"sop/{sop_id}/{sop_id}.svg"] == SVG
    for page in ("index.md", "bidang.md", "jabatan/index.md", "peraturan.md", "tinjauan.md"):
        assert page in seeds
    assert "jabatan/sekretaris.md" in seeds
    for asset in ("sop.css", "cetak.js", "tablesort.js"):
        assert f"assets/sop/{asset}" in seeds


def test_procedure_table_is_the_official_connected_table(seeds):
    """The SOP page's table is the handbook's: symbols in the performer's lane, arrows, answers."""
    page = seeds["sop/pelayanan-kerjasama/index.md"]
    start = page.index('<table class="sop-resmi"')
    table = page[start : page.index("</table>", start)]
    rows = cells(table).rows
    assert [text for _, text in rows[0]] == [
        "No", "Kegiatan", "Pelaksana", "Mutu Baku", "Keterangan",
    ]  # fmt: skip
    roles = ["Staf", "Kasi Kerjasama", "Kepala Bidang", "Sekretaris", "Kepala Dinas"]
    assert [text for _, text in rows[1]] == [
        *roles, "Instansi Terkait", "Kelengkapan", "Waktu", "Output",
    ]  # fmt: skip
    body = rows[2:]
    # No rows of their own for Mulai and Selesai: the capsules sit on steps 1 and 7 (SOP AP).
    assert [row[0][1] for row in body] == ["1", "2", "3", "4", "5", "6", "7"]
    # Step 2: its own anchor, the question and the answers with where they lead.
    assert '<h3 class="sop-resmi__judul" id="langkah-2">' in table
    assert "Berkas sudah sesuai?" in body[1][1][1]
    assert "Ya: ke 3 · Tidak: kembali ke 1" in body[1][1][1]
    # The symbol grid: one inline SVG per row, windows onto one drawing, with a
    # decision (diamond), the answers and a dashed return arrow.
    grids = re.findall(r'<svg [^>]*viewBox="0 ([\d.]+) ', table)
    assert len(grids) == 7 and grids == sorted(grids, key=float)
    assert re.search(r'<path class="g-simbol" d="M[\d.,]+', table)  # digits, not entities
    assert 'aria-label="Keputusan: Kasi Kerjasama"' in table
    # Screen readers hear the capsules where the table draws them: on steps 1 and 7.
    assert 'aria-label="Mulai: Staf"' in table
    assert 'aria-label="Selesai: Kepala Dinas, Instansi Terkait"' in table
    assert 'aria-label="Proses: Kasi Kerjasama"' in table  # step 3, an activity between
    assert 'class="g-panah g-panah--balik"' in table and ">Tidak</text>" in table
    # Text at the layout's own line breaks (every line one span), selectable.
    assert table.count('<span class="b b--') > 30


def test_sop_page_shows_the_form_fields_time_and_flowchart(seeds):
    page = seeds["sop/pelayanan-kerjasama/index.md"]
    form = page[page.index('<div class="sop-form">') : page.index("## Prosedur")]
    fields = re.findall(r'<div class="sop-form__field"><strong>(.*?)</strong>', form)
    assert fields == [
        "Dasar Hukum",
        "Kualifikasi Pelaksana",
        "Keterkaitan",
        "Peralatan/Perlengkapan",
        "Peringatan",
        "Pencatatan dan Pendataan",
    ]  # the form's two columns, row by row
    assert '<span class="sop-status sop-status--berlaku">Berlaku</span>' in page
    assert '<tr><th scope="row">Jalur utama</th><td>4 hari 1 jam 55 menit</td></tr>' in page
    assert (
        '<a href="pelayanan-kerjasama.svg"><img src="pelayanan-kerjasama.svg" '
        'alt="Diagram alir Pelayanan Kerjasama" loading="lazy"></a>'
    ) in page
    assert "<code>sops/pdip/pelayanan-kerjasama.yaml</code>" in page
    assert '<a href="daftar-periksa.md">Daftar periksa dan kartu tugas</a>' in page


def test_dasar_hukum_marks_amended_regulations_and_links_the_replacement(seeds):
    page = seeds["sop/pelayanan-kerjasama/index.md"]
    row = next(line for line in page.splitlines() if line.startswith("<tr><td>1</td><td>Undang"))
    assert '<span class="sop-reg sop-reg--diubah">Diubah</span>' in row
    assert 'oleh <a href="../../peraturan.md#uu-24-2013">UU 24/2013</a>' in row
    # In the form, the amended law is marked too.
    assert (
        '<li><a href="../../peraturan.md#uu-23-2006">Undang-Undang Nomor 23 Tahun 2006</a> '
        '<span class="sop-reg sop-reg--diubah">Diubah</span></li>'
    ) in page
    matrix = seeds["peraturan.md"]
    assert "### UU 24/2013 { #uu-24-2013 }" in matrix
    row = next(line for line in matrix.splitlines() if "Pelayanan Kerjasama</a>" in line)
    assert row.count("<td>●</td>") == 5  # its five dasar hukum


def test_findings_are_in_a_collapsed_note(seeds):
    page = seeds["sop/pelayanan-kerjasama/index.md"]
    box = page[page.index('<details class="note">') :]  # collapsed until opened
    assert box.startswith(
        '<details class="note">\n'
        "<summary>Temuan pemeriksaan: 0 galat, 1 peringatan, 8 info</summary>"
    )
    assert "<code>nomor-sementara</code>" in box
    assert '<details class="note">' in html_of(page)


def test_catalogue_and_indexes(seeds):
    home = seeds["index.md"]
    assert '<div class="sop-urut sop-scroll">' in home  # sortable (tablesort.js)
    assert (
        '<tr><td>470/ /SOP/DKPS/2022</td><td><a href="sop/pelayanan-kerjasama/index.md">'
        "Pelayanan Kerjasama</a></td>"
        '<td title="Bidang Pemanfaatan Data dan Inovasi Pelayanan / Seksi Kerjasama">'
        "Seksi Kerjasama</td>"
        '<td><span class="sop-status sop-status--berlaku">Berlaku</span></td><td>7</td>'
        '<td data-sort="1915">4 hari 1 jam 55 menit</td></tr>'
    ) in home
    assert "### Seksi Kerjasama" in seeds["bidang.md"]
    sekretaris = seeds["jabatan/sekretaris.md"]
    assert "## Pelayanan Kerjasama\n" in sekretaris
    assert '<a href="../sop/pelayanan-kerjasama/index.md">Pelayanan Kerjasama</a>' in sekretaris
    assert "<tr><td>5</td><td>Pemeriksaan Konsep Kerjasama." in sekretaris
    review = seeds["tinjauan.md"]
    assert "## SOP draf" in review and "<code>nomor-sementara</code>" in review


def test_pages_are_headings_and_html_blocks_only(seeds):
    """The plugin hands Markdown only the headings of generated pages (plugin.py)."""
    for path, page in seeds.items():
        if path.endswith(".md"):
            lines = page.split("---\n", 2)[2].splitlines()
            for number, line in enumerate(lines):
                assert not line or line.startswith(("#", "<")), (path, line)
                if line.startswith("#") and number:  # else an HTML block would swallow it
                    assert lines[number - 1] == "", (path, line)


def test_checklist_is_a_site_page_with_fields_tick_boxes_and_a_task_card_per_role(seeds):
    page = seeds["sop/pelayanan-kerjasama/daftar-periksa.md"]
    # A page of the site (theme, header, search box): front matter, left out of search.
    assert page.startswith(
        '---\ntitle: "Daftar Periksa: Pelayanan Kerjasama"\nsearch:\n  exclude: true'
    )
    html = html_of(page)
    assert "<h1" in html and "<h2" in html
    # Fields to fill in on screen, each with its label, all in one form (reset = Kosongkan).
    for field, label in (("nomor-berkas", "Nomor berkas"), ("nama-pemohon", "Nama pemohon")):
        assert f'<label for="isian-{field}">{label}</label>' in html
        assert f'<input type="text" id="isian-{field}" form="sop-daftar">' in html
    assert '<button type="reset" class="md-button">Kosongkan</button>' in html
    # The print button: hidden until the site's cetak.js shows it; no script on the page.
    assert "data-sop-cetak hidden>Cetak</button>" in html and "<script" not in html
    assert (
        '<li><label><input type="checkbox" form="sop-daftar"> '
        "Bahan Kelengkapan Perjanjian Kerjasama</label></li>"
    ) in html
    assert '<a class="md-button" href="index.md">' in html  # back to the SOP page
    card = html[html.index(">Tugas Sekretaris</h3>") : html.index(">Tugas Kepala Dinas</h3>")]
    rows = cells(card).rows
    assert [text for _, text in rows[1]][:4] == [
        "5",
        "Pemeriksaan Konsep Kerjasama. Jika konsep perlu perbaikan, dikembalikan kepada Kasi "
        "kerjasama. Jika sudah sesuai, dibubuhkan paraf pada konsepYa → 6; Tidak → 3",
        "Verifikasi dan paraf",
        "30 Menit",
    ]
    assert html.count('<input type="checkbox" form="sop-daftar" aria-label="Selesai') == 8
    # The evaluation sheet has the same print button and way back.
    sheet = html_of(seeds["sop/pelayanan-kerjasama/evaluasi.md"])
    assert "data-sop-cetak hidden>Cetak</button>" in sheet
    assert '<a class="md-button" href="index.md">' in sheet


def test_related_sop_in_the_repository_is_a_link(sops_dir):
    (sops_dir / "pertama.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    linked = MINIMAL_SOP.replace("nama: Contoh Layanan", "nama: Kedua\nketerkaitan: {sop: pertama}")
    (sops_dir / "kedua.yaml").write_text(linked, encoding="utf-8")
    page = build(sops_dir)["sop/kedua/index.md"]
    assert '<li><a href="../pertama/index.md">Contoh Layanan</a></li>' in page
    served = build(sops_dir, link_style="directory")["sop/kedua/index.md"]
    assert '<li><a href="../pertama/">Contoh Layanan</a></li>' in served


def test_english_labels(sops_dir):
    (sops_dir / "satu.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    page = build(sops_dir, lang="en")["sop/satu/index.md"]
    assert "## Procedure: Contoh Layanan" in page and "<strong>Legal basis</strong>" in page


def test_edit_link_points_to_the_yaml(sops_dir):
    (sops_dir / "satu.yaml").write_text(MINIMAL_SOP, encoding="utf-8")
    files = build(
        sops_dir,
        edit_url="https://git.example/sop/-/edit/main/{path}",
        source_paths={"satu": "sops/satu.yaml"},
    )
    assert 'href="https://git.example/sop/-/edit/main/sops/satu.yaml"' in html_of(
        files["sop/satu/index.md"]
    ).replace("&#95;", "_")


# --- escaping -------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> | *bold* _it_ `code` {{ x }} {% y %} [a](b) ![i](j) &amp; \\"


def test_escape_text_neutralises_markup():
    escaped = str(escape_text(HOSTILE))
    for char in "<>|*_`{}[]":
        assert char not in escaped
    assert str(escape_text("- item")).startswith("&#45;")
    assert str(escape_text("1. item")).startswith("&#49;&#46;")
    assert str(escape_text("line\nbreak\x02")) == "line break"


def test_hostile_text_in_every_field_renders_as_text(sops_dir):
    hostile = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    sop = textwrap.dedent(
        f"""\
        nama: "{hostile}"
        nomor: "{hostile}"
        unit: {{bidang: pdip, seksi: kerjasama}}
        kualifikasi_pelaksana: ["{hostile}"]
        keterkaitan: ["{hostile}"]
        peringatan: "{hostile}"
        pelaksana: [staf, kasi_kerjasama]
        prosedur:
          - kegiatan: "Menyiapkan {hostile}"
            pelaksana: staf
            kelengkapan: ["{hostile}", "- [ ] # not a heading"]
            waktu: 15 menit
            output: "{hostile}"
            keterangan: "{hostile}"
          - kegiatan: Memeriksa berkas
            pelaksana: kasi_kerjasama
            pertanyaan: "{hostile}?"
            jawaban: {{Ya: lanjut, "Tidak|*x*": 1}}
            waktu: 30 menit
        """
    )
    (sops_dir / "jahat.yaml").write_text(sop, encoding="utf-8")
    files = build(sops_dir)
    # No generated page holds a script of its own (the theme's files are the only
    # scripts): any script in a page is injected.
    for path, page in files.items():
        if path.endswith((".md", ".html")):
            assert "<script" not in page.lower(), path
    for path in ("sop/jahat/index.md", "sop/jahat/daftar-periksa.md", "index.md", "tinjauan.md"):
        page = files[path]
        assert "{{" not in page, path
        html = html_of(page)
        assert "<script" not in html, path
        for tag in ("<em>bold", "<em>it", "<code>code", '<img alt="i"', '<a href="b"'):
            assert tag not in html, (path, tag)
        tables = [
            rows
            for kind, rows in cells(html).tables
            # Laid out with spans on purpose; the berkas table holds no author text.
            if kind not in ("sop-resmi", "sop-identitas", "sop-daftar__berkas")
        ]
        assert tables, path
        for rows in tables:  # no row split or merged by a stray '|'
            if rows and len(rows[0]) > 1:
                assert len({len(row) for row in rows}) == 1, (path, rows)
    sop_html = html_of(files["sop/jahat/index.md"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in sop_html.replace("&#60;", "&lt;").replace(
        "&#62;", "&gt;"
    )
    rows = next(rows for kind, rows in cells(sop_html).tables if kind == "sop-resmi")
    # Two steps and the Selesai the last (decision) step's "Ya" leads to: No, Kegiatan,
    # the symbol grid, mutu baku (3), keterangan
    assert [len(row) for row in rows[2:]] == [7, 7, 7]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Co", "Cn")), max_size=60))
def test_any_text_is_exactly_one_table_cell(text):
    html = markdown.markdown(
        f"| a | b |\n|---|---|\n| {escape_text(text)} | z |", extensions=EXTENSIONS
    )
    rows = cells(html).rows
    assert len(rows) == 2 and len(rows[1]) == 2
    expected = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())
    assert rows[1][0][1].strip() == expected


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("md", ["../../peraturan.md#uu-1", "../b/index.md", "index.md", "../../index.md"]),
        (
            "html",
            ["../../peraturan.html#uu-1", "../b/index.html", "index.html", "../../index.html"],
        ),
        ("directory", ["../../peraturan/#uu-1", "../b/", "./", "../../"]),
    ],
)
def test_links_follow_how_pages_are_served(style, expected):
    links = [
        url_between("sop/a/index.md", "peraturan.md#uu-1", style),
        url_between("sop/a/index.md", "sop/b/index.md", style),
        url_between("sop/a/daftar-periksa.html", "sop/a/index.md", style),
        url_between("sop/a/index.md", "index.md", style),
    ]
    assert links == expected
