"""The pixel size of a PNG, JPEG or GIF image from its header, without decoding it,
and whether a PNG or JPEG file is whole.

A logo of a few hundred kilobytes can hold an image of 10,000 x 10,000 pixels
(a plain colour compresses a thousand times): decoding it for the handbook
takes gigabytes. `too_many_pixels` tells before anything decodes it.

A logo cut off in a download or an e-mail, or another format renamed `.png`, was
found only when the handbook ran (Typst: "failed to decode image"). `image_fault`
tells at `sop check`: a PNG's chunks are walked (lengths, CRCs, IHDR first, IEND
last) and its zlib stream inflated without keeping the output, up to the size its
header promises (at most `MAX_PIXELS` pixels: bounded work; data past it is
ignored, as decoders do); a JPEG's segments are
walked to its first scan (SOI, a frame header, SOS) and an EOI must follow.
The rules follow what Typst's decoders (the `png` and `zune-jpeg` crates) refuse,
not the letter of the specifications: CRCs of ancillary PNG chunks, the zlib
Adler-32 and bytes between JPEG segments are not checked, as Typst does not;
a palette without PLTE, a row filter above 4, IDATs split by another chunk,
an unknown critical chunk, a JPEG frame other than SOF0-SOF2, a precision other
than 8 bits and a missing quantisation table are faults, as Typst refuses them
(tests/test_logo_image_r7.py runs each case through both).
`other_format` names a GIF, WebP, HEIC, BMP, TIFF or PDF file by its first bytes.
"""

from __future__ import annotations

import struct
import zlib

MAX_PIXELS = 25_000_000  # 5,000 x 5,000: a scanned emblem at print quality fits
# JPEG markers that start a frame (SOF0-SOF15 but DHT, JPG and DAC) and carry its size.
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_STANDALONE = frozenset({0x01, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8})


def pixel_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG or GIF image, or None when it cannot be told."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith((b"GIF87a", b"GIF89a")) and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        if marker in _SOF and position + 9 <= len(data):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return None


def too_many_pixels(data: bytes) -> tuple[int, int] | None:
    """(width, height) when the image holds more than `MAX_PIXELS`, else None."""
    size = pixel_size(data)
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        return size
    return None


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Channels per colour type, and the bit depths each allows (PNG specification, 11.2.2).
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_PNG_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
# Adam7 passes: first column, first row, column step, row step.
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2))
_ADAM7 += ((0, 1, 1, 2),)
_INFLATE_STEP = 1 << 20  # bytes of image data inflated at a time, then dropped


def image_fault(data: bytes) -> str | None:
    """Why a PNG or JPEG image is not whole and decodable (a short technical phrase:
    "IEND", "CRC IDAT @ 33", ...), or None when it is (or is neither format)."""
    if data.startswith(PNG_SIGNATURE):
        return _png_fault(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_fault(data)
    return None


def _png_fault(data: bytes) -> str | None:
    position = len(PNG_SIGNATURE)
    header: tuple[int, ...] | None = None
    rows: _RowFilters | None = None
    palette: int | None = None  # entries of the PLTE chunk
    data_run = 0  # 0: no IDAT yet, 1: in the first run of IDATs, 2: past it
    while True:
        if position + 12 > len(data):
            return f"IEND @ {position}"  # cut off: the last chunk never came
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        if length > 0x7FFFFFFF or end > len(data):
            return f"{_chunk_name(kind)} @ {position}"
        if kind == b"IEND" and header is not None:
            break  # Typst stops here: its CRC is not read
        body = data[position + 8 : end - 4]
        critical = not kind[0] & 0x20  # upper-case first letter; CRCs of others are ignored
        if critical and zlib.crc32(kind + body) != struct.unpack(">I", data[end - 4 : end])[0]:
            return f"CRC {_chunk_name(kind)} @ {position}"
        if data_run == 1 and kind != b"IDAT" and rows:
            data_run = 2
            if not rows.whole():  # Typst reads the first run of IDATs only
                return f"IDAT {rows.inflated} < {rows.expected}"
        if header is None:
            if kind != b"IHDR" or length != 13:
                return "IHDR"
            header = struct.unpack(">IIBBBBB", body)
            fault, expected = _png_header_fault(header)
            if fault:
                return fault
            rows = _RowFilters(header, expected)
        elif kind == b"IHDR":
            return f"IHDR @ {position}"  # a second header
        elif kind == b"PLTE" and header[3] == 3:  # Typst ignores it in other images
            if palette is not None or data_run or not length or length % 3 or length > 768:
                return f"PLTE @ {position}"
            palette = length // 3
        elif kind == b"IDAT" and data_run < 2 and rows:
            if header[3] == 3 and palette is None:
                return "PLTE"  # a palette image without its palette
            data_run = 1
            fault = rows.feed(body)
            if fault:
                what, _, detail = fault.partition(": ")
                return f"{what} @ {position}" + (f": {detail}" if detail else "")
        elif critical and kind not in (b"PLTE", b"IDAT"):
            return f"{_chunk_name(kind)} @ {position}"  # a critical chunk Typst does not know
        position = end
    if not data_run or not rows:
        return "IDAT"
    if not rows.whole():
        return f"IDAT {rows.inflated} < {rows.expected}"
    return None


class _RowFilters:
    """Inflates a PNG's image data piece by piece, dropping it, and checks the filter
    byte (0-4) that starts each row of each pass, up to the size the header promises."""

    def __init__(self, header: tuple[int, ...], expected: int) -> None:
        self.expected = expected
        self.inflated = 0
        self._head = b""  # the two zlib header bytes, checked by hand: Adler-32 is not
        self._inflater = zlib.decompressobj(-15)
        self._passes = _row_passes(header)

    def whole(self) -> bool:
        """True once all the rows the header promises came."""
        return self.inflated >= self.expected

    def feed(self, chunk: bytes) -> str | None:
        """Inflates one IDAT's body; a fault ("zlib: ...", "filter 7") or None."""
        if len(self._head) < 2:
            taken = 2 - len(self._head)
            self._head += chunk[:taken]
            chunk = chunk[taken:]
            if len(self._head) == 2 and not _zlib_header_fits(self._head):
                return f"zlib {self._head.hex()}"
        pending = chunk if self.inflated < self.expected else b""
        try:
            while pending and not self._inflater.eof and self.inflated < self.expected:
                room = min(_INFLATE_STEP, self.expected - self.inflated)
                piece = self._inflater.decompress(pending, room)
                pending = self._inflater.unconsumed_tail
                fault = self._filters_fault(piece)
                if fault:
                    return fault
                self.inflated += len(piece)
        except zlib.error as error:
            return f"zlib: {error}"
        return None

    def _filters_fault(self, piece: bytes) -> str | None:
        """The first filter byte above 4 in `piece` (inflated from `self.inflated` on)."""
        start, stop = self.inflated, self.inflated + len(piece)
        for first, row_bytes, end in self._passes:
            if end <= start or first >= stop:
                continue
            row = first + -(-(max(start, first) - first) // row_bytes) * row_bytes
            filters = piece[row - start : min(end, stop) - start : row_bytes]
            if filters and max(filters) > 4:
                return f"filter {max(filters)}"
        return None


def _zlib_header_fits(head: bytes) -> bool:
    """True for a zlib header Typst accepts: deflate, a window up to 32 kB, no preset
    dictionary, a right check value."""
    method, flags = head[0], head[1]
    return (
        method & 15 == 8
        and method >> 4 <= 7
        and not flags & 0x20
        and not (method * 256 + flags) % 31
    )


def _row_passes(header: tuple[int, ...]) -> list[tuple[int, int, int]]:
    """(first byte, bytes per row with its filter byte, end) of each pass's rows."""
    width, height, depth, colour, _, _, interlace = header
    bits = depth * _PNG_CHANNELS[colour]
    passes = []
    start = 0
    for column, row, column_step, row_step in _ADAM7 if interlace else ((0, 0, 1, 1),):
        columns = (width - column + column_step - 1) // column_step if width > column else 0
        rows = (height - row + row_step - 1) // row_step if height > row else 0
        if columns and rows:
            row_bytes = 1 + (columns * bits + 7) // 8
            passes.append((start, row_bytes, start + rows * row_bytes))
            start += rows * row_bytes
    return passes


def _chunk_name(kind: bytes) -> str:
    return kind.decode("latin-1") if kind.isalpha() else kind.hex()


def _png_header_fault(header: tuple[int, ...]) -> tuple[str | None, int]:
    """A fault of an IHDR's fields, and the bytes its image data inflates to."""
    width, height, depth, colour, compression, filtering, interlace = header
    if not width or not height or width * height > MAX_PIXELS:
        return f"IHDR {width} x {height}", 0
    if depth not in _PNG_DEPTHS.get(colour, ()) or compression or filtering or interlace > 1:
        return f"IHDR {depth}/{colour}/{compression}/{filtering}/{interlace}", 0
    passes = _row_passes(header)
    expected = passes[-1][2] if passes else 0
    return None, expected


def _jpeg_fault(data: bytes) -> str | None:
    position = 2
    frame: bytes | None = None
    tables: set[int] = set()  # quantisation tables defined so far
    while position + 4 <= len(data):
        if data[position] != 0xFF or data[position + 1] == 0xFF:
            position = data.find(b"\xff", position + 1)  # fill bytes, as decoders skip them
            if position < 0:
                break
            continue
        marker = data[position + 1]
        if marker == 0:  # a stuffed zero is not a marker
            position += 2
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        if marker == 0xD9:
            return "SOS"  # EOI before any image data
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2 or position + 2 + length > len(data):
            return f"{marker:02X} @ {position}"
        body = data[position + 4 : position + 2 + length]
        if marker in _SOF:
            fault = _frame_fault(marker, body)
            if fault:
                return f"{fault} @ {position}"
            frame = body
        if marker == 0xC4 and not _huffman_tables_fit(body):
            return f"DHT @ {position}"
        if marker == 0xDB:
            if not _quantisation_tables_fit(body):
                return f"DQT @ {position}"
            tables.update(_quantisation_table_ids(body))
        if marker == 0xDA:
            if frame is None:
                return "SOF"
            if not body or length != 6 + 2 * body[0]:
                return f"SOS @ {position}"
            if any(frame[at + 2] not in tables for at in range(6, len(frame), 3)):
                return "DQT"  # a component's quantisation table never came
            if data.rfind(b"\xff\xd9", position + 2 + length) < 0:
                return "EOI"  # cut off in the image data
            return None
        position += 2 + length
    return "SOS" if frame else "SOF"


def _frame_fault(marker: int, body: bytes) -> str | None:
    """Why a frame header is one Typst cannot decode: only 8-bit baseline, extended
    and progressive Huffman frames (SOF0-SOF2) with 1-4 sampling factors are read."""
    if marker not in (0xC0, 0xC1, 0xC2):
        return f"SOF{marker - 0xC0}"
    if len(body) < 6 or 0 in struct.unpack(">HH", body[1:5]) or len(body) != 6 + 3 * body[5]:
        return "SOF"
    if body[0] != 8:
        return f"SOF {body[0]} bit"
    if not body[5] or not all(_component_fits(body[at : at + 3]) for at in range(6, len(body), 3)):
        return "SOF"
    return None


def _quantisation_table_ids(body: bytes) -> set[int]:
    """The ids of the tables a whole DQT segment defines."""
    ids = set()
    position = 0
    while position < len(body):
        ids.add(body[position] & 15)
        position += 1 + 64 * (1 + (body[position] >> 4))
    return ids


def _component_fits(component: bytes) -> bool:
    """True for a frame component with sampling factors 1-4 and a table id 0-3."""
    horizontal, vertical = component[1] >> 4, component[1] & 15
    return 1 <= horizontal <= 4 and 1 <= vertical <= 4 and component[2] <= 3


def _huffman_tables_fit(body: bytes) -> bool:
    """True when a DHT segment holds whole tables: a class/id byte, 16 counts, and as
    many symbols as the counts add up to (at most 256)."""
    position = 0
    while position < len(body):
        if position + 17 > len(body) or body[position] >> 4 > 1 or body[position] & 15 > 3:
            return False
        symbols = sum(body[position + 1 : position + 17])
        position += 17 + symbols
        if symbols > 256 or position > len(body):
            return False
    return bool(body)


def _quantisation_tables_fit(body: bytes) -> bool:
    """True when a DQT segment holds whole tables of 64 values (8 or 16 bits each)."""
    position = 0
    while position < len(body):
        precision, table = body[position] >> 4, body[position] & 15
        if precision > 1 or table > 3:
            return False
        position += 1 + 64 * (1 + precision)
    return position == len(body) and bool(body)


# The first bytes of image formats a logo is often saved in by mistake.
_OTHER_FORMATS = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF-", "PDF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "PSD"),
)


def other_format(data: bytes) -> str | None:
    """The name of an image format other than PNG, JPEG and SVG that `data` is in
    (GIF, WebP, HEIC, AVIF, BMP, TIFF, ICO, PSD, PDF), or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"avif", b"avis"):
            return "AVIF"
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIC"
    for start, name in _OTHER_FORMATS:
        if data.startswith(start):
            return name
    return None
