"""The pixel size of a PNG, JPEG or GIF image from its header, without decoding it.

A logo of a few hundred kilobytes can hold an image of 10,000 x 10,000 pixels
(a plain colour compresses a thousand times): decoding it for the handbook
takes gigabytes. `too_many_pixels` tells before anything decodes it.
"""

from __future__ import annotations

import struct

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
