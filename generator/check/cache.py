"""The results of the rules about one SOP, kept between runs.

Most of `sop check` after an edit is the rules re-running on the SOPs that did
not change. A rule of scope "sop" sees one SOP, the registries and the
office settings, never another SOP (a test holds every rule to that), so its
findings, and the SOP's timing, are a function of:

- the SOP file's bytes and the path it is shown by (positions carry it),
- the bytes of organisasi.yaml, peraturan.yaml and pengaturan.yaml,
- the tool's own code (`codeversion`).

Those make the key. Results are kept as one pack of the store
(`generator.store`, JSON, never pickle), holding only the SOPs of the last
run; a damaged or foreign pack is verified away and the results are
recomputed. Deleting it is always safe. The findings go through `storecodec`;
the timing, most of an entry, is written as plain lists (`_timing_data`):
the generic form tagged every duration and enum, and a fresh clone's run
spent a twentieth of its time encoding 3 MB of it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from generator import storecodec
from generator.duration import Duration, WaktuStatus
from generator.keyedpack import KeyedPack
from generator.model import Repository, SopEntry
from generator.problems import Problem
from generator.store import Store
from generator.timing import SopTiming

# The rule findings (severity applied) and the timing of one SOP.
SopResult = tuple[tuple[Problem, ...], SopTiming]


class CheckCache(KeyedPack[SopResult]):
    """Per-SOP rule results of one SOP folder, by what they depend on (see `key`)."""

    KIND = "check"
    # The layout of an entry; another layout (an older tool) is a miss, never data.
    LAYOUT = "sop-result-2"

    def encode_value(self, value: SopResult) -> Any:
        return encode_result(value)

    def decode_value(self, stored: Any) -> SopResult:
        layout, findings, timing = stored
        if layout != self.LAYOUT:
            raise ValueError("not a check entry")
        problems = storecodec.from_jsonable(findings)
        if type(problems) is not tuple or not all(type(p) is Problem for p in problems):
            raise ValueError("not a list of findings")
        return problems, _timing_of(timing)

    @classmethod
    def beside(cls, root: Path) -> CheckCache:
        """The check cache of the SOP folder `root`, in its store."""
        return cls(Store.beside(root), scope=str(root.resolve()))

    @staticmethod
    def key(entry: SopEntry, repository: Repository) -> str | None:
        """What the results of `entry` depend on; None when a part is unknown."""
        sources = (
            entry.source,
            repository.organisasi_source,
            repository.peraturan_source,
        )
        if any(source is None or not source.digest for source in sources):
            return None
        settings = repository.pengaturan_source
        digest = hashlib.blake2b(digest_size=20)
        for part in (
            *(source.digest for source in sources if source is not None),
            settings.digest if settings is not None else b"-",
            entry.id.encode(),
            entry.path.encode(),
        ):
            digest.update(part)
            digest.update(b"\0")
        return digest.hexdigest()


def encode_result(value: SopResult) -> Any:
    """One SOP's results as a check entry of the pack (read back by `decode_value`)."""
    findings, timing = value
    return [CheckCache.LAYOUT, storecodec.to_jsonable(findings), _timing_data(timing)]


def _duration(value: Duration | None) -> list | None:
    if value is None:
        return None
    return [value.low_seconds, value.high_seconds, value.at_most, value.at_least]


def _read_duration(data: Any) -> Duration:
    low, high, at_most, at_least = data
    if not (type(low) is int and type(high) is int):
        raise ValueError("not a duration")
    return Duration(low, high, at_most is True, at_least is True)


def _maybe_duration(data: Any) -> Duration | None:
    return None if data is None else _read_duration(data)


def _indexes(data: Any) -> tuple[int, ...]:
    if not all(type(index) is int for index in data):
        raise ValueError("not step indexes")
    return tuple(data)


def _timing_data(timing: SopTiming) -> list:
    """`timing` as plain JSON lists (read back by `_timing_of`)."""
    return [
        [_duration(d) for d in timing.step_durations],
        [None if s is None else s.value for s in timing.step_status],
        list(timing.main_path),
        _duration(timing.main_total),
        _duration(timing.worst_total),
        [[role, _duration(d)] for role, d in timing.by_role.items()],
        _duration(timing.target),
        _duration(timing.office_total),
        _duration(timing.waiting_total),
        list(timing.waiting_steps),
        list(timing.untimed),
        None
        if timing.by_either is None
        else [[list(roles), _duration(d)] for roles, d in timing.by_either.items()],
        None
        if timing.role_untimed is None
        else [[role, list(steps)] for role, steps in timing.role_untimed.items()],
        list(timing.target_span),
        _duration(timing.target_total),
    ]


def _timing_of(data: Any) -> SopTiming:
    """The SopTiming written by `_timing_data`; ValueError and the like for any other shape."""
    (
        durations,
        statuses,
        main_path,
        main_total,
        worst_total,
        by_role,
        target,
        office_total,
        waiting_total,
        waiting_steps,
        untimed,
        by_either,
        role_untimed,
        target_span,
        target_total,
    ) = data
    return SopTiming(
        step_durations=tuple(_maybe_duration(d) for d in durations),
        step_status=tuple(None if s is None else WaktuStatus(s) for s in statuses),
        main_path=_indexes(main_path),
        main_total=_read_duration(main_total),
        worst_total=_read_duration(worst_total),
        by_role={_text(role): _read_duration(d) for role, d in by_role},
        target=_maybe_duration(target),
        office_total=_read_duration(office_total),
        waiting_total=_read_duration(waiting_total),
        waiting_steps=_indexes(waiting_steps),
        untimed=_indexes(untimed),
        by_either=None
        if by_either is None
        else {tuple(map(_text, roles)): _read_duration(d) for roles, d in by_either},
        role_untimed=None
        if role_untimed is None
        else {_text(role): _indexes(steps) for role, steps in role_untimed},
        target_span=_indexes(target_span),
        target_total=_maybe_duration(target_total),
    )


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError("not a text")
    return value
