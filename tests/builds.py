"""Each plan built once per test session, with every format, for every test that reads what it wrote.

WeasyPrint takes seconds per plan, so the golden, PDF and Word tests share one build of each plan
(through the `builds` fixture in conftest.py) instead of building it again.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from pathlib import Path

from cspgen.build import Result, build
from cspgen.diagnostics import format_text
from cspgen.document.compose import compose
from cspgen.plan.model import PlanBundle
from cspgen.revisions.changes import changes_page
from cspgen.writers.render import render_outputs

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Built:
    plan: Path
    out: Path
    result: Result
    diagnostics: str  # as the CLI prints them, with paths relative to the folder built from

    def path(self, name: str) -> Path:
        assert not self.result.failed(), f"{self.plan} did not build: {self.diagnostics}"
        return self.out / name


class Builds:
    def __init__(self, scratch: Path, formats: tuple[str, ...]) -> None:
        self._scratch = scratch
        self._formats = formats
        self._done: dict[tuple[Path, str | None, tuple[str, ...]], Built] = {}

    def of(
        self,
        plan: Path,
        base: Path = ROOT,
        changes_since: str | None = None,
        formats: tuple[str, ...] | None = None,
    ) -> Built:
        """`cspgen.build.build()` of `plan`, run from `base` with a relative path as a user would.

        `formats` other than the session's: for a plan small enough to build as a PDF under --without-pdf.
        """
        formats = formats or self._formats
        key = (plan.resolve(), changes_since, formats)
        if key not in self._done:
            out = self._scratch / f"{len(self._done)}-{plan.name}"
            with contextlib.chdir(base):
                pages = (
                    None
                    if changes_since is None
                    else functools.partial(changes_page, plan.relative_to(base), changes_since)
                )
                result = build(plan.relative_to(base), out, formats, extra_pages=pages)
            self._done[key] = Built(plan, out, result, format_text(result.diagnostics))
        return self._done[key]


def rendered_text(bundle: PlanBundle, formats: tuple[str, ...]) -> dict[str, str]:
    """The text files `render_outputs` makes, for tests that look inside HTML and Markdown."""
    files, problems = render_outputs(compose(bundle), bundle, formats)
    assert problems == [], problems
    return {name: text for name, text in files.items() if isinstance(text, str)}
