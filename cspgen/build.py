"""The pipeline, top to bottom: load, model, check, render, write.

Everything is gathered and checked before anything is written, so a plan with
errors never touches its previous output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cspgen.diagnostics import Diagnostic, error, has_errors, sorted_diagnostics
from cspgen.plan.check import check_plan
from cspgen.plan.load import DISK, Files, load_plan
from cspgen.plan.model import PlanBundle, model_plan

if TYPE_CHECKING:
    from cspgen.plan.cache import FileCache

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
    clean: bool = False,
) -> Result:
    """Formats default to the plan's own `formats`; nothing is written unless everything succeeded.

    With `changes_since` (a git revision), changes.html says what changed since that version.
    `out` must be a folder cspgen made (see write.py) unless `clean` lets the build empty it.
    """
    from cspgen.write import output_problem, write_output
    from cspgen.writers.render import render_outputs

    refused = output_problem(out, folder, clean)
    if refused is not None:
        return Result([error(out, 1, 1, "output-refused", refused)])
    bundle, diagnostics = validate(folder)
    if bundle is None or has_errors(diagnostics, strict):
        return Result(diagnostics)
    files, problems = render_outputs(bundle, formats or tuple(bundle.plan.formats))
    if changes_since is not None:
        from cspgen.revisions.changes import changes_page

        page, found = changes_page(folder, bundle, changes_since)
        problems = [*problems, *found]
        if page is not None:
            files["changes.html"] = page
    diagnostics = sorted_diagnostics([*diagnostics, *problems])
    if has_errors(diagnostics, strict):
        return Result(diagnostics)
    unwritten = write_output(out, files, clean)
    if unwritten is not None:
        return Result([*diagnostics, error(out, 1, 1, "output-not-written", unwritten)])
    return Result(diagnostics, out)
