"""WCAG 2.2 AA in a real browser (axe-core in headless Chromium) and the Nu HTML Checker, on every plan.

Each checker is also shown to fail on a page with a known problem, so a green run means something.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cspgen.build import build
from cspgen.site.prepare import prepare, site_plans
from cspgen.site.publish import publish

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import a11y  # noqa: E402

PLANS = sorted(
    p.name for p in (ROOT / "plans").iterdir() if (p / "plan.yaml").exists() and not p.name.startswith("_")
)
# The golden cases that show every shape a plan can take, between them.
CASES = ("kitchen-sink", "district-plan")
# `cspgen site`'s index pages: of the repository's plans, and of a county with police objectives.
SITES = {
    "site:repository": ROOT / "plans",
    "site:county": ROOT / "tests" / "golden" / "sites" / "county" / "plans",
}
BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="x.png"><p style="color:#bbb;background:#fff">Faint text</p>
<div style="width:900px">Too wide for a phone</div><p>Stray</div></main></body></html>
"""

# What axe leaves undecided, or sees only on a phone: each must still fail.
UNDECIDED_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Broken</title>
<style>@media (max-width: 40rem) { .phone { color: #aaa; } } text { font-size: 16px; }</style></head>
<body><main><h1>Broken</h1>
<p class="phone">Faint on phones only</p>
<table><tr><th rowspan="2" style="color:#aaa">Faint row header taller than the window</th><td style="height:700px">a</td></tr><tr><td style="height:700px">b</td></tr></table>
<figure class="chart" style="margin:0"><figcaption>Broken chart</figcaption>
<svg width="300" height="120" role="img" aria-label="Broken chart">
<rect x="0" y="0" width="200" height="30" fill="#1d4f91"/>
<text x="10" y="20" fill="#0b0c0c">Dark on the bar</text>
<text x="10" y="60" fill="#999999">Faint on white</text>
<text x="10" y="90" fill="#0b0c0c">Good on white</text>
<rect x="210" y="40" width="80" height="30" fill="#dddddd"/>
</svg></figure>
<video src="x.webm"></video>
</main></body></html>
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("a11y")
    built = {}
    for plan in PLANS:
        result = build(ROOT / "plans" / plan, out / plan, ("html",))
        assert not result.failed(), result.diagnostics
        built[plan] = out / plan / "index.html"
    for case in CASES:
        # with plan.json beside it, so the page's link to it is checked too
        result = build(ROOT / "tests" / "golden" / "cases" / case / "plan", out / case, ("html", "json"))
        assert not result.failed(), result.diagnostics
        built[case] = out / case / "index.html"
    for name, plans in SITES.items():
        site = out / name.replace(":", "-")
        assert publish(site, "Plans", [prepare(folder, ("html",)) for folder in site_plans(plans)]) is None
        built[name] = site / "index.html"
    return built


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("broken") / "index.html"
    path.write_text(BROKEN_PAGE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def undecided(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("undecided") / "index.html"
    path.write_text(UNDECIDED_PAGE, encoding="utf-8")
    return path


@pytest.mark.parametrize("plan", [*PLANS, *CASES, *SITES])
def test_axe_finds_no_violations(plan: str, pages: dict[str, Path]) -> None:
    """At desktop and phone width; what axe leaves for review is decided, or this fails."""
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


def test_what_axe_leaves_undecided_or_sees_only_on_a_phone_fails(undecided: Path) -> None:
    found = {(problem.checker, problem.rule, problem.message) for problem in a11y.run_axe([undecided])}
    messages = [message for checker, rule, message in found if checker == "contrast@1280px"]
    assert any('"Dark on the bar": text #0b0c0c on #1d4f91 has contrast 2.41:1' in m for m in messages)
    assert any('"Faint on white": text #999999 on #ffffff has contrast 2.85:1' in m for m in messages)
    assert any("<rect" in m and "shows #dddddd on #ffffff" in m for m in messages)
    assert not any("Good on white" in m for m in messages)
    assert (
        "axe@1280px",
        "video-caption (needs review)",
        "['video']: <video> elements must have captions",
    ) in found
    phone = {checker for checker, rule, message in found if rule == "color-contrast" and "['p']" in message}
    assert phone == {"axe@320px"}, "the text that is faint only on a phone is caught there"


def test_an_allowance_waives_exactly_the_result_it_names(undecided: Path) -> None:
    video = a11y.Allowance("video-caption", r"^video$", "a test page: its video is never played")
    problems = a11y.run_axe([undecided], widths=(1280,), reflow=False, allowed=(video,))
    assert not any(problem.rule.startswith("video-caption") for problem in problems)
    assert any(problem.checker == "contrast@1280px" for problem in problems)
