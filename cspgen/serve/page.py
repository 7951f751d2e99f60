"""The page the preview serves: the last good build, a script that reloads it on a new version,
and the latest problems on top while the plan does not build. Never put into built files."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from cspgen.diagnostics import Diagnostic, Severity

EVENTS = "/_cspgen/events"

RELOAD_SCRIPT = """<script>
/* cspgen serve: reload when the plan is rebuilt, keeping the reader's place. */
(() => {
  const version = "%(version)s";
  const place = "cspgen-serve-scroll";
  addEventListener("load", () => {
    const saved = sessionStorage.getItem(place);
    if (saved !== null) { sessionStorage.removeItem(place); scrollTo(0, Number(saved)); }
  });
  new EventSource("%(events)s").onmessage = (event) => {
    if (event.data !== version) { sessionStorage.setItem(place, String(scrollY)); location.reload(); }
  };
})();
</script>
"""


_EMPTY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>cspgen serve: %(title)s</title></head>
<body>
<main><h1>%(title)s</h1><p>The plan has not built yet.</p></main>
</body>
</html>
"""


_BODY_START = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def served_page(good_html: str | None, title: str, version: int, problems: str | None) -> bytes:
    """The last good page (or a placeholder) with the reload script, and `problems` on top."""
    page = good_html if good_html is not None else _EMPTY_PAGE % {"title": html.escape(title)}
    if problems is not None:
        page = _after_body_tag(page, problems)
    script = RELOAD_SCRIPT % {"version": version, "events": EVENTS}
    return _before_body_end(page, script).encode("utf-8")


def _after_body_tag(page: str, insert: str) -> str:
    match = _BODY_START.search(page)
    at = match.end() if match else 0
    return page[:at] + "\n" + insert + page[at:]


def _before_body_end(page: str, insert: str) -> str:
    ends = list(_BODY_END.finditer(page))
    at = ends[-1].start() if ends else len(page)
    return page[:at] + insert + page[at:]


def problems_panel(diagnostics: Sequence[Diagnostic], failure: str | None) -> str:
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    heading = (
        f"Internal error: {html.escape(failure)}"
        if failure
        else f"{len(errors)} error{'s' * (len(errors) != 1)} in the plan"
    )
    items = "".join(
        f'<li><code style="font-weight:bold">{html.escape(f"{d.file}:{d.line}:{d.column}")}</code> '
        f"{html.escape(d.path + ': ' if d.path else '')}{html.escape(d.message)} "
        f"<small>[{d.severity.value}: {html.escape(d.code)}]</small></li>"
        for d in sorted(diagnostics, key=lambda d: d.severity is not Severity.ERROR)
    )
    return (
        '<section id="cspgen-serve-problems" role="alert" aria-labelledby="cspgen-serve-problems-heading" '
        'style="position:sticky;top:0;z-index:1000;max-height:50vh;overflow:auto;margin:0;padding:1rem;'
        'background:#fff4f4;color:#1a1a1a;border:4px solid #b00020;font:1rem/1.5 system-ui,sans-serif">'
        f'<h2 id="cspgen-serve-problems-heading" style="margin:0 0 .5rem;font-size:1.25rem">{heading}; '
        "the page below is the last good build</h2>"
        f'<ul style="margin:0;padding-left:1.25rem">{items}</ul></section>'
    )
