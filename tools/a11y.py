"""Accessibility checks in a real browser: axe-core in headless Chromium, and the Nu HTML Checker.

    python tools/a11y.py build/*/index.html      # exit 1 on any violation or validator error

axe runs with the WCAG 2.0, 2.1 and 2.2 A and AA tags, at desktop and at phone width. What axe
cannot decide ("incomplete", needs review) is decided here: colour contrast by tools/a11y/contrast.js
(chart SVG, which axe cannot see behind, and text it cannot see whole), anything else by an entry in
ALLOWED saying why it is fine, or it fails. vnu is given every page in one call, since each Java
start costs seconds. Versions are pinned in tools/a11y/package.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
AXE = HERE / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
VNU = HERE / "a11y" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CONTRAST = HERE / "a11y" / "contrast.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
WIDTHS = (1280, 320)  # desktop, and the narrowest phone WCAG 1.4.10 asks for
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Allowance:
    """An axe result that needs review, reviewed: `selector` is a regular expression for axe's target."""

    rule: str
    selector: str
    reason: str

    def covers(self, rule: str, target: str) -> bool:
        return rule == self.rule and re.search(self.selector, target) is not None


# Every incomplete result on the plans is colour contrast, which contrast.js decides; none is waived yet.
ALLOWED: tuple[Allowance, ...] = ()


@dataclass(frozen=True)
class Problem:
    page: str
    checker: str
    rule: str
    message: str

    def format(self) -> str:
        return f"{self.page}: {self.checker} {self.rule}: {self.message}"


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("a11y: Chromium is not installed (apt-get install -y chromium)")
    return found


def run_axe(
    pages: list[Path],
    widths: tuple[int, ...] = WIDTHS,
    reflow: bool = True,
    allowed: tuple[Allowance, ...] = ALLOWED,
) -> list[Problem]:
    """axe, and the checks for what it cannot decide, on every page at each width; then a reflow check."""
    from playwright.sync_api import sync_playwright

    script = AXE.read_text(encoding="utf-8")
    problems: list[Problem] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for width in widths:
                page = browser.new_page(viewport={"width": width, "height": 900})
                for path in pages:
                    page.goto(path.resolve().as_uri())
                    page.add_script_tag(content=script)
                    page.add_script_tag(path=CONTRAST)
                    result = page.evaluate(RUN_AXE, AXE_TAGS)
                    checker = f"axe@{width}px"
                    for violation in result["violations"]:
                        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                        problems.append(
                            Problem(
                                str(path),
                                checker,
                                violation["id"],
                                f"{violation['help']} ({len(violation['nodes'])} nodes: {targets})",
                            )
                        )
                    problems += _undecided(page, str(path), checker, result["incomplete"], allowed)
                page.close()
            if reflow:
                problems += _reflow(browser, pages)
        finally:
            browser.close()
    return problems


def _undecided(
    page: Any, path: str, checker: str, incomplete: list[dict[str, Any]], allowed: tuple[Allowance, ...]
) -> list[Problem]:
    """axe's "needs review": contrast is measured here, the rest must be allowed by name, or it fails."""
    problems = []
    unseen_text: list[str] = []
    for result in incomplete:
        for node in result["nodes"]:
            target = node["target"]
            plain = len(target) == 1 and isinstance(target[0], str)
            if plain and result["id"] == "color-contrast":
                unseen_text.append(target[0])
            elif not (plain and any(allowance.covers(result["id"], target[0]) for allowance in allowed)):
                message = node["any"][0]["message"] if node["any"] else result["help"]
                problems.append(
                    Problem(path, checker, f"{result['id']} (needs review)", f"{target}: {message}")
                )
    found = page.evaluate("cspgenContrast.charts()") + page.evaluate("cspgenContrast.text", unseen_text)
    problems += [
        Problem(
            path,
            f"contrast@{checker.removeprefix('axe@')}",
            "contrast",
            f"{item['target']}: {item['message']}",
        )
        for item in found
    ]
    return problems


def _reflow(browser: Any, pages: list[Path]) -> list[Problem]:
    """WCAG 1.4.10: at 320 CSS px the page itself must not scroll sideways (wide tables may)."""
    problems = []
    page = browser.new_page(viewport={"width": 320, "height": 640})
    for path in pages:
        page.goto(path.resolve().as_uri())
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(
                Problem(
                    str(path), "reflow@320px", "horizontal-scroll", f"page scrolls sideways by {overflow}px"
                )
            )
    page.close()
    return problems


def run_vnu(pages: list[Path]) -> list[Problem]:
    if not pages:
        return []
    command = ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, pages)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        Problem(
            message.get("url", "").removeprefix("file:"),
            "vnu",
            message.get("type", "error"),
            f"line {message.get('lastLine', '?')}: {message.get('message', '')}",
        )
        for message in messages
        if message.get("type") == "error" or message.get("subType") == "fatal"
    ]


def main(argv: list[str]) -> int:
    pages = [Path(arg) for arg in argv]
    if not pages:
        print("usage: a11y.py PAGE.html ...", file=sys.stderr)
        return 2
    problems = run_axe(pages) + run_vnu(pages)
    for problem in problems:
        print(problem.format())
    print(
        f"a11y: {len(pages)} pages, {len(problems)} problems "
        f"(axe tags {', '.join(AXE_TAGS)}; Nu HTML Checker)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
