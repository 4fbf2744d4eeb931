"""What changed between two versions of an SOP, in the form's terms, not in lines.

Steps are matched by content, not position: first identical kegiatan, then the
most similar remaining pair (kegiatan text, then pelaksana) above a threshold.
A matched step that changed position relative to the others is "moved"; one
whose text changed is "reworded"; unmatched steps are added or removed.
Answers of decisions are compared by the step they lead to, so renumbering
alone is not reported as a changed arrow.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from generator.duration import WorkCalendar, format_duration
from generator.flow import END
from generator.messages import DEFAULT_LANG
from generator.model import Langkah, Sop, TautanSop
from generator.resolved import arrows_of, timing_of
from generator.timing import SopTiming

SIMILARITY_THRESHOLD = 0.6

# Identity fields compared one by one, as (label path, getter).
_IDENTITY_FIELDS = (
    "nama",
    "nomor",
    "status",
    "unit.bidang",
    "unit.seksi",
    "tanggal.pembuatan",
    "tanggal.revisi",
    "tanggal.efektif",
    "disahkan_oleh.jabatan",
    "disahkan_oleh.nama",
    "disahkan_oleh.nip",
    "nama_prosedur",
    "standar_waktu",
    "standar_waktu_mulai",
    "standar_waktu_sampai",
    *(name for name in Sop.shown_field_names() if not Sop.shown_field_is_list(name)),
)
_LIST_FIELDS = (
    "kualifikasi_pelaksana",
    "peralatan_perlengkapan",
    "peringatan",
    "pencatatan_pendataan",
    "definisi",
    *(name for name in Sop.shown_field_names() if Sop.shown_field_is_list(name)),
)
_STEP_FIELDS = (
    "waktu",
    "output",
    "kelengkapan",
    "keterangan",
    "pertanyaan",
    "pelaksana_salah_satu",
    "bersamaan",
    "menunggu",
)


@dataclass(frozen=True)
class Change:
    """One change. `kind` names its message (`diff.<kind>` in the catalogue)."""

    kind: str
    old_step: int | None = None  # 1-based step number in the old version
    new_step: int | None = None  # 1-based step number in the new version
    field: str | None = None
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class SopDiff:
    """All changes between two versions of one SOP, with the main-path totals."""

    sop_id: str
    old_label: str
    new_label: str
    changes: tuple[Change, ...]
    total_before: str | None
    total_after: str | None
    minutes_before: int | None
    minutes_after: int | None
    warnings: tuple[Change, ...] = field(default=())
    timing_before: SopTiming | None = None  # the whole timing, for JSON readers
    timing_after: SopTiming | None = None

    @property
    def changed(self) -> bool:
        """True when anything changed."""
        return bool(self.changes)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple | list):
        return "; ".join(_text(v) or "" for v in value)
    if isinstance(value, TautanSop):
        return f"sop:{value.sop}"
    return str(value)


def _get(sop: Sop, dotted: str) -> Any:
    value: Any = sop
    for part in dotted.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _same_roles(a: Langkah, b: Langkah) -> bool:
    """The same performers, in any order: a step done together has no first performer
    (Word documents mark them column by column, so `sop import` lists them so)."""
    return sorted(a.pelaksana) == sorted(b.pelaksana)


def match_steps(old: tuple[Langkah, ...], new: tuple[Langkah, ...]) -> dict[int, int]:
    """Old step index -> new step index, for steps that are the same step."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    # 1. identical kegiatan (and, among duplicates, identical pelaksana first)
    for i, step in enumerate(old):
        candidates = [
            j
            for j, other in enumerate(new)
            if j not in taken and _normal(other.kegiatan) == _normal(step.kegiatan)
        ]
        if candidates:
            best = min(candidates, key=lambda j: (not _same_roles(new[j], step), abs(j - i)))
            pairs[i] = best
            taken.add(best)
    # 2. the most similar remaining pairs
    scored = []
    for i, step in enumerate(old):
        if i in pairs:
            continue
        for j, other in enumerate(new):
            if j in taken:
                continue
            ratio = difflib.SequenceMatcher(
                None, _normal(step.kegiatan), _normal(other.kegiatan)
            ).ratio()
            if _same_roles(step, other):
                ratio += 0.1
            if ratio >= SIMILARITY_THRESHOLD:
                scored.append((-ratio, abs(i - j), i, j))
    for _, _, i, j in sorted(scored):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def _moved(pairs: dict[int, int]) -> set[int]:
    """Old indexes of matched steps outside the longest run kept in order."""
    ordered = sorted(pairs)
    targets = [pairs[i] for i in ordered]
    # longest increasing subsequence (n is small: plain O(n^2))
    best: list[list[int]] = []
    for k, value in enumerate(targets):
        chain = max((best[m] for m in range(k) if targets[m] < value), key=len, default=[])
        best.append([*chain, k])
    keep = set(max(best, key=len, default=[]))
    return {ordered[k] for k in range(len(ordered)) if k not in keep}


def _arrows(sop: Sop) -> dict[tuple[int, str], int | None]:
    """(step index, answer) -> target index (END = -1) for every decision answer."""
    return {
        (arrow.source, arrow.label): arrow.target
        for arrow in arrows_of(sop)
        if arrow.label is not None
    }


def _jumps(sop: Sop) -> dict[int, int | None]:
    """Step index -> target index (END = -1, None = no such step) of every `lanjut_ke`."""
    return {
        arrow.source: arrow.target
        for arrow in arrows_of(sop)
        if arrow.label is None and sop.prosedur[arrow.source].lanjut_ke is not None
    }


def diff_sops(
    sop_id: str,
    old: Sop | None,
    new: Sop | None,
    calendar: WorkCalendar,
    old_label: str = "lama",
    new_label: str = "baru",
    lang: str = DEFAULT_LANG,
    external: frozenset[str] = frozenset(),
) -> SopDiff:
    """Compare two versions of an SOP (either may be None: added or removed SOP);
    totals are written in `lang`; `external` are the outside roles (waiting time)."""
    changes: list[Change] = []
    warnings: list[Change] = []
    timing_before = timing_of(old, calendar, external) if old else None
    timing_after = timing_of(new, calendar, external) if new else None
    before = timing_before.main_total if timing_before else None
    after = timing_after.main_total if timing_after else None

    if old is None or new is None:
        kind = "sop-ditambah" if old is None else "sop-dihapus"
        changes.append(
            Change(kind, new=_text(new.nama) if new else None, old=_text(old.nama) if old else None)
        )
    else:
        changes += _identity_changes(old, new)
        changes += _list_changes(old, new)
        changes += _step_changes(old, new)
        if before is not None and after is not None and before != after:
            changes.append(
                Change(
                    "total-berubah",
                    old=format_duration(before, calendar, lang),
                    new=format_duration(after, calendar, lang),
                )
            )
        changes += _split_changes(timing_before, timing_after, calendar, lang)
        content_changed = any(c.kind != "identitas" or c.field != "tanggal.revisi" for c in changes)
        if content_changed and old.tanggal.revisi == new.tanggal.revisi:
            warnings.append(Change("revisi-tidak-diperbarui", old=_text(old.tanggal.revisi)))

    return SopDiff(
        sop_id=sop_id,
        old_label=old_label,
        new_label=new_label,
        changes=tuple(changes),
        total_before=format_duration(before, calendar, lang) if before else None,
        total_after=format_duration(after, calendar, lang) if after else None,
        minutes_before=round(before.low) if before else None,
        minutes_after=round(after.low) if after else None,
        warnings=tuple(warnings),
        timing_before=timing_before,
        timing_after=timing_after,
    )


def _split_changes(
    before: SopTiming | None, after: SopTiming | None, calendar: WorkCalendar, lang: str
) -> list[Change]:
    """The office and waiting parts of the main path, when either version waits."""
    if before is None or after is None:
        return []
    if not (before.waiting_total.high_seconds or after.waiting_total.high_seconds):
        return []
    changes = []
    for kind, old, new in (
        ("waktu-kantor-berubah", before.office_total, after.office_total),
        ("waktu-tunggu-berubah", before.waiting_total, after.waiting_total),
    ):
        if old != new:
            changes.append(
                Change(
                    kind,
                    old=format_duration(old, calendar, lang),
                    new=format_duration(new, calendar, lang),
                )
            )
    return changes


def _identity_changes(old: Sop, new: Sop) -> list[Change]:
    changes = []
    for dotted in _IDENTITY_FIELDS:
        a, b = _text(_get(old, dotted)), _text(_get(new, dotted))
        if a != b:
            changes.append(Change("identitas", field=dotted, old=a, new=b))
    return changes


def _list_changes(old: Sop, new: Sop) -> list[Change]:
    changes = []
    for name, added_kind, removed_kind in (
        ("dasar_hukum", "dasar-hukum-ditambah", "dasar-hukum-dihapus"),
        ("keterkaitan", "keterkaitan-ditambah", "keterkaitan-dihapus"),
        ("pelaksana", "kolom-ditambah", "kolom-dihapus"),
    ):
        a = [_text(v) for v in getattr(old, name)]
        b = [_text(v) for v in getattr(new, name)]
        changes += [Change(removed_kind, field=name, old=v) for v in a if v not in b]
        changes += [Change(added_kind, field=name, new=v) for v in b if v not in a]
        if name == "pelaksana":
            kept_a = [v for v in a if v in b]
            kept_b = [v for v in b if v in a]
            if kept_a != kept_b:
                changes.append(
                    Change(
                        "kolom-diurutkan",
                        field=name,
                        old=", ".join(map(str, kept_a)),
                        new=", ".join(map(str, kept_b)),
                    )
                )
    for name in _LIST_FIELDS:
        a, b = _text(getattr(old, name)), _text(getattr(new, name))
        if a != b:
            changes.append(Change("bagian", field=name, old=a, new=b))
    return changes


def _step_changes(old: Sop, new: Sop) -> list[Change]:
    changes: list[Change] = []
    pairs = match_steps(old.prosedur, new.prosedur)
    matched_new = set(pairs.values())
    for i, step in enumerate(old.prosedur):
        if i not in pairs:
            changes.append(Change("langkah-dihapus", old_step=i + 1, old=step.kegiatan))
    for j, step in enumerate(new.prosedur):
        if j not in matched_new:
            changes.append(Change("langkah-ditambah", new_step=j + 1, new=step.kegiatan))
    moved = _moved(pairs)
    old_arrows, new_arrows = _arrows(old), _arrows(new)
    old_jumps, new_jumps = _jumps(old), _jumps(new)
    for i in sorted(pairs):
        j = pairs[i]
        a, b = old.prosedur[i], new.prosedur[j]
        where = {"old_step": i + 1, "new_step": j + 1}
        if i in moved:
            changes.append(Change("langkah-dipindah", **where))
        if _normal(a.kegiatan) != _normal(b.kegiatan):
            changes.append(Change("langkah-diubah", **where, old=a.kegiatan, new=b.kegiatan))
        if not _same_roles(a, b):
            changes.append(
                Change(
                    "pelaksana-berubah",
                    **where,
                    old=", ".join(a.pelaksana),
                    new=", ".join(b.pelaksana),
                )
            )
        if a.kind != b.kind:
            changes.append(Change("jenis-berubah", **where, old=a.kind.value, new=b.kind.value))
        for name in _STEP_FIELDS:
            x, y = _text(getattr(a, name)), _text(getattr(b, name))
            if x != y:
                kind = "waktu-berubah" if name == "waktu" else "isian-langkah-berubah"
                changes.append(Change(kind, **where, field=name, old=x, new=y))
        changes += _jump_changes(i, j, a, b, pairs, old_jumps, new_jumps)
        changes += _answer_changes(i, j, a, b, pairs, old_arrows, new_arrows)
    return changes


def _jump_changes(
    i: int,
    j: int,
    a: Langkah,
    b: Langkah,
    pairs: dict[int, int],
    old_jumps: dict[int, int | None],
    new_jumps: dict[int, int | None],
) -> list[Change]:
    """A `lanjut_ke` that leads elsewhere, by meaning: 'uji' and 3 are one step when
    step 3 has the id 'uji' (a Word round trip writes numbers for ids)."""
    if a.lanjut_ke is None and b.lanjut_ke is None:
        return []
    old_target = old_jumps.get(i)
    mapped = old_target if old_target in (None, END) else pairs.get(old_target)
    new_target = new_jumps.get(j)
    same = (a.lanjut_ke is None) == (b.lanjut_ke is None) and mapped == new_target
    if same and (mapped is not None or _text(a.lanjut_ke) == _text(b.lanjut_ke)):
        return []
    where = {"old_step": i + 1, "new_step": j + 1}
    return [
        Change(
            "isian-langkah-berubah",
            **where,
            field="lanjut_ke",
            old=_text(a.lanjut_ke),
            new=_text(b.lanjut_ke),
        )
    ]


def _describe_target(target: int | None) -> str:
    if target is None:
        return "?"
    if target == END:
        return "selesai"
    return str(target + 1)


def _answer_changes(
    i: int,
    j: int,
    a: Langkah,
    b: Langkah,
    pairs: dict[int, int],
    old_arrows: dict[tuple[int, str], int | None],
    new_arrows: dict[tuple[int, str], int | None],
) -> list[Change]:
    changes = []
    where = {"old_step": i + 1, "new_step": j + 1}
    old_answers = list((a.jawaban or {}).keys())
    new_answers = list((b.jawaban or {}).keys())
    for answer in old_answers:
        if answer not in new_answers:
            target = old_arrows.get((i, answer))
            changes.append(
                Change("jawaban-dihapus", **where, field=answer, old=_describe_target(target))
            )
    for answer in new_answers:
        new_target = new_arrows.get((j, answer))
        if answer not in old_answers:
            changes.append(
                Change("jawaban-ditambah", **where, field=answer, new=_describe_target(new_target))
            )
            continue
        old_target = old_arrows.get((i, answer))
        # The old target renumbered into the new version, so both sides speak
        # of the same numbering; a target step that was removed stays "?".
        mapped = old_target if old_target in (None, END) else pairs.get(old_target)
        if mapped != new_target:
            returns = _is_return(j, new_target) or _is_return(i, old_target)
            changes.append(
                Change(
                    "panah-balik-berubah" if returns else "jawaban-berubah",
                    **where,
                    field=answer,
                    old=_describe_target(mapped),
                    new=_describe_target(new_target),
                )
            )
    return changes


def _is_return(source: int, target: int | None) -> bool:
    return target is not None and target != END and target <= source
