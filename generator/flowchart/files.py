"""One SOP's flowchart as the files `sop flowchart` writes: SVG pages, DOT text or BPMN.

Moved out of the command as it was: which drawing a format asks for, and where
its pages go (stdout, one file, or NAME-1.svg ... NAME-N.svg).
"""

from __future__ import annotations

from pathlib import Path

from generator.flowchart import (
    EngineError,
    FlowchartCache,
    FlowchartOptions,
    flowchart_dot,
    flowchart_svg,
)
from generator.flowchart.bpmn import flowchart_bpmn
from generator.flowchart.engine import keep_module_in
from generator.messages import translate
from generator.model.organisasi import Organisasi
from generator.model.repository import SopEntry
from generator.store import Store
from generator.usage import UsageError


def chart_pages(
    entry: SopEntry,
    organisasi: Organisasi,
    fmt: str,
    options: FlowchartOptions,
    lang: str,
    cache: FlowchartCache | None = None,
    engine_store: Store | None = None,
) -> tuple[list[bytes], bool]:
    """The drawing of `entry` in `fmt` (svg, dot, bpmn) as pages, and whether its pages
    are joined into one file (DOT and BPMN) rather than one file each (SVG).

    `engine_store` keeps the compiled engine for the next process. `sop flowchart`
    passes it but no `cache`: one chart draws in ~10 ms, less than its cache key (a
    hash of the tool's code) costs. Raises EngineError when the Graphviz engine is
    missing or fails (SVG).
    """
    keep_module_in(engine_store)
    if fmt == "bpmn":
        return [flowchart_bpmn(entry.sop, organisasi, lang)], True
    if fmt == "dot":
        pages = flowchart_dot(entry.sop, organisasi, name=entry.id, lang=lang, options=options)
        return [page.encode("utf-8") for page in pages], True
    svgs = flowchart_svg(  # no placeholder: a chart too large is an error of the command
        entry.sop,
        organisasi,
        name=entry.id,
        lang=lang,
        options=options,
        cache=cache,
        placeholder=False,
    )
    if cache is not None:
        cache.store.prune()
    return svgs, False


def page_files(pages: list[bytes], output: Path, joined: bool) -> list[tuple[Path, bytes]]:
    """The files for `pages` at `output`: one file, or NAME-1.svg ... NAME-N.svg."""
    if joined or len(pages) == 1:
        return [(output, b"\n".join(pages))]
    return [
        (output.with_name(f"{output.stem}-{number}{output.suffix}"), page)
        for number, page in enumerate(pages, start=1)
    ]


def stdout_bytes(pages: list[bytes], joined: bool) -> bytes:
    """What goes to stdout when no file is named: one page, or the joined pages.

    Raises UsageError when a split SVG chart would need several files.
    """
    if len(pages) > 1 and not joined:
        raise UsageError(
            "flowchart.pages_need_output", "flowchart.pages_need_output_hint", count=len(pages)
        )
    return b"\n".join(pages)


def write_pages(pages: list[bytes], output: Path, joined: bool) -> list[Path]:
    """Write the pages at `output` (see `page_files`); the files written."""
    written = []
    for path, data in page_files(pages, output, joined):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


# Engine errors that mean "this chart is too large": a problem of FILE (exit 1).
SIZE_ERRORS = ("too_large", "render_budget")


def engine_failure(error: EngineError, shown: str, lang: str) -> tuple[str, bool]:
    """What `sop flowchart` says when the engine fails, and whether it is a problem of
    FILE (a chart too large or too slow, or one the engine could not draw: exit 1) rather
    than of the set-up (a missing engine: exit 2). A problem of FILE is said at FILE."""
    of_file = error.key == "render_failed" or error.key in SIZE_ERRORS
    where = shown if error.key in SIZE_ERRORS else "sop"
    hint = f"    {translate('label.hint', lang)}: {error.hint(lang)}"
    return f"{where}: {error.message(lang)}\n{hint}", of_file
