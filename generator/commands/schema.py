"""`sop schema`: print or write the JSON Schemas."""

from __future__ import annotations

from pathlib import Path

import click

from generator.schema import SCHEMAS, json_schema_text


@click.command()
@click.option(
    "--jenis",
    "kind",
    type=click.Choice(sorted(SCHEMAS)),
    default="sop",
    show_default=True,
    help="Which file's schema: an SOP, the organisation or the regulations registry.",
)
@click.option(
    "--write",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write all schemas as <jenis>.schema.json into this folder instead of printing one.",
)
def schema(kind: str, folder: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of an SOP file or a registry."""
    if folder is None:
        click.echo(json_schema_text(kind), nl=False)
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(SCHEMAS):
        (folder / f"{name}.schema.json").write_text(json_schema_text(name), encoding="utf-8")
