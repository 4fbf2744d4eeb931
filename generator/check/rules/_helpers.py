"""Small helpers shared by several rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.check.base import Finding, SopContext
from generator.flow import Arrow
from generator.messages import Phrase, translate
from generator.model import StatusPeraturan
from generator.problems import Position
from generator.resolved import law

# A blank between slashes, dots or x's: a number never assigned ("470/ /SOP/2022").
_PLACEHOLDER_NUMBER = re.compile(r"/\s*/|\.\.\.|…|\bx{2,}\b|_{2,}|\?", re.IGNORECASE)


def is_placeholder_number(nomor: str) -> bool:
    """Whether a nomor still has an unfilled part, as a template awaiting its number."""
    return bool(_PLACEHOLDER_NUMBER.search(nomor))


def working_steps(context: SopContext) -> Iterator[int]:
    """Indexes of the steps that do work (not a start or end terminator)."""
    return iter(context.working_steps)


def cited_with_status(context: SopContext, status: StatusPeraturan) -> Iterator[Finding]:
    """A finding for each dasar hukum of the SOP whose registry status is `status`,
    naming the instruments that amended or revoked it."""
    for order, (_reg_id, peraturan) in enumerate(context.resolved.laws):
        if peraturan is None or peraturan.status is not status:
            continue
        replaced_by = (
            peraturan.diubah_oleh if status is StatusPeraturan.DIUBAH else peraturan.dicabut_oleh
        )
        if status is StatusPeraturan.DIUBAH and replaced_by:
            # Amending instruments the SOP already cites need no advice to add them.
            replaced_by = [i for i in replaced_by if i not in context.sop.dasar_hukum]
            if not replaced_by:
                continue
        by = "; ".join(_title(context, i) for i in replaced_by)
        position = context.entry.source.written(("dasar_hukum", order))
        yield Finding(
            position or context.at("dasar_hukum"),
            # The registry may mark a law revoked without naming what replaced it:
            # say so instead of "dicabut oleh -".
            {"judul": peraturan.judul, "by": by or Phrase(_UNRECORDED[status])},
        )


_UNRECORDED = {
    StatusPeraturan.DIUBAH: "check.dasar-hukum-diubah.tanpa_pengganti",
    StatusPeraturan.DICABUT: "check.dasar-hukum-dicabut.tanpa_pengganti",
}


def _title(context: SopContext, law_id: str) -> str:
    """The title of the regulation `law_id`, or the id when the registry lacks it."""
    found = law(context.repository, law_id)
    return found.judul if found is not None else law_id


def working_steps_without(context: SopContext, field: str) -> Iterator[Finding]:
    """A finding, at the step, for each working step whose `field` is empty."""
    for index in working_steps(context):
        if not getattr(context.sop.prosedur[index], field):
            yield Finding(context.at("prosedur", index), {"step": context.step_label(index)})


def arrow_position(context: SopContext, arrow: Arrow) -> Position:
    """Where the author wrote an arrow: its answer in `jawaban`, its `lanjut_ke`, or the step."""
    step = context.sop.prosedur[arrow.source]
    if arrow.label is not None:
        return context.at("prosedur", arrow.source, "jawaban", arrow.label)
    if step.lanjut_ke is not None:
        return context.at("prosedur", arrow.source, "lanjut_ke")
    return context.at("prosedur", arrow.source)


def shorten(value: object, limit: int = 40) -> str:
    """`value` as text for a message, cut at `limit` characters (pasted data can be huge)."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class ArrowName:
    """How a message names an arrow: by its answer ("jawaban 'Ya'") or, for a jump,
    by the field the author typed ("isian 'lanjut_ke'"), in the reader's language."""

    label: str | None

    def localised(self, lang: str) -> str:
        """The arrow's name in `lang`."""
        if self.label is None:
            return translate("check.panah.lanjut_ke", lang)
        return translate("check.panah.jawaban", lang, answer=self.label)

    def __str__(self) -> str:
        return self.localised("id")


def arrow_name(arrow: Arrow) -> ArrowName:
    """The name of `arrow` for a message: its answer, or the `lanjut_ke` field."""
    return ArrowName(arrow.label)


def written_target(context: SopContext, arrow: Arrow) -> str:
    """The target as the author wrote it (answer or `lanjut_ke`), shortened for a message."""
    step = context.sop.prosedur[arrow.source]
    if arrow.label is not None:
        return shorten((step.jawaban or {}).get(arrow.label))
    return shorten(step.lanjut_ke)
