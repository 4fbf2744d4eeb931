"""The note drawn in place of a chart that is too large to draw.

An SOP over a drawing limit (`generator.drawsize`) or whose render ran out of
its time budget (`render.RENDER_BUDGET_SECONDS`) is still published: its
chart becomes this one-page SVG saying why and what to do, so the site's
page and the handbook show the note where the chart would be and the rest of
the build goes on. Its text comes from the catalogue and reaches the SVG
through an autoescaping template.
"""

from __future__ import annotations

import textwrap
from functools import cache
from typing import TYPE_CHECKING

from generator.messages import translate

if TYPE_CHECKING:
    import jinja2

WIDTH, LINE_CHARS = 560, 80


@cache
def _template() -> jinja2.Template:
    # Imported here: a drawing that needs no note does not load Jinja (~35 ms).
    from generator.templating import environment

    return environment("generator.flowchart", autoescape=True).get_template("placeholder.svg.j2")


def reason(measure: str, lang: str, **args: object) -> str:
    """Why the chart was not drawn, in `lang` (`measure`: a drawsize measure or "budget")."""
    name = translate(f"flowchart.measure.{measure}", lang, **args)
    if measure == "budget":
        return name
    return f"{name} {args['nilai']} > {args['batas']}"


def placeholder_svg(why: str, lang: str) -> bytes:
    """A one-page SVG: the chart was not drawn because of `why`, and what to do."""
    text = translate("flowchart.placeholder.text", lang, alasan=why)
    lines = [*textwrap.wrap(text, LINE_CHARS), translate("flowchart.placeholder.hint", lang)]
    height = 54 + 18 * len(lines)
    svg = _template().render(
        title=translate("flowchart.placeholder.title", lang),
        lines=lines,
        width=WIDTH,
        height=height,
    )
    return svg.encode("utf-8")
