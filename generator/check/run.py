"""A whole `sop check` run: load, check and render, as text with an exit code.

The command only parses its options and prints what `check_run` returns. An
identical rerun (same files, same options, same tool) is served from the store
(`runcache`), so an unchanged project costs a hash of its files.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from generator import runcache
from generator.check import CheckReport
from generator.check.output import summary_lines, to_json, to_sarif
from generator.check.twocores import TwoCores
from generator.escape import visible
from generator.filesnapshot import FileSnapshot
from generator.messages import translate
from generator.problems import Problem, Severity, report_text
from generator.project import Loaded, Project
from generator.resolved import role_labels
from generator.runcache import CachedRun

EXIT_OK = 0
EXIT_PROBLEMS = 1


@dataclass(frozen=True)
class CheckOptions:
    """What the user asked of `sop check`."""

    paths: tuple[Path, ...]
    output_format: str = "text"  # text | json | sarif
    strict: bool = False
    lang: str = "id"
    today: dt.date | None = None


def check_run(project: Project, options: CheckOptions) -> CachedRun:
    """The output and exit code of `sop check`, reused when nothing it depends on changed."""
    today = options.today or dt.date.today()
    # Files outside the SOP folder are not part of the stored run's key: no stored run.
    reusable = project.cache and all(project.contains(p) for p in options.paths)
    # A fresh clone: a child loads the last files meanwhile.
    helper = project.start_early(project.two_cores(options.paths))
    snapshot = FileSnapshot()  # each file read once: for the key, then for the load
    key = runcache.cache_key(
        "check",
        project.root,
        {
            "paths": [str(p) for p in options.paths],
            "format": options.output_format,
            "strict": options.strict,
            "lang": options.lang,
            "today": today.isoformat(),
        },
        snapshot,
    )
    store = project.store if reusable else None
    run = runcache.read(store, key) if store else None
    if run is not None:
        helper.finish()  # stored: no load at all
    else:
        run = _fresh_run(project, options, today, snapshot, helper)
        if store:
            runcache.write(store, key, run)
            store.prune()
    return run


def _fresh_run(
    project: Project,
    options: CheckOptions,
    today: dt.date,
    snapshot: FileSnapshot,
    helper: TwoCores,
) -> CachedRun:
    lang = options.lang
    loaded = project.load(options.paths, snapshot, helper=helper)
    if loaded.repository is None:  # the registries are unusable: nothing can be checked
        return _load_failure(loaded.problems, options)
    checked = project.check(loaded, today)
    # A file that does not load never hides the others: its problems are reported,
    # every other SOP is checked and totalled as usual.
    findings = tuple(
        f for f in (*loaded.problems, *checked.findings) if loaded.asked_for_path(f.position.path)
    )
    report = CheckReport(findings, tuple(r for r in checked.sops if loaded.asked_for(r.entry)))
    failing = report.count(Severity.ERROR) + (
        report.count(Severity.WARNING) if options.strict else 0
    )
    exit_code = EXIT_PROBLEMS if failing else EXIT_OK
    if options.output_format != "text":
        return CachedRun(_machine_output(report, options, loaded.broken), "", exit_code)
    lines = [finding.render(lang) for finding in findings] + _summary(loaded, report, lang)
    if loaded.broken:
        lines += ["", translate("check.ringkasan.rusak", lang, count=len(loaded.broken))]
        lines += [f"    {path}" for path in loaded.broken]
    totals = translate(
        "check.ringkasan.hasil",
        lang,
        errors=report.count(Severity.ERROR),
        warnings=report.count(Severity.WARNING),
        infos=report.count(Severity.INFO),
        sops=len(report.sops),
    )
    # Paths, SOP names and role names as the terminal can show them (escape.visible).
    return CachedRun("".join(f"{visible(line)}\n" for line in lines), totals + "\n", exit_code)


def _summary(loaded: Loaded, report: CheckReport, lang: str) -> list[str]:
    """The time summary of each SOP checked, under its heading."""
    if not report.sops or loaded.repository is None:
        return []
    repository = loaded.repository
    settings = repository.pengaturan.kalender_kerja
    lines = [
        "",
        translate(
            "check.ringkasan.judul",
            lang,
            jam_per_hari=f"{settings.jam_per_hari:g}",
            hari_per_minggu=settings.hari_per_minggu,
        ),
    ]
    names = role_labels(repository)
    # One calendar for every SOP: the summaries' duration texts are kept per calendar.
    calendar = settings.calendar()
    for sop_report in report.sops:
        lines += summary_lines(sop_report, calendar, lang, names)
    return lines


def _load_failure(problems: tuple[Problem, ...], options: CheckOptions) -> CachedRun:
    """The registries did not load: their problems, in the format asked for."""
    if options.output_format != "text":  # scripts still get the format they asked for
        return CachedRun(_machine_output(CheckReport(problems, ()), options), "", EXIT_PROBLEMS)
    lines, summary = report_text(problems, options.lang)
    return CachedRun(lines, summary, EXIT_PROBLEMS)


def _machine_output(
    report: CheckReport, options: CheckOptions, broken: tuple[str, ...] = ()
) -> str:
    """The report as JSON or SARIF text."""
    if options.output_format == "json":
        data = to_json(report, options.lang, broken)
    else:
        data = to_sarif(report, options.lang)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
