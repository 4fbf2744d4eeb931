"""The one font family of every printed output, shipped inside the package.

Liberation Sans 2.1.5 (SIL Open Font License 1.1, see LICENSE-OFL.txt; from
Debian's fonts-liberation2): metric-compatible with Arial, Latin and the
Indonesian alphabet complete. The handbook (Typst) is given only this folder
and ignores the system's fonts, and the flowchart SVGs name the same family,
so a book prints with the same glyphs and line breaks on every OS.

    FONT_FAMILY  the family name, for SVG `font-family` and Typst `text(font:)`
    FONT_DIR     the folder holding the font files (Typst's `font_paths`)
    font_path(style) -> Path   the file of "regular", "bold", "italic" or "bold-italic"
"""

from __future__ import annotations

from pathlib import Path

FONT_FAMILY = "Liberation Sans"
FONT_DIR = Path(__file__).resolve().parent
FONT_FILES = {
    "regular": "LiberationSans-Regular.ttf",
    "bold": "LiberationSans-Bold.ttf",
    "italic": "LiberationSans-Italic.ttf",
    "bold-italic": "LiberationSans-BoldItalic.ttf",
}


def font_path(style: str = "regular") -> Path:
    """The bundled font file of `style` ("regular", "bold", "italic", "bold-italic")."""
    return FONT_DIR / FONT_FILES[style]


__all__ = ["FONT_DIR", "FONT_FAMILY", "FONT_FILES", "font_path"]
