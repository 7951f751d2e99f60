"""`cspgen serve` as a user starts it: a process, its address read from stderr, bounded waits only."""

from __future__ import annotations

import queue
import re
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

BOUND = 120  # seconds, for starting on a busy machine and for the request


def serve_once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run `command` (ending in `serve PLAN --port 0`), fetch the page it announces, then stop it."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_lines, args=(process, lines), daemon=True).start()
    try:
        seen = ""
        deadline = time.monotonic() + BOUND
        while (found := re.search(r"^serving .* at (http://127\.0\.0\.1:\d+/)", seen, re.MULTILINE)) is None:
            try:
                seen += lines.get(timeout=1)
            except queue.Empty:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"cspgen serve gave no address (exit {process.poll()}): {seen}")
        with urllib.request.urlopen(found.group(1), timeout=BOUND) as response:
            return response.status, response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=BOUND)


def _read_lines(process: subprocess.Popen[str], lines: queue.Queue[str]) -> None:
    for line in process.stderr or ():
        lines.put(line)
