"""`sop check`: run every rule over the loaded SOPs and gather findings and timings.

Findings are Problems whose code is `check.<rule-id>`; the office can re-grade
or switch off a rule in `pengaturan.yaml`, and one SOP can do the same in its
own `pemeriksaan:` block, always with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from generator.check.base import Finding, RepositoryContext, SopContext
from generator.check.cache import CheckCache, SopResult
from generator.check.rules import ALL_RULES, RULES_BY_ID
from generator.duration import WorkCalendar
from generator.gcpause import gc_paused
from generator.model import Repository, SopEntry, Tingkat
from generator.model.pengaturan import AturanDiubah
from generator.problems import Problem, Severity
from generator.timing import SopTiming
from generator.yamlsource import YamlDocument

if TYPE_CHECKING:
    from generator.check.twocores import TwoCores

UNKNOWN_RULE = "check.aturan-tak-dikenal"

_SEVERITY_OF = {
    Tingkat.GALAT: Severity.ERROR,
    Tingkat.PERINGATAN: Severity.WARNING,
    Tingkat.INFO: Severity.INFO,
}


@dataclass(frozen=True)
class SopReport:
    """One SOP's timing, for the summary and the JSON output."""

    entry: SopEntry
    timing: SopTiming


@dataclass(frozen=True)
class CheckReport:
    """Everything `sop check` found, in a stable order."""

    findings: tuple[Problem, ...]
    sops: tuple[SopReport, ...]

    def count(self, severity: Severity) -> int:
        """How many findings have `severity`."""
        return sum(f.severity is severity for f in self.findings)

    def timing_of(self, sop_id: str) -> SopTiming | None:
        """The timing computed for the SOP `sop_id`, if it was checked."""
        return self._timings.get(sop_id)

    @cached_property
    def _timings(self) -> dict[str, SopTiming]:
        return {r.entry.id: r.timing for r in self.sops}


def _severity(
    rule_id: str, default: Severity, overrides: list[dict[str, AturanDiubah]]
) -> Severity | None:
    """The severity after overrides (later ones win); None when switched off."""
    result: Severity | None = default
    for table in overrides:
        change = table.get(rule_id)
        if change is not None:
            result = _SEVERITY_OF.get(change.tingkat)
    return result


def _problem(rule_id: str, severity: Severity, finding: Finding) -> Problem:
    return Problem(finding.position, f"check.{rule_id}", severity, dict(finding.args))


def _unknown_overrides(
    doc: YamlDocument | None, table: dict[str, AturanDiubah], prefix: tuple[str, ...]
) -> list[Problem]:
    if doc is None:
        return []
    return [
        Problem(
            doc.position((*prefix, rule_id), key=True),
            UNKNOWN_RULE,
            Severity.WARNING,
            {"rule": rule_id, "known": ", ".join(sorted(RULES_BY_ID))},
        )
        for rule_id in table
        if rule_id not in RULES_BY_ID
    ]


def run_checks(
    repository: Repository,
    only: Callable[[SopEntry], bool] | None = None,
    cache: CheckCache | None = None,
    today: dt.date | None = None,
    *,
    short_run: bool = False,
    helper: TwoCores | None = None,
) -> CheckReport:
    """Run every rule on every SOP of `repository`.

    With `only`, the rules about one SOP run on the SOPs it accepts, and the
    report covers those; rules comparing SOPs with each other still see them
    all (their findings are kept for every SOP; filter them by path). With a
    `cache`, an SOP whose file, registries and tool are unchanged since the
    last run gets its earlier results (see `check.cache`). `today` is the
    reference date of the monitoring rules (default: the clock's date).
    `short_run` freezes what was built (see `gcpause`). `helper`: the loader's
    forked child (`twocores`), whose results the cache is offered.
    """
    with gc_paused(freeze=short_run):
        report = _run_checks(repository, only, cache, today or dt.date.today(), helper)
    if cache is not None:
        cache.save()
    return report


_SOP_RULES = tuple(rule for rule in ALL_RULES if rule.SCOPE == "sop")


def _graded(office: dict[str, AturanDiubah], own: dict[str, AturanDiubah]) -> list:
    """The rules about one SOP that are on, each with its severity after overrides."""
    graded = []
    for rule in _SOP_RULES:
        severity = _severity(rule.ID, rule.SEVERITY, [office, own])
        if severity is not None:
            graded.append((rule, severity))
    return graded


def _sop_results(
    entry: SopEntry,
    repository: Repository,
    calendar: WorkCalendar,
    office: dict,
    office_graded: list | None = None,
) -> SopResult:
    """The findings of every rule about one SOP (severity applied), and its timing.

    `office_graded`: `_graded(office, {})`, made once for the SOPs without overrides."""
    context = SopContext(entry, repository, calendar)
    own = entry.sop.pemeriksaan.aturan if entry.sop.pemeriksaan else {}
    findings = _unknown_overrides(entry.source, own, ("pemeriksaan", "aturan"))
    graded = office_graded if office_graded is not None and not own else _graded(office, own)
    for rule, severity in graded:  # a plain loop: 47 rules x 1,000 SOPs, mostly no finding
        for finding in rule.check(context):
            findings.append(_problem(rule.ID, severity, finding))
    return tuple(findings), context.timing


def sop_results_for(entries: list[SopEntry], repository: Repository) -> list[SopResult]:
    """`_sop_results` of each of `entries` (SOPs of `repository`), in order."""
    settings = repository.pengaturan
    calendar = settings.kalender_kerja.calendar()
    office = settings.pemeriksaan.aturan
    office_graded = _graded(office, {})
    return [_sop_results(e, repository, calendar, office, office_graded) for e in entries]


def _parent_first(sops: tuple[SopEntry, ...], helper: TwoCores | None) -> list[int]:
    """The indexes of `sops` in the order to check them: those of a forked child
    (`twocores`) last, so that its results are waited for as late as possible."""
    if helper is None or not helper.started:
        return list(range(len(sops)))
    return sorted(range(len(sops)), key=lambda index: helper.theirs(sops[index].path))


def _run_checks(
    repository: Repository,
    only: Callable[[SopEntry], bool] | None,
    cache: CheckCache | None,
    today: dt.date,
    helper: TwoCores | None = None,
) -> CheckReport:
    settings = repository.pengaturan
    calendar = settings.kalender_kerja.calendar()
    office = settings.pemeriksaan.aturan
    findings = _unknown_overrides(repository.pengaturan_source, office, ("pemeriksaan", "aturan"))
    reports: list[SopReport] = []
    per_sop_overrides: dict[str, dict[str, AturanDiubah]] = {}
    office_graded = _graded(office, {})

    results: list[SopResult | None] = [None] * len(repository.sops)
    for index in _parent_first(repository.sops, helper):
        entry = repository.sops[index]
        own = entry.sop.pemeriksaan.aturan if entry.sop.pemeriksaan else {}
        per_sop_overrides[entry.path] = own
        key = cache.key(entry, repository) if cache else None
        if only is not None and not only(entry):
            if cache:
                cache.retain(key)  # not asked for this time: keep it for the next run
            continue
        if helper is not None and cache is not None:
            helper.offer_checked(entry.path, cache)
        result = cache.get(key) if cache else None
        if result is None:
            result = _sop_results(entry, repository, calendar, office, office_graded)
            if cache:
                cache.put(key, result)
        results[index] = result
    for entry, result in zip(repository.sops, results, strict=True):
        if result is not None:
            findings += result[0]
            reports.append(SopReport(entry, result[1]))

    repo_context = RepositoryContext(repository, calendar, today)
    for rule in ALL_RULES:
        if rule.SCOPE != "repository":
            continue
        for finding in rule.check(repo_context):
            own = per_sop_overrides.get(finding.position.path, {})
            severity = _severity(rule.ID, rule.SEVERITY, [office, own])
            if severity is not None:
                findings.append(_problem(rule.ID, severity, finding))

    ordered = sorted(findings, key=Problem.sort_key)
    return CheckReport(tuple(ordered), tuple(reports))
