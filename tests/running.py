"""What the `cli` fixture returns, typed for the tests that take it."""

from __future__ import annotations

from collections.abc import Callable


class Run:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


Cli = Callable[..., Run]  # cli("build", plan, "--format", "html") runs `cspgen` in this process
