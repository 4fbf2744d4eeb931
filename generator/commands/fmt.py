"""`sop fmt`: rewrite SOP files in the canonical key order and style, keeping comments."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.atomicfile import write_atomically
from generator.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PATHS_ARGUMENT,
    CliContext,
    default_paths,
    pass_cli,
    report,
    shown_paths,
    sops_root_for,
    within,
)
from generator.fmt import CommentsWouldMove, format_sop_text
from generator.loader import load_repository, sop_files, unread_paths
from generator.messages import translate
from generator.problems import Severity, display_path


@click.command()
@PATHS_ARGUMENT
@click.option(
    "--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would change."
)
@pass_cli
def fmt(ctx: CliContext, paths: tuple[Path, ...], check_only: bool) -> None:
    """Rewrite SOP files in canonical key order and style, keeping every comment.

    PATH is an SOP file or folder (default: sops, or the SOP folder you are in).
    Files with problems are skipped (fix them first with sop validate). With --check
    nothing is written and the exit code is 1 when a file would change (for CI).
    """
    lang = ctx.lang
    paths = paths or default_paths()
    root = sops_root_for(paths, lang)
    broken = {
        p.position.path
        for p in load_repository(root, cache=True).problems
        if p.severity is Severity.ERROR
    }
    wanted = shown_paths(paths)
    files = [f for f in sop_files(root) if within(display_path(f), wanted)]
    unread = unread_paths(paths, root)  # named but never formatted: say why
    if unread:
        report(unread, lang)
    failed = bool(unread)
    unchanged = 0
    for path in files:
        shown = display_path(path)
        if shown in broken:
            click.echo(translate("cli.fmt_skipped", lang, path=shown), err=True)
            failed = True
            continue
        text = path.read_bytes().decode("utf-8")  # as saved: a BOM and CRLF stay
        try:
            formatted = format_sop_text(text)
        except CommentsWouldMove as moved:
            click.echo(
                translate(
                    "cli.fmt_comments",
                    lang,
                    path=shown,
                    line=moved.line,
                    comment=moved.comment,
                    where=moved.where or translate("cli.fmt_top", lang),
                    order=", ".join(moved.order),
                ),
                err=True,
            )
            failed = True
            continue
        if formatted == text:
            unchanged += 1
        elif check_only:
            click.echo(translate("cli.fmt_would_change", lang, path=shown))
            failed = True
        else:
            _write_text(path, formatted)
            click.echo(translate("cli.fmt_written", lang, path=shown))
    if unchanged == len(files) and not failed:
        click.echo(translate("cli.fmt_ok", lang, count=unchanged))
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8, line ends as given); never half a file."""
    write_atomically(path, text.encode("utf-8"))
