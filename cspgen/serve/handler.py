"""HTTP for the preview: the page, its status and its event stream, on loopback names only.

A thread per connection, but only so many at once; the rest get a quick 503 from the
accepting thread, and stopping wakes every open connection so that it waits for none.
"""

from __future__ import annotations

import json
import re
import select
import socket
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cspgen.plan.picture import media_type
from cspgen.serve.page import EVENTS
from cspgen.serve.preview import Build, Preview

STATUS = "/_cspgen/status"
KEEP_ALIVE_SECONDS = 15.0
GONE_CHECK_SECONDS = 0.5  # how often an event stream looks whether its page has closed it
LOOPBACK_HOST = re.compile(r"(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?", re.IGNORECASE)


class LimitedServer(ThreadingHTTPServer):
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


def handler_for(preview: Preview, read_timeout: float) -> type[BaseHTTPRequestHandler]:
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
            elif (picture := preview.picture(path.removeprefix("/"))) is not None:
                self._send(HTTPStatus.OK, media_type(path), picture)
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
