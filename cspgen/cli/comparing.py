"""`cspgen diff`: two versions of a plan compared by meaning, for a terminal, a pull request or a page."""

from __future__ import annotations

import functools
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cspgen.cli.common import ReportFormat, ReportOption, guarded, report, usage

if TYPE_CHECKING:
    from cspgen.revisions.git import Repository


class DiffFormat(StrEnum):
    terminal = "terminal"
    md = "md"
    html = "html"


class Colour(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def repository_at(folder: Path, *revisions: str) -> Repository:
    """The plan's git repository, after checking every revision names a commit (else a usage error)."""
    from cspgen.revisions.git import repository, resolve

    if not folder.is_dir():
        usage(f"no such plan folder: {folder}")
    repo = repository(folder)
    if isinstance(repo, str):
        usage(repo)
    for revision in revisions:
        if resolve(repo, revision) is None:
            usage(f"unknown git revision `{revision}`")
    return repo


def use_colour(choice: Colour) -> bool:
    """Colour for a terminal, unless NO_COLOR is set (https://no-color.org)."""
    if choice is not Colour.auto:
        return choice is Colour.always
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def diff_plan(
    plan: Annotated[Path, typer.Argument(help="The plan folder, e.g. plans/my-district-2025.")],
    old: Annotated[str, typer.Argument(help="The earlier git revision.")] = "HEAD",
    new: Annotated[
        str | None, typer.Argument(help="The later git revision. Default: the working tree.")
    ] = None,
    output: Annotated[
        DiffFormat,
        typer.Option("--format", help="terminal, md (for a pull-request comment) or html."),
    ] = DiffFormat.terminal,
    colour: Annotated[
        Colour, typer.Option("--color", help="Colour the terminal format: auto, always or never.")
    ] = Colour.auto,
    report_as: ReportOption = ReportFormat.text,
) -> None:
    """Compare two versions of a plan by meaning: what was added, removed, moved, reworded or changed."""
    from cspgen.revisions.changes import format_markdown, format_terminal, render_html
    from cspgen.revisions.diff import compare, new_plan
    from cspgen.revisions.git import errors_only, load_revision, working_tree

    repo = repository_at(plan, *(revision for revision in (old, new) if revision is not None))
    before = guarded(functools.partial(load_revision, repo, old))
    after = guarded(
        functools.partial(load_revision, repo, new)
        if new is not None
        else functools.partial(working_tree, plan)
    )
    if after.missing:
        usage(f"{plan} does not exist at {new}")
    problems = errors_only([*before.diagnostics, *after.diagnostics])
    if problems or after.bundle is None:
        report(problems, report_as)
        if report_as is ReportFormat.text:
            typer.echo(f"cspgen: cannot compare: a version of {plan} is invalid", err=True)
        raise typer.Exit(1)
    if before.bundle is None:
        found = new_plan(after.bundle, before.label, after.label)
    else:
        found = guarded(functools.partial(compare, before.bundle, after.bundle, before.label, after.label))
    if output is DiffFormat.md:
        sys.stdout.write(format_markdown(found))
    elif output is DiffFormat.html:
        sys.stdout.write(guarded(functools.partial(render_html, found)))
    else:
        sys.stdout.write(format_terminal(found, use_colour(colour)))
