"""`cspgen site`: every plan under a folder built at once, with an index page, as one site."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cspgen.cli.building import in_order, parse_formats
from cspgen.cli.common import (
    CleanOption,
    FormatsOption,
    ReportFormat,
    ReportOption,
    StrictOption,
    guarded,
    report,
    summary,
    usage,
)
from cspgen.cli.comparing import repository_at
from cspgen.diagnostics import Diagnostic, error
from cspgen.extras import require_extras

if TYPE_CHECKING:
    from cspgen.site.prepare import Prepared

FOLDER_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # write.PLAN_FOLDER: the site's folders


def site(
    plans: Annotated[Path, typer.Argument(help="The folder holding the plan folders, e.g. plans.")] = Path(
        "plans"
    ),
    out: Annotated[
        Path,
        typer.Option("--out", help="Output folder for the site: new, empty, or made by cspgen before."),
    ] = Path("site"),
    title: Annotated[
        str, typer.Option("--title", help="Heading of the index page.")
    ] = "Community safety plans",
    clean: CleanOption = False,
    formats: FormatsOption = None,
    strict: StrictOption = False,
    report_as: ReportOption = ReportFormat.text,
    changes_since: Annotated[
        str | None,
        typer.Option(
            "--changes-since",
            metavar="REV",
            help="Also write each plan's changes.html: what changed since this git revision, e.g. HEAD~1.",
        ),
    ] = None,
) -> None:
    """Build every plan into one site with an index page. If any plan fails, the site is left as it was."""
    from cspgen.site.publish import publish

    chosen = parse_formats(formats) if formats is not None else None
    if chosen is not None:
        guarded(functools.partial(require_extras, chosen))
    folders = _plan_folders(plans, out, clean)
    prepared = list(in_order(_jobs(folders, chosen, strict, changes_since), parallel=True))
    diagnostics: list[Diagnostic] = [d for plan in prepared for d in plan.diagnostics]
    failed = [plan for plan in prepared if plan.files is None]
    for plan in prepared:
        state = "not built" if plan.files is None else f"built {out / plan.folder.name}"
        typer.echo(f"{plan.folder}: {state} ({summary(plan.diagnostics)})", err=True)
    if failed:
        report(diagnostics, report_as)
        typer.echo(f"site: {len(failed)} of {len(prepared)} plans not built; {out} left as it was", err=True)
        raise typer.Exit(1)
    unwritten = guarded(functools.partial(publish, out, title, prepared, clean))
    if unwritten is not None:
        diagnostics.append(error(out, 1, 1, "output-not-written", unwritten))
    report(diagnostics, report_as)
    if unwritten is None:
        typer.echo(f"site: wrote {out / 'index.html'} and {len(prepared)} plans", err=True)
    raise typer.Exit(0 if unwritten is None else 1)


def _plan_folders(plans: Path, out: Path, clean: bool) -> list[Path]:
    """The plans to build, each with a name the site can hold, and an `--out` none of them refuses."""
    from cspgen.site.prepare import site_plans
    from cspgen.write import PICTURES, output_problem

    if not plans.is_dir():
        usage(f"no such folder of plans: {plans}")
    folders = site_plans(plans)
    if not folders:
        usage(f"there are no plan folders (with a plan.yaml) in {plans}")
    for folder in folders:
        if not FOLDER_NAME.fullmatch(folder.name):
            usage(f"{folder}: a site's plan folder is named in lower case words joined by hyphens")
        if folder.name == PICTURES:
            usage(f"{folder}: a plan folder named `{PICTURES}` would be taken for a folder of pictures")
        refused = guarded(functools.partial(output_problem, out, folder, clean))
        if refused is not None:
            usage(refused)
    return folders


def _jobs(
    folders: list[Path], chosen: tuple[str, ...] | None, strict: bool, changes_since: str | None
) -> list[Callable[[], Prepared]]:
    from cspgen.plan.dates import today
    from cspgen.revisions.changes import changes_page
    from cspgen.site.prepare import prepare

    if changes_since is not None:
        if chosen is not None and "html" not in chosen:
            usage("--changes-since writes changes.html beside index.html, so it needs the html format")
        for folder in folders:
            repository_at(folder, changes_since)
    return [
        functools.partial(
            prepare,
            folder,
            chosen,
            strict,
            None if changes_since is None else functools.partial(changes_page, folder, changes_since),
            today(),
        )
        for folder in folders
    ]
