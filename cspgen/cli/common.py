"""What every command shares: reporting problems, usage errors, no tracebacks, finding plan folders."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from cspgen.diagnostics import Diagnostic, Severity, format_github, format_json, format_text
from cspgen.extras import MissingExtra

T = TypeVar("T")


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


PlansArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Plan folders, e.g. plans/my-district-2025. Default: every plan under plans/."),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (for CI).")]
ReportOption = Annotated[
    ReportFormat, typer.Option("--report", help="How to print problems: text, json or github.")
]
CleanOption = Annotated[
    bool,
    typer.Option("--clean", help="Empty an output folder cspgen did not make, then build into it."),
]
FormatsOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="Comma-separated output formats: html, md, pdf, docx, json. Default: each plan's `formats`.",
    ),
]


def usage(message: str) -> NoReturn:
    typer.echo(f"cspgen: {message}", err=True)
    raise typer.Exit(2)


def report(diagnostics: list[Diagnostic], how: ReportFormat) -> None:
    if how is ReportFormat.json:
        sys.stdout.write(format_json(diagnostics))
    elif how is ReportFormat.github:
        sys.stdout.write(format_github(diagnostics))
    else:
        sys.stderr.write(format_text(diagnostics))


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def guarded(action: Callable[[], T]) -> T:
    """Turn any unexpected exception into a one-line message: users never see a traceback."""
    try:
        return action()
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except MissingExtra as problem:
        usage(str(problem))
    except KeyboardInterrupt:
        typer.echo("cspgen: interrupted", err=True)
        raise typer.Exit(130) from None
    except Exception as problem:  # noqa: BLE001 - the CLI edge is where exceptions stop
        typer.echo(f"cspgen: internal error: {type(problem).__name__}: {problem}", err=True)
        typer.echo("cspgen: please report this with the plan that caused it", err=True)
        raise typer.Exit(3) from None


def one_printable_line(text: str) -> bool:
    """An argument written into YAML as data must not carry a line break or control character."""
    return bool(text.strip()) and text.isprintable()


def plan_folders(plans: list[Path] | None) -> list[Path]:
    if plans:
        for plan in plans:
            if not plan.is_dir():
                usage(f"no such plan folder: {plan}")
        return plans
    root = Path("plans")
    if not root.is_dir():
        usage("no plans given and there is no plans/ folder here")
    return sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and not path.name.startswith(("_", ".")) and (path / "plan.yaml").exists()
    )
