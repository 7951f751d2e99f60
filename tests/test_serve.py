"""The live preview: a change is rebuilt, an error keeps the last good page, the server stops cleanly.

Everything runs on 127.0.0.1 with a port the system picks; every wait is bounded.
"""

from __future__ import annotations

import http.client
import json
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from cspgen.serve import Build, PreviewServer

BOUND = 20.0  # seconds; generous for a busy CI machine, and never waited for when things work
T = TypeVar("T")
PRIORITY = Path("priorities") / "01-anti-social-behaviour.yaml"


def port_of(server: PreviewServer) -> int:
    return int(server.url.rstrip("/").rsplit(":", 1)[1])


def get(port: int, path: str = "/") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def status(server: PreviewServer) -> dict[str, Any]:
    code, body = get(port_of(server), "/_cspgen/status")
    assert code == 200
    found: dict[str, Any] = json.loads(body)
    return found


def wait_for(check: Callable[[], T | None], what: str) -> T:
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.02)
    pytest.fail(f"gave up after {BOUND:.0f} s waiting for {what}")


def newer_than(server: PreviewServer, version: int) -> Callable[[], dict[str, Any] | None]:
    def check() -> dict[str, Any] | None:
        now = status(server)
        return now if now["version"] > version else None

    return check


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def builds() -> list[Build]:
    return []


@pytest.fixture
def server(minimal_plan: Path, builds: list[Build]) -> Iterator[PreviewServer]:
    running = PreviewServer(minimal_plan, port=0, on_build=builds.append)
    running.start()
    try:
        yield running
    finally:
        running.stop()


def test_the_plan_is_served_with_the_reload_script_that_built_files_never_get(
    server: PreviewServer, minimal_plan: Path, tmp_path: Path, cli: Any
) -> None:
    code, page = get(port_of(server))
    assert code == 200
    assert "Example Community Safety Partnership Plan 2024–2027" in page
    assert "new EventSource(" in page
    assert "cspgen-serve-problems" not in page
    assert get(port_of(server), "/elsewhere")[0] == 404
    assert cli("build", minimal_plan, "--out", tmp_path / "out", "--format", "html").exit_code == 0
    built = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "EventSource" not in built
    assert not (minimal_plan.parent.parent / "build").exists()


def test_a_change_is_rebuilt_reading_only_the_changed_file(
    server: PreviewServer, minimal_plan: Path, builds: list[Build]
) -> None:
    before = status(server)
    assert before["ok"] and len(before["read"]) == 3  # plan, one priority, glossary
    edit(minimal_plan / PRIORITY, "Run awareness events", "Run monthly awareness events")
    after = wait_for(newer_than(server, before["version"]), "the rebuild")
    assert after["ok"]
    assert after["read"] == [str(minimal_plan / PRIORITY)]
    assert "Run monthly awareness events" in get(port_of(server))[1]
    assert builds[-1].version == after["version"] and builds[-1].ok


def test_an_edit_made_as_soon_as_the_server_is_up_is_seen(minimal_plan: Path, builds: list[Build]) -> None:
    server = PreviewServer(minimal_plan, port=0, on_build=builds.append)
    server.start()
    try:
        edit(minimal_plan / PRIORITY, "Run awareness events", "Run weekly awareness events")
        wait_for(newer_than(server, builds[0].version), "the rebuild")
        assert "Run weekly awareness events" in get(port_of(server))[1]
    finally:
        server.stop()


def test_a_rebuild_with_nothing_changed_keeps_the_version(server: PreviewServer) -> None:
    before = server.preview.latest
    again = server.preview.rebuild()
    assert again.version == before.version
    assert again.read == ()


def test_an_invalid_change_keeps_the_last_good_page_and_shows_the_error(
    server: PreviewServer, minimal_plan: Path
) -> None:
    good = status(server)
    edit(minimal_plan / PRIORITY, "title: Run awareness events", "titel: Run awareness events")
    broken = wait_for(newer_than(server, good["version"]), "the failed rebuild")
    assert not broken["ok"]
    places = {(d["file"], d["line"], d["column"], d["code"]) for d in broken["diagnostics"]}
    assert (str(minimal_plan / PRIORITY), 6, 9, "unknown-field") in places
    page = get(port_of(server))[1]
    assert "Run awareness events" in page, "the last good build stays up"
    panel = re.search(r'<section id="cspgen-serve-problems".*?</section>', page, re.DOTALL)
    assert panel is not None
    assert f"{minimal_plan / PRIORITY}:6:9" in panel.group()
    assert "unknown field `titel`" in panel.group()

    edit(minimal_plan / PRIORITY, "titel: Run awareness events", "title: Run awareness events")
    fixed = wait_for(newer_than(server, broken["version"]), "the repaired rebuild")
    assert fixed["ok"] and not fixed["diagnostics"]
    assert "cspgen-serve-problems" not in get(port_of(server))[1]


def test_yaml_that_does_not_parse_is_shown_with_its_place(server: PreviewServer, minimal_plan: Path) -> None:
    good = status(server)
    (minimal_plan / "glossary.yaml").write_text("terms:\n  ASB: [unclosed\n", encoding="utf-8")
    broken = wait_for(newer_than(server, good["version"]), "the failed rebuild")
    [problem] = broken["diagnostics"]
    assert problem["code"] == "yaml-syntax" and problem["file"].endswith("glossary.yaml")
    assert "Reducing anti-social behaviour" in get(port_of(server))[1]


def test_the_page_is_told_of_each_new_version(server: PreviewServer, minimal_plan: Path) -> None:
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=BOUND) as stream:
        stream.sendall(b"GET /_cspgen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        reader = stream.makefile("rb")
        first = _next_event(reader)
        edit(minimal_plan / "plan.yaml", "three** towns", "four** towns")
        assert _next_event(reader) == first + 1


def _next_event(reader: Any) -> int:
    while True:
        line = reader.readline()
        assert line, "the event stream ended"
        if line.startswith(b"data: "):
            return int(line[len(b"data: ") :])


def test_the_server_stops_cleanly(minimal_plan: Path) -> None:
    server = PreviewServer(minimal_plan, port=0)
    server.start()
    port = port_of(server)
    stream = socket.create_connection(("127.0.0.1", port), timeout=BOUND)
    stream.sendall(b"GET /_cspgen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    reader = stream.makefile("rb")
    _next_event(reader)
    assert server.running
    server.stop()
    assert not server.running
    assert b"data:" not in reader.read(), "the open event stream ends (a hanging one times out)"
    stream.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


# `cspgen serve` in a child process, with Ctrl-C live (whoever started pytest may have ignored it),
# and with a stage patched to press Ctrl-C itself at a moment too short for a test to aim at.
CTRL_C_SCRIPT = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
import typer
import cspgen.serve
from cspgen.cli import main

def ctrl_c() -> None:
    os.kill(os.getpid(), signal.SIGINT)

def ctrl_c_first(stage):
    def pressed(*args, **kwargs):
        ctrl_c()
        return stage(*args, **kwargs)
    return pressed

def ctrl_c_after_serving(echo):
    def pressed(message=None, *args, **kwargs):
        echo(message, *args, **kwargs)
        if str(message).startswith("serving"):
            ctrl_c()
    return pressed

plan, when = sys.argv[1:]
if when == "starting":
    cspgen.serve.Preview.rebuild = ctrl_c_first(cspgen.serve.Preview.rebuild)
elif when == "announced":
    typer.echo = ctrl_c_after_serving(typer.echo)
elif when == "stopping":
    cspgen.serve.PreviewServer.stop = ctrl_c_first(cspgen.serve.PreviewServer.stop)
sys.argv = ["cspgen", "serve", plan, "--port", "0"]
main()
"""


def _lines_of(stream: Any) -> queue.Queue[str | None]:
    """The stream's lines as they come, then None: a reader thread, so every wait can be bounded."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _next_line(lines: queue.Queue[str | None], seen: list[str]) -> str | None:
    try:
        line = lines.get(timeout=BOUND)
    except queue.Empty:
        pytest.fail(f"no output for {BOUND:.0f} s after: {''.join(seen)}")
    if line is not None:
        seen.append(line)
    return line


def _read_until(lines: queue.Queue[str | None], seen: list[str], wanted: str) -> None:
    while (line := _next_line(lines, seen)) is not None:
        if wanted in line:
            return
    pytest.fail(f"the output ended before {wanted!r}: {''.join(seen)}")


@pytest.mark.parametrize(
    "when",
    [
        "serving",  # the user's case: Ctrl-C once the page is up
        "starting",  # during the first build, before the server is up
        "announced",  # right after "serving at" is printed
        "stopping",  # a second Ctrl-C while the first one's stop runs
    ],
)
def test_ctrl_c_stops_cspgen_serve(minimal_plan: Path, when: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", CTRL_C_SCRIPT, str(minimal_plan), when], stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        lines, seen = _lines_of(process.stderr), list[str]()
        _read_until(lines, seen, " at http://127.0.0.1:")  # "starting" asked to stop, yet it started
        if when in ("serving", "stopping"):
            url = re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(seen))
            assert url is not None, "".join(seen)
            assert get(int(url.group(1)))[0] == 200
            process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=BOUND)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {BOUND:.0f} s after Ctrl-C: {''.join(seen)}")
        while _next_line(lines, seen) is not None:
            pass
        told = "".join(seen)
        assert (code, told.rstrip().rsplit("\n", 1)[-1]) == (0, "stopped"), told
        assert "Traceback" not in told
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=BOUND)


def test_a_port_in_use_is_a_usage_error(minimal_plan: Path, cli: Any) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = cli("serve", minimal_plan, "--port", taken.getsockname()[1])
    assert result.exit_code == 2
    assert "choose another port with --port" in result.stderr


def test_a_missing_plan_is_a_usage_error(tmp_path: Path, cli: Any) -> None:
    result = cli("serve", tmp_path / "no-such-plan")
    assert result.exit_code == 2


def exchange(port: int, request: bytes) -> bytes:
    """Send raw bytes to 127.0.0.1 and read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=BOUND) as stream:
        stream.sendall(request)
        return _until_closed(stream)


def _until_closed(stream: socket.socket) -> bytes:
    chunks = []
    while chunk := stream.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_only_loopback_host_names_are_answered(server: PreviewServer) -> None:
    port = port_of(server)
    for host in (b"attacker.example", f"attacker.example:{port}".encode(), b"127.0.0.1.attacker.example"):
        for path in (b"/", b"/_cspgen/status", b"/_cspgen/events"):
            answer = exchange(port, b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
            assert answer.startswith(b"HTTP/1.0 421 "), (host, path, answer[:60])
            assert b"Example Community Safety" not in answer and b"priorities" not in answer
    no_host = exchange(port, b"GET / HTTP/1.0\r\n\r\n")
    assert no_host.startswith(b"HTTP/1.0 421 ")
    two_hosts = exchange(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: attacker.example\r\n\r\n")
    assert two_hosts.startswith(b"HTTP/1.0 421 ")
    for host in (b"127.0.0.1", f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode(), b"[::1]"):
        answer = exchange(port, b"GET / HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
        assert answer.startswith(b"HTTP/1.0 200 "), host


def test_a_half_open_connection_is_closed_after_the_read_timeout(minimal_plan: Path) -> None:
    server = PreviewServer(minimal_plan, port=0, read_timeout=0.2)
    server.start()
    try:
        for sent in (b"", b"GET / HTTP/1.1\r\n", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"):
            with socket.create_connection(("127.0.0.1", port_of(server)), timeout=BOUND) as stream:
                stream.sendall(sent)
                assert _until_closed(stream) == b"", "closed without an answer, before BOUND"
        assert get(port_of(server))[0] == 200
    finally:
        server.stop()


def test_stopping_does_not_wait_for_a_half_open_connection(minimal_plan: Path) -> None:
    server = PreviewServer(minimal_plan, port=0, read_timeout=2 * BOUND)
    server.start()
    before = threading.active_count()
    stream = socket.create_connection(("127.0.0.1", port_of(server)), timeout=BOUND)
    try:
        wait_for(lambda: threading.active_count() > before, "the connection's thread")
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < BOUND
        assert _until_closed(stream) == b""
    finally:
        stream.close()


def test_connections_beyond_the_cap_are_refused_and_threads_stay_bounded(minimal_plan: Path) -> None:
    server = PreviewServer(minimal_plan, port=0, most_connections=4, read_timeout=2 * BOUND)
    server.start()
    port = port_of(server)
    streams: list[socket.socket] = []
    try:
        before = threading.active_count()
        for _ in range(4):
            stream = socket.create_connection(("127.0.0.1", port), timeout=BOUND)
            streams.append(stream)
            stream.sendall(b"GET /_cspgen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            _next_event(stream.makefile("rb"))
        assert threading.active_count() == before + 4
        for _ in range(30):
            with socket.create_connection(("127.0.0.1", port), timeout=BOUND) as extra:
                answer = _until_closed(extra)
            assert answer.startswith(b"HTTP/1.0 503 "), answer[:60]
        assert threading.active_count() == before + 4
        streams.pop().close()
        wait_for(lambda: get(port)[0] == 200 or None, "a free connection")
    finally:
        for stream in streams:
            stream.close()
        server.stop()
