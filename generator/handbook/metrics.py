"""Text widths from the font files, to know how tall a table row will be before printing.

The procedure table draws its symbols and arrows in a fixed grid, so each
row's height must be known in advance. The text is wrapped here, greedily,
with the advance widths read from the bundled font file (fontTools), a little
narrower than the real column so that the estimate errs on the tall side, and
the Typst template prints exactly these lines. A character the font lacks (an emoji, say) counts as
one em, wider than any fallback glyph, for the same reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from generator.fonts import FONT_FAMILY, FONT_FILES, font_path

PT_TO_MM = 25.4 / 72
FALLBACK_EM = 0.62  # average advance (in em) assumed when no font file is found
MISSING_EM = 1.0  # advance of a character the font has no glyph for
WIDTH_SAFETY = 0.995  # wrap into this share of the column (kerning only narrows)


@cache
def font_file(family: str = FONT_FAMILY, style: str = "") -> Path | None:
    """The bundled file of `family` in `style` ("", "bold", "italic", "bold italic").

    Only the bundled family (generator/fonts) is known: the handbook prints
    with nothing else, so its widths are the ones that count on every OS.
    """
    if family != FONT_FAMILY:
        return None
    key = "-".join(style.split()) or "regular"
    return font_path(key) if key in FONT_FILES else None


@dataclass
class FontMetrics:
    """Advance widths (in em) of one font file, read lazily per character."""

    path: Path | None
    _widths: dict[str, float] = field(default_factory=dict, repr=False)
    _font: TTFont | None = field(default=None, repr=False)

    def advance(self, char: str) -> float:
        """The width of `char` in em."""
        width = self._widths.get(char)
        if width is None:
            width = self._lookup(char)
            self._widths[char] = width
        return width

    def _lookup(self, char: str) -> float:
        if self.path is None:
            return FALLBACK_EM
        if self._font is None:
            self._font = TTFont(self.path, lazy=True)
        cmap = self._font.getBestCmap()
        glyph = cmap.get(ord(char))
        if glyph is None:
            return 0.0 if char in "\u200b\u200c\u200d\ufe0f" else MISSING_EM
        advance, _ = self._font["hmtx"][glyph]
        return advance / self._font["head"].unitsPerEm

    def width(self, text: str) -> float:
        """The width of `text` in em."""
        return self.extend(0.0, text)

    def extend(self, width: float, text: str) -> float:
        """`width` (em) with the characters of `text` added, left to right."""
        widths, advance = self._widths, self.advance
        for char in text:
            found = widths.get(char)
            width += found if found is not None else advance(char)
        return width


@cache
def metrics(family: str, style: str = "") -> FontMetrics:
    """The (shared) metrics of `family` in `style`."""
    return FontMetrics(font_file(family, style))


# Characters after which a line may break even without a space (UAX #14, as in Typst).
BREAK_AFTER = re.compile(r"(?<=[-|/\u2010\u2013\u2014])")


def wrap(text: str, width_mm: float, size_pt: float, font: FontMetrics) -> list[str]:
    """`text` broken into lines no wider than `width_mm` at `size_pt`, greedily.

    Lines break at spaces and after hyphens, dashes, slashes and bars, as
    line breakers do; explicit line breaks are kept; a piece wider than the line is
    broken between characters (the stylesheet says `overflow-wrap: anywhere`).
    """
    limit = width_mm * WIDTH_SAFETY / (size_pt * PT_TO_MM)  # in em
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, current_width = "", 0.0
        for word in paragraph.split():
            for index, piece in enumerate(p for p in BREAK_AFTER.split(word) if p):
                glue = " " if index == 0 and current else ""
                # The line's width grows by the new characters only, added in the same
                # order as `font.width` adds them: the same sum, not a quadratic one.
                candidate_width = font.extend(current_width, glue + piece)
                if candidate_width <= limit:
                    current, current_width = current + glue + piece, candidate_width
                    continue
                if current:
                    lines.append(current)
                while font.width(piece) > limit:
                    cut = _longest_prefix(piece, limit, font)
                    lines.append(piece[:cut])
                    piece = piece[cut:]
                current, current_width = piece, font.width(piece)
        lines.append(current)
    return lines


def _longest_prefix(word: str, limit: float, font: FontMetrics) -> int:
    total = 0.0
    for index, char in enumerate(word):
        total += font.advance(char)
        if total > limit:
            return max(1, index)
    return len(word)
