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
class RoleShare:
    """The steps one role performs in one SOP: counted and hashed when read; a role's
    page prints its rows (number, kegiatan, waktu, output) as they are."""

    role: str
    count: int
    digest: str
    rows: tuple[tuple[int, str, str, str], ...] = field(compare=False, repr=False)

    def __index_key__(self) -> list[str]:
        """The share in an index page's key (see `indexkey`): its rows' hash."""
        return ["role", self.role, self.digest]


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
    role_steps: tuple[RoleShare, ...]  # per lane that performs steps, in lane order
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

    def __index_key__(self) -> list[str]:
        """The summary in an index page's key (see `indexkey`): its hash."""
        if not self.digest:
            raise ValueError(f"summary of {self.id} has no digest")
        return ["sop", self.digest]


def summarise(view: SopView) -> SopSummary:
    """The summary of a fully built SOP view."""
    shares = []
    for column, role in enumerate(view.roles):
        rows = tuple(
            (step.number, step.kegiatan, step.waktu, step.output)
            for step in view.steps
            if step.marks[column]
        )
        if rows:
            shares.append(RoleShare(role.id, len(rows), "", rows))
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
        role_steps=tuple(shares),
        counts=dict(view.counts),
    )
    # Through its JSON form: a summary made now and one read back are the same.
    data = json.loads(json.dumps(summary_data(summary)))
    return summary_from_data(data) or summary


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
        [[share.role, [list(row) for row in share.rows]] for share in summary.role_steps],
        {key: summary.counts[key] for key in sorted(summary.counts)},
    ]


def _texts(values: list) -> bool:
    return all(type(value) is str for value in values)


def _rows(value: object) -> tuple[tuple[int, str, str, str], ...] | None:
    """Step rows [number, kegiatan, waktu, output] as tuples, or None on another shape."""
    if type(value) is not list:
        return None
    rows = []
    for row in value:
        if type(row) is not list or len(row) != 4:
            return None
        number, kegiatan, waktu, output = row
        if type(number) is not int or type(kegiatan) is not str:
            return None
        if type(waktu) is not str or type(output) is not str:
            return None
        rows.append((number, kegiatan, waktu, output))
    return tuple(rows)


def _digest(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def summary_digests(summary: SopSummary) -> list[Any]:
    """The hashes of `summary` (its own and each role share's), kept next to its data
    so that reading it back (`summary_from_data(data, digests)`) need not hash again."""
    return [summary.digest, [share.digest for share in summary.role_steps]]


def summary_from_data(data: object, digests: object = None) -> SopSummary | None:
    """The summary written by `summary_data`, or None when `data` has another shape.

    `digests` are its hashes as `summary_digests` gave them when it was written,
    from the same verified store entry as `data`; without them (or of another
    shape) they are computed.
    """
    if not (isinstance(data, list) and len(data) == 16):
        return None
    (ident, page, nama, nomor, status, status_key, bidang_id, bidang, bidang_short) = data[:9]
    seksi_id, seksi, step_count, timing, cited, roles, counts = data[9:]
    if not _texts(data[:9]) or type(seksi) is not str or type(step_count) is not int:
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
    if not (isinstance(cited, list) and _texts(cited)):
        return None
    if not (isinstance(counts, dict) and all(type(v) is int for v in counts.values())):
        return None
    if not isinstance(roles, list):
        return None
    own, role_digests = _known_digests(digests, len(roles))
    shares = []
    for index, item in enumerate(roles):
        if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is str):
            return None
        rows = _rows(item[1])
        if rows is None:
            return None
        digest = role_digests[index] if role_digests else _digest(item[1])
        shares.append(RoleShare(item[0], len(rows), digest, rows))
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
        role_steps=tuple(shares),
        counts=dict(counts),
        # The steps per role are left out: only the role pages read them, and they are
        # given the shares themselves (so a step's text changes no other page's key).
        digest=own or _digest([*data[:14], data[15]]),
    )


def _known_digests(digests: object, roles: int) -> tuple[str, list[str]]:
    """The summary's own hash and its shares' as `summary_digests` wrote them, or
    ("", []) when `digests` is missing or of another shape."""
    if not (isinstance(digests, list) and len(digests) == 2 and type(digests[0]) is str):
        return "", []
    shares = digests[1]
    if not (isinstance(shares, list) and len(shares) == roles and _texts(shares)):
        return "", []
    return digests[0], shares
