"""Golden files, the Bikeshed way: input, expected output and expected diagnostics side by side.

`make golden` rewrites them from the current output; a failure shows a unified diff.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cspgen.build import validate
from cspgen.diagnostics import format_text, has_errors
from cspgen.render import render_plan

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def cases() -> Iterator[tuple[str, Path, Path]]:
    for case in sorted((GOLDEN / "cases").iterdir()):
        yield f"case:{case.name}", case / "plan", case
    for plan in sorted((ROOT / "plans").iterdir()):
        if (plan / "plan.yaml").exists() and not plan.name.startswith("_"):
            yield f"plan:{plan.name}", plan, GOLDEN / "plans" / plan.name


CASES = list(cases())


def produce(plan: Path) -> dict[str, str]:
    """Diagnostics with paths relative to the repository, and the rendered files if valid."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        bundle, diagnostics = validate(plan.relative_to(ROOT))
    finally:
        os.chdir(cwd)
    files = {"diagnostics.txt": format_text(diagnostics)}
    if bundle is not None and not has_errors(diagnostics):
        files.update(render_plan(bundle, ("html", "md")))
    return files


@pytest.mark.parametrize(("name", "plan", "expected"), CASES, ids=[case[0] for case in CASES])
def test_golden(name: str, plan: Path, expected: Path, update_golden: bool) -> None:
    actual = produce(plan)
    if update_golden:
        expected.mkdir(parents=True, exist_ok=True)
        for stale in ("index.html", "plan.md", "diagnostics.txt"):
            if stale not in actual and (expected / stale).exists():
                (expected / stale).unlink()
        for file_name, text in actual.items():
            (expected / file_name).write_text(text, encoding="utf-8", newline="\n")
        return
    for file_name, text in actual.items():
        path = expected / file_name
        assert path.exists(), f"no golden file {path}; run `make golden`"
        wanted = path.read_text(encoding="utf-8")
        if text != wanted:
            diff = "".join(
                difflib.unified_diff(
                    wanted.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"{path.relative_to(ROOT)} (golden)",
                    f"{path.relative_to(ROOT)} (now)",
                )
            )
            pytest.fail(
                f"{name}: {file_name} differs from its golden file; run `make golden` if intended\n{diff}"
            )
    missing = {"index.html", "plan.md"} - set(actual)
    for file_name in missing:
        assert not (expected / file_name).exists(), f"{name} no longer builds but has a golden {file_name}"
