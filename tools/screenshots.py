"""Screenshots of built plans at desktop and mobile width, to look at (make screenshots).

    python tools/screenshots.py build/*/index.html     # writes screenshots/PLAN-WIDTH-PART.png

Each page is shot at its top, at its action plan or first table, and in print media.
"""

from __future__ import annotations

import sys
from pathlib import Path

from a11y import CHROMIUM_ARGS, chromium_path

WIDTHS = {"desktop": (1280, 900), "mobile": (360, 740)}
OUT = Path("screenshots")


def shoot(pages: list[Path]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in pages:
                plan = path.parent.name
                page.goto(path.resolve().as_uri())
                shots = {
                    "top": None,
                    "table": "table",
                    "actions": "table.actions, table.assessment",
                    "focus": None,
                }
                for part, selector in shots.items():
                    if selector:
                        page.locator(selector).first.scroll_into_view_if_needed()
                    if part == "focus":
                        page.evaluate("window.scrollTo(0, 0)")
                        page.keyboard.press("Tab")
                    target = OUT / f"{plan}-{name}-{part}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
            page.close()
        browser.close()
    return written


if __name__ == "__main__":
    for written_path in shoot([Path(arg) for arg in sys.argv[1:]]):
        print(written_path)
