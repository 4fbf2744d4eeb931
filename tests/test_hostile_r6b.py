"""Hostile input classes confirmed by the r6 security review (second round):
damaged compressed parts of a .docx, a link target that fakes output lines, a
cached check that read a file outside the project, or missed a changed logo."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from generator.escape import visible_line
from generator.wordio.docx_reader import DocxError, read_docx_bytes

from . import docx_fixtures as fx
from .site_project import copy_project, run_sop
from .test_hostile_r6 import REL, _import, _with_parts

# --- .docx: a damaged stream in any part it reads is "damaged", never a traceback ---


def _damaged(source: bytes, part: str, method: int) -> bytes:
    """`source` rewritten with `part` compressed by `method` and its compressed data
    overwritten with 0xFF bytes (deflate: an invalid block type; LZMA: a bad stream)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info), compress_type=method)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(part)
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    skip = 4 if method == zipfile.ZIP_LZMA else 0  # LZMA: keep the properties header
    for offset in range(start + skip, start + min(info.compress_size, skip + 9)):
        data[offset] = 0xFF
    return bytes(data)


@pytest.mark.parametrize(
    "method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA], ids=["deflate", "lzma"]
)
@pytest.mark.parametrize(
    "part", ["word/document.xml", "_rels/.rels", "word/_rels/document.xml.rels"]
)
def test_a_damaged_compressed_part_is_called_damaged(part: str, method: int) -> None:
    """zlib.error escaped from three places (document, package and document rels):
    the first two make the file unreadable, the third is skipped as damaged."""
    rels = f'<Relationship Id="r1" Type="{REL}/styles" Target="styles.xml"/>'
    source = _with_parts(fx.word_style_sop(), {}, rels)
    damaged = _damaged(source, part, method)
    if part == "word/_rels/document.xml.rels":  # only listed for what it links: skipped
        assert read_docx_bytes(damaged) == read_docx_bytes(source)
        return
    with pytest.raises(DocxError) as refused:
        read_docx_bytes(damaged)
    assert refused.value.key == "wordio.error.corrupt"


def test_a_damaged_part_through_sop_import_is_one_line(tmp_path: Path) -> None:
    damaged = _damaged(fx.word_style_sop(), "word/document.xml", zipfile.ZIP_DEFLATED)
    stdout, stderr, _ = _import(tmp_path, "rusak.docx", damaged)
    assert "berkas .docx rusak" in stderr and "Traceback" not in stderr + stdout
    assert not (tmp_path / "draf").exists() or not list((tmp_path / "draf").iterdir())


# --- one-line arguments: a line break in a value cannot fake a line of output ---


def test_a_line_break_in_an_external_link_target_stays_on_its_line(tmp_path: Path) -> None:
    target = "x&#10;sop: 0 draf ditulis; semua aman&#13;&#9;"
    rels = (
        f'<Relationship Id="r1" Type="{REL}/attachedTemplate" Target="{target}" '
        'TargetMode="External"/>'
    )
    _, stderr, code = _import(tmp_path, "baris.docx", _with_parts(fx.word_style_sop(), {}, rels))
    assert code == 0, stderr
    assert not any(line.startswith("sop: 0 draf ditulis") for line in stderr.splitlines())
    assert "x<U+000A>sop: 0 draf ditulis; semua aman<U+000D><U+0009>" in stderr


def test_visible_line_shows_line_breaks_and_tabs() -> None:
    assert visible_line("a\nb\r\tc\u200b") == "a<U+000A>b<U+000D><U+0009>c<U+200B>"
    assert visible_line("Kota Palembang") == "Kota Palembang"


# --- the cached check -----------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/pagemap").exists(), reason="Linux /proc only")
@pytest.mark.slow
def test_a_link_to_a_special_file_outside_the_project_is_never_read(tmp_path: Path) -> None:
    """Reading /proc/self/pagemap fails with EINVAL: `sop check` stopped with exit 3
    (a system error), cached or not; /proc/kmsg would have blocked it."""
    project = copy_project(tmp_path / "proyek")
    link = project / "sops" / "pdip" / "peta.yaml"
    link.symlink_to("/proc/self/pagemap")
    for options in ((), ("--no-cache",), ()):
        result = run_sop(project, "check", *options)
        assert result.returncode == 1, result.stderr
        assert "sops/pdip/peta.yaml:1:1: galat safepath.outside" in result.stdout


@pytest.mark.slow
def test_a_changed_logo_is_seen_by_the_cached_check(tmp_path: Path) -> None:
    """The run cache hashed the .yaml files only: a logo replaced by one with a
    script was not reported until a YAML file changed (and a fixed one not cleared)."""
    project = copy_project(tmp_path / "proyek")
    registry = project / "sops" / "organisasi.yaml"
    text = registry.read_text("utf-8")
    registry.write_text(text.replace("instansi:\n", "instansi:\n  logo: logo.svg\n", 1), "utf-8")
    logo = project / "sops" / "logo.svg"
    logo.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    assert "active_svg" not in run_sop(project, "check").stdout
    logo.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    os.utime(logo, ns=(1, 1))  # a copied file can carry any time: size and time both count
    assert "safepath.active_svg" in run_sop(project, "check").stdout
    logo.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><circle/></svg>')
    assert "active_svg" not in run_sop(project, "check").stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("instansi:\n  nama: x\n  logo: a.svg\n", "a.svg"),
        ("a: [1, 2]\ninstansi: {logo: b.png, x: 1}\n", "b.png"),
        (
            "instansi:\n  sub: {logo: no}\n  l: [{logo: no}, [logo]]\n  ? [a]\n  : 3\n  logo: c\n",
            "c",
        ),
        ("logo: top\ninstansi: 3\n", None),
        ("- instansi: {logo: no}\n", None),
        ("x: &a {logo: q}\ninstansi: *a\n", "q"),
    ],
)
def test_the_logo_name_is_found_as_the_loader_finds_it(text: str, expected: str | None) -> None:
    from generator.runcache import _logo_name

    assert _logo_name(text.encode()) == expected


# --- the logo in Typst: render bombs are left out or refused before it -------------

_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
_FILTER = (
    '<filter id="f" x="0" y="0" width="1" height="1"><feTurbulence baseFrequency="0.9" '
    'numOctaves="{octaves}"/><feGaussianBlur stdDeviation="50"/></filter>'
)


def _typst_seconds(tmp_path: Path, logo: bytes) -> float:
    import time

    import typst

    (tmp_path / "logo.svg").write_bytes(logo)
    (tmp_path / "main.typ").write_text('#image("logo.svg", width: 4cm)\n', "utf-8")
    started = time.process_time()
    assert typst.compile(str(tmp_path / "main.typ")).startswith(b"%PDF")
    return time.process_time() - started


def test_a_turbulence_filter_costs_typst_nothing(tmp_path: Path) -> None:
    """196 bytes with numOctaves="800" took Typst 29 s: filter effects are left out."""
    from generator.svgclean import clean_svg

    bomb = _SVG + _FILTER.format(octaves=800) + '<rect width="100" height="100" filter="url(#f)"/>'
    assert _typst_seconds(tmp_path, clean_svg((bomb + "</svg>").encode())) < 2


def test_use_copies_of_a_filtered_rect_are_bounded(tmp_path: Path) -> None:
    """128 copies of a filtered rect (643 bytes) took 26 s; 32 are drawn quickly,
    256 are refused."""
    from generator.svgclean import SvgRefused, clean_svg

    def doubling(levels: int) -> bytes:
        parts = [_SVG, "<defs>", _FILTER.format(octaves=8)]
        parts.append('<rect id="a0" width="100" height="100" filter="url(#f)"/>')
        for level in range(1, levels + 1):
            below = f"#a{level - 1}"
            parts.append(f'<g id="a{level}"><use href="{below}"/><use href="{below}"/></g>')
        parts.append(f'</defs><use href="#a{levels}"/></svg>')
        return "".join(parts).encode()

    assert _typst_seconds(tmp_path, clean_svg(doubling(5))) < 2
    with pytest.raises(SvgRefused):
        clean_svg(doubling(8))


def test_a_marker_at_every_point_of_a_long_line_costs_typst_nothing(tmp_path: Path) -> None:
    """A marker of 100 circles on a line of 100,000 points (683 kB) took Typst 2 minutes
    and made 49 MB of PDF: markers are left out of a logo, like filter effects."""
    from generator.svgclean import clean_svg

    circles = "".join(f'<circle cx="{i % 5}" cy="{i // 5}" r="2"/>' for i in range(50))
    points = " ".join(f"{i % 100},{i // 100}" for i in range(20_000))
    bomb = (
        f'{_SVG}<defs><marker id="m" markerWidth="10" markerHeight="10">{circles}</marker>'
        f'</defs><polyline points="{points}" stroke="black" marker-mid="url(#m)" '
        'style="marker-end:url(#m)"/></svg>'
    )
    cleaned = clean_svg(bomb.encode())
    assert b"marker" not in cleaned and b"<polyline " in cleaned
    assert _typst_seconds(tmp_path, cleaned) < 2


# --- a small image that decodes to gigabytes ---------------------------------------


def _png(width: int, height: int) -> bytes:
    """A valid black RGB PNG: one compressed row repeated compresses ~1,000 times."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = zlib.compress(bytes(height * (1 + 3 * width)), 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def _jpeg_header(width: int, height: int) -> bytes:
    """The start of a baseline JPEG: SOI, a JFIF APP0 segment, SOF0 with the size."""
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0\x00\x11\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return b"\xff\xd8" + app0 + sof0 + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"


def test_pixel_sizes_are_read_from_the_headers() -> None:
    from generator.imagesize import pixel_size

    assert pixel_size(_png(300, 200)) == (300, 200)
    assert pixel_size(_jpeg_header(640, 480)) == (640, 480)
    assert pixel_size(b"GIF89a" + (320).to_bytes(2, "little") + (240).to_bytes(2, "little")) == (
        320,
        240,
    )
    assert pixel_size(b"\xff\xd8\xff\xe0\x00") is None and pixel_size(b"BM") is None


def test_a_logo_of_too_many_pixels_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    """A 290 kB PNG of 10,000 x 10,000 pixels made Typst use 591 MB (a 2 MB one: gigabytes)."""
    import base64

    from generator.safepath import UnsafePathError, read_project_file
    from generator.svgclean import SvgRefused, clean_svg

    big = _png(6_000, 6_000)
    assert len(big) < 200_000
    for name, data in (("logo.png", big), ("logo.jpg", _jpeg_header(8_000, 8_000))):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(UnsafePathError) as refused:
            read_project_file(tmp_path, name, max_bytes=2_000_000, kinds={"png", "jpeg", "svg"})
        assert refused.value.code == "too_many_pixels"
        assert "x 8000 piksel" in refused.value.message("id") or "6000 x 6000" in str(refused.value)
    (tmp_path / "ok.png").write_bytes(_png(800, 600))
    assert read_project_file(tmp_path, "ok.png", max_bytes=2_000_000, kinds={"png"}).kind == "png"
    embedded = b"data:image/png;base64," + base64.b64encode(big)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">\n<image href="' + embedded + b'"/></svg>'
    with pytest.raises(SvgRefused) as refused_svg:
        clean_svg(svg)
    assert refused_svg.value.what == "<image> 6000 x 6000 px" and refused_svg.value.line == 2
