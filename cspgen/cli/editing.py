"""Commands that write files: `fmt`, `rollover` and `new` edit plans; `schema` and `docs` generate them."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from cspgen.cli.common import ReportFormat, ReportOption, guarded, one_printable_line, report, usage
from cspgen.diagnostics import Diagnostic
from cspgen.plan.dates import today


def format_files(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Plan folders, shared folders or YAML files. Default: everything under plans/."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 and list the files that would change.")
    ] = False,
    report_as: ReportOption = ReportFormat.text,
) -> None:
    """Lay plan YAML out in one canonical layout, keeping comments; the meaning never changes."""
    from cspgen.commands.fmt import format_file, not_formatted, plan_files
    from cspgen.commands.rewrite import write_text

    chosen = paths or [Path("plans")]
    for path in chosen:
        if not path.exists():
            usage(f"no such file or folder: {path}")
    files = plan_files(chosen)
    diagnostics: list[Diagnostic] = []
    changed = 0
    for path in files:
        result = guarded(functools.partial(format_file, path))
        diagnostics += result.diagnostics
        if not result.changed or result.text is None:
            continue
        changed += 1
        if check:
            diagnostics.append(not_formatted(result))
        else:
            guarded(functools.partial(write_text, path, result.text))
            typer.echo(f"formatted {path}", err=True)
    report(diagnostics, report_as)
    if report_as is ReportFormat.text:
        verb = "would be reformatted" if check else "reformatted"
        typer.echo(f"{len(files)} file{'s' * (len(files) != 1)} checked: {changed} {verb}", err=True)
    raise typer.Exit(1 if diagnostics else 0)


def rollover(
    plan: Annotated[Path, typer.Argument(help="The plan folder, e.g. plans/my-district-2025.")],
    year: Annotated[int, typer.Option("--year", help="The year the new progress period starts, e.g. 2025.")],
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="Write the new period as this, e.g. `Q1 2025`. Default: as the plan does."
        ),
    ] = None,
    report_as: ReportOption = ReportFormat.text,
) -> None:
    """Start next year's refresh: a progress update to write in every action, figures marked to update."""
    from cspgen.commands.rewrite import write_text
    from cspgen.commands.rollover import plan_rollover

    if not plan.is_dir():
        usage(f"no such plan folder: {plan}")
    if not 1998 <= year <= 2100:
        usage(f"--year {year} is not a plan year (1998 to 2100)")
    if period is not None and not one_printable_line(period):
        usage("--period must be one line of text, e.g. `2025-26` or `Q1 2025`")
    planned, problems = guarded(functools.partial(plan_rollover, plan, year, period))
    if planned is None:
        report(problems, report_as)
        raise typer.Exit(1)
    for path, text in planned.files.items():
        guarded(functools.partial(write_text, path, text))
        typer.echo(f"updated {path}", err=True)
    typer.echo(f"{plan}: {planned.summary()}", err=True)
    typer.echo(f"next: write the updates, then `cspgen validate {plan}` lists what is left", err=True)


def new_plan(
    folder: Annotated[Path, typer.Argument(help="Folder for the new plan, e.g. plans/my-district-2025.")],
    schemas: Annotated[
        Path, typer.Option("--schemas", help="Where the JSON Schemas for editor completion live.")
    ] = Path("schemas"),
    title: Annotated[
        str | None, typer.Option("--title", help="Title of the plan, e.g. `Ashfield CSP Plan 2025–2028`.")
    ] = None,
    partnership: Annotated[
        str | None,
        typer.Option(
            "--partnership", help="Name of the partnership, e.g. `Ashfield Community Safety Partnership`."
        ),
    ] = None,
    council: Annotated[
        str | None, typer.Option("--council", help="Name of the council, e.g. `Ashfield District Council`.")
    ] = None,
    area: Annotated[
        str | None, typer.Option("--area", help="The area the plan covers, e.g. `Ashfield district`.")
    ] = None,
) -> None:
    """Start a new plan: every file, with notes, and `[[…]]` where the plan's own words go.

    Names not given as options are left as placeholders for you to write.
    """
    from cspgen.commands.new import Names, ScaffoldError, create_plan

    if folder.exists() and not folder.is_dir():
        usage(f"{folder} is a file; choose a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        usage(f"{folder} already exists and is not empty; choose a new folder")
    for option, path in (("FOLDER", folder), ("--schemas", schemas)):
        if not one_printable_line(str(path)):
            usage(f"{option} must be a path on one line, without control characters")
    names = Names(title=title, partnership=partnership, council=council, area=area)
    for option, text in (
        ("--title", title),
        ("--partnership", partnership),
        ("--council", council),
        ("--area", area),
    ):
        if text is not None and not (text.strip() and one_printable_line(text)):
            usage(f"{option} must be text on one line, without control characters")
    if schemas.exists() and not schemas.is_dir():
        usage(f"--schemas {schemas} is a file; name a folder for the JSON Schemas")

    def create() -> list[Path]:
        try:
            return create_plan(folder, schemas, today(), names)
        except ScaffoldError as problem:
            usage(f"{problem}; nothing was created")

    for path in guarded(create):
        typer.echo(f"created {path}", err=True)
    typer.echo(
        f"next: replace each [[…]] in {folder} with the plan's own words; `cspgen validate {folder}` "
        "lists those left",
        err=True,
    )


def write_schema(
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the files are out of date.")] = False,
) -> None:
    """Write the JSON Schemas of the plan files, generated from the models."""
    from cspgen.plan.schemas import schema_files

    _generated(out, schema_files(), check)


def write_docs(
    out: Annotated[Path, typer.Option("--out", help="Folder for the field reference.")] = Path("docs"),
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the reference is out of date.")] = False,
) -> None:
    """Write the field reference (reference.md), generated from the models' descriptions."""
    from cspgen.plan.reference import reference_markdown

    _generated(out, {"reference.md": reference_markdown()}, check)


def _generated(out: Path, files: dict[str, str], check: bool) -> NoReturn:
    """Generated files are rewritten, or with `check` only compared: stale ones fail CI."""
    if out.exists() and not out.is_dir():
        usage(f"--out {out} is a file; give a folder")
    stale = []
    for name, text in files.items():
        path = out / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            _write_generated(path, text)
    for path in stale:
        typer.echo(f"{'stale' if check else 'wrote'}: {path}", err=True)
    raise typer.Exit(1 if check and stale else 0)


def _write_generated(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as problem:
        typer.echo(f"cspgen: cannot write {path}: {problem.strerror or problem}", err=True)
        raise typer.Exit(1) from None
