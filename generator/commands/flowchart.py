"""`sop flowchart`: draw one SOP as a swimlane flowchart (SVG, DOT text or BPMN 2.0)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import (
    EXIT_PROBLEMS,
    EXIT_USAGE,
    SOPS_OPTION,
    CliContext,
    fail_usage,
    load_for,
    pass_cli,
    report,
)
from generator.flowchart import (
    Engine,
    EngineError,
    FlowchartCache,
    FlowchartOptions,
    flowchart_dot,
    flowchart_svg,
)
from generator.flowchart.bpmn import flowchart_bpmn
from generator.loader import find_sops_root
from generator.messages import translate
from generator.problems import Severity, display_path
from generator.store import Store

# Engine errors that mean "this chart is too large": a problem of FILE (exit 1).
SIZE_ERRORS = ("too_large", "render_budget")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@SOPS_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout. A chart split over N pages (SVG) is "
    "written as NAME-1.svg ... NAME-N.svg.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["svg", "dot", "bpmn"]),
    default="svg",
    show_default=True,
    help="svg: the drawing; dot: the pinned Graphviz DOT text (all pages, one graph each; "
    "draw it with 'neato -n2' or 'dot -Knop2'); bpmn: BPMN 2.0 XML with its diagram "
    "(one chart, never split), for bpmn.io, Camunda Modeler or Bizagi.",
)
@click.option(
    "--engine",
    type=click.Choice([engine.value for engine in Engine]),
    default=Engine.EMBEDDED.value,
    show_default=True,
    envvar="SOP_FLOWCHART_ENGINE",
    show_envvar=True,
    help="embedded: Graphviz in WebAssembly, nothing to install, same output everywhere; "
    "system: the installed Graphviz 'dot' program.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    help="Split the chart into pages of at most N rows (never more than 40), joined by "
    "off-page connectors.",
)
@click.option("--waktu/--no-waktu", default=True, show_default=True, help="Show each step's waktu.")
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse earlier work from .sop-cache/ (next to sops/): parsed files and SVGs "
    "rendered before. --no-cache computes everything afresh.",
)
@pass_cli
def flowchart(
    ctx: CliContext,
    file: Path,
    output: Path | None,
    fmt: str,
    engine: str,
    max_rows: int | None,
    waktu: bool,
    cache: bool,
    sops_dir: Path | None,
) -> None:
    """Draw the SOP in FILE as a swimlane flowchart in the SOP AP symbols.

    One lane per pelaksana, one row per step, decisions with labelled arrows
    and return arrows. Exits 1 when FILE has problems, 2 when the chosen
    Graphviz engine is missing.
    """
    # Only FILE is read: the drawing needs no other SOP (their ids are still listed).
    result, problems = load_for((file,), ctx.lang, cache=cache, sops_dir=sops_dir, only_named=True)
    shown = display_path(file)
    entry = None
    if result.repository is not None:
        entry = next((e for e in result.repository.sops if e.path == shown), None)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or entry is None or result.repository is None:
        report(problems, ctx.lang)
        click.echo(f"sop: {translate('flowchart.sop_not_loaded', ctx.lang, path=shown)}", err=True)
        sys.exit(EXIT_PROBLEMS)
    for problem in problems:  # warnings: keep stdout for the drawing
        click.echo(problem.render(ctx.lang), err=True)

    options = FlowchartOptions(waktu=waktu, max_rows=max_rows, engine=Engine(engine))
    organisasi = result.repository.organisasi
    if fmt == "bpmn":
        _write(
            [flowchart_bpmn(entry.sop, organisasi, ctx.lang)], output, joined=True, lang=ctx.lang
        )
        return
    if fmt == "dot":
        pages = flowchart_dot(entry.sop, organisasi, name=entry.id, lang=ctx.lang, options=options)
        _write([page.encode("utf-8") for page in pages], output, joined=True, lang=ctx.lang)
        return
    root = find_sops_root(sops_dir if sops_dir is not None else file)
    # The store keeps the drawing and the compiled engine for the next process.
    store = FlowchartCache(Store.beside(root)) if cache and root else None
    try:
        svgs = flowchart_svg(
            entry.sop,
            organisasi,
            name=entry.id,
            lang=ctx.lang,
            options=options,
            cache=store,
            placeholder=False,
        )
    except EngineError as error:
        # A chart too large or too slow is a problem of FILE, said at FILE.
        where = shown if error.key in SIZE_ERRORS else "sop"
        click.echo(f"{where}: {error.message(ctx.lang)}", err=True)
        click.echo(f"    {translate('label.hint', ctx.lang)}: {error.hint(ctx.lang)}", err=True)
        problem = error.key == "render_failed" or error.key in SIZE_ERRORS
        sys.exit(EXIT_PROBLEMS if problem else EXIT_USAGE)
    if store is not None:
        store.store.prune()
    _write(svgs, output, joined=False, lang=ctx.lang)


def _write(pages: list[bytes], output: Path | None, joined: bool, lang: str) -> None:
    """Write one page to `output` or stdout; several pages joined, or one file each."""
    if output is None:
        if len(pages) > 1 and not joined:
            fail_usage(
                translate("flowchart.pages_need_output", lang, count=len(pages)),
                translate("flowchart.pages_need_output_hint", lang),
                lang,
            )
        click.echo(b"\n".join(pages), nl=False)
        return
    if joined or len(pages) == 1:
        targets = [(output, b"\n".join(pages))]
    else:
        targets = [
            (output.with_name(f"{output.stem}-{number}{output.suffix}"), page)
            for number, page in enumerate(pages, start=1)
        ]
    for path, data in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        click.echo(translate("flowchart.written", lang, path=display_path(path)), err=True)
