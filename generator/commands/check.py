"""`sop check`: the review tool: every defect with its place and a fix, plus time totals."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.check import run_checks
from generator.check.docs import rules_page
from generator.check.output import summary_lines, to_json, to_sarif
from generator.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PATHS_ARGUMENT,
    CliContext,
    load_for,
    pass_cli,
    report,
)
from generator.messages import translate
from generator.problems import Severity, display_path


@click.command()
@PATHS_ARGUMENT
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, sarif for code-review tools.",
)
@click.option("--strict", is_flag=True, help="Also exit 1 when there are warnings.")
@click.option(
    "--rules-doc",
    is_flag=True,
    help="Print the Markdown page documenting every rule (docs/aturan.md) and exit.",
)
@pass_cli
def check(
    ctx: CliContext, paths: tuple[Path, ...], output_format: str, strict: bool, rules_doc: bool
) -> None:
    """Check SOPs for timing, role, flow, form and reference defects.

    PATH is an SOP file or a folder (default: sops). Prints every finding as
    path:line:column: severity RULE-ID message, with a hint, then the time
    summary of each SOP (main path, worst case, per role). Exits 1 when there
    are errors (with --strict: also warnings), 2 on usage errors.
    """
    if rules_doc:
        click.echo(rules_page(ctx.lang), nl=False)
        return
    result, load_problems = load_for(paths, ctx.lang)
    if result.repository is None or any(p.severity is Severity.ERROR for p in load_problems):
        report(load_problems, ctx.lang)
        sys.exit(EXIT_PROBLEMS)
    checked = run_checks(result.repository)
    wanted = [display_path(p) for p in (paths or (Path("sops"),))]

    def selected(path: str) -> bool:
        return any(w == "." or path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)

    findings = [f for f in (*load_problems, *checked.findings) if selected(f.position.path)]
    sops = [r for r in checked.sops if selected(r.entry.path)]
    filtered = type(checked)(tuple(findings), tuple(sops))
    calendar = result.repository.pengaturan.kalender_kerja.calendar()

    if output_format == "json":
        click.echo(json.dumps(to_json(filtered, ctx.lang), indent=2, ensure_ascii=False))
    elif output_format == "sarif":
        click.echo(json.dumps(to_sarif(filtered, ctx.lang), indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            click.echo(finding.render(ctx.lang))
        if sops:
            settings = result.repository.pengaturan.kalender_kerja
            click.echo("")
            click.echo(
                translate(
                    "check.ringkasan.judul",
                    ctx.lang,
                    jam_per_hari=f"{settings.jam_per_hari:g}",
                    hari_per_minggu=settings.hari_per_minggu,
                )
            )
            names = {k: j.label for k, j in result.repository.organisasi.jabatan.items()}
            for sop_report in sops:
                click.echo("\n".join(summary_lines(sop_report, calendar, ctx.lang, names)))
        click.echo(
            translate(
                "check.ringkasan.hasil",
                ctx.lang,
                errors=filtered.count(Severity.ERROR),
                warnings=filtered.count(Severity.WARNING),
                infos=filtered.count(Severity.INFO),
                sops=len(sops),
            ),
            err=True,
        )
    failing = filtered.count(Severity.ERROR) + (filtered.count(Severity.WARNING) if strict else 0)
    sys.exit(EXIT_PROBLEMS if failing else EXIT_OK)
