"""WCAG 2.2 AA in a real browser (axe-core in headless Chromium) and the Nu HTML Checker, on every plan.

Each checker is also shown to fail on a page with a known problem, so a green run means something.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cspgen.build import build

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import a11y  # noqa: E402

PLANS = sorted(
    p.name for p in (ROOT / "plans").iterdir() if (p / "plan.yaml").exists() and not p.name.startswith("_")
)
BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="x.png"><p style="color:#bbb;background:#fff">Faint text</p>
<div style="width:900px">Too wide for a phone</div><p>Stray</div></main></body></html>
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("a11y")
    built = {}
    for plan in PLANS:
        result = build(ROOT / "plans" / plan, out / plan, ("html",))
        assert not result.failed(), result.diagnostics
        built[plan] = out / plan / "index.html"
    kitchen = out / "kitchen-sink"
    assert not build(
        ROOT / "tests" / "golden" / "cases" / "kitchen-sink" / "plan", kitchen, ("html",)
    ).failed()
    built["kitchen-sink"] = kitchen / "index.html"
    return built


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("broken") / "index.html"
    path.write_text(BROKEN_PAGE, encoding="utf-8")
    return path


@pytest.mark.parametrize("plan", [*PLANS, "kitchen-sink"])
def test_axe_finds_no_violations(plan: str, pages: dict[str, Path]) -> None:
    problems = a11y.run_axe([pages[plan]])
    assert problems == [], "\n".join(problem.format() for problem in problems)


def test_nu_validator_finds_no_errors_yet_catches_a_broken_page(pages: dict[str, Path], broken: Path) -> None:
    """One Java start for every page; the broken page proves the validator is really looking."""
    problems = a11y.run_vnu([*pages.values(), broken])
    caught = [problem for problem in problems if problem.page.endswith(str(broken))]
    assert any("div" in problem.message for problem in caught)
    rest = [problem for problem in problems if problem not in caught]
    assert rest == [], "\n".join(problem.format() for problem in rest)


def test_axe_and_reflow_catch_a_broken_page(broken: Path) -> None:
    axe = {problem.rule for problem in a11y.run_axe([broken])}
    assert {"image-alt", "color-contrast", "horizontal-scroll"} <= axe
