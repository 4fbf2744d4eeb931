"""`sop serve`: preview the site with `mkdocs serve`; it reloads when a YAML file changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click


@click.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The MkDocs configuration.",
)
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="IP:PORT",
    help="Address to serve on.",
)
def serve(config_file: Path, dev_addr: str) -> None:
    """Serve the site for preview (mkdocs serve): pages change as you edit sops/.

    Check errors do not stop the preview; they show on the pages and in the
    terminal. Stop with Ctrl+C.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": os.environ.get("NO_MKDOCS_2_WARNING", "1")}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "-a", dev_addr]
    try:
        sys.exit(subprocess.call(command, env=env))
    except KeyboardInterrupt:
        sys.exit(0)
