"""`PreviewServer`: serves a `Preview` on 127.0.0.1 and rebuilds it whenever the plan's files change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from cspgen.serve.handler import LimitedServer, handler_for
from cspgen.serve.preview import Build, Preview

HOST = "127.0.0.1"
READ_TIMEOUT_SECONDS = 10.0  # a request's line and headers; a half-open connection is dropped after it
MOST_CONNECTIONS = 64  # open at once, event streams included; more are answered 503 at once
WATCH_STEP_MS = 10  # quiet time that ends a burst of changes (an editor's write, then rename)


class ServeError(Exception):
    """The preview cannot start: the port is taken, or the plan's folder cannot be watched."""


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
        self._http: LimitedServer | None = None

    @property
    def url(self) -> str:
        assert self._http is not None, "start the server first"
        return f"http://{HOST}:{self._http.server_address[1]}/"

    def start(self) -> None:
        """Listen (a port in use fails at once), watch, then build: no edit goes unseen."""
        try:
            self._http = LimitedServer(
                (HOST, self._port), handler_for(self.preview, self._read_timeout), self._most_connections
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
