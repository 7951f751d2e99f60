from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cspgen.cli import app

from .builds import Builds

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """Every plan built at most once per session (per xdist worker), with every format."""
    return Builds(tmp_path_factory.mktemp("builds"))


@pytest.fixture
def minimal_plan(tmp_path: Path) -> Path:
    """A private copy of the minimal plan that a test may edit."""
    target = tmp_path / "plans" / "example"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


class Run:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


@pytest.fixture
def cli() -> Callable[..., Run]:
    def run(*args: str | Path) -> Run:
        runner = CliRunner()
        result = runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run
