"""`sop build`: check the SOPs, build the site with MkDocs (strict), swap it into place."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.common import CliContext, finish, pass_cli, writable_or_exit
from generator.site.build import SiteBuildOptions, build_site


@click.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The MkDocs configuration (its `sop` plugin names the SOP folder).",
)
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(readable=False, path_type=Path),  # checked by writable_or_exit
    help="Where the site goes (default: site_dir of the configuration, i.e. site/).",
)
@click.option(
    "--handbook/--no-handbook",
    default=True,
    show_default=True,
    help="Also print the handbook (PDF) into the site and link it from the home page.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse to publish when any file does not load or any check finds an error "
    "(for CI); the previous site stays as it was.",
)
@click.option(
    "--docx/--no-docx",
    default=False,
    show_default=True,
    help="Also put one editable Word file per SOP on the site (sop/<id>/<id>.docx).",
)
@pass_cli
def build(
    ctx: CliContext,
    config_file: Path,
    site_dir: Path | None,
    handbook: bool,
    strict: bool,
    docx: bool,
) -> None:
    """Check the SOPs, then build the intranet site into site/ (mkdocs build --strict).

    Every SOP that loads is published, with its findings on its page and on
    Tinjauan; a file that does not load is listed on Tinjauan, and an SOP whose
    file broke keeps its last version that loaded (from git, or from the
    previous site). With --strict, any error refuses the build (exit 1). Any
    MkDocs warning fails the build (exit 1). The handbook PDF goes into the site
    too, and one PDF per SOP (`sop/<id>.pdf`, linked from its page). The
    previous site/ stays untouched unless the whole build succeeds, then it is
    replaced as a whole. Exit codes: 0 built, 1 not built, 2 usage.
    """
    writable_or_exit(site_dir, "replaced", ctx.lang)
    options = SiteBuildOptions(config_file, site_dir, handbook, strict, docx, ctx.lang)
    run = build_site(options)
    finish(run)
