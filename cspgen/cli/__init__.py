"""The command line: the only place that prints, exits, catches exceptions or imports lazily.

This module names every command; each lives with its kind (building, comparing, preview,
editing). Their modules import the pipeline inside the command, never at the top, so that
`cspgen --help`, a usage error or `cspgen fmt` start without loading what they do not run.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cspgen import __version__
from cspgen.cli import building, comparing, editing, preview, publishing

app = typer.Typer(
    name="cspgen",
    help="Build Community Safety Partnership plans from YAML into accessible documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cspgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Build Community Safety Partnership plans from YAML into accessible documents."""


app.command("validate")(building.validate)
app.command("build")(building.build)
app.command("serve")(preview.serve)
app.command("site")(publishing.site)
app.command("check")(building.check)
app.command("diff")(comparing.diff_plan)
app.command("fmt")(editing.format_files)
app.command("rollover")(editing.rollover)
app.command("new")(editing.new_plan)
app.command("schema")(editing.write_schema)
app.command("docs")(editing.write_docs)


def main() -> None:
    app()
