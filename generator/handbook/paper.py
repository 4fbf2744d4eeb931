"""Paper sizes of the handbook and the page geometry that follows from them.

A4 (210 x 297 mm) and F4/Folio (215 x 330 mm, the usual size in Indonesian
offices). Portrait pages (cover, Keputusan, identity, evaluation) and
landscape pages (procedure table, flowchart) share the same margins; the
procedure table's planner (`table.Geometry`) gets the landscape content box.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.pengaturan import Kertas


@dataclass(frozen=True)
class Paper:
    """A paper size in mm (portrait) and the margins used on it."""

    name: str
    width: float
    height: float
    margin_x: float = 10.0
    margin_top: float = 18.0
    margin_bottom: float = 14.0

    @property
    def landscape_content(self) -> tuple[float, float]:
        """Width and height (mm) of the text area of a landscape page."""
        return (
            self.height - 2 * self.margin_x,
            self.width - self.margin_top - self.margin_bottom,
        )

    @property
    def portrait_content(self) -> tuple[float, float]:
        """Width and height (mm) of the text area of a portrait page."""
        return (
            self.width - 2 * self.margin_x,
            self.height - self.margin_top - self.margin_bottom,
        )


PAPERS = {
    Kertas.A4: Paper("a4", 210.0, 297.0),
    Kertas.F4: Paper("f4", 215.0, 330.0),
}


def paper(kertas: Kertas | str = Kertas.A4) -> Paper:
    """The `Paper` of `kertas` ("a4" or "f4")."""
    return PAPERS[Kertas(kertas)]
