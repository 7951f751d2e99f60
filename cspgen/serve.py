"""Live preview: the plan as a web page on 127.0.0.1, rebuilt whenever one of its files changes.

Only the HTML is made, in memory: nothing is written to build/. Each build goes through
the same stages as `cspgen build`, with a `FileCache` so that only changed files are read
and validated again. The served page carries a small script (never put into built files)
that listens for new versions and reloads; when the plan has errors, they are shown at
the top of the last good page, each with its file, line and column.
"""

from __future__ import annotations

import html
import json
import re
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cspgen.build import check
from cspgen.diagnostics import Diagnostic, Severity, has_errors
from cspgen.plan.cache import FileCache
from cspgen.writers.render import render_outputs

HOST = "127.0.0.1"
EVENTS = "/_cspgen/events"
STATUS = "/_cspgen/status"
KEEP_ALIVE_SECONDS = 15.0
GONE_CHECK_SECONDS = 0.5  # how often an event stream looks whether its page has closed it
READ_TIMEOUT_SECONDS = 10.0  # a request's line and headers; a half-open connection is dropped after it
MOST_CONNECTIONS = 64  # open at once, event streams included; more are answered 503 at once
LOOPBACK_HOST = re.compile(r"(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?", re.IGNORECASE)
WATCH_STEP_MS = 10  # quiet time that ends a burst of changes (an editor's write, then rename)

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


class ServeError(Exception):
    """The preview cannot start: the port is taken, or the plan's folder cannot be watched."""


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
            good_html = self._good_html
            try:
                checked, diagnostics = check(self.folder, self._cache)
                if checked is not None and not has_errors(diagnostics):
                    page = render_outputs(checked.document, checked.bundle, ("html",))[0]["index.html"]
                    good_html = page.decode("utf-8") if isinstance(page, bytes) else page
            except Exception as problem:  # noqa: BLE001 - a failed rebuild must not stop the preview
                checked, diagnostics = None, []
                failure = f"{type(problem).__name__}: {problem}"
            self._cache.finish()
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
        page = good_html if good_html is not None else _EMPTY_PAGE % {"title": html.escape(str(self.folder))}
        if not build.ok:
            page = _after_body_tag(page, _problems_panel(build))
        script = RELOAD_SCRIPT % {"version": build.version, "events": EVENTS}
        return _before_body_end(page, script).encode("utf-8")

    def wait_for_version(self, seen: int, timeout: float) -> int | None:
        """The version once it differs from `seen` (or after `timeout`); None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._latest.version != seen, timeout)
            return None if self._closed else self._latest.version

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


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


def _after_body_tag(page: str, insert: str) -> str:
    match = _BODY_START.search(page)
    at = match.end() if match else 0
    return page[:at] + "\n" + insert + page[at:]


def _before_body_end(page: str, insert: str) -> str:
    ends = list(_BODY_END.finditer(page))
    at = ends[-1].start() if ends else len(page)
    return page[:at] + insert + page[at:]


def _problems_panel(build: Build) -> str:
    errors = [d for d in build.diagnostics if d.severity is Severity.ERROR]
    heading = (
        f"Internal error: {html.escape(build.failure)}"
        if build.failure
        else f"{len(errors)} error{'s' * (len(errors) != 1)} in the plan"
    )
    items = "".join(
        f'<li><code style="font-weight:bold">{html.escape(f"{d.file}:{d.line}:{d.column}")}</code> '
        f"{html.escape(d.path + ': ' if d.path else '')}{html.escape(d.message)} "
        f"<small>[{d.severity.value}: {html.escape(d.code)}]</small></li>"
        for d in sorted(build.diagnostics, key=lambda d: d.severity is not Severity.ERROR)
    )
    return (
        '<section id="cspgen-serve-problems" role="alert" aria-labelledby="cspgen-serve-problems-heading" '
        'style="position:sticky;top:0;z-index:1000;max-height:50vh;overflow:auto;margin:0;padding:1rem;'
        'background:#fff4f4;color:#1a1a1a;border:4px solid #b00020;font:1rem/1.5 system-ui,sans-serif">'
        f'<h2 id="cspgen-serve-problems-heading" style="margin:0 0 .5rem;font-size:1.25rem">{heading}; '
        "the page below is the last good build</h2>"
        f'<ul style="margin:0;padding-left:1.25rem">{items}</ul></section>'
    )


class PreviewServer:
    """Serves a `Preview` over HTTP on 127.0.0.1 and rebuilds it when the plan's files change."""

    def __init__(
        self,
        folder: Path,
        port: int = 8000,
        on_build: Callable[[Build], None] | None = None,
        read_timeout: float = READ_TIMEOUT_SECONDS,
        most_connections: int = MOST_CONNECTIONS,
    ) -> None:
        self.preview = Preview(folder)
        self._port = port
        self._read_timeout = read_timeout
        self._most_connections = most_connections
        self._on_build = on_build or (lambda build: None)
        self._stop = threading.Event()
        self._watching = threading.Event()
        self._watch_failure: str | None = None
        self._serving = False
        self._threads: list[threading.Thread] = []
        self._http: _Server | None = None

    @property
    def url(self) -> str:
        assert self._http is not None, "start the server first"
        return f"http://{HOST}:{self._http.server_address[1]}/"

    def start(self) -> None:
        """Listen (a port in use fails at once), watch, then build: no edit goes unseen."""
        try:
            self._http = _Server(
                (HOST, self._port), _handler(self.preview, self._read_timeout), self._most_connections
            )
        except OSError as problem:
            raise ServeError(
                f"cannot serve on {HOST}:{self._port} ({problem.strerror}); choose another port with --port"
            ) from None
        watcher = threading.Thread(target=self._watch, name="cspgen-serve-watch", daemon=True)
        self._threads = [watcher]
        watcher.start()
        self._watching.wait(timeout=30)
        if self._watch_failure is not None or not self._watching.is_set():
            self.stop()
            raise ServeError(f"cannot watch {self.preview.folder} for changes: {self._watch_failure}")
        self._on_build(self.preview.rebuild())
        server = threading.Thread(
            target=self._http.serve_forever, args=(0.05,), name="cspgen-serve-http", daemon=True
        )
        self._threads.append(server)
        server.start()
        self._serving = True

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def wait(self, until: Callable[[], bool]) -> None:
        """Block until `stop` or `until()`; short waits soon see a flag that a signal handler set."""
        while not self._stop.wait(0.1) and not until():
            pass

    def stop(self) -> None:
        self._stop.set()
        self.preview.close()
        if self._http is not None:
            if self._serving:
                self._http.shutdown()  # waits for serve_forever, so only once it has started
            self._http.drop_connections()
            self._http.server_close()
        for thread in self._threads:
            thread.join(timeout=10)

    def _watched(self) -> list[Path]:
        shared = self.preview.folder / ".." / "_shared"
        return [self.preview.folder] + ([shared.resolve()] if shared.is_dir() else [])

    def _watch(self) -> None:
        """Changes are seen from the first (empty) yield on: the watcher is set up by then."""
        import watchfiles

        try:
            for changes in watchfiles.watch(
                *self._watched(),
                stop_event=self._stop,
                step=WATCH_STEP_MS,
                debounce=400,
                rust_timeout=200,
                yield_on_timeout=True,
                raise_interrupt=False,
            ):
                self._watching.set()
                if changes:
                    self._on_build(self.preview.rebuild())
        except Exception as problem:  # noqa: BLE001 - start() reports it; a thread cannot
            self._watch_failure = f"{type(problem).__name__}: {problem}"
            self._watching.set()


class _Server(ThreadingHTTPServer):
    """A thread per connection, but no more than `most` at once; the rest get a quick 503."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], most: int) -> None:
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(most)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            _refuse_busy(request)
            self.shutdown_request(request)
            return
        with self._open_lock:
            self._open.add(request)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._release(request)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release(request)

    def _release(self, request: socket.socket) -> None:
        with self._open_lock:
            self._open.discard(request)
        self._slots.release()

    def drop_connections(self) -> None:
        """Wake every connection still reading or writing, so that stopping waits for none."""
        with self._open_lock:
            open_now = list(self._open)
        for request in open_now:
            try:
                request.shutdown(socket.SHUT_RDWR)
            except OSError:
                continue


_BUSY = b"cspgen serve has too many connections open; try again\n"


def _refuse_busy(request: socket.socket) -> None:
    """Answered from the accepting thread without reading the request: no thread, no wait."""
    response = (
        b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + f"Content-Length: {len(_BUSY)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n".encode()
        + _BUSY
    )
    try:
        request.setblocking(False)
        request.send(response)
        request.recv(65536)  # what has already come, so that closing does not reset the connection
    except OSError:
        return


_WRONG_HOST = b"cspgen serve answers only to 127.0.0.1, localhost and [::1]\n"


def _handler(preview: Preview, read_timeout: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "cspgen-serve"
        timeout = read_timeout  # StreamRequestHandler sets it on the socket

        def do_GET(self) -> None:  # the name http.server calls
            if not self._for_loopback():
                self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain; charset=utf-8", _WRONG_HOST)
                return
            path = self.path.split("?", 1)[0]
            if path in ("/", "/index.html"):
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", preview.page())
            elif path == STATUS:
                self._send(HTTPStatus.OK, "application/json", _status(preview.latest))
            elif path == EVENTS:
                self._events()
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")

        def _for_loopback(self) -> bool:
            """A page elsewhere may rebind its own name to 127.0.0.1; its requests still name it."""
            hosts = self.headers.get_all("Host") or []
            return len(hosts) == 1 and LOOPBACK_HOST.fullmatch(hosts[0].strip()) is not None

        def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            """Server-sent events: the current version at once, then each new one as it is built."""
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen: int | None = preview.latest.version
            message = f"data: {seen}\n\n"
            try:
                while seen is not None:
                    self.wfile.write(message.encode("utf-8"))
                    self.wfile.flush()
                    version = self._next_version(seen)
                    message = ": still here\n\n" if version == seen else f"data: {version}\n\n"
                    seen = version
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                return

        def _next_version(self, seen: int) -> int | None:
            """As `Preview.wait_for_version`, but None as soon as the page has gone: its slot is freed."""
            deadline = time.monotonic() + KEEP_ALIVE_SECONDS
            while not self._page_gone():
                left = deadline - time.monotonic()
                version = preview.wait_for_version(seen, min(GONE_CHECK_SECONDS, max(left, 0.0)))
                if version != seen or left <= GONE_CHECK_SECONDS:
                    return version
            return None

        def _page_gone(self) -> bool:
            """The browser closed the stream: its end of the connection reads as the end of the data."""
            try:
                readable, _, _ = select.select([self.connection], [], [], 0)
            except ValueError:  # a descriptor select cannot watch: the stream ends at a failed write
                return False
            try:
                return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True

        def log_message(self, format: str, *args: object) -> None:
            """Requests are not reported: the CLI reports builds."""

    return Handler


def _status(build: Build) -> bytes:
    return json.dumps(
        {
            "version": build.version,
            "ok": build.ok,
            "failure": build.failure,
            "seconds": round(build.seconds, 4),
            "read": [str(path) for path in build.read],
            "diagnostics": [d.as_dict() for d in build.diagnostics],
        }
    ).encode("utf-8")
