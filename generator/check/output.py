"""The check report as text, JSON and SARIF 2.1.0 (pure functions: report in, data out)."""

from __future__ import annotations

from typing import Any

from generator.check import CheckReport, SopReport
from generator.check.rules import ALL_RULES
from generator.check.rules._helpers import TERMINALS
from generator.duration import WorkCalendar, format_duration
from generator.messages import translate
from generator.problems import Severity

SARIF_VERSION = "2.1.0"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _minutes(value: Any) -> int | float:
    """Whole minutes as int; fractions (rare: '½ menit') as float."""
    return int(value) if value == int(value) else float(value)


def summary_lines(
    sop_report: SopReport, calendar: WorkCalendar, lang: str, role_names: dict[str, str]
) -> list[str]:
    """The time summary of one SOP, as indented text lines (roles by their short name)."""
    timing = sop_report.timing
    entry = sop_report.entry

    def label(key: str) -> str:
        return translate(f"check.ringkasan.{key}", lang)

    uncounted = [
        str(index + 1)
        for index in timing.main_path
        if timing.step_durations[index] is None and entry.sop.prosedur[index].kind not in TERMINALS
    ]
    note = (
        " " + translate("check.ringkasan.tanpa_waktu", lang, steps=", ".join(uncounted))
        if uncounted
        else ""
    )
    lines = [
        f"{entry.path}: {entry.sop.nama} ({len(entry.sop.prosedur)} {label('langkah')})",
        f"    {label('jalur_utama')}: {format_duration(timing.main_total, calendar, lang)}{note}",
        f"    {label('terburuk')}: {format_duration(timing.worst_total, calendar, lang)}",
    ]
    if timing.target is not None:
        lines.append(f"    {label('standar')}: {format_duration(timing.target, calendar, lang)}")
    roles = ", ".join(
        f"{role_names.get(role, role)} {format_duration(duration, calendar, lang)}"
        for role, duration in timing.by_role.items()
    )
    lines.append(f"    {label('per_pelaksana')}: {roles}")
    return lines


def to_json(report: CheckReport, lang: str) -> dict[str, Any]:
    """The report as JSON-ready data: `findings` and `sops`."""
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
                "main_path_minutes": _minutes(r.timing.main_total.low),
                "main_path_minutes_max": _minutes(r.timing.main_total.high),
                "worst_case_minutes": _minutes(r.timing.worst_total.low),
                "worst_case_minutes_max": _minutes(r.timing.worst_total.high),
                "target_minutes": (
                    _minutes(r.timing.target.high) if r.timing.target is not None else None
                ),
                "minutes_by_role": {role: _minutes(d.low) for role, d in r.timing.by_role.items()},
                "minutes_by_role_max": {
                    role: _minutes(d.high) for role, d in r.timing.by_role.items()
                },
            }
            for r in report.sops
        ],
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
