"""Plan files are read safely: ordinary files only, never more than the size limit, never a hang."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .running import Run

Cli = Callable[..., Run]
PRIORITY = "priorities/01-anti-social-behaviour.yaml"
SERVE_REBUILD = (
    "import sys; from pathlib import Path; from cspgen.serve import Preview; "
    "build = Preview(Path(sys.argv[1])).rebuild(); "
    "print(*(d.format() for d in build.diagnostics), sep='\\n'); sys.exit(0 if build.ok else 1)"
)


def _limited_memory() -> None:
    """A gigabyte of address space: reading a 2 GiB file whole cannot fit."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _run(*args: str | Path, memory_limit: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=_limited_memory if memory_limit else None,
    )


def test_a_huge_sparse_file_is_refused_without_reading_it(minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    os.truncate(priority, 2 << 30)
    result = _run("-m", "cspgen", "validate", minimal_plan, memory_limit=True)
    assert result.returncode == 1, result.stderr
    assert f"{priority}:1:1: the file is larger than 4 MiB [error: too-large]" in result.stderr


@pytest.mark.parametrize("command", ["validate", "build", "fmt", "serve"])
def test_a_fifo_is_refused_not_waited_on(command: str, minimal_plan: Path, tmp_path: Path) -> None:
    glossary = minimal_plan / "glossary.yaml"
    glossary.unlink()
    os.mkfifo(glossary)
    if command == "serve":
        result = _run("-c", SERVE_REBUILD, minimal_plan)
        output = result.stdout
    else:
        extra = ("--out", tmp_path / "site") if command == "build" else ()
        result = _run("-m", "cspgen", command, minimal_plan, *extra)
        output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"{glossary}:1:1: this is not an ordinary file" in output
    assert "[error: not-a-file]" in output


def test_a_hard_link_to_a_file_outside_the_plan_is_refused(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    glossary = minimal_plan / "glossary.yaml"
    outside = tmp_path / "elsewhere.yaml"
    glossary.rename(outside)
    os.link(outside, glossary)
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1, result.stderr
    assert f"{glossary}:1:1: this file is hard-linked" in result.stderr
    assert "[error: hard-linked]" in result.stderr


def test_a_symlink_inside_the_plan_is_still_read(cli: Cli, minimal_plan: Path) -> None:
    glossary = minimal_plan / "glossary.yaml"
    glossary.rename(minimal_plan / "terms.yaml.txt")
    glossary.symlink_to("terms.yaml.txt")
    result = cli("validate", minimal_plan)
    assert result.exit_code == 0, result.stderr
