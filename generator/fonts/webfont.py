"""The site's web fonts: the bundled Liberation Sans, cut to the Latin letters, as WOFF.

The official procedure table on the site is laid out by the handbook's code,
which breaks each line where Liberation Sans (Arial's metrics) fills the
column; a reader whose browser has neither Liberation Sans nor Arial (many
Linux desktops) would see a wider fallback font spill over the column border.
So the site carries the family itself, cut to the characters an SOP writes
(Latin, Latin-1, Latin Extended-A, punctuation, arrows; ~33 KB a face), and
`sop.css` names it after `local()` copies, so installed fonts are used first.

The WOFF files are made once and kept in `generator/site/assets/fonts/`
(making them costs about a second, too much for every `sop generate`):

    python -m generator.fonts.webfont      # after changing the font or the ranges

`tests/test_webfont.py` checks that the kept files are what this makes.
"""

from __future__ import annotations

import io
from pathlib import Path

from generator.fonts import font_path

# The faces the site's table uses (headings bold, questions italic).
FACES = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}
# The characters kept: Basic Latin, Latin-1, Latin Extended-A, General Punctuation,
# the euro and minus signs, less/greater-or-equal, and the arrows ("→ 6").
RANGES = (
    (0x0020, 0x017F),
    (0x2000, 0x206F),
    (0x20AC, 0x20AC),
    (0x2190, 0x21FF),
    (0x2212, 0x2212),
    (0x2264, 0x2265),
)
ASSET_DIR = Path(__file__).resolve().parent.parent / "site" / "assets" / "fonts"


def webfont_name(style: str) -> str:
    """The file name of the web font of `style` ("regular", "bold", "italic")."""
    return f"LiberationSans-{FACES[style]}.woff"


def make_webfont(style: str) -> bytes:
    """The WOFF bytes of `style`: the bundled face cut to `RANGES` (same bytes every run)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]  # keep the family name and the licence notice
    options.notdef_outline = True
    font = TTFont(font_path(style), recalcTimestamp=False)  # same bytes every run
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for low, high in RANGES for c in range(low, high + 1)])
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def main() -> None:
    """Write the site's WOFF files into `ASSET_DIR`."""
    import logging

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM not subset": expected
    ASSET_DIR.mkdir(parents=True, exist_ok=True)
    for style in FACES:
        (ASSET_DIR / webfont_name(style)).write_bytes(make_webfont(style))


if __name__ == "__main__":
    main()
