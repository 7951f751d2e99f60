"""`cspgen serve`: the live preview, told build by build, stopped cleanly by Ctrl-C."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from cspgen.cli.common import plan_folders, summary, usage
from cspgen.diagnostics import format_text

if TYPE_CHECKING:
    from cspgen.serve import Build


def serve(
    plan: Annotated[Path, typer.Argument(help="The plan folder to preview, e.g. plans/my-district-2025.")],
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1; 0 picks a free one.")
    ] = 8000,
) -> None:
    """Preview a plan in the browser, rebuilt and reloaded whenever one of its files changes."""
    from cspgen.serve import PreviewServer, ServeError

    folder = plan_folders([plan])[0]

    def tell(build: Build) -> None:
        took = f"{build.seconds * 1000:.0f} ms"
        if build.failure:
            typer.echo(f"{folder}: internal error: {build.failure}; showing the last good build", err=True)
        elif build.ok:
            typer.echo(f"{folder}: built in {took} ({summary(list(build.diagnostics))})", err=True)
        else:
            typer.echo(
                f"{folder}: not built ({summary(list(build.diagnostics))}); showing the last good build",
                err=True,
            )
        sys.stderr.write(format_text(build.diagnostics))

    server = PreviewServer(folder, port, on_build=tell)
    with _ctrl_c_asks_to_stop() as stop:
        try:
            try:
                server.start()
            except ServeError as problem:
                usage(str(problem))
            typer.echo(f"serving {folder} at {server.url} (Ctrl-C stops)", err=True)
            server.wait(until=lambda: stop.asked)
        finally:
            server.stop()
        typer.echo("stopped", err=True)


class _StopRequest:
    asked = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.asked = True


@contextlib.contextmanager
def _ctrl_c_asks_to_stop() -> Iterator[_StopRequest]:
    """Ctrl-C sets a flag rather than raising wherever the main thread happens to be.

    A KeyboardInterrupt can land between any two bytecodes: in the middle of starting the
    server, before a `try`, or inside `stop()` itself, and each of those gave a traceback.
    Ctrl-C ignored by whoever started us (SIG_IGN) stays ignored.
    """
    request = _StopRequest()
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, request)
    try:
        yield request
    finally:
        signal.signal(signal.SIGINT, previous)
