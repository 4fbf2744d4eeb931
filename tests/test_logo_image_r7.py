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
    except BaseException as error:  # a panic in Typst's decoder is a PanicException
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
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


@pytest.mark.slow
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


# Round 7b: the check agrees with Typst, case by case. Each case is made here, run
# through `image_fault` and through Typst; the expected fault (None: the check passes
# it) must be what the check says, and Typst must refuse exactly what the check does.

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _raw_chunk(kind: bytes, body: bytes, crc: int | None = None) -> bytes:
    """A chunk with its right CRC, or the one given."""
    right = zlib.crc32(kind + body)
    return (
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", right ^ 1 if crc else right)
    )


def _chunks(*chunks: bytes, width: int = 16, depth: int = 8, colour: int = 0, interlace: int = 0):
    header = struct.pack(">IIBBBBB", width, 16, depth, colour, 0, 0, interlace)
    return _SIGNATURE + _raw_chunk(b"IHDR", header) + b"".join(chunks) + _raw_chunk(b"IEND", b"")


# 16 x 16, 8-bit grey, every byte different: the data does not compress to a few bytes
_ROWS = b"".join(b"\0" + bytes(range(row * 16, row * 16 + 16)) for row in range(16))
_DATA = zlib.compress(_ROWS)
_IDAT = _raw_chunk(b"IDAT", _DATA)
_PLTE = _raw_chunk(b"PLTE", bytes(range(6)))
_TEXT = _raw_chunk(b"tEXt", b"Title\0Logo")
_JPEG = (LOGOS / "baseline.jpg").read_bytes()  # DQT 0 @ 20, DQT 1 @ 89, SOF0 @ 158, SOS @ 318
_PROGRESSIVE = (LOGOS / "progressive.jpg").read_bytes()


def _adam7_rows(bad_pass: int) -> bytes:
    """The 7 passes of an interlaced 16 x 16 grey image, every row filter 0 but the
    last row of pass `bad_pass` (1-7), whose filter byte is 5."""
    sizes = [(2, 2), (2, 2), (4, 2), (4, 4), (8, 4), (8, 8), (16, 8)]  # columns, rows
    rows = []
    for number, (columns, count) in enumerate(sizes, start=1):
        for row in range(count):
            bad = number == bad_pass and row == count - 1
            rows.append((b"\5" if bad else b"\0") + bytes(columns))
    return b"".join(rows)


def _jpeg_with_frame(marker: int = 0xC0, precision: int = 8) -> bytes:
    return _JPEG[:159] + bytes([marker]) + _JPEG[160:162] + bytes([precision]) + _JPEG[163:]


_PNG_CASES: dict[str, tuple[bytes, str | None]] = {
    # Typst refuses these: so does the check.
    "palette-without-plte": (_chunks(_IDAT, colour=3), "PLTE"),
    "plte-after-idat": (_chunks(_IDAT, _PLTE, colour=3), "PLTE"),
    "plte-twice": (_chunks(_PLTE, _PLTE, _IDAT, colour=3), "PLTE @ 51"),
    "plte-not-whole-entries": (
        _chunks(_raw_chunk(b"PLTE", bytes(5)), _IDAT, colour=3),
        "PLTE @ 33",
    ),
    "plte-257-entries": (_chunks(_raw_chunk(b"PLTE", bytes(771)), _IDAT, colour=3), "PLTE @ 33"),
    "ihdr-bad-crc": (
        _SIGNATURE
        + _raw_chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0), crc=1)
        + _IDAT
        + _raw_chunk(b"IEND", b""),
        "CRC IHDR @ 8",
    ),
    "ihdr-twice": (
        _chunks(_raw_chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0)), _IDAT),
        "IHDR @ 33",
    ),
    "idat-bad-crc": (_chunks(_raw_chunk(b"IDAT", _DATA, crc=1)), "CRC IDAT @ 33"),
    "plte-bad-crc": (_chunks(_raw_chunk(b"PLTE", bytes(6), crc=1), _IDAT, colour=3), "CRC PLTE"),
    "filter-byte-5": (
        _chunks(_raw_chunk(b"IDAT", zlib.compress(_ROWS[:-17] + b"\5" + bytes(16)))),
        "filter 5 @ 33",
    ),
    "filter-byte-5-adam7-pass-1": (
        _chunks(_raw_chunk(b"IDAT", zlib.compress(_adam7_rows(1))), interlace=1),
        "filter 5",
    ),
    "filter-byte-5-adam7-pass-7": (
        _chunks(_raw_chunk(b"IDAT", zlib.compress(_adam7_rows(7))), interlace=1),
        "filter 5",
    ),
    "idat-split-by-text": (
        _chunks(_raw_chunk(b"IDAT", _DATA[:20]), _TEXT, _raw_chunk(b"IDAT", _DATA[20:])),
        "IDAT ",
    ),
    "unknown-critical-chunk": (_chunks(_raw_chunk(b"ABCD", b""), _IDAT), "ABCD @ 33"),
    "zlib-header-bad-check": (
        _chunks(_raw_chunk(b"IDAT", b"\x78\x9d" + _DATA[2:])),
        "zlib 789d @ 33",
    ),
    "zlib-preset-dictionary": (
        _chunks(_raw_chunk(b"IDAT", b"\x78\x3c\0\0\0\1" + _DATA[2:])),
        "zlib 783c @ 33",
    ),
    "zlib-raw-deflate": (_chunks(_raw_chunk(b"IDAT", _DATA[2:])), "zlib"),
    # Typst reads these: so does the check (no false alarm on a real logo).
    "text-bad-crc": (_chunks(_raw_chunk(b"tEXt", b"a\0b", crc=1), _IDAT), None),
    "phys-bad-crc": (_chunks(_raw_chunk(b"pHYs", bytes(9), crc=1), _IDAT), None),
    "itxt-bad-crc-after-idat": (_chunks(_IDAT, _raw_chunk(b"iTXt", b"a\0\0\0\0\0b", crc=1)), None),
    "iend-bad-crc": (_chunks(_IDAT)[:-4] + b"\0\0\0\0", None),
    "adler-wrong": (_chunks(_raw_chunk(b"IDAT", _DATA[:-1] + bytes([_DATA[-1] ^ 1]))), None),
    "adler-missing": (_chunks(_raw_chunk(b"IDAT", _DATA[:-4])), None),
    "one-byte-idats": (
        _chunks(*(_raw_chunk(b"IDAT", _DATA[at : at + 1]) for at in range(len(_DATA)))),
        None,
    ),
    "idat-after-a-whole-first-run": (_chunks(_IDAT, _TEXT, _raw_chunk(b"IDAT", b"xyz")), None),
    "filter-byte-5-past-the-image": (
        _chunks(_raw_chunk(b"IDAT", zlib.compress(_ROWS + b"\5" * 40))),
        None,
    ),
    "unknown-ancillary-chunk": (_chunks(_raw_chunk(b"aBCD", b""), _IDAT), None),
    "plte-in-a-grey-image": (_chunks(_PLTE, _IDAT), None),
    "plte-not-whole-entries-in-rgb": (
        _chunks(
            _raw_chunk(b"PLTE", bytes(5)),
            _raw_chunk(b"IDAT", zlib.compress((b"\0" + bytes(48)) * 16)),
            colour=2,
        ),
        None,
    ),
    "palette-larger-than-its-depth": (
        _chunks(
            _raw_chunk(b"PLTE", bytes(9)),
            _raw_chunk(b"IDAT", zlib.compress(b"\0\0\0" * 16)),
            depth=1,
            colour=3,
        ),
        None,
    ),
    "palette-index-past-the-palette": (
        _chunks(
            _PLTE,
            _raw_chunk(
                b"IDAT", zlib.compress(b"".join(b"\0" + bytes([row]) * 16 for row in range(16)))
            ),
            colour=3,
        ),
        None,
    ),
    "bytes-after-iend": (_chunks(_IDAT) + b"junk", None),
}

_JPEG_CASES: dict[str, tuple[bytes, str | None]] = {
    # Typst refuses these: so does the check.
    "sof3-lossless": (_jpeg_with_frame(0xC3), "SOF3 @ 158"),
    "sof5-hierarchical": (_jpeg_with_frame(0xC5), "SOF5 @ 158"),
    "sof7-hierarchical": (_jpeg_with_frame(0xC7), "SOF7 @ 158"),
    "sof9-arithmetic": (_jpeg_with_frame(0xC9), "SOF9 @ 158"),
    "sof10-arithmetic": (_jpeg_with_frame(0xCA), "SOF10 @ 158"),
    "sof15-arithmetic": (_jpeg_with_frame(0xCF), "SOF15 @ 158"),
    "precision-12": (_jpeg_with_frame(precision=12), "SOF 12 bit @ 158"),
    "precision-16": (_jpeg_with_frame(precision=16), "SOF 16 bit @ 158"),
    "no-dqt-for-luma": (_JPEG[:20] + _JPEG[89:], "DQT"),
    "no-dqt-at-all": (_JPEG[:20] + _JPEG[158:], "DQT"),
    "progressive-cut-off": (_PROGRESSIVE[: len(_PROGRESSIVE) // 2], "EOI"),
    # Typst reads these: so does the check.
    "sof1-extended": (_jpeg_with_frame(0xC1), None),
    "dqt-after-the-frame": (_JPEG[:20] + _JPEG[158:177] + _JPEG[20:158] + _JPEG[177:], None),
    "fill-zeros-before-a-marker": (_JPEG[:20] + b"\0\0" + _JPEG[20:], None),
    "fill-ff-before-a-marker": (_JPEG[:20] + b"\xff\xff\xff" + _JPEG[20:], None),
    "fill-mixed-before-a-marker": (_JPEG[:158] + b"\0\xff\0" + _JPEG[158:], None),
    "bytes-after-eoi": (_JPEG + b"junk" * 10, None),
}


@pytest.mark.parametrize(
    "data,fault,kind",
    [(*case, "png") for case in _PNG_CASES.values()]
    + [(*case, "jpg") for case in _JPEG_CASES.values()],
    ids=[*_PNG_CASES, *_JPEG_CASES],
)
def test_the_check_refuses_exactly_what_typst_refuses(
    data: bytes, fault: str | None, kind: str, tmp_path: Path
) -> None:
    found = image_fault(data)
    if fault is None:
        assert found is None
    else:
        assert found is not None and found.startswith(fault), found
    assert _typst_reads(tmp_path, data, kind) == (found is None)


@pytest.mark.parametrize(
    "data", [_JPEG[:500], _JPEG[:-2]], ids=["cut-off-in-its-data", "without-eoi"]
)
def test_a_baseline_jpeg_without_its_end_is_refused_though_typst_prints_it(
    data: bytes, tmp_path: Path
) -> None:
    """The one deliberate difference: Typst prints a baseline JPEG cut off in its data
    with a grey band where the rest was; the check cannot tell a cut-off from a file
    that lost only its EOI marker without decoding, and refuses both."""
    assert image_fault(data) == "EOI"
    assert _typst_reads(tmp_path, data, "jpg")


@pytest.mark.slow
def test_the_row_filter_walk_is_bounded() -> None:
    """The worst case for the filter walk: a 1-bit grey image 1 pixel wide and 25
    million rows high, a filter byte every other byte (50 MB inflated, never held)."""
    import time

    rows = b"\0\0" * 25_000_000
    data = _SIGNATURE + _raw_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 25_000_000, 1, 0, 0, 0, 0))
    data += _raw_chunk(b"IDAT", zlib.compress(rows, 9)) + _raw_chunk(b"IEND", b"")
    started = time.process_time()
    assert image_fault(data) is None
    assert time.process_time() - started < 5
    bad = _SIGNATURE + _raw_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 25_000_000, 1, 0, 0, 0, 0))
    bad += _raw_chunk(b"IDAT", zlib.compress(rows[:-2] + b"\6\0", 9)) + _raw_chunk(b"IEND", b"")
    assert image_fault(bad) == "filter 6 @ 33"
