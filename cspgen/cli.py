"""The command line: the only place that prints, exits or catches exceptions."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from . import __version__
from .diagnostics import Diagnostic, Severity, format_github, format_json, format_text

app = typer.Typer(
    name="cspgen",
    help="Build Community Safety Partnership plans from YAML into accessible documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

T = TypeVar("T")


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


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


def _usage(message: str) -> NoReturn:
    typer.echo(f"cspgen: {message}", err=True)
    raise typer.Exit(2)


def _report(diagnostics: list[Diagnostic], report: ReportFormat) -> None:
    if report is ReportFormat.json:
        sys.stdout.write(format_json(diagnostics))
    elif report is ReportFormat.github:
        sys.stdout.write(format_github(diagnostics))
    else:
        sys.stderr.write(format_text(diagnostics))


def _summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _guarded(action: Callable[[], T]) -> T:
    """Turn any unexpected exception into a one-line message: users never see a traceback."""
    try:
        return action()
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except KeyboardInterrupt:
        typer.echo("cspgen: interrupted", err=True)
        raise typer.Exit(130) from None
    except Exception as problem:  # noqa: BLE001 - the CLI edge is where exceptions stop
        typer.echo(f"cspgen: internal error: {type(problem).__name__}: {problem}", err=True)
        typer.echo("cspgen: please report this with the plan that caused it", err=True)
        raise typer.Exit(3) from None


def _plan_folders(plans: list[Path] | None) -> list[Path]:
    if plans:
        for plan in plans:
            if not plan.is_dir():
                _usage(f"no such plan folder: {plan}")
        return plans
    root = Path("plans")
    if not root.is_dir():
        _usage("no plans given and there is no plans/ folder here")
    return sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and not path.name.startswith(("_", ".")) and (path / "plan.yaml").exists()
    )


def _parse_formats(value: str) -> tuple[str, ...]:
    from .build import FORMATS

    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        _usage(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    return formats


PlansArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Plan folders, e.g. plans/my-district-2025. Default: every plan under plans/."),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (for CI).")]


@app.command()
def validate(
    plans: PlansArgument = None,
    strict: StrictOption = False,
    report: Annotated[
        ReportFormat, typer.Option("--format", help="How to print problems: text, json or github.")
    ] = ReportFormat.text,
) -> None:
    """Check plans without building them. Exit 0 when valid, 1 when not."""
    from .build import validate as validate_plan
    from .diagnostics import has_errors

    folders = _plan_folders(plans)

    def run() -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for folder in folders:
            found += validate_plan(folder)[1]
        return found

    diagnostics = _guarded(run)
    _report(diagnostics, report)
    failed = has_errors(diagnostics, strict)
    if report is ReportFormat.text:
        verdict = "invalid" if failed else "valid"
        typer.echo(
            f"{len(folders)} plan{'s' * (len(folders) != 1)} checked: {_summary(diagnostics)}; {verdict}",
            err=True,
        )
    raise typer.Exit(1 if failed else 0)


@app.command()
def build(
    plans: Annotated[list[Path], typer.Argument(help="Plan folders to build, e.g. plans/my-district-2025.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output folder. Default: build/NAME for each plan."),
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Comma-separated output formats: html, md, pdf, docx. Default: the plan's `formats`.",
        ),
    ] = None,
    strict: StrictOption = False,
    report: Annotated[
        ReportFormat, typer.Option("--report", help="How to print problems: text, json or github.")
    ] = ReportFormat.text,
) -> None:
    """Build plans into documents. A failed build leaves the previous output untouched."""
    from .build import build as build_plan

    chosen = _parse_formats(formats) if formats is not None else None
    folders = _plan_folders(plans)
    if out is not None and len(folders) > 1:
        _usage("--out names one folder, so give one plan with it")
    failed = False
    all_diagnostics: list[Diagnostic] = []
    for folder in folders:
        target = out or Path("build") / folder.resolve().name
        result = _guarded(functools.partial(build_plan, folder, target, chosen, strict))
        all_diagnostics += result.diagnostics
        if result.failed(strict):
            failed = True
            typer.echo(
                f"{folder}: not built ({_summary(result.diagnostics)}); {target} left as it was", err=True
            )
        else:
            typer.echo(f"{folder}: built {target} ({_summary(result.diagnostics)})", err=True)
    _report(all_diagnostics, report)
    raise typer.Exit(1 if failed else 0)


@app.command("check")
def check(
    plans: PlansArgument = None,
    strict: StrictOption = False,
    report: Annotated[
        ReportFormat, typer.Option("--format", help="How to print problems: text, json or github.")
    ] = ReportFormat.text,
) -> None:
    """Report which statutory strands each plan's priorities serve, then validate it."""
    from .build import validate as validate_plan
    from .diagnostics import has_errors
    from .statutory import assess

    diagnostics: list[Diagnostic] = []
    for folder in _plan_folders(plans):
        bundle, found = _guarded(functools.partial(validate_plan, folder))
        diagnostics += found
        if bundle is None:
            continue
        period = bundle.plan.period
        typer.echo(f"{folder}: statutory strands for {period.start}–{period.end} ({bundle.plan.kind})")
        for finding in assess(bundle):
            rule = finding.rule
            if finding.served_by:
                state = "served by " + ", ".join(finding.served_by)
                state += "" if finding.required else " (not yet statutory in this period)"
            elif finding.required:
                state = "NOT SERVED by any priority"
            else:
                state = "not required for this plan"
            typer.echo(f"  {rule.id}: {state} ({rule.source}, in force {rule.in_force:%-d %B %Y})")
    _report(diagnostics, report)
    raise typer.Exit(1 if has_errors(diagnostics, strict) else 0)


@app.command("new")
def new_plan(
    folder: Annotated[Path, typer.Argument(help="Folder for the new plan, e.g. plans/my-district-2025.")],
    schemas: Annotated[
        Path, typer.Option("--schemas", help="Where the JSON Schemas for editor completion live.")
    ] = Path("schemas"),
) -> None:
    """Start a new plan: every file, with notes, that validates and builds at once."""
    import datetime

    from .scaffold import create_plan

    if folder.exists() and any(folder.iterdir()):
        _usage(f"{folder} already exists and is not empty; choose a new folder")
    for path in _guarded(lambda: create_plan(folder, schemas, datetime.date.today())):
        typer.echo(f"created {path}", err=True)
    typer.echo(f"next: edit {folder / 'plan.yaml'}, then run `cspgen build {folder}`", err=True)


@app.command("schema")
def write_schema(
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the files are out of date.")] = False,
) -> None:
    """Write the JSON Schemas of the plan files, generated from the models."""
    from .schemas import schema_files

    _generated(out, schema_files(), check)


@app.command("docs")
def write_docs(
    out: Annotated[Path, typer.Option("--out", help="Folder for the field reference.")] = Path("docs"),
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the reference is out of date.")] = False,
) -> None:
    """Write the field reference (reference.md), generated from the models' descriptions."""
    from .reference import reference_markdown

    _generated(out, {"reference.md": reference_markdown()}, check)


def _generated(out: Path, files: dict[str, str], check: bool) -> NoReturn:
    """Generated files are rewritten, or with `check` only compared: stale ones fail CI."""
    stale = []
    for name, text in files.items():
        path = out / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    for path in stale:
        typer.echo(f"{'stale' if check else 'wrote'}: {path}", err=True)
    raise typer.Exit(1 if check and stale else 0)


def main() -> None:
    app()
