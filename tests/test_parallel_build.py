"""`cspgen build` of several plans runs them at once, yet reports and writes as if one by one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal"


def plan(root: Path, name: str, title: str = "Example Community Safety Partnership Plan") -> Path:
    folder = root / name
    shutil.copytree(FIXTURE, folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(
        text.replace("Example Community Safety Partnership Plan", title), encoding="utf-8"
    )
    return folder


def test_several_plans_report_in_the_order_given(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first, broken, last = plan(tmp_path, "c-first"), plan(tmp_path, "b-broken"), plan(tmp_path, "a-last")
    (broken / "plan.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = cli("build", first, broken, last, "--format", "html,md")
    assert result.exit_code == 1
    messages = [line.split(":")[0] for line in result.stderr.splitlines() if "built" in line]
    assert messages == [str(first), str(broken), str(last)]
    assert f"{broken / 'plan.yaml'}:2:1: YAML syntax" in result.stderr
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
    assert cli("build", earlier, later, "--format", "html").exit_code == 0
    page = (tmp_path / "build" / "same" / "index.html").read_text(encoding="utf-8")
    assert "Later Plan" in page and "Earlier Plan" not in page
