"""The printed handbook: the PDF's structure read back with pypdf.

The seed handbook is built once per module (a few seconds); the other cases
use small SOP folders without flowcharts to stay quick.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from generator.check import run_checks  # noqa: E402
from generator.handbook import HandbookOptions, build_handbook, select_sops  # noqa: E402
from generator.handbook.table import procedure_table  # noqa: E402
from generator.loader import load_repository  # noqa: E402

from .conftest import SOPS  # noqa: E402

LANDSCAPE = "landscape"
PORTRAIT = "portrait"
TOC_LINE = re.compile(r"^(?P<entry>.+?)\s*\.{4,}\s*(?P<page>\d+)$")


def orientation(page) -> str:
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    return LANDSCAPE if width > height else PORTRAIT


def flat(text: str) -> str:
    """Extracted text with all whitespace squeezed (lines break anywhere in a PDF).

    pypdf reads some pages of a document that uses a .notdef glyph (an emoji
    without an emoji font) as UTF-16 with NUL high bytes; poppler reads them
    as text. The NULs are dropped so both read alike.
    """
    return " ".join(text.replace("\x00", "").split())


def build(folder: Path, **options):
    repository = load_repository(folder).repository
    assert repository is not None
    book = build_handbook(repository, run_checks(repository), options=HandbookOptions(**options))
    return repository, book, pypdf.PdfReader(io.BytesIO(book.pdf))


@pytest.fixture(scope="module")
def seeds():
    repository, book, reader = build(SOPS)
    texts = [flat(page.extract_text()) for page in reader.pages]
    return repository, book, reader, texts


def toc_entries(text: str) -> dict[str, int]:
    """Entry text -> page number, from the contents page's lines."""
    entries = {}
    for line in text.splitlines():
        match = TOC_LINE.match(line.strip())
        if match:
            entries[flat(match["entry"])] = int(match["page"])
    return entries


def test_seed_handbook_has_cover_contents_guide_then_each_sop(seeds):
    _, book, reader, texts = seeds
    assert book.pages == len(reader.pages)
    assert "Buku Pedoman Standar Operasional Prosedur" in texts[0]
    assert "Tahun 2022" in texts[0]
    assert texts[1].startswith("Daftar Isi")
    assert "Cara Membaca SOP" in texts[2]
    assert [orientation(p) for p in reader.pages[:3]] == [PORTRAIT] * 3


def test_toc_page_numbers_point_at_each_sops_identity_page(seeds):
    repository, _, reader, texts = seeds
    entries = toc_entries(reader.pages[1].extract_text())
    assert entries["Cara Membaca SOP"] == 3
    for entry in repository.sops:
        key = next(k for k in entries if k.endswith(entry.sop.nama))
        assert key.startswith(entry.sop.nomor)
        page = entries[key]
        identity = texts[page - 1]
        assert "Nomor SOP" in identity and entry.sop.nomor in identity
        assert entry.sop.nama.upper() in identity
        assert orientation(reader.pages[page - 1]) == PORTRAIT
        # The procedure table follows, on landscape pages, with its header.
        assert orientation(reader.pages[page]) == LANDSCAPE
        assert "Kegiatan" in texts[page] and "Mutu Baku" in texts[page]
    # The outline (bookmarks) agrees with the contents page.
    outline = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    for entry in repository.sops:
        title = f"{entry.sop.nomor} {entry.sop.nama}"
        assert outline[title] == entries[next(k for k in entries if k.endswith(entry.sop.nama))]


def test_each_sop_prints_identity_table_flowchart_and_evaluation_in_order(seeds):
    repository, _, reader, texts = seeds
    kinds = []
    for page, text in zip(reader.pages[3:], texts[3:], strict=True):
        if "Nomor SOP" in text and "Disahkan oleh" in text:
            kinds.append(("identitas", orientation(page)))
        elif "Prosedur:" in text:
            kinds.append(("prosedur", orientation(page)))
        elif "Diagram Alir:" in text:
            kinds.append(("diagram", orientation(page)))
        elif "Lembar Evaluasi" in text or "Penilai:" in text:
            kinds.append(("evaluasi", orientation(page)))
        else:
            kinds.append(("?", orientation(page)))
    assert ("?", PORTRAIT) not in kinds and ("?", LANDSCAPE) not in kinds
    assert all((kind in ("prosedur", "diagram")) == (side == LANDSCAPE) for kind, side in kinds), (
        kinds
    )
    assert [k for k, _ in kinds].count("identitas") == len(repository.sops)
    # Planned table pages are the printed ones: no row grew past its planned height.
    planned = sum(len(procedure_table(e.sop, repository.organisasi).pages) for e in repository.sops)
    assert [k for k, _ in kinds].count("prosedur") == planned


def test_running_header_footer_and_text_are_selectable(seeds):
    repository, _, reader, texts = seeds
    total = len(reader.pages)
    for number, text in enumerate(texts[1:], start=2):
        assert f"halaman {number} dari {total}" in text
    for entry in repository.sops:
        assert sum(entry.sop.nomor in t and entry.sop.nama in t for t in texts) >= 3
    table_page = next(t for t in texts if "Prosedur: Pelayanan Kerjasama" in t)
    assert "Menyiapkan bahan-bahan Kelengkapan Perjanjian Kerjasama" in table_page
    assert "Ya: ke 3 · Tidak: kembali ke 1" in table_page
    assert "DRAF" not in " ".join(texts)  # every seed SOP is berlaku


def test_fonts_are_embedded(seeds):
    _, _, reader, _ = seeds
    for page in reader.pages[:6]:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (
                descendant[0].get_object()["/FontDescriptor"]
                if descendant
                else font.get("/FontDescriptor")
            )
            if descriptor is None:  # a Type 3 font carries its glyphs inline
                continue
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def two_sops(folder: Path) -> None:
    base = (SOPS / "pdip" / "inovasi-pelayanan.yaml").read_text(encoding="utf-8")
    (folder / "satu.yaml").write_text(base, encoding="utf-8")
    draft = base.replace("status: berlaku", "status: draf").replace(
        "nama: Inovasi Pelayanan", "nama: Layanan Percobaan"
    )
    (folder / "dua.yaml").write_text(draft, encoding="utf-8")


def test_draft_watermark_only_on_the_draft_sops_pages(sops_dir: Path):
    two_sops(sops_dir)
    _, _, reader = build(sops_dir, flowchart=False)
    draft_pages = []
    for index, page in enumerate(reader.pages):
        text = flat(page.extract_text())
        if index >= 3 and "Layanan Percobaan" in text:  # after cover, contents, guide
            draft_pages.append(index)
        has_watermark = "DRAF" in text.replace(" ", "")
        assert has_watermark == (index in draft_pages), (index, text[:200])
    assert len(draft_pages) >= 3  # identity, table, evaluation


def test_same_input_same_bytes(sops_dir: Path):
    two_sops(sops_dir)
    _, first, _ = build(sops_dir, flowchart=False)
    _, second, _ = build(sops_dir, flowchart=False)
    assert first.pdf == second.pdf
    assert b"/CreationDate" not in first.pdf and b"/ModDate" not in first.pdf
    _, _, reader = build(sops_dir, flowchart=False, evaluation=False, created="2024-03-01")
    assert reader.metadata.creation_date.year == 2024  # only when configured


def dumps(text: str) -> str:
    """A YAML scalar for `text` (JSON is YAML; keep emoji as they are, not as surrogates)."""
    return json.dumps(text, ensure_ascii=False)


HOSTILE_ROLES = [
    "staf",
    "kasi_kerjasama",
    "kasi_inovasi_pelayanan",
    "kasi_pemanfaatan_data",
    "kabid_pdip",
    "sekretaris",
    "kadis",
    "instansi_terkait",
]
LONG = " ".join(f"kata{n}" for n in range(260)) + " AKHIRKEGIATAN"


def hostile_sop(steps: int = 40) -> str:
    lines = [
        "nama: " + dumps("Layanan <script>alert(1)</script> | uji 🚀 " + "panjang " * 12),
        'nomor: "470/<b>|</b>/SOP/2024"',
        "status: draf",
        "unit: {bidang: pdip, seksi: kerjasama}",
        "disahkan_oleh: {jabatan: kadis, nama: " + dumps("Nama \"Kutip\" 'satu'") + "}",
        "kualifikasi_pelaksana: [" + dumps("x" * 300) + "]",
        f"pelaksana: [{', '.join(HOSTILE_ROLES)}]",
        "prosedur:",
    ]
    for index in range(steps):
        role = HOSTILE_ROLES[(index * 3) % len(HOSTILE_ROLES)]
        kegiatan = LONG if index == 5 else f"Memeriksa <script> | berkas 🚀 nomor {index + 1}"
        lines += [
            f"  - kegiatan: {dumps(kegiatan)}",
            f"    pelaksana: {role}",
            "    kelengkapan: [" + dumps("Berkas|" + "a" * 80) + ", Formulir]",
            "    waktu: 15 menit",
            "    output: " + dumps("Hasil </td></tr> selesai"),
        ]
        if index in (3, 17, 33):
            lines += [
                "    pertanyaan: " + dumps("Lengkap & benar?"),
                f"    jawaban: {{Lengkap sekali: lanjut, Tidak: {max(1, index - 2)}}}",
            ]
        if index == 25:
            lines.append("    jawaban: {Ya: lanjut, Kembali jauh: 2}")
    return "\n".join(lines) + "\n"


def test_hostile_text_eight_roles_forty_steps_still_readable(sops_dir: Path):
    (sops_dir / "hostile.yaml").write_text(hostile_sop(), encoding="utf-8")
    repository, _, reader = build(sops_dir, flowchart=False, evaluation=False)
    texts = [flat(p.extract_text()) for p in reader.pages]
    everything = " ".join(texts)
    assert "<script>" in everything and "</td></tr>" in everything
    assert "AKHIRKEGIATAN" in everything  # the very long activity is printed to its end
    assert "kata0" in everything and "kata259" in everything
    for number in range(1, 41):
        assert f"nomor {number}" in everything or number == 6
    table = procedure_table(repository.sops[0].sop, repository.organisasi)
    assert len(table.pages) >= 3
    assert table.columns.lanes == 8
    printed = sum("Prosedur:" in t for t in texts)
    assert printed == len(table.pages)  # no page overflowed into an unplanned one
    # Arrows crossing pages end at off-page connectors with the same letter on both pages.
    letters = [
        {s.text for row in page.rows for layer in row.layers for s in layer.texts}
        - {"Tidak", "Lengkap sekali", "Ya", "Kembali jauh"}
        for page in table.pages
    ]
    assert letters[0] and letters[0] <= set().union(*letters[1:])


def test_selection_by_id_bidang_and_status():
    repository = load_repository(SOPS).repository
    assert select_sops(repository, ["inovasi-pelayanan"]) == ["inovasi-pelayanan"]
    assert len(select_sops(repository, bidang="pdip")) == 3
    assert select_sops(repository, status="draf") == []


def test_columns_always_fill_the_page_and_keep_kegiatan_readable():
    from generator.handbook.table import GEOMETRY, columns_for

    for lanes in range(1, 21):
        c = columns_for(lanes)
        total = c.no + c.kegiatan + c.grid + c.kelengkapan + c.waktu + c.output + c.keterangan
        assert total == pytest.approx(GEOMETRY.content_width)
        assert c.kegiatan >= GEOMETRY.min_kegiatan
        assert c.lane <= GEOMETRY.lane_max


def test_wrapping_breaks_where_pango_may_and_cuts_only_overlong_words():
    from generator.handbook.metrics import metrics, wrap

    font = metrics("Liberation Sans")
    lines = wrap("Berkas|" + "a" * 60 + " bahan-bahan kelengkapan", 30, 8, font)
    assert lines[0] == "Berkas|"  # a break after the bar, as Pango breaks
    assert "".join(lines).replace(" ", "") == ("Berkas|" + "a" * 60 + "bahan-bahankelengkapan")
    assert wrap("satu\ndua", 100, 8, font) == ["satu", "dua"]


def test_table_draws_the_seed_return_arrows_and_labels():
    repository = load_repository(SOPS).repository
    table = procedure_table(repository.sop("pelayanan-kerjasama").sop, repository.organisasi)
    assert len(table.pages) == 1
    layers = [layer for row in table.pages[0].rows for layer in row.layers]
    assert any(layer.css == "arrow return" for layer in layers)  # Tidak -> 1, Tidak -> 3
    answers = [t.text for layer in layers if layer.css == "answer" for t in layer.texts]
    assert answers.count("Tidak") == 3 and answers.count("Ya") == 3
    kinds = [row.kind for row in table.pages[0].rows]
    assert kinds == ["terminal"] + ["step"] * 7 + ["terminal"]  # derived Mulai and Selesai


def test_logo_from_the_registry_on_the_cover_and_each_identity_page(sops_dir: Path):
    from generator.handbook import build_handbook_html

    (sops_dir / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    registry = sops_dir / "organisasi.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "  singkatan: Disdukcapil\n", "  singkatan: Disdukcapil\n  logo: logo.svg\n", 1
        ),
        encoding="utf-8",
    )
    two_sops(sops_dir)
    repository = load_repository(Path("sops")).repository
    html = build_handbook_html(
        repository, run_checks(repository), options=HandbookOptions(flowchart=False)
    )
    assert html.count('class="logo" src="data:image/svg+xml;base64,') == 3  # cover + 2 SOPs
