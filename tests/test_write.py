"""Stage 5: all files or none, swapped in at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cspgen.write import MANIFEST, write_output


def test_writes_text_and_bytes_into_a_new_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert write_output(out, {"index.html": "<p>é</p>\n", "plan.pdf": b"%PDF-1.7"}) is None
    assert (out / "index.html").read_bytes() == "<p>é</p>\n".encode()
    assert (out / "plan.pdf").read_bytes() == b"%PDF-1.7"


def test_replaces_the_previous_output_whole(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_output(out, {"index.html": "old", "plan.md": "old"})
    write_output(out, {"index.html": "new"})
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "index.html"]
    assert (out / "index.html").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_failed_write_leaves_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    write_output(out, {"index.html": "old"})

    def refuse(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", refuse)
    problem = write_output(out, {"index.html": "new", "plan.pdf": b"x"})
    monkeypatch.undo()
    assert problem is not None and "No space left on device" in problem
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "index.html"]
    assert (out / "index.html").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_the_manifest_names_only_what_the_last_build_wrote_and_stays_in_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from another folder, as `cspgen build` is: nothing lands beside the user, and a third build
    still knows which files the second one left."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = tmp_path / "site"
    for files in ({"index.html": "1", "plan.md": "1"}, {"index.html": "2"}, {"plan.md": "3"}):
        assert write_output(out, dict(files)) is None
        listed = (out / MANIFEST).read_text(encoding="utf-8").splitlines()[1:]
        assert listed == sorted(files) and sorted(p.name for p in out.iterdir()) == sorted([MANIFEST, *files])
    assert list(elsewhere.iterdir()) == []
