"""The check report as text, JSON and SARIF 2.1.0 (pure functions: report in, data out)."""

from __future__ import annotations

from typing import Any

from generator.check import CheckReport, SopReport
from generator.check.rules import ALL_RULES
from generator.duration import Duration, WorkCalendar, duration_words
from generator.lastownermemo import LastOwnerMemo
from generator.messages import translate
from generator.problems import Severity
from generator.timing import timing_json
from generator.timing_words import timing_words

# Durations as words for the run's calendar: the same few durations recur in the
# summaries of a thousand SOPs.
_DURATIONS: LastOwnerMemo[WorkCalendar, tuple[Duration, str], str] = LastOwnerMemo(
    lambda calendar, value_lang: duration_words(value_lang[0], calendar, value_lang[1])
)


def _duration_text(value: Duration, calendar: WorkCalendar, lang: str) -> str:
    """`duration.format_duration(value, calendar, lang)`, kept for the run's calendar."""
    return _DURATIONS.get(calendar, (value, lang))


SARIF_VERSION = "2.1.0"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def summary_lines(
    sop_report: SopReport, calendar: WorkCalendar, lang: str, role_names: dict[str, str]
) -> list[str]:
    """The time summary of one SOP, as indented text lines (roles by their short name).

    Totals never hide what they leave out: untimed steps are named on the main
    path and per role, waiting time is shown apart from the office's own time,
    and a service standard with a clock names the stretch it covers.
    """
    timing = sop_report.timing
    entry = sop_report.entry

    def label(key: str, **args: object) -> str:
        return translate(f"check.ringkasan.{key}", lang, **args)

    def duration(value: Duration) -> str:
        return _duration_text(value, calendar, lang)

    def numbers(indexes: tuple[int, ...]) -> str:
        return ", ".join(str(index + 1) for index in indexes)

    note = " " + label("tanpa_waktu", steps=numbers(timing.untimed)) if timing.untimed else ""
    main = timing_words(
        timing, calendar, lang, _duration_text
    ).total  # "belum diketahui", never "0 menit"
    lines = [
        f"{entry.path}: {entry.sop.nama} ({len(entry.sop.prosedur)} {label('langkah')})",
        f"    {label('jalur_utama')}: {main}{note}",
    ]
    if timing.waiting_total.high_seconds:
        lines.append(
            f"    {label('waktu_kantor')}: {duration(timing.office_total)}; "
            f"{label('waktu_tunggu')}: {duration(timing.waiting_total)}"
        )
    worst = main if not timing.worst_total.high_seconds else duration(timing.worst_total)
    lines.append(f"    {label('terburuk')}: {worst}")
    if timing.target is not None and timing.target_total is not None and timing.target_span:
        span = timing.target_span
        lines.append(
            "    "
            + label(
                "standar_bagian",
                target=duration(timing.target),
                mulai=span[0] + 1,
                sampai=span[-1] + 1,
                total=duration(timing.target_total),
            )
        )
    elif timing.target is not None:
        lines.append(f"    {label('standar')}: {duration(timing.target)}")
    untimed = timing.role_untimed or {}
    parts = []
    for role, value in timing.by_role.items():
        shown = role_names.get(role, role)
        if role in untimed and not value.high_seconds:
            parts.append(f"{shown} {label('peran_tak_diketahui', steps=numbers(untimed[role]))}")
        elif role in untimed:
            parts.append(
                f"{shown} {duration(value)} {label('peran_tanpa', steps=numbers(untimed[role]))}"
            )
        else:
            parts.append(f"{shown} {duration(value)}")
    for roles, value in (timing.by_either or {}).items():
        names = "/".join(role_names.get(role, role) for role in roles)
        parts.append(f"{label('salah_satu', roles=names)} {duration(value)}")
    lines.append(f"    {label('per_pelaksana')}: {', '.join(parts)}")
    return lines


def to_json(report: CheckReport, lang: str, broken: tuple[str, ...] = ()) -> dict[str, Any]:
    """The report as JSON-ready data: `findings`, `sops` and the `broken` files.

    `broken` lists the SOP files that did not load (their problems are among
    the findings); every SOP that loaded is in `sops`, whatever the others did.
    """
    return {
        "findings": [
            {
                "path": f.position.path,
                "line": f.position.line,
                "column": f.position.column,
                "rule": f.rule,
                "severity": f.severity.value,
                "message": f.message(lang),
                "hint": f.hint(lang),
            }
            for f in report.findings
        ],
        "sops": [
            {
                "id": r.entry.id,
                "path": r.entry.path,
                "nama": r.entry.sop.nama,
                "steps": len(r.entry.sop.prosedur),
                **timing_json(r.timing),
            }
            for r in report.sops
        ],
        "broken": list(broken),
    }


def to_sarif(report: CheckReport, lang: str) -> dict[str, Any]:
    """The findings as a SARIF 2.1.0 log, for code-review tools."""
    rules = [
        {
            "id": rule.ID,
            "name": rule.ID,
            "shortDescription": {"text": translate(f"check.{rule.ID}.judul", lang)},
            "fullDescription": {"text": (rule.__doc__ or "").strip().split("\n\n")[0]},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.SEVERITY]},
            "help": {"text": translate(f"check.{rule.ID}.hint", lang)},
        }
        for rule in ALL_RULES
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f"{f.message(lang)} ({f.hint(lang)})"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.position.path},
                        "region": {"startLine": f.position.line, "startColumn": f.position.column},
                    }
                }
            ],
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sop check",
                        "informationUri": "https://example.invalid/sop-handbook",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
