"""The `sop` command line: a thin adapter over the library.

One module per command under `generator/commands/`. Exit codes: 0 all good,
1 problems found in the SOPs, 2 wrong usage.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from typing import NoReturn

import click

from generator.cli_usage import localized
from generator.commands.common import CliContext
from generator.faults import EXIT_FAULT, fault_lines
from generator.messages import DEFAULT_LANG, available_languages, translate

# Commands, in the order `sop --help` lists them: name -> module under
# generator/commands/ defining a click command of the same name.
COMMANDS = (
    "validate",
    "check",
    "diff",
    "flowchart",
    "fmt",
    "new",
    "init",
    "pantau",
    "schema",
    "generate",
    "build",
    "serve",
    "handbook",
    "report",
    "import",
    "export",
)
# Commands whose module or function name differs (`import` is a Python keyword).
MODULES = {"import": "import_"}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs.

    `sop check` then starts without importing MkDocs, Typst, the
    flowchart engine and the site code (about 0.2 s of every run).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown command is answered in the user's language, with the closest one
        (Click's own "No such command" is English only)."""
        name = args[0] if args else ""
        if ctx.resilient_parsing:  # shell completion: Click's own handling, nothing printed
            return super().resolve_command(ctx, args)
        if name and not name.startswith("-") and name not in COMMANDS:
            lang = str(ctx.params.get("lang") or DEFAULT_LANG)
            message = translate("cli.no_such_command", lang, name=name)
            import difflib  # only on this error path: every run's start-up stays as it was

            close = difflib.get_close_matches(name, list(COMMANDS), n=1)
            if close:
                suggestion = translate("cli.new_did_you_mean", lang, suggestion=f"'sop {close[0]}'")
                message = f"{message}; {suggestion}"
            click.echo(f"sop: {message}", err=True)
            hint = translate("cli.no_such_command_hint", lang)
            click.echo(f"    {translate('label.hint', lang)}: {hint}", err=True)
            ctx.exit(2)
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """The group's own options; a wrong one is said in the user's language."""
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise localized(error, _lang_of(args)) from None

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; Click's usage errors (a wrong option or value) are said in
        the user's language, as the tool's own are."""
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise localized(error, str(ctx.params.get("lang") or DEFAULT_LANG)) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        name = MODULES.get(cmd_name, cmd_name)
        module = importlib.import_module(f"generator.commands.{name}")
        command = getattr(module, name)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(available_languages()),
    default=DEFAULT_LANG,
    show_default=True,
    help="Language of messages (id = Bahasa Indonesia, en = English).",
)
@click.version_option(package_name="sop-handbook")
@click.pass_context
def cli(ctx: click.Context, lang: str) -> None:
    """SOP AP as code: validate, check and publish Standard Operating Procedures."""
    ctx.obj = CliContext(lang)


def main() -> None:
    """Entry point of the `sop` console script."""
    try:
        cli.main(prog_name="sop")
    except OSError as error:  # disk full, read-only, permission, vanished: one line
        for line in fault_lines(error, _lang_of(sys.argv[1:])):
            click.echo(line, err=True)
        _hard_exit(EXIT_FAULT)
    except SystemExit as done:
        _hard_exit(done.code)


def _hard_exit(code: object) -> NoReturn:
    """End the process at once, as mypy does: the command has finished (its files
    written and closed, its output printed), and tearing down the interpreter
    only frees, one by one, the millions of objects of 1,000 loaded SOPs (about
    0.3 s of CPU). Output is flushed first; the operating system frees the rest."""
    if code is not None and not isinstance(code, int):
        click.echo(code, err=True)  # sys.exit("message"): printed, exit code 1
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code or 0)


def _lang_of(arguments: list[str]) -> str:
    """The --lang given on the command line (the context is gone when a fault ends it)."""
    for index, argument in enumerate(arguments):
        if argument.startswith("--lang="):
            return argument.partition("=")[2]
        if argument == "--lang" and index + 1 < len(arguments):
            return arguments[index + 1]
    return DEFAULT_LANG


if __name__ == "__main__":
    main()
