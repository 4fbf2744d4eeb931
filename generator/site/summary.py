"""What the index pages read of one SOP: a small summary, kept between runs.

The index pages (catalogue, by Bidang, by role, by regulation, Tinjauan)
list every SOP, but each reads only a few of its fields: name, number, unit,
status, step count and timing line, the regulations it cites, the steps each
role performs (number, text, time, output) and its finding counts. After an
edit of one SOP, `sop generate` builds the full view (`views.sop_view`) of
that SOP alone and takes the others' summaries from its record of the output
folder, keyed by the key of each SOP's pages (which covers everything the view
is made from, see `pagememo`).

A summary crosses runs as plain JSON (`summary_data` / `summary_from_data`);
anything of the wrong shape reads as missing, and the view is built again.
Its `digest` stands for the summary in the keys of the index pages: every
field except the steps per role, which only the role pages read and which
they are given as values of their own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.site.views import SopView


@dataclass(frozen=True)
class StepSummary:
    """One step as a role's page lists it."""

    number: int
    kegiatan: str
    waktu: str
    output: str


@dataclass(frozen=True)
class TimingSummary:
    """The time of an SOP as the catalogues show it."""

    main_minutes: int
    catalogue: str
    complete: bool


@dataclass(frozen=True)
class SopSummary:
    """Everything the index pages show of one SOP (the same names as `SopView`)."""

    id: str
    page: str
    nama: str
    nomor: str
    status: str
    status_key: str
    bidang_id: str
    bidang: str
    bidang_short: str
    seksi_id: str | None
    seksi: str
    step_count: int
    timing: TimingSummary
    dasar_hukum: tuple[str, ...]  # the ids of the regulations cited, in order
    role_steps: tuple[tuple[str, tuple[StepSummary, ...]], ...]  # per lane with steps
    counts: Mapping[str, int]
    # The hash of every field but `role_steps` (see the module doc), set when read.
    digest: str = field(default="", compare=False, repr=False)

    @property
    def unit(self) -> str:
        """The owning unit in full: Bidang / Seksi."""
        return f"{self.bidang} / {self.seksi}" if self.seksi else self.bidang

    @property
    def unit_short(self) -> str:
        """The owning unit for table cells: the Seksi, else the Bidang (short name)."""
        return self.seksi or self.bidang_short


def summarise(view: SopView) -> SopSummary:
    """The summary of a fully built SOP view."""
    role_steps = []
    for column, role in enumerate(view.roles):
        steps = tuple(
            StepSummary(step.number, step.kegiatan, step.waktu, step.output)
            for step in view.steps
            if step.marks[column]
        )
        if steps:
            role_steps.append((role.id, steps))
    timing = view.timing
    summary = SopSummary(
        id=view.id,
        page=view.page,
        nama=view.nama,
        nomor=view.nomor,
        status=view.status,
        status_key=view.status_key,
        bidang_id=view.bidang_id,
        bidang=view.bidang,
        bidang_short=view.bidang_short,
        seksi_id=view.seksi_id,
        seksi=view.seksi,
        step_count=len(view.steps),
        timing=TimingSummary(timing.main_minutes, timing.catalogue, timing.complete),
        dasar_hukum=tuple(reg.id for reg in view.dasar_hukum),
        role_steps=tuple(role_steps),
        counts=dict(view.counts),
    )
    return summary_from_data(summary_data(summary)) or summary


def summary_data(summary: SopSummary) -> list[Any]:
    """`summary` as JSON-ready data (read back by `summary_from_data`)."""
    timing = summary.timing
    return [
        summary.id,
        summary.page,
        summary.nama,
        summary.nomor,
        summary.status,
        summary.status_key,
        summary.bidang_id,
        summary.bidang,
        summary.bidang_short,
        summary.seksi_id,
        summary.seksi,
        summary.step_count,
        [timing.main_minutes, timing.catalogue, timing.complete],
        list(summary.dasar_hukum),
        [
            [role, [[s.number, s.kegiatan, s.waktu, s.output] for s in steps]]
            for role, steps in summary.role_steps
        ],
        {key: summary.counts[key] for key in sorted(summary.counts)},
    ]


def _texts(value: object, count: int) -> bool:
    return isinstance(value, list) and len(value) == count and all(type(v) is str for v in value)


def _step(value: object) -> StepSummary | None:
    if not (isinstance(value, list) and len(value) == 4 and type(value[0]) is int):
        return None
    if not _texts(value[1:], 3):
        return None
    return StepSummary(value[0], value[1], value[2], value[3])


def summary_from_data(data: object) -> SopSummary | None:
    """The summary written by `summary_data`, or None when `data` has another shape."""
    if not (isinstance(data, list) and len(data) == 16):
        return None
    (ident, page, nama, nomor, status, status_key, bidang_id, bidang, bidang_short) = data[:9]
    seksi_id, seksi, step_count, timing, cited, roles, counts = data[9:]
    if not _texts(data[:9], 9) or type(seksi) is not str or type(step_count) is not int:
        return None
    if seksi_id is not None and type(seksi_id) is not str:
        return None
    if not (
        isinstance(timing, list)
        and len(timing) == 3
        and type(timing[0]) is int
        and type(timing[1]) is str
        and type(timing[2]) is bool
    ):
        return None
    if not (isinstance(cited, list) and _texts(cited, len(cited))):
        return None
    if not (isinstance(counts, dict) and all(type(v) is int for v in counts.values())):
        return None
    role_steps = []
    if not isinstance(roles, list):
        return None
    for item in roles:
        if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is str):
            return None
        if not isinstance(item[1], list):
            return None
        steps = tuple(_step(step) for step in item[1])
        if not all(steps):
            return None
        role_steps.append((item[0], steps))
    # The steps per role are left out: only the role pages read them, and they are
    # given those steps themselves (so a step's text changes no other page's key).
    text = json.dumps([*data[:14], data[15]], ensure_ascii=False, separators=(",", ":"))
    return SopSummary(
        id=ident,
        page=page,
        nama=nama,
        nomor=nomor,
        status=status,
        status_key=status_key,
        bidang_id=bidang_id,
        bidang=bidang,
        bidang_short=bidang_short,
        seksi_id=seksi_id,
        seksi=seksi,
        step_count=step_count,
        timing=TimingSummary(timing[0], timing[1], timing[2]),
        dasar_hukum=tuple(cited),
        role_steps=tuple(role_steps),  # type: ignore[arg-type]
        counts=dict(counts),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
