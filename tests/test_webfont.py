"""The site's web fonts: the kept WOFF files are what `generator.fonts.webfont` makes,
cover what an SOP's table prints, and every font `sop.css` names is shipped."""

from __future__ import annotations

import io
import re
from importlib import resources

import pytest
from fontTools.ttLib import TTFont

from generator.fonts import webfont
from generator.site.pages import FONT_ASSETS


@pytest.mark.parametrize("style", sorted(webfont.FACES))
def test_the_kept_web_font_is_what_the_maker_makes(style: str):
    kept = (webfont.ASSET_DIR / webfont.webfont_name(style)).read_bytes()
    assert kept == webfont.make_webfont(style), (
        "run `python -m generator.fonts.webfont` and commit the files"
    )


def test_the_web_font_covers_what_a_table_prints():
    font = TTFont(io.BytesIO((webfont.ASSET_DIR / webfont.webfont_name("regular")).read_bytes()))
    cmap = font.getBestCmap()
    printed = (
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,;:()/-'\"éÉèü±×→•–—…"
    )
    assert [c for c in printed if ord(c) not in cmap] == []
    assert font["name"].getDebugName(1) == "Liberation Sans"


def test_every_font_the_stylesheet_names_is_shipped_with_the_site():
    assets = resources.files("generator.site").joinpath("assets")
    css = assets.joinpath("sop.css").read_text("utf-8")
    named = set(re.findall(r'url\("(fonts/[^"]+)"\)', css))
    assert named, "sop.css names no web font"
    assert named <= set(FONT_ASSETS)
    for name in FONT_ASSETS:
        assert assets.joinpath(name).is_file(), name
