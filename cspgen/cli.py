"""The command line: the only place that prints, exits or catches exceptions."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from cspgen import __version__
from cspgen.diagnostics import Diagnostic, Severity, format_github, format_json, format_text
from cspgen.extras import MissingExtra, require_extras

if TYPE_CHECKING:
    from cspgen.revisions.git import Repository
    from cspgen.serve import Build

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
    except MissingExtra as problem:
        _usage(str(problem))
    except KeyboardInterrupt:
        typer.echo("cspgen: interrupted", err=True)
        raise typer.Exit(130) from None
    except Exception as problem:  # noqa: BLE001 - the CLI edge is where exceptions stop
        typer.echo(f"cspgen: internal error: {type(problem).__name__}: {problem}", err=True)
        typer.echo("cspgen: please report this with the plan that caused it", err=True)
        raise typer.Exit(3) from None


def _in_order(jobs: Sequence[Callable[[], T]], parallel: bool) -> Iterator[T]:
    """Each job's result in the order given; with `parallel`, jobs run at once, one per core.

    A build frees almost nothing until it is done, so the cycle collector's passes over all
    it has made are wasted: off while jobs run (and in the workers, which inherit that), they
    take an eighth off a large plan's build, for a quarter more memory.
    """
    import gc

    workers = min(len(jobs), os.cpu_count() or 1)
    collecting = gc.isenabled()
    gc.disable()
    try:
        if not parallel or workers < 2:
            for job in jobs:
                yield _guarded(job)
            return
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(job) for job in jobs]
            for future in futures:
                yield _guarded(future.result)
    finally:
        if collecting:
            gc.enable()


def _one_printable_line(text: str) -> bool:
    """An argument written into YAML as data must not carry a line break or control character."""
    return bool(text.strip()) and text.isprintable()


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
    from cspgen.build import FORMATS

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
ReportOption = Annotated[
    ReportFormat, typer.Option("--report", help="How to print problems: text, json or github.")
]


@app.command()
def validate(
    plans: PlansArgument = None,
    strict: StrictOption = False,
    report: ReportOption = ReportFormat.text,
) -> None:
    """Check plans without building them. Exit 0 when valid, 1 when not."""
    from cspgen.build import validate as validate_plan
    from cspgen.diagnostics import has_errors

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
        typer.Option(
            "--out",
            help="Output folder: new, empty, or made by cspgen before. Default: build/NAME for each plan.",
        ),
    ] = None,
    clean: Annotated[
        bool,
        typer.Option("--clean", help="Empty an output folder cspgen did not make, then build into it."),
    ] = False,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Comma-separated output formats: html, md, pdf, docx. Default: the plan's `formats`.",
        ),
    ] = None,
    strict: StrictOption = False,
    report: ReportOption = ReportFormat.text,
    changes_since: Annotated[
        str | None,
        typer.Option(
            "--changes-since",
            metavar="REV",
            help="Also write changes.html: what changed since this git revision, e.g. v2024 or HEAD~1.",
        ),
    ] = None,
) -> None:
    """Build plans into documents. A failed build leaves the previous output untouched."""
    from cspgen.build import build as build_plan
    from cspgen.revisions.changes import changes_page
    from cspgen.write import output_problem

    chosen = _parse_formats(formats) if formats is not None else None
    if chosen is not None:
        _guarded(functools.partial(require_extras, chosen))
    folders = _plan_folders(plans)
    if out is not None and len(folders) > 1:
        _usage("--out names one folder, so give one plan with it")
    if changes_since is not None:
        if chosen is not None and "html" not in chosen:
            _usage("--changes-since writes changes.html beside index.html, so it needs the html format")
        for folder in folders:
            _repository_at(folder, changes_since)
    failed = False
    all_diagnostics: list[Diagnostic] = []
    targets = [out or Path("build") / folder.resolve().name for folder in folders]
    for folder, target in zip(folders, targets, strict=True):
        refused = _guarded(functools.partial(output_problem, target, folder, clean))
        if refused is not None:
            _usage(refused)
    jobs = [
        functools.partial(
            build_plan,
            folder,
            target,
            chosen,
            strict,
            clean,
            None if changes_since is None else functools.partial(changes_page, folder, changes_since),
        )
        for folder, target in zip(folders, targets, strict=True)
    ]
    # Two plans writing one folder must keep the order they were given in.
    results = _in_order(jobs, parallel=len(set(targets)) == len(targets))
    for folder, target, result in zip(folders, targets, results, strict=True):
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


@app.command()
def serve(
    plan: Annotated[Path, typer.Argument(help="The plan folder to preview, e.g. plans/my-district-2025.")],
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1; 0 picks a free one.")
    ] = 8000,
) -> None:
    """Preview a plan in the browser, rebuilt and reloaded whenever one of its files changes."""
    from cspgen.serve import PreviewServer, ServeError

    folder = _plan_folders([plan])[0]

    def tell(build: Build) -> None:
        took = f"{build.seconds * 1000:.0f} ms"
        if build.failure:
            typer.echo(f"{folder}: internal error: {build.failure}; showing the last good build", err=True)
        elif build.ok:
            typer.echo(f"{folder}: built in {took} ({_summary(list(build.diagnostics))})", err=True)
        else:
            typer.echo(
                f"{folder}: not built ({_summary(list(build.diagnostics))}); showing the last good build",
                err=True,
            )
        sys.stderr.write(format_text(build.diagnostics))

    server = PreviewServer(folder, port, on_build=tell)
    with _ctrl_c_asks_to_stop() as stop:
        try:
            try:
                server.start()
            except ServeError as problem:
                _usage(str(problem))
            typer.echo(f"serving {folder} at {server.url} (Ctrl-C stops)", err=True)
            server.wait(until=lambda: stop.asked)
        finally:
            server.stop()
        typer.echo("stopped", err=True)


class _StopRequest:
    asked = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.asked = True


@contextlib.contextmanager
def _ctrl_c_asks_to_stop() -> Iterator[_StopRequest]:
    """Ctrl-C sets a flag rather than raising wherever the main thread happens to be.

    A KeyboardInterrupt can land between any two bytecodes: in the middle of starting the
    server, before a `try`, or inside `stop()` itself, and each of those gave a traceback.
    Ctrl-C ignored by whoever started us (SIG_IGN) stays ignored.
    """
    request = _StopRequest()
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, request)
    try:
        yield request
    finally:
        signal.signal(signal.SIGINT, previous)


@app.command("check")
def check(
    plans: PlansArgument = None,
    strict: StrictOption = False,
    report: ReportOption = ReportFormat.text,
) -> None:
    """Report which statutory strands each plan's priorities serve, then validate it."""
    from cspgen.build import validate as validate_plan
    from cspgen.diagnostics import has_errors
    from cspgen.plan.statutory import format_report

    diagnostics: list[Diagnostic] = []
    for folder in _plan_folders(plans):
        bundle, found = _guarded(functools.partial(validate_plan, folder))
        diagnostics += found
        if bundle is None:
            continue
        aside = report is ReportFormat.json  # stdout must hold the JSON alone
        typer.echo(_guarded(functools.partial(format_report, bundle, str(folder))), err=aside, nl=False)
    _report(diagnostics, report)
    raise typer.Exit(1 if has_errors(diagnostics, strict) else 0)


class DiffFormat(StrEnum):
    terminal = "terminal"
    md = "md"
    html = "html"


class Colour(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _repository_at(folder: Path, *revisions: str) -> Repository:
    """The plan's git repository, after checking every revision names a commit (else a usage error)."""
    from cspgen.revisions.git import repository, resolve

    if not folder.is_dir():
        _usage(f"no such plan folder: {folder}")
    repo = repository(folder)
    if isinstance(repo, str):
        _usage(repo)
    for revision in revisions:
        if resolve(repo, revision) is None:
            _usage(f"unknown git revision `{revision}`")
    return repo


def _use_colour(choice: Colour) -> bool:
    """Colour for a terminal, unless NO_COLOR is set (https://no-color.org)."""
    if choice is not Colour.auto:
        return choice is Colour.always
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command("diff")
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
    report: ReportOption = ReportFormat.text,
) -> None:
    """Compare two versions of a plan by meaning: what was added, removed, moved, reworded or changed."""
    from cspgen.revisions.changes import format_markdown, format_terminal, render_html
    from cspgen.revisions.diff import compare, new_plan
    from cspgen.revisions.git import errors_only, load_revision, working_tree

    repo = _repository_at(plan, *(revision for revision in (old, new) if revision is not None))
    before = _guarded(functools.partial(load_revision, repo, old))
    after = _guarded(
        functools.partial(load_revision, repo, new)
        if new is not None
        else functools.partial(working_tree, plan)
    )
    if after.missing:
        _usage(f"{plan} does not exist at {new}")
    problems = errors_only([*before.diagnostics, *after.diagnostics])
    if problems or after.bundle is None:
        _report(problems, report)
        if report is ReportFormat.text:
            typer.echo(f"cspgen: cannot compare: a version of {plan} is invalid", err=True)
        raise typer.Exit(1)
    if before.bundle is None:
        found = new_plan(after.bundle, before.label, after.label)
    else:
        found = _guarded(functools.partial(compare, before.bundle, after.bundle, before.label, after.label))
    if output is DiffFormat.md:
        sys.stdout.write(format_markdown(found))
    elif output is DiffFormat.html:
        sys.stdout.write(_guarded(functools.partial(render_html, found)))
    else:
        sys.stdout.write(format_terminal(found, _use_colour(colour)))


@app.command("fmt")
def format_files(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Plan folders, shared folders or YAML files. Default: everything under plans/."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 and list the files that would change.")
    ] = False,
    report: ReportOption = ReportFormat.text,
) -> None:
    """Lay plan YAML out in one canonical layout, keeping comments; the meaning never changes."""
    from cspgen.commands.fmt import format_file, not_formatted, plan_files, write_text

    chosen = paths or [Path("plans")]
    for path in chosen:
        if not path.exists():
            _usage(f"no such file or folder: {path}")
    files = plan_files(chosen)
    diagnostics: list[Diagnostic] = []
    changed = 0
    for path in files:
        result = _guarded(functools.partial(format_file, path))
        diagnostics += result.diagnostics
        if not result.changed or result.text is None:
            continue
        changed += 1
        if check:
            diagnostics.append(not_formatted(result))
        else:
            _guarded(functools.partial(write_text, path, result.text))
            typer.echo(f"formatted {path}", err=True)
    _report(diagnostics, report)
    if report is ReportFormat.text:
        verb = "would be reformatted" if check else "reformatted"
        typer.echo(f"{len(files)} file{'s' * (len(files) != 1)} checked: {changed} {verb}", err=True)
    raise typer.Exit(1 if diagnostics else 0)


@app.command("rollover")
def rollover(
    plan: Annotated[Path, typer.Argument(help="The plan folder, e.g. plans/my-district-2025.")],
    year: Annotated[int, typer.Option("--year", help="The year the new progress period starts, e.g. 2025.")],
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="Write the new period as this, e.g. `Q1 2025`. Default: as the plan does."
        ),
    ] = None,
    report: ReportOption = ReportFormat.text,
) -> None:
    """Start next year's refresh: a progress update to write in every action, figures marked to update."""
    from cspgen.commands.fmt import write_text
    from cspgen.commands.rollover import plan_rollover

    if not plan.is_dir():
        _usage(f"no such plan folder: {plan}")
    if not 1998 <= year <= 2100:
        _usage(f"--year {year} is not a plan year (1998 to 2100)")
    if period is not None and not _one_printable_line(period):
        _usage("--period must be one line of text, e.g. `2025-26` or `Q1 2025`")
    planned, problems = _guarded(functools.partial(plan_rollover, plan, year, period))
    if planned is None:
        _report(problems, report)
        raise typer.Exit(1)
    for path, text in planned.files.items():
        _guarded(functools.partial(write_text, path, text))
        typer.echo(f"updated {path}", err=True)
    typer.echo(f"{plan}: {planned.summary()}", err=True)
    typer.echo(f"next: write the updates, then `cspgen validate {plan}` lists what is left", err=True)


@app.command("new")
def new_plan(
    folder: Annotated[Path, typer.Argument(help="Folder for the new plan, e.g. plans/my-district-2025.")],
    schemas: Annotated[
        Path, typer.Option("--schemas", help="Where the JSON Schemas for editor completion live.")
    ] = Path("schemas"),
) -> None:
    """Start a new plan: every file, with notes, that validates and builds at once."""
    import datetime

    from cspgen.commands.new import ScaffoldError, create_plan

    if folder.exists() and not folder.is_dir():
        _usage(f"{folder} is a file; choose a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        _usage(f"{folder} already exists and is not empty; choose a new folder")
    for option, path in (("FOLDER", folder), ("--schemas", schemas)):
        if not _one_printable_line(str(path)):
            _usage(f"{option} must be a path on one line, without control characters")
    if schemas.exists() and not schemas.is_dir():
        _usage(f"--schemas {schemas} is a file; name a folder for the JSON Schemas")

    def create() -> list[Path]:
        try:
            return create_plan(folder, schemas, datetime.date.today())
        except ScaffoldError as problem:
            _usage(f"{problem}; nothing was created")

    for path in _guarded(create):
        typer.echo(f"created {path}", err=True)
    typer.echo(f"next: edit {folder / 'plan.yaml'}, then run `cspgen build {folder}`", err=True)


@app.command("schema")
def write_schema(
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schemas"),
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the files are out of date.")] = False,
) -> None:
    """Write the JSON Schemas of the plan files, generated from the models."""
    from cspgen.plan.schemas import schema_files

    _generated(out, schema_files(), check)


@app.command("docs")
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
        _usage(f"--out {out} is a file; give a folder")
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


def main() -> None:
    app()
