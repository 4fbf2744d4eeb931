"""The `sop` command line: a thin adapter over the library.

One module per command under `generator/commands/`. Exit codes: 0 all good,
1 problems found in the SOPs, 2 wrong usage.
"""

from __future__ import annotations

import click

from generator.commands.build import build
from generator.commands.check import check
from generator.commands.common import CliContext
from generator.commands.diff import diff
from generator.commands.flowchart import flowchart
from generator.commands.fmt import fmt
from generator.commands.generate import generate
from generator.commands.handbook import handbook
from generator.commands.new import new
from generator.commands.schema import schema
from generator.commands.serve import serve
from generator.commands.validate import validate
from generator.messages import DEFAULT_LANG, available_languages


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


# Commands, in the order `sop --help` lists them (one line each).
cli.add_command(validate)
cli.add_command(check)
cli.add_command(diff)
cli.add_command(flowchart)
cli.add_command(fmt)
cli.add_command(new)
cli.add_command(schema)
cli.add_command(generate)
cli.add_command(build)
cli.add_command(serve)
cli.add_command(handbook)


def main() -> None:
    """Entry point of the `sop` console script."""
    cli.main(prog_name="sop")


if __name__ == "__main__":
    main()
