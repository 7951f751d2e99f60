"""Accessibility checks in a real browser: axe-core in headless Chromium, and the Nu HTML Checker.

    python tools/a11y.py build/*/index.html      # exit 1 on any violation or validator error

axe runs with the WCAG 2.0, 2.1 and 2.2 A and AA tags. vnu is given every page in one
call, since each Java start costs seconds. Versions are pinned in tools/a11y/package.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
AXE = HERE / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
VNU = HERE / "a11y" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
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


def run_axe(pages: list[Path], widths: tuple[int, ...] = (1280,), reflow: bool = True) -> list[Problem]:
    """axe on every page at desktop width, then a reflow check at 320 CSS px, in one browser."""
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
                    result = page.evaluate(RUN_AXE, AXE_TAGS)
                    for violation in result["violations"]:
                        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                        problems.append(
                            Problem(
                                str(path),
                                f"axe@{width}px",
                                violation["id"],
                                f"{violation['help']} ({len(violation['nodes'])} nodes: {targets})",
                            )
                        )
                page.close()
            if reflow:
                problems += _reflow(browser, pages)
        finally:
            browser.close()
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
