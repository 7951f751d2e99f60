"""`cspgen validate`, `build` and `check`: plans run through the pipeline, problems reported."""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from cspgen.cli.common import (
    CleanOption,
    FormatsOption,
    PlansArgument,
    ReportFormat,
    ReportOption,
    StrictOption,
    guarded,
    plan_folders,
    report,
    summary,
    usage,
)
from cspgen.cli.comparing import repository_at
from cspgen.diagnostics import Diagnostic, has_errors
from cspgen.extras import require_extras
from cspgen.plan.dates import today

T = TypeVar("T")


def validate(
    plans: PlansArgument = None,
    strict: StrictOption = False,
    report_as: ReportOption = ReportFormat.text,
) -> None:
    """Check plans without building them. Exit 0 when valid, 1 when not."""
    from cspgen.build import validate as validate_plan

    folders = plan_folders(plans)

    def run() -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for folder in folders:
            found += validate_plan(folder, today=today())[1]
        return found

    diagnostics = guarded(run)
    report(diagnostics, report_as)
    failed = has_errors(diagnostics, strict)
    if report_as is ReportFormat.text:
        verdict = "invalid" if failed else "valid"
        typer.echo(
            f"{len(folders)} plan{'s' * (len(folders) != 1)} checked: {summary(diagnostics)}; {verdict}",
            err=True,
        )
    raise typer.Exit(1 if failed else 0)


def build(
    plans: Annotated[list[Path], typer.Argument(help="Plan folders to build, e.g. plans/my-district-2025.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Output folder: new, empty, or made by cspgen before. Default: build/NAME for each plan.",
        ),
    ] = None,
    clean: CleanOption = False,
    formats: FormatsOption = None,
    strict: StrictOption = False,
    report_as: ReportOption = ReportFormat.text,
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

    chosen = parse_formats(formats) if formats is not None else None
    if chosen is not None:
        guarded(functools.partial(require_extras, chosen))
    folders = plan_folders(plans)
    if out is not None and len(folders) > 1:
        usage("--out names one folder, so give one plan with it")
    if changes_since is not None:
        if chosen is not None and "html" not in chosen:
            usage("--changes-since writes changes.html beside index.html, so it needs the html format")
        for folder in folders:
            repository_at(folder, changes_since)
    failed = False
    all_diagnostics: list[Diagnostic] = []
    targets = [out or Path("build") / folder.resolve().name for folder in folders]
    for folder, target in zip(folders, targets, strict=True):
        refused = guarded(functools.partial(output_problem, target, folder, clean))
        if refused is not None:
            usage(refused)
    jobs = [
        functools.partial(
            build_plan,
            folder,
            target,
            chosen,
            strict,
            clean,
            None if changes_since is None else functools.partial(changes_page, folder, changes_since),
            today(),
        )
        for folder, target in zip(folders, targets, strict=True)
    ]
    # Two plans writing one folder must keep the order they were given in.
    results = in_order(jobs, parallel=len(set(targets)) == len(targets))
    for folder, target, result in zip(folders, targets, results, strict=True):
        all_diagnostics += result.diagnostics
        if result.failed(strict):
            failed = True
            typer.echo(
                f"{folder}: not built ({summary(result.diagnostics)}); {target} left as it was", err=True
            )
        else:
            typer.echo(f"{folder}: built {target} ({summary(result.diagnostics)})", err=True)
    report(all_diagnostics, report_as)
    raise typer.Exit(1 if failed else 0)


def parse_formats(value: str) -> tuple[str, ...]:
    from cspgen.build import FORMATS

    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        usage(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    return formats


def in_order(jobs: Sequence[Callable[[], T]], parallel: bool) -> Iterator[T]:
    """Each job's result in the order given; with `parallel`, jobs run at once, one per core.

    A build frees almost nothing until it is done, so the cycle collector's passes over all
    it has made are wasted: off while jobs run (and in the workers, which inherit that), they
    take an eighth off a large plan's build, for a quarter more memory.
    """
    workers = min(len(jobs), os.cpu_count() or 1)
    collecting = gc.isenabled()
    gc.disable()
    try:
        if not parallel or workers < 2:
            for job in jobs:
                yield guarded(job)
            return
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(job) for job in jobs]
            for future in futures:
                yield guarded(future.result)
    finally:
        if collecting:
            gc.enable()


def check(
    plans: PlansArgument = None,
    strict: StrictOption = False,
    report_as: ReportOption = ReportFormat.text,
) -> None:
    """Report, duty by duty, what the law asks of each plan and where the plan shows it; then validate it."""
    from cspgen.build import validate as validate_plan
    from cspgen.plan.law.report import format_report, report_data

    diagnostics: list[Diagnostic] = []
    reports: list[dict[str, Any]] = []
    for folder in plan_folders(plans):
        bundle, found = guarded(functools.partial(validate_plan, folder, today=today()))
        diagnostics += found
        if bundle is None:
            continue
        if report_as is ReportFormat.json:
            reports.append(guarded(functools.partial(report_data, bundle, str(folder))))
        else:
            typer.echo(guarded(functools.partial(format_report, bundle, str(folder))), nl=False)
    if report_as is ReportFormat.json:  # one JSON document on stdout: every verdict, then the problems
        document = {"plans": reports, "diagnostics": [diagnostic.as_dict() for diagnostic in diagnostics]}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        report(diagnostics, report_as)
    raise typer.Exit(1 if has_errors(diagnostics, strict) else 0)
