"""The latest build of the plan being previewed: rebuilt by the watcher, read by every request.

Only the HTML is made, in memory: nothing is written to build/. Each build goes through the
same stages as `cspgen build`, with a `FileCache` so that only changed files are read and
validated again.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cspgen.build import check
from cspgen.diagnostics import Diagnostic, has_errors
from cspgen.plan.cache import FileCache
from cspgen.plan.dates import today
from cspgen.serve.page import problems_panel, served_page
from cspgen.writers.pictures import picture_files
from cspgen.writers.render import render_outputs


@dataclass(frozen=True)
class Build:
    """One rebuild: what the officer is told, and what the page shows."""

    version: int
    ok: bool
    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    read: tuple[Path, ...]
    failure: str | None = None


class Preview:
    """The latest build of one plan. The watcher thread rebuilds; request threads read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache = FileCache()
        self._changed = threading.Condition()
        self._building = threading.Lock()  # the watcher and start() may both rebuild
        self._good_html: str | None = None
        self._pictures: dict[str, bytes] = {}  # the good page's pictures, by their names in its links
        self._latest = Build(0, False, (), 0.0, ())
        self._closed = False

    @property
    def latest(self) -> Build:
        with self._changed:
            return self._latest

    def rebuild(self) -> Build:
        """Build the HTML again; a build with errors keeps the last good page up."""
        with self._building:
            started = time.perf_counter()
            self._cache.start()
            failure = None
            good_html, pictures = self._good_html, self._pictures
            try:
                checked, diagnostics = check(self.folder, self._cache, today=today())
                if checked is not None and not has_errors(diagnostics):
                    page = render_outputs(checked.document, checked.bundle, ("html",))[0]["index.html"]
                    good_html = page.decode("utf-8") if isinstance(page, bytes) else page
                    pictures = picture_files(checked.document)
            except Exception as problem:  # noqa: BLE001 - a failed rebuild must not stop the preview
                checked, diagnostics = None, []
                failure = f"{type(problem).__name__}: {problem}"
            self._cache.finish()
            with self._changed:
                self._pictures = pictures
            return self._publish(good_html, checked is not None, diagnostics, failure, started)

    def _publish(
        self,
        good_html: str | None,
        modelled: bool,
        diagnostics: list[Diagnostic],
        failure: str | None,
        started: float,
    ) -> Build:
        """A new version only when what the page shows changes: saving unchanged files reloads nothing."""
        ok = failure is None and modelled and not has_errors(diagnostics)
        with self._changed:
            previous = self._latest
            changed = (
                good_html != self._good_html
                or ok != previous.ok
                or tuple(diagnostics) != previous.diagnostics
                or failure != previous.failure
            )
            version = previous.version + 1 if changed else previous.version
            self._good_html = good_html
            self._latest = Build(
                version,
                ok,
                tuple(diagnostics),
                time.perf_counter() - started,
                tuple(self._cache.read),
                failure,
            )
            self._changed.notify_all()
            return self._latest

    def page(self) -> bytes:
        """The last good page with the reload script, and the latest problems on top if it failed."""
        with self._changed:
            build, good_html = self._latest, self._good_html
        problems = None if build.ok else problems_panel(build.diagnostics, build.failure)
        return served_page(good_html, str(self.folder), build.version, problems)

    def picture(self, name: str) -> bytes | None:
        """A picture the last good page shows, by the name it links to; None for any other name."""
        with self._changed:
            return self._pictures.get(name)

    def wait_for_version(self, seen: int, timeout: float) -> int | None:
        """The version once it differs from `seen` (or after `timeout`); None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._latest.version != seen, timeout)
            return None if self._closed else self._latest.version

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
