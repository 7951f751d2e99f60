"""The pipeline, top to bottom: load, model, check, render, write.

Everything is gathered and checked before anything is written, so a plan with
errors never touches its previous output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .check import check_plan
from .diagnostics import Diagnostic, has_errors, sorted_diagnostics
from .load import DISK, Files, load_plan
from .model import PlanBundle, model_plan

if TYPE_CHECKING:
    from .cache import FileCache

FORMATS = ("html", "md", "pdf", "docx")


@dataclass(frozen=True)
class Result:
    diagnostics: list[Diagnostic]
    written: Path | None = None

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


def validate(
    folder: Path, cache: FileCache | None = None, files: Files = DISK
) -> tuple[PlanBundle | None, list[Diagnostic]]:
    """With a `cache` (as `cspgen serve` keeps), files unchanged since the last time are not read again.

    `files` other than the disk: a plan as it was at a git revision, never written out.
    """
    loaded, diagnostics = load_plan(folder, cache.load_file if cache else None, files)
    if loaded is None:
        return None, sorted_diagnostics(diagnostics)
    bundle, found = model_plan(loaded, cache.validate if cache else None)
    diagnostics += found
    if bundle is None or has_errors(diagnostics):
        return None, sorted_diagnostics(diagnostics)
    diagnostics += check_plan(bundle)
    return bundle, sorted_diagnostics(diagnostics)


def build(
    folder: Path,
    out: Path,
    formats: tuple[str, ...] | None = None,
    strict: bool = False,
    changes_since: str | None = None,
) -> Result:
    """Formats default to the plan's own `formats`; nothing is written unless everything succeeded.

    With `changes_since` (a git revision), changes.html says what changed since that version.
    """
    from .render import render_outputs
    from .write import write_output

    bundle, diagnostics = validate(folder)
    if bundle is None or has_errors(diagnostics, strict):
        return Result(diagnostics)
    files, problems = render_outputs(bundle, formats or tuple(bundle.plan.formats))
    if changes_since is not None:
        from .changes import changes_page

        page, found = changes_page(folder, bundle, changes_since)
        problems = [*problems, *found]
        if page is not None:
            files["changes.html"] = page
    diagnostics = sorted_diagnostics([*diagnostics, *problems])
    if has_errors(diagnostics, strict):
        return Result(diagnostics)
    write_output(out, files)
    return Result(diagnostics, out)
