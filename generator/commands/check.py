"""`sop check`: the review tool: every defect with its place and a fix, plus time totals."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from generator import runcache
from generator.check import CheckReport, run_checks
from generator.check.cache import CheckCache
from generator.check.docs import rules_page
from generator.check.output import summary_lines, to_json, to_sarif
from generator.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PATHS_ARGUMENT,
    SOPS_OPTION,
    CliContext,
    default_paths,
    load_for,
    pass_cli,
    report_text,
    shown_paths,
    sops_root_for,
    within,
)
from generator.loader import REGISTRY_FILES, broken_files, without_broken
from generator.messages import translate
from generator.problems import Severity, display_path
from generator.store import Store


@click.command()
@PATHS_ARGUMENT
@SOPS_OPTION
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
    "--no-cache",
    is_flag=True,
    help="Compute everything afresh: reuse nothing kept in .sop-cache/ (the output of an "
    "identical earlier run, parsed files, rule results per SOP) and write nothing there.",
)
@click.option(
    "--tanggal",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check as of this date (YYYY-MM-DD) for the monitoring rules (default: today).",
)
@click.option(
    "--rules-doc",
    is_flag=True,
    help="Print the Markdown page documenting every rule (docs/aturan.md) and exit.",
)
@pass_cli
def check(
    ctx: CliContext,
    paths: tuple[Path, ...],
    sops_dir: Path | None,
    output_format: str,
    strict: bool,
    no_cache: bool,
    tanggal: dt.datetime | None,
    rules_doc: bool,
) -> None:
    """Check SOPs for timing, role, flow, form and reference defects.

    PATH is an SOP file or a folder (default: sops, or the SOP folder you are in).
    Prints every finding as path:line:column: severity RULE-ID message, with a hint,
    then the time summary of each SOP (main path, office and waiting time, worst
    case, per role). A file that does not load is reported with its problems and
    listed at the end; every other SOP is still checked and totalled. Exits 1
    when there are errors (with --strict: also warnings), 2 on usage errors. An
    identical rerun (same files, same options, same tool) prints the stored result.
    """
    if rules_doc:
        click.echo(rules_page(ctx.lang), nl=False)
        return
    paths = paths or default_paths()
    root = sops_root_for(paths, ctx.lang, sops_dir)
    today = tanggal.date() if tanggal else dt.date.today()
    # Files outside the SOP folder are not part of the stored run's key: no stored run.
    outside = any(not within(display_path(p), [display_path(root)]) for p in paths)
    reuse_run = not no_cache and not outside
    options = {
        "paths": [str(p) for p in paths],
        "format": output_format,
        "strict": strict,
        "lang": ctx.lang,
        "today": today.isoformat(),
    }
    key = runcache.cache_key("check", root, options)
    store = Store.beside(root, enabled=reuse_run)
    run = runcache.read(store, key)
    if run is None:
        run = _run(
            paths,
            root,
            output_format,
            strict,
            ctx.lang,
            cache=not no_cache,
            sops=sops_dir,
            today=today,
        )
        runcache.write(store, key, run)
        store.prune()
    if run.stdout:
        click.echo(run.stdout, nl=False)
    if run.stderr:
        click.echo(run.stderr, nl=False, err=True)
    sys.exit(run.exit_code)


def _run(
    paths: tuple[Path, ...],
    root: Path,
    output_format: str,
    strict: bool,
    lang: str,
    *,
    cache: bool = True,
    sops: Path | None = None,
    today: dt.date | None = None,
) -> runcache.CachedRun:
    """Load, check and render; the whole output as text, with the exit code."""
    result, load_problems = load_for(paths, lang, cache=cache, sops_dir=sops)
    if result.repository is None:  # the registries are unusable: nothing can be checked
        text, summary = report_text(load_problems, lang)
        if output_format != "text":  # scripts still get the format they asked for
            text = _machine_output(CheckReport(tuple(load_problems), ()), output_format, lang)
        return runcache.CachedRun(text, summary, EXIT_PROBLEMS)
    wanted = shown_paths(paths)
    # A file that does not load never hides the others: its problems are reported,
    # every other SOP is checked and totalled as usual.
    registries = [display_path(root / name) for name in REGISTRY_FILES]
    broken = broken_files(load_problems, registries)
    repository = without_broken(result.repository, broken)
    # Rules about one SOP run only on the SOPs asked for (a reviewer checking
    # one draft does not wait for the other 999); rules across SOPs see all.
    checked = run_checks(
        repository,
        only=lambda entry: within(entry.path, wanted),
        cache=CheckCache.beside(root) if cache else None,
        today=today,
    )
    findings = tuple(
        f for f in (*load_problems, *checked.findings) if within(f.position.path, wanted)
    )
    sops = tuple(r for r in checked.sops if within(r.entry.path, wanted))
    filtered = CheckReport(findings, sops)
    calendar = repository.pengaturan.kalender_kerja.calendar()

    stdout: list[str] = []
    stderr = ""
    if output_format != "text":
        stdout.append(_machine_output(filtered, output_format, lang, broken).rstrip("\n"))
    else:
        stdout += [finding.render(lang) for finding in findings]
        if sops:
            settings = repository.pengaturan.kalender_kerja
            stdout.append("")
            stdout.append(
                translate(
                    "check.ringkasan.judul",
                    lang,
                    jam_per_hari=f"{settings.jam_per_hari:g}",
                    hari_per_minggu=settings.hari_per_minggu,
                )
            )
            names = {k: j.label for k, j in repository.organisasi.jabatan.items()}
            for sop_report in sops:
                stdout += summary_lines(sop_report, calendar, lang, names)
        if broken:
            stdout.append("")
            stdout.append(translate("check.ringkasan.rusak", lang, count=len(broken)))
            stdout += [f"    {path}" for path in broken]
        stderr = (
            translate(
                "check.ringkasan.hasil",
                lang,
                errors=filtered.count(Severity.ERROR),
                warnings=filtered.count(Severity.WARNING),
                infos=filtered.count(Severity.INFO),
                sops=len(sops),
            )
            + "\n"
        )
    failing = filtered.count(Severity.ERROR) + (filtered.count(Severity.WARNING) if strict else 0)
    return runcache.CachedRun(
        "".join(f"{line}\n" for line in stdout), stderr, EXIT_PROBLEMS if failing else EXIT_OK
    )


def _machine_output(
    report: CheckReport, output_format: str, lang: str, broken: tuple[str, ...] = ()
) -> str:
    """The report as JSON or SARIF text."""
    data = to_json(report, lang, broken) if output_format == "json" else to_sarif(report, lang)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
