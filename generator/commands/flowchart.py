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
    cache_option,
    loaded_or_exit,
    pass_cli,
    project_for,
    report,
    say,
    usage_errors,
)
from generator.flowchart import Engine, EngineError, FlowchartOptions
from generator.flowchart.files import chart_pages, engine_failure, stdout_bytes, write_pages
from generator.messages import translate
from generator.problems import display_path


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@SOPS_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(readable=False, path_type=Path),  # checked by writable_or_exit
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
@cache_option("parsed files and the compiled Graphviz engine")
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
    lang, shown = ctx.lang, display_path(file)
    project = project_for((file,), lang, sops_dir, cache=cache, writes=(output, "file"))
    note = "flowchart.sop_not_loaded"
    # Only FILE is read: the drawing needs no other SOP (their ids are still listed).
    loaded, repository = loaded_or_exit(project, (file,), lang, note, only_named=True, path=shown)
    entry = next((e for e in repository.sops if e.path == shown), None)
    if entry is None:
        report(list(loaded.problems), lang)
        say(f"sop: {translate(note, lang, path=shown)}")
        sys.exit(EXIT_PROBLEMS)
    for problem in loaded.problems:  # warnings: keep stdout for the drawing
        say(problem.render(lang))
    options = FlowchartOptions(waktu=waktu, max_rows=max_rows, engine=Engine(engine))
    store = project.store  # keeps the compiled engine (disabled with --no-cache)
    try:
        pages, joined = chart_pages(entry, repository.organisasi, fmt, options, lang, None, store)
    except EngineError as error:
        text, of_file = engine_failure(error, shown, lang)
        say(text)
        sys.exit(EXIT_PROBLEMS if of_file else EXIT_USAGE)
    if output is None:
        with usage_errors(lang):
            click.echo(stdout_bytes(pages, joined), nl=False)
        return
    for path in write_pages(pages, output, joined):
        say(translate("flowchart.written", lang, path=display_path(path)))
