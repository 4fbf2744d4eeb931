"""The printed handbook (Typst): the PDF's structure read back with pypdf and poppler.

The seed handbook is built once per module (a second or two); the other cases
use small SOP folders without flowcharts to stay quick. Page images of every
page kind, A4 and F4, are kept under build/test-artifacts/handbook/.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

from generator.check import run_checks  # noqa: E402
from generator.handbook import HandbookOptions, build_handbook, select_sops  # noqa: E402
from generator.handbook.table import procedure_table  # noqa: E402
from generator.loader import load_repository  # noqa: E402

from .conftest import SOPS  # noqa: E402

LANDSCAPE = "landscape"
PORTRAIT = "portrait"
TOC_LINE = re.compile(r"^(?P<entry>.+?)\s*(?:\.\s*){4,}(?P<page>\d+)$")
ARTIFACTS = Path(__file__).resolve().parent.parent / "build" / "test-artifacts" / "handbook"
MM = 72 / 25.4


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


def front_pages(texts: list[str]) -> dict[str, int]:
    """Index of the first page of each front-matter part."""
    return {
        "keputusan": next(i for i, t in enumerate(texts) if "MEMUTUSKAN" in t),
        "lampiran": next(i for i, t in enumerate(texts) if "LAMPIRAN" in t),
        "daftar_isi": next(i for i, t in enumerate(texts) if "Daftar Isi" in t),
        "cara_membaca": next(i for i, t in enumerate(texts) if "Cara Membaca SOP Setiap" in t),
    }


@pytest.mark.slow
def test_seed_handbook_has_cover_keputusan_contents_guide_then_each_sop(seeds):
    _, book, reader, texts = seeds
    assert book.pages == len(reader.pages)
    assert "PEMERINTAH KOTA PALEMBANG" in texts[0]
    assert "Buku Pedoman Standar Operasional Prosedur" in texts[0]
    assert "Tahun 2022" in texts[0]
    front = front_pages(texts)
    assert front["keputusan"] == 1
    assert front["keputusan"] < front["lampiran"] < front["daftar_isi"] < front["cara_membaca"]
    front_count = front["cara_membaca"] + 1
    assert [orientation(p) for p in reader.pages[:front_count]] == [PORTRAIT] * front_count


def test_keputusan_has_menimbang_mengingat_memutuskan_signature_and_lampiran(seeds):
    repository, _, _, texts = seeds
    front = front_pages(texts)
    keputusan = " ".join(texts[front["keputusan"] : front["lampiran"]])
    for words in ("KEPUTUSAN KEPALA DINAS", "Menimbang", "Mengingat", "MEMUTUSKAN", "KESATU"):
        assert words in keputusan
    assert "Ditetapkan di Palembang" in keputusan
    assert "Ir. Dewi Isnaini, M.Si" in keputusan and "NIP. 196902021992122001" in keputusan
    # Mengingat: the regulations in force that the SOPs cite, highest rank first.
    assert keputusan.index("Undang-Undang Nomor") < keputusan.index("Peraturan Daerah")
    lampiran = texts[front["lampiran"]]
    for entry in repository.sops:
        assert entry.sop.nama in lampiran
    assert "DRAF" not in keputusan.replace(" ", "")  # a draft to sign, not watermarked


def flat_outline(reader) -> list:
    """The bookmarks, nested ones included (an SOP sits under its Bidang)."""
    items, stack = [], list(reversed(reader.outline))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        else:
            items.append(item)
    return items


def test_each_sop_prints_identity_table_flowchart_and_evaluation_in_order(seeds):
    repository, _, reader, texts = seeds
    kinds = []
    start = front_pages(texts)["cara_membaca"] + 1
    for page, text in zip(reader.pages[start:], texts[start:], strict=True):
        if "Nomor SOP" in text and "Disahkan oleh" in text:
            kinds.append(("identitas", orientation(page)))
        elif "Prosedur:" in text:
            kinds.append(("prosedur", orientation(page)))
        elif "Diagram Alir:" in text:
            kinds.append(("diagram", orientation(page)))
        elif "Lembar Evaluasi" in text or "Penilai:" in text or "Paraf" in text:
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


def pdffonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """The rows of poppler's `pdffonts` for `pdf`."""
    path = tmp_path / "book.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_fonts_are_the_bundled_family_embedded(seeds, tmp_path):
    _, book, _, _ = seeds
    rows = pdffonts(book.pdf, tmp_path)
    assert rows
    names = {row[0].split("+", 1)[-1] for row in rows}
    assert names <= {f"LiberationSans{s}" for s in ("", "-Bold", "-Italic", "-BoldItalic")}
    assert {"LiberationSans", "LiberationSans-Bold"} <= names  # charts and tables too
    # columns: name type encoding emb sub uni ...: every font embedded
    assert all(row[-5] == "yes" for row in rows), rows


SYSTEM_LIBRARIES = re.compile(r"^lib(pango|gtk|gdk|cairo|harfbuzz|gobject|glib|fontconfig)")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads Linux's /proc/<pid>/maps")
def test_the_book_needs_no_weasyprint_or_system_libraries(tmp_path: Path):
    """The engine is the typst wheel. A fresh interpreter, where WeasyPrint cannot be
    imported, builds the seeds' whole book (flowcharts included), then lists every
    shared library mapped into its memory (/proc/<pid>/maps): none of Pango, GTK,
    Cairo, HarfBuzz, GLib/GObject or fontconfig, which WeasyPrint needs and Windows
    lacks. (WeasyPrint loads them with ctypes when imported; the map shows it, see
    the control case.)"""
    import sys
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    requires = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    assert not any(r.lower().startswith("weasyprint") for r in requires)
    assert any(r.lower().startswith("typst") for r in requires)
    script = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "from pathlib import Path\n"
        "from generator.check import run_checks\n"
        "from generator.handbook import build_handbook\n"
        "from generator.loader import load_repository\n"
        f"r = load_repository(Path({str(SOPS)!r})).repository\n"
        "b = build_handbook(r, run_checks(r))\n"
        "assert b.pdf.startswith(b'%PDF') and b.pages > 20, b.pages\n"
        "print('pages', b.pages)\n"
        "print(Path('/proc/self/maps').read_text())\n"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("pages")
    mapped = {line.split()[-1] for line in done.stdout.splitlines()[1:] if "/" in line}
    assert any("typst" in path for path in mapped)  # the engine ran in this process
    assert sorted(p for p in mapped if SYSTEM_LIBRARIES.search(Path(p).name)) == []
    # Control: the pattern does catch such a library when one is mapped.
    assert SYSTEM_LIBRARIES.search("libpangocairo-1.0.so.0")
    assert SYSTEM_LIBRARIES.search("libharfbuzz.so.0")


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
    texts = [flat(page.extract_text()) for page in reader.pages]
    first_sop = front_pages(texts)["cara_membaca"] + 1
    draft_pages = []
    for index, text in enumerate(texts):
        if index >= first_sop and "Layanan Percobaan" in text:  # after the front matter
            draft_pages.append(index)
        has_watermark = "DRAF" in text.replace(" ", "")
        assert has_watermark == (index in draft_pages), (index, text[:200])
    assert len(draft_pages) >= 3  # identity, table, evaluation


@pytest.mark.slow
def test_same_input_same_bytes(sops_dir: Path):
    two_sops(sops_dir)
    _, first, _ = build(sops_dir, flowchart=False)
    _, second, _ = build(sops_dir, flowchart=False)
    assert first.pdf == second.pdf
    assert b"/CreationDate" not in first.pdf and b"/ModDate" not in first.pdf
    _, _, reader = build(sops_dir, flowchart=False, evaluation=False, created="2024-03-01")
    assert reader.metadata.creation_date.year == 2024  # only when configured
    _, f4, _ = build(sops_dir, flowchart=False, kertas="f4")
    assert f4.pdf != first.pdf


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
# Typst markup and code characters: printed as they are, never run (#panic would stop the build).
TYPST_SPECIALS = '#panic("x") $x^2$ *tebal* _miring_ [kurung] <label> @ref `kode` \\ = == - + /'


def hostile_sop(steps: int = 40) -> str:
    lines = [
        "nama: " + dumps("Layanan <script>alert(1)</script> | uji 🚀 " + "panjang " * 12),
        "peringatan: " + dumps(TYPST_SPECIALS),
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


@pytest.mark.slow
def test_hostile_text_eight_roles_forty_steps_still_readable(sops_dir: Path):
    (sops_dir / "hostile.yaml").write_text(hostile_sop(), encoding="utf-8")
    repository, _, reader = build(sops_dir, flowchart=False, evaluation=False)
    texts = [flat(p.extract_text()) for p in reader.pages]
    everything = " ".join(texts)
    assert "<script>" in everything and "</td></tr>" in everything
    assert flat(TYPST_SPECIALS) in everything
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
    assert kinds == ["step"] * 7  # no rows of their own for Mulai and Selesai (SOP AP)
    symbols = [row.node.symbol.value for row in table.pages[0].rows]
    assert symbols[0] == symbols[-1] == "terminator"  # the capsules on steps 1 and 7
    assert symbols[2] == "process"


MANY_RETURNS = """\
nama: Banyak Panah Balik
unit: {bidang: pdip, seksi: kerjasama}
pelaksana: [staf, kasi_kerjasama, kabid_pdip, kadis]
prosedur:
  - {kegiatan: Menerima berkas, pelaksana: staf, waktu: 15 menit}
  - {kegiatan: Memeriksa berkas, pelaksana: staf, waktu: 15 menit}
  - {kegiatan: Menyusun konsep, pelaksana: staf, waktu: 15 menit}
  - kegiatan: Memeriksa konsep
    pelaksana: kasi_kerjasama
    jawaban: {Ya: lanjut, Tidak: 3}
  - kegiatan: Memeriksa kelengkapan
    pelaksana: kasi_kerjasama
    jawaban: {Ya: lanjut, Tidak: 1}
  - kegiatan: Menelaah konsep
    pelaksana: kabid_pdip
    jawaban: {Ya: lanjut, Tidak: 2}
  - kegiatan: Menyetujui konsep
    pelaksana: kabid_pdip
    jawaban: {Ya: lanjut, Tidak: 4}
  - kegiatan: Menandatangani
    pelaksana: kadis
    jawaban: {Ya: lanjut, Tidak: 3}
  - {kegiatan: Mengarsipkan, pelaksana: staf, waktu: 15 menit}
"""
PATH_POINTS = re.compile(r"(-?[\d.]+),(-?[\d.]+)")


def vertical_segments(path: str) -> list[tuple[float, float, float]]:
    """(x, y0, y1) of each vertical piece of the polylines in SVG path data ("M..L..")."""
    found = []
    for part in path.split("M")[1:]:
        points = [(float(x), float(y)) for x, y in PATH_POINTS.findall(part)]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if abs(x0 - x1) < 1e-6 and abs(y0 - y1) > 1e-6:
                found.append((x0, y0, y1))
    return found


def test_return_lines_keep_clear_of_the_column_rules(sops_dir: Path):
    """Measured on the drawing: every vertical piece of a dashed return line runs at
    least RULE_CLEARANCE (1.8 mm) from the nearest column rule, however many returns
    share a channel, so it never reads as a second rule."""
    from generator.handbook.table import RULE_CLEARANCE

    (sops_dir / "banyak.yaml").write_text(MANY_RETURNS, encoding="utf-8")
    repository = load_repository(sops_dir).repository
    table = procedure_table(repository.sop("banyak").sop, repository.organisasi)
    lane, lanes = table.columns.lane, table.columns.lanes
    rules = [k * lane for k in range(lanes + 1)]
    pieces = [
        piece
        for page in table.pages
        for row in page.rows
        for layer in row.layers
        if layer.css == "arrow return"
        for piece in vertical_segments(layer.path)
    ]
    tracks = {round(x, 2) for x, _, _ in pieces}
    assert len(tracks) >= 4  # several returns, on tracks of their own
    clearance = min(min(abs(x - rule) for rule in rules) for x in tracks)
    assert clearance >= RULE_CLEARANCE - 0.01, (clearance, sorted(tracks), lane)


def tiny_png() -> bytes:
    """A 2 x 2 grey PNG, written by hand (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x80" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def draws_image(node, depth: int = 0) -> bool:
    """Whether a page (or a form it draws, an SOP's own page placed in the book) has an image."""
    resources = node.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            return True
        if xobject.get("/Subtype") == "/Form" and depth < 4 and draws_image(xobject, depth + 1):
            return True
    return False


def test_logo_from_the_registry_on_the_cover_and_each_identity_page(sops_dir: Path):
    from generator.handbook import build_handbook_document

    (sops_dir / "logo.png").write_bytes(tiny_png())
    registry = sops_dir / "organisasi.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "  singkatan: Disdukcapil\n", "  singkatan: Disdukcapil\n  logo: logo.png\n", 1
        ),
        encoding="utf-8",
    )
    two_sops(sops_dir)
    repository = load_repository(Path("sops")).repository
    document = build_handbook_document(
        repository, run_checks(repository), options=HandbookOptions(flowchart=False)
    )
    assert bytes.fromhex(document["logo"]["hex"]) == tiny_png()
    assert document["logo"]["format"] == "png"
    _, _, reader = build(Path("sops"), flowchart=False)
    # The logo (an image) is drawn on the cover, the Keputusan and each identity page.
    pages_with_logo = [index for index, page in enumerate(reader.pages) if draws_image(page)]
    identity = [i for i, p in enumerate(reader.pages) if "Disahkan oleh" in p.extract_text()]
    assert 0 in pages_with_logo and set(identity) <= set(pages_with_logo)


@pytest.mark.slow
def test_verification_qr_code_and_content_code_on_identity_pages(sops_dir: Path):
    from generator.handbook.verify import content_code

    two_sops(sops_dir)
    repository, _, reader = build(
        sops_dir, flowchart=False, evaluation=False, site_url="https://intranet.example/sop/"
    )
    texts = [flat(p.extract_text()) for p in reader.pages]
    for entry in repository.sops:
        page = next(t for t in texts if "Nomor SOP" in t and entry.sop.nama.upper() in t)
        assert f"https://intranet.example/sop/sop/{entry.id}/" in page
        assert content_code(entry.sop) in page
    _, _, plain = build(sops_dir, flowchart=False, evaluation=False)
    assert "intranet.example" not in " ".join(p.extract_text() for p in plain.pages)


def test_content_code_changes_with_the_content():
    from generator.handbook.verify import content_code

    repository = load_repository(SOPS).repository
    sop = repository.sop("inovasi-pelayanan").sop
    assert content_code(sop) == content_code(sop.model_copy())
    assert content_code(sop) != content_code(sop.model_copy(update={"nama": "Lain"}))
    assert re.fullmatch(r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}", content_code(sop))


@pytest.mark.parametrize("kertas, size_mm", [("a4", (210, 297)), ("f4", (215, 330))])
@pytest.mark.slow
def test_every_page_kind_fits_a4_and_f4_and_images_are_kept(kertas, size_mm, sops_dir: Path):
    two_sops(sops_dir)
    _, book, reader = build(sops_dir, kertas=kertas, site_url="https://intranet.example")
    width, height = (round(v * MM, 1) for v in size_mm)
    kinds = {}
    for index, page in enumerate(reader.pages):
        box = (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        assert box in ((width, height), (height, width)), (index, box)
        text = flat(page.extract_text())
        kind = next(
            (
                name
                for name, words in PAGE_KINDS
                if all(w in text for w in words) and name not in kinds
            ),
            None,
        )
        if kind:
            kinds[kind] = index
        # Nothing spills off the page: the footer of every page after the cover is there.
        assert index == 0 or f"dari {len(reader.pages)}" in text
    assert set(kinds) == {name for name, _ in PAGE_KINDS}, kinds
    assert orientation(reader.pages[kinds["prosedur"]]) == LANDSCAPE
    assert orientation(reader.pages[kinds["diagram"]]) == LANDSCAPE
    assert orientation(reader.pages[kinds["identitas"]]) == PORTRAIT
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pdf = ARTIFACTS / f"buku-{kertas}.pdf"
        pdf.write_bytes(book.pdf)
        for name, index in kinds.items():
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "60",
                    "-png",
                    "-singlefile",
                    "-f",
                    str(index + 1),
                    "-l",
                    str(index + 1),
                    str(pdf),
                    str(ARTIFACTS / f"{kertas}-{index + 1:02d}-{name}"),
                ],
                check=True,
            )
        assert len(list(ARTIFACTS.glob(f"{kertas}-*.png"))) >= len(PAGE_KINDS)


PAGE_KINDS = (
    ("sampul", ("Buku Pedoman", "PEMERINTAH")),
    ("keputusan", ("MEMUTUSKAN",)),
    ("lampiran", ("LAMPIRAN", "DAFTAR STANDAR")),
    ("daftar_isi", ("Daftar Isi",)),
    ("cara_membaca", ("Cara Membaca SOP", "Garis")),
    ("identitas", ("Nomor SOP", "Disahkan oleh", "Kode isi")),
    ("prosedur", ("Prosedur:", "Mutu Baku")),
    ("diagram", ("Diagram Alir:",)),
    ("evaluasi", ("Lembar Evaluasi",)),
)


def test_procedure_table_as_svg_pages_for_the_site(sops_dir: Path):
    """The same table without Typst: one well-formed SVG per page, text escaped."""
    import xml.etree.ElementTree as ElementTree

    from generator.handbook.table_svg import procedure_table_svgs

    repository = load_repository(SOPS).repository
    entry = repository.sop("pelayanan-kerjasama")
    (svg,) = procedure_table_svgs(entry.sop, repository.organisasi)
    root = ElementTree.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Menyiapkan Konsep / Draf" in texts and texts.count("Tidak") == 3
    assert root.get("font-family") == "Liberation Sans"
    dashed = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("stroke-dasharray")]
    assert dashed  # the return arrows
    (sops_dir / "hostile.yaml").write_text(hostile_sop(steps=12), encoding="utf-8")
    hostile = load_repository(sops_dir).repository.sop("hostile")
    pages = procedure_table_svgs(hostile.sop, hostile_repository_org(sops_dir))
    assert len(pages) == len(procedure_table(hostile.sop, hostile_repository_org(sops_dir)).pages)
    for page in pages:
        ElementTree.fromstring(page)  # well-formed: "<script>" and "</td>" arrive escaped
        assert "<script>" not in page


def hostile_repository_org(folder: Path):
    return load_repository(folder).repository.organisasi


def test_charts_print_larger_by_splitting_into_balanced_pages():
    """Chart text printed at 5.1 to 5.8 pt (a whole chart shrunk onto one page); now a
    chart is split into balanced pages, drawn again with fewer rows while under 8 pt."""

    from generator.handbook import build_handbook_document, smallest_text_pt
    from generator.handbook.views import FlowchartPage

    repository = load_repository(SOPS).repository
    document = build_handbook_document(repository, run_checks(repository))
    sizes = []
    for sop in document["sops"]:
        pages = [FlowchartPage(1, 1, c["svg"], c["width"], c["height"]) for c in sop["charts"]]
        assert len(pages) >= 2, sop["id"]
        sizes += [smallest_text_pt(page) for page in pages]
    # Every chart page prints its smallest text (the answers) at 8 pt or more (issue 15):
    # narrow lanes, the book's charts without title and legend, pages of 3 rows at least.
    assert min(sizes) >= 8.0, sizes


@pytest.mark.parametrize(
    "rows, most, pages",
    [
        (10, 4, [4, 4, 2]),
        (7, 3, [4, 3]),
        (8, 4, [4, 4]),
        (5, 4, [3, 2]),
        (3, 4, [3]),
        (9, 4, [3, 3, 3]),
    ],
)
def test_chart_pages_are_balanced_never_the_end_symbol_alone(rows, most, pages):
    from generator.handbook import balanced_rows

    per = balanced_rows(rows, most)
    split = [min(per, rows - start) for start in range(0, rows, per)]
    assert split == pages


def test_logo_outside_the_project_or_not_an_image_is_not_read(sops_dir: Path, tmp_path: Path):
    from generator.handbook import logo_from_registry

    outside = tmp_path.parent / "rahasia.png"
    outside.write_bytes(tiny_png())
    (sops_dir / "logo.txt").write_text("not an image")
    registry = sops_dir / "organisasi.yaml"
    original = registry.read_text(encoding="utf-8")
    for logo, readable in (("../../rahasia.png", False), ("logo.txt", False), ("ada.png", True)):
        (sops_dir / "ada.png").write_bytes(tiny_png())
        registry.write_text(
            original.replace(
                "  singkatan: Disdukcapil\n", f"  singkatan: Disdukcapil\n  logo: {logo}\n", 1
            ),
            encoding="utf-8",
        )
        repository = load_repository(sops_dir).repository
        assert (logo_from_registry(repository) is not None) == readable, logo
