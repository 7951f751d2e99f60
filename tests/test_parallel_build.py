"""`cspgen build` of several plans runs them at once, yet reports and writes as if one by one.

The builds run in worker processes forked when the build starts (ProcessPoolExecutor's default on
Linux), so the stages patched here beforehand are the stages the workers run, and the
multiprocessing barrier and event made here are shared with them. Every wait is bounded.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cspgen.build
import cspgen.write

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal"
BOUND = 60.0  # seconds; generous for a busy machine, and never waited for when builds do overlap


def plan(root: Path, name: str, title: str = "Example Community Safety Partnership Plan") -> Path:
    folder = root / name
    shutil.copytree(FIXTURE, folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(
        text.replace("Example Community Safety Partnership Plan", title), encoding="utf-8"
    )
    return folder


def _nothing(folder: Path) -> None:
    pass


def watch_stages(
    monkeypatch: pytest.MonkeyPatch,
    log: Path,
    on_start: Callable[[Path], None] = _nothing,
    before_write: Callable[[Path], None] = _nothing,
    after_write: Callable[[Path], None] = _nothing,
) -> None:
    """Wrap each build's first stage (check) and last (write_output), in whichever process runs it.

    `log` gets a line as each build starts and as it is written: stage, folder, pid.
    """
    check, write_output = cspgen.build.check, cspgen.write.write_output

    def note(stage: str, folder: Path) -> None:
        with log.open("a", encoding="utf-8") as file:  # one short append per line, so lines never mix
            file.write(f"{stage} {folder.parent.name}/{folder.name} {os.getpid()}\n")

    def watched_check(folder: Path, *args: Any, **options: Any) -> Any:
        note("start", folder)
        on_start(folder)
        return check(folder, *args, **options)

    def watched_write(out: Path, files: Any, clean: bool = False) -> str | None:
        before_write(out)
        unwritten = write_output(out, files, clean)
        note("written", out)
        after_write(out)
        return unwritten

    monkeypatch.setattr(cspgen.build, "check", watched_check)
    monkeypatch.setattr(cspgen.build, "write_output", watched_write)


def test_several_plans_build_at_once_and_report_in_the_order_given(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)  # a worker per plan, on any machine
    first, broken, last = plan(tmp_path, "c-first"), plan(tmp_path, "b-broken"), plan(tmp_path, "a-last")
    (broken / "plan.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    all_started = multiprocessing.Barrier(3, timeout=BOUND)
    last_written = multiprocessing.Event()

    def wait_for_the_others(folder: Path) -> None:
        all_started.wait()  # passes only once all three builds are running at the same time

    def first_waits_for_last(out: Path) -> None:
        if out.name == "c-first":
            assert last_written.wait(BOUND), "a-last was never written"

    def tell_first(out: Path) -> None:
        if out.name == "a-last":
            last_written.set()

    log = tmp_path / "log"
    watch_stages(monkeypatch, log, wait_for_the_others, first_waits_for_last, tell_first)

    result = cli("build", first, broken, last, "--format", "html,md")

    assert result.exit_code == 1, result.stderr
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert [folder for stage, folder, _ in lines if stage == "written"] == ["build/a-last", "build/c-first"]
    pids = {pid for _, _, pid in lines}
    assert len(pids) == 3 and str(os.getpid()) not in pids, "each plan in a worker process of its own"
    reports = [line.split(" (")[0] for line in result.stderr.splitlines() if "built" in line]
    assert reports == [
        f"{first}: built build/c-first",
        f"{broken}: not built",
        f"{last}: built build/a-last",
    ], "reported in the order given, not as finished"
    assert f"{broken / 'plan.yaml'}:2:1: YAML syntax" in result.stderr
    monkeypatch.undo()  # the builds alone, for comparison, run without the barrier
    monkeypatch.chdir(tmp_path)
    for name in ("c-first", "a-last"):
        alone = tmp_path / "alone" / name
        assert cli("build", tmp_path / name, "--out", alone, "--format", "html,md").exit_code == 0
        for output in ("index.html", "plan.md"):
            assert (tmp_path / "build" / name / output).read_bytes() == (alone / output).read_bytes()
    assert not (tmp_path / "build" / "b-broken").exists()


def test_plans_that_share_an_output_folder_are_built_one_after_the_other(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    earlier = plan(tmp_path / "x", "same", "Earlier Plan")
    later = plan(tmp_path / "y", "same", "Later Plan")
    log = tmp_path / "log"
    watch_stages(monkeypatch, log)
    assert cli("build", earlier, later, "--format", "html").exit_code == 0
    here = os.getpid()
    assert log.read_text(encoding="utf-8").splitlines() == [
        f"start x/same {here}",
        f"written build/same {here}",
        f"start y/same {here}",
        f"written build/same {here}",
    ], "one after the other, in the order given"
    page = (tmp_path / "build" / "same" / "index.html").read_text(encoding="utf-8")
    assert "Later Plan" in page and "Earlier Plan" not in page
