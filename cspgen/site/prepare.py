"""One plan of a site: built in memory, as `cspgen build` would, and summed up for the index."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from cspgen.build import ExtraPages, render
from cspgen.diagnostics import Diagnostic
from cspgen.site.summary import PlanSummary, summarise


@dataclass(frozen=True)
class Prepared:
    folder: Path
    diagnostics: list[Diagnostic]
    files: dict[str, str | bytes] | None  # None when the plan failed
    summary: PlanSummary | None


def prepare(
    folder: Path,
    formats: tuple[str, ...] | None = None,
    strict: bool = False,
    extra_pages: ExtraPages | None = None,
    today: datetime.date | None = None,
) -> Prepared:
    """Run in a worker process: what it sends back is the files and a summary, not the plan.

    `extra_pages` and `today` as `cspgen build` is handed them: changes.html, for `--changes-since`,
    and the day an unpublished plan's yearly duties are judged as of.
    """
    rendered = render(folder, formats, strict, extra_pages, today)
    if rendered.files is None or rendered.bundle is None:
        return Prepared(folder, rendered.diagnostics, None, None)
    summary = summarise(folder.name, rendered.bundle, tuple(sorted(rendered.files)))
    return Prepared(folder, rendered.diagnostics, rendered.files, summary)


def site_plans(root: Path) -> list[Path]:
    """The plan folders under `root`, as `cspgen build` finds them under plans/: shared folders left out."""
    return sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and not path.name.startswith(("_", ".")) and (path / "plan.yaml").is_file()
    )
