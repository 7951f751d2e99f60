"""The pipeline, top to bottom: load, model, check, compose, render, write.

Everything is gathered and checked before anything is written, so a plan with
errors never touches its previous output.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from cspgen.diagnostics import Diagnostic, error, has_errors, sorted_diagnostics
from cspgen.document.anchors import check_anchors
from cspgen.document.compose import compose
from cspgen.document.nodes import Document
from cspgen.plan.cache import FileCache
from cspgen.plan.checks import check_plan
from cspgen.plan.images import read_images
from cspgen.plan.load import DISK, Files, load_plan
from cspgen.plan.model import PlanBundle, model_plan
from cspgen.plan.sheets.stage import read_data
from cspgen.write import output_problem, write_output
from cspgen.writers.render import FORMATS, render_outputs

__all__ = ["FORMATS", "Checked", "ExtraPages", "Rendered", "Result", "build", "check", "render", "validate"]

# More files for the output folder, made from the checked plan by a caller that knows more (changes.html).
ExtraPages = Callable[[PlanBundle], tuple[dict[str, str | bytes], list[Diagnostic]]]


@dataclass(frozen=True)
class Checked:
    bundle: PlanBundle
    document: Document


@dataclass(frozen=True)
class Result:
    diagnostics: list[Diagnostic]

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


def check(
    folder: Path, cache: FileCache | None = None, files: Files = DISK, today: datetime.date | None = None
) -> tuple[Checked | None, list[Diagnostic]]:
    """Every stage short of rendering; with a `cache` (as `cspgen serve` keeps), files unchanged
    since the last time are not read again.

    `files` other than the disk: a plan as it was at a git revision, never written out. `today`, from
    the command line: the day an unpublished plan's yearly duties are judged as of (PlanBundle.today).
    """
    loaded, loading = load_plan(folder, cache.load_file if cache else None, files)
    if loaded is None:
        return None, sorted_diagnostics(loading)
    bundle, modelling = model_plan(loaded, cache.validate if cache else None)
    if bundle is None or has_errors([*loading, *modelling]):
        return None, sorted_diagnostics([*loading, *modelling])
    bundle, reading = read_data(bundle, files)
    if has_errors(reading):
        return None, sorted_diagnostics([*loading, *modelling, *reading])
    bundle, imaging = read_images(bundle, files)
    bundle = replace(bundle, today=today)
    document = compose(bundle)
    found = [*loading, *modelling, *reading, *imaging, *check_plan(bundle), *check_anchors(bundle, document)]
    return Checked(bundle, document), sorted_diagnostics(found)


def validate(
    folder: Path, cache: FileCache | None = None, files: Files = DISK, today: datetime.date | None = None
) -> tuple[PlanBundle | None, list[Diagnostic]]:
    checked, diagnostics = check(folder, cache, files, today)
    return (checked.bundle if checked else None), diagnostics


def build(
    folder: Path,
    out: Path,
    formats: tuple[str, ...] | None = None,
    strict: bool = False,
    clean: bool = False,
    extra_pages: ExtraPages | None = None,
    today: datetime.date | None = None,
) -> Result:
    """Formats default to the plan's own `formats`; nothing is written unless everything succeeded.

    `out` must be a folder cspgen made (see write.py) unless `clean` lets the build empty it.
    """
    refused = output_problem(out, folder, clean)
    if refused is not None:
        return Result([error(out, 1, 1, "output-refused", refused)])
    rendered = render(folder, formats, strict, extra_pages, today)
    if rendered.files is None:
        return Result(rendered.diagnostics)
    unwritten = write_output(out, rendered.files, clean)
    if unwritten is not None:
        return Result([*rendered.diagnostics, error(out, 1, 1, "output-not-written", unwritten)])
    return Result(rendered.diagnostics)


@dataclass(frozen=True)
class Rendered:
    """A plan's files by name, or None when it failed; `bundle` once it was checked (`cspgen site`)."""

    diagnostics: list[Diagnostic]
    files: dict[str, str | bytes] | None = None
    bundle: PlanBundle | None = None


def render(
    folder: Path,
    formats: tuple[str, ...] | None = None,
    strict: bool = False,
    extra_pages: ExtraPages | None = None,
    today: datetime.date | None = None,
) -> Rendered:
    """Every file a build would write, held in memory, so a caller can write several plans at once."""
    checked, diagnostics = check(folder, today=today)
    if checked is None or has_errors(diagnostics, strict):
        return Rendered(diagnostics, bundle=checked.bundle if checked else None)
    wanted = formats or tuple(checked.bundle.plan.formats)
    files, rendering = render_outputs(checked.document, checked.bundle, wanted)
    pages, paging = extra_pages(checked.bundle) if extra_pages else ({}, [])
    diagnostics = sorted_diagnostics([*diagnostics, *rendering, *paging])
    if has_errors(diagnostics, strict):
        return Rendered(diagnostics, bundle=checked.bundle)
    return Rendered(diagnostics, {**files, **pages}, checked.bundle)
