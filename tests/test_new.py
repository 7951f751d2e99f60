"""`cspgen new` writes every file it promises or none, and says why when it cannot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .running import Run

Cli = Callable[..., Run]
ROOT = Path(__file__).resolve().parent.parent


def everything_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_a_folder_that_is_a_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plan").write_text("mine")
    result = cli("new", tmp_path / "plan", "--schemas", tmp_path / "schemas")
    assert result.exit_code == 2
    assert f"{tmp_path / 'plan'} is a file" in result.stderr
    assert (tmp_path / "plan").read_text() == "mine"
    assert everything_under(tmp_path) == [tmp_path / "plan"]


def test_a_folder_inside_a_file_is_a_usage_error_and_nothing_is_created(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plans").write_text("mine")
    result = cli("new", tmp_path / "plans" / "district-2026", "--schemas", tmp_path / "schemas")
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Not a directory; nothing was created" in result.stderr
    assert "created" not in result.stderr.replace("nothing was created", "")
    assert everything_under(tmp_path) == [tmp_path / "plans"]


def test_schemas_that_is_a_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "schemas").write_text("mine")
    result = cli("new", tmp_path / "district-2026", "--schemas", tmp_path / "schemas")
    assert result.exit_code == 2
    assert "--schemas" in result.stderr and "is a file" in result.stderr
    assert everything_under(tmp_path) == [tmp_path / "schemas"]


def test_a_failure_after_the_plan_files_takes_them_away_again(cli: Cli, tmp_path: Path) -> None:
    """The schemas are written last: when they cannot be, the plan written before them goes too."""
    (tmp_path / "shared").write_text("mine")
    (tmp_path / "plans").mkdir()
    result = cli("new", tmp_path / "plans" / "district-2026", "--schemas", tmp_path / "shared" / "schemas")
    assert result.exit_code == 2
    assert "nothing was created" in result.stderr
    assert "created " not in result.stderr
    assert everything_under(tmp_path) == [tmp_path / "plans", tmp_path / "shared"]


def test_an_empty_existing_folder_is_filled_and_kept(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "district-2026").mkdir()
    result = cli("new", tmp_path / "district-2026", "--schemas", tmp_path / "schemas")
    assert result.exit_code == 0, result.stderr
    created = [
        line.removeprefix("created ") for line in result.stderr.splitlines() if line.startswith("created ")
    ]
    assert created and all(Path(path).is_file() for path in created)
    assert sorted(Path(path) for path in created) == [
        path for path in everything_under(tmp_path) if path.is_file()
    ]


@pytest.mark.parametrize("scaffold", ["missing", "empty"])
def test_an_installation_without_plan_templates_says_so_and_creates_nothing(
    tmp_path: Path, scaffold: str
) -> None:
    """As when the templates were left out of the wheel: `new` once claimed success and wrote no plan."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "cspgen", site / "cspgen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(site / "cspgen" / "commands" / "templates")
    if scaffold == "empty":
        (site / "cspgen" / "commands" / "templates").mkdir()
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    found = subprocess.run(
        [sys.executable, "-c", "import cspgen; print(cspgen.__file__)"],
        cwd=work, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert Path(found.stdout.strip()).is_relative_to(site)
    result = subprocess.run(
        [sys.executable, "-m", "cspgen", "new", "plans/district-2026"],
        cwd=work, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 3
    assert "this installation of cspgen has no plan templates" in result.stderr
    assert "Traceback" not in result.stderr and "created" not in result.stderr
    assert everything_under(work) == []
