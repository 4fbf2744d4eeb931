"""A PNG or JPEG logo that is not whole is reported by `sop check` (round 7).

A logo cut off in a download, damaged in a copy, or a photo in another format
renamed `.png` was found only when the handbook ran: Typst stopped with "failed
to decode image" and a hint about reinstalling the tool. The organisation check
(`safepath.read_project_file`, which `sop check`, `generate`, `build` and
`handbook` use) now names the file and what is wrong with it.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from generator.imagesize import image_fault, other_format
from generator.safepath import UnsafePathError, read_project_file

LOGOS = Path(__file__).parent / "fixtures" / "logos_r7"
PNGS = sorted(path.name for path in LOGOS.glob("*.png"))
JPEGS = sorted(path.name for path in LOGOS.glob("*.jpg"))
KINDS = {"png", "jpeg", "svg"}


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(width: int, height: int, rows: bytes | None = None, **chunks: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(rows if rows is not None else (b"\0" + b"\x80" * width) * height)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", chunks.get("IHDR", header))
        + _chunk(b"IDAT", chunks.get("IDAT", data))
        + _chunk(b"IEND", b"")
    )


def _read(tmp_path: Path, data: bytes, name: str = "logo.png") -> bytes:
    (tmp_path / name).write_bytes(data)
    return read_project_file(tmp_path, name, max_bytes=2_000_000, kinds=KINDS).data


def _refusal(tmp_path: Path, data: bytes) -> UnsafePathError:
    with pytest.raises(UnsafePathError) as refused:
        _read(tmp_path, data)
    assert "logo.png" in refused.value.message("id") and refused.value.hint("id")
    assert refused.value.message("en") != refused.value.message("id")
    return refused.value


def _typst_reads(tmp_path: Path, data: bytes, kind: str) -> bool:
    import typst

    (tmp_path / "logo.bin").write_bytes(data)
    (tmp_path / "main.typ").write_text(f'#image("logo.bin", format: "{kind}")\n', "utf-8")
    try:
        typst.compile(str(tmp_path / "main.typ"))
    except RuntimeError:
        return False
    return True


@pytest.mark.parametrize("name", PNGS + JPEGS)
def test_whole_images_of_every_kind_are_read_and_typst_agrees(name: str, tmp_path: Path) -> None:
    """Gray, palette, 1-bit, 16-bit, alpha, interlaced (odd sizes) PNGs; baseline and
    progressive JPEGs: none is taken for damaged."""
    data = (LOGOS / name).read_bytes()
    assert image_fault(data) is None
    assert _read(tmp_path, data, name) == data
    assert _typst_reads(tmp_path, data, "png" if name.endswith(".png") else "jpg")


def _cut_png() -> bytes:
    return (LOGOS / "rgb8.png").read_bytes()[:1500]


def _png_without_iend() -> bytes:
    return (LOGOS / "rgb8.png").read_bytes()[:-12]


def _png_with_a_flipped_bit() -> bytes:
    data = bytearray((LOGOS / "rgb8.png").read_bytes())
    data[200] ^= 0x10
    return bytes(data)


def _png_with_bad_zlib() -> bytes:  # CRCs right, the deflate data wrong
    rows = (b"\0" + b"\x80" * 10) * 10
    return _png(10, 10, IDAT=zlib.compress(rows)[:-6] + b"\xff" * 6)


DAMAGED: dict[str, tuple[bytes, str]] = {
    "png-cut-off": (_cut_png(), "IDAT @ "),
    "png-without-iend": (_png_without_iend(), "IEND @ "),
    "png-bad-crc": (_png_with_a_flipped_bit(), "CRC IDAT @ "),
    "png-bad-zlib": (_png_with_bad_zlib(), "zlib @ 33"),
    "png-short-data": (_png(10, 10, rows=b"\0" * 50), "IDAT 50 < 110"),
    "png-zero-width": (_png(0, 10), "IHDR 0 x 10"),
    "png-bad-depth": (_png(1, 1, IHDR=struct.pack(">IIBBBBB", 1, 1, 3, 2, 0, 0, 0)), "IHDR 3/2"),
    "png-no-ihdr": (b"\x89PNG\r\n\x1a\n" + _chunk(b"IEND", b""), "IHDR"),
    "png-no-idat": (_png(1, 1)[:33] + _chunk(b"IEND", b""), "IDAT"),
    "jpeg-cut-off-in-its-data": ((LOGOS / "baseline.jpg").read_bytes()[:500], "EOI"),
    "jpeg-cut-off-in-its-header": ((LOGOS / "baseline.jpg").read_bytes()[:100], "DB @ 89"),
    "jpeg-without-eoi": ((LOGOS / "progressive.jpg").read_bytes()[:-2], "EOI"),
    "jpeg-without-sof": (
        (LOGOS / "baseline.jpg").read_bytes()[:158] + (LOGOS / "baseline.jpg").read_bytes()[177:],
        "SOF",
    ),
    "jpeg-bad-sampling-factor": (
        (LOGOS / "baseline.jpg").read_bytes()[:169]
        + b"\x00"
        + (LOGOS / "baseline.jpg").read_bytes()[170:],
        "SOF @ 158",
    ),
    "jpeg-soi-only": (b"\xff\xd8\xff\xd9", "SOF"),
    "jpeg-bad-huffman-table": (
        (LOGOS / "baseline.jpg").read_bytes()[:256]
        + b"\xff"
        + (LOGOS / "baseline.jpg").read_bytes()[257:],
        "DHT @ 251",
    ),
}


@pytest.mark.parametrize("data,what", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_image_is_named_with_what_is_wrong(
    data: bytes, what: str, tmp_path: Path
) -> None:
    refused = _refusal(tmp_path, data)
    assert refused.code == "broken_image"
    assert refused.args_["what"].startswith(what), refused.args_["what"]
    assert refused.args_["format"] in refused.message("id")


@pytest.mark.parametrize(
    "name",
    ["png-cut-off", "png-bad-zlib", "jpeg-cut-off-in-its-header", "jpeg-bad-sampling-factor"],
)
def test_typst_fails_on_what_the_check_reports(name: str, tmp_path: Path) -> None:
    """The check is not stricter than the renderer on the cases customers sent."""
    data, _ = DAMAGED[name]
    assert not _typst_reads(tmp_path, data, "jpg" if name.startswith("jpeg") else "png")


OTHER: dict[str, tuple[bytes, str]] = {
    "gif": (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "GIF"),
    "webp": (b"RIFF\x1a\x00\x00\x00WEBPVP8L" + b"\x00" * 14, "WebP"),
    "heic": (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIC"),
    "avif": (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "AVIF"),
    "bmp": (b"BM" + b"\x00" * 60, "BMP"),
    "tiff": (b"II*\x00" + b"\x00" * 20, "TIFF"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
}


@pytest.mark.parametrize("data,name", OTHER.values(), ids=OTHER.keys())
def test_another_format_renamed_png_is_named(data: bytes, name: str, tmp_path: Path) -> None:
    assert other_format(data) == name
    refused = _refusal(tmp_path, data)
    assert refused.code == "image_format" and name in refused.message("id")


def test_an_empty_logo_is_called_empty(tmp_path: Path) -> None:
    refused = _refusal(tmp_path, b"")
    assert refused.code == "empty_file" and "0 bita" in refused.message("id")


def test_the_work_on_a_hostile_png_is_bounded() -> None:
    """5,000 x 5,000 RGBA pixels of one colour: 97 kB that inflate to 100 MB, never held
    (inflated a megabyte at a time and dropped); data past what the header promises is
    not inflated at all."""
    import time

    width = height = 5_000
    rows = (b"\0" + b"\0" * (width * 4)) * height
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    data = _png(width, height, IHDR=header, IDAT=zlib.compress(rows, 9))
    started = time.process_time()
    assert image_fault(data) is None
    assert time.process_time() - started < 5
    bomb = _png(10, 10, IDAT=zlib.compress(b"\0" * 50_000_000, 9))
    started = time.process_time()
    assert image_fault(bomb) is None  # extra data ignored, as Typst does: not inflated
    assert time.process_time() - started < 0.05


@pytest.mark.slow
def test_sop_check_reports_a_cut_off_logo_at_its_yaml_position(tmp_path: Path) -> None:
    from .site_project import copy_project, run_sop

    project = copy_project(tmp_path / "proyek")
    registry = project / "sops" / "organisasi.yaml"
    text = registry.read_text("utf-8")
    registry.write_text(text.replace("instansi:\n", "instansi:\n  logo: logo.png\n", 1), "utf-8")
    (project / "sops" / "logo.png").write_bytes(_cut_png())
    result = run_sop(project, "check")
    assert result.returncode == 1, result.stderr
    assert "sops/organisasi.yaml:9:9: galat safepath.broken_image gambar PNG 'logo.png'" in (
        result.stdout
    )
    handbook = run_sop(project, "handbook", "-o", str(tmp_path / "buku.pdf"))
    assert handbook.returncode == 1 and "Typst" not in handbook.stdout + handbook.stderr
    assert "broken_image" in handbook.stdout + handbook.stderr
