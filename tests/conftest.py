from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cspgen.build import FORMATS
from cspgen.cli import app

from .builds import Builds
from .running import Cli, Run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")
    parser.addoption(
        "--without-pdf",
        action="store_true",
        help="build no PDFs (as `make mutate` runs): PDF goldens and tests marked pdf are skipped, the rest run",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--without-pdf"):
        return
    skip = pytest.mark.skip(reason="--without-pdf")
    for item in items:
        if "pdf" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def fresh_caches() -> None:
    """Empty cspgen's functools caches when a session starts.

    mutmut forks every mutant's session from a process that already ran the suite once; a result
    cached there would answer for the mutated function and hide the mutant.
    """
    for name, module in list(sys.modules.items()):
        if name == "cspgen" or name.startswith("cspgen."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


TODAY = "1780272000"  # 1 June 2026: the day every test's commands run, whatever the clock says


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The law's yearly duties of an unpublished plan are judged as of the day the command runs
    (cli/common.py `today`): fixed here, so a verdict never changes with the date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY)


@pytest.fixture(scope="session")
def formats(request: pytest.FixtureRequest) -> tuple[str, ...]:
    """Every output format, less PDF under --without-pdf (WeasyPrint takes seconds a plan)."""
    without_pdf = request.config.getoption("--without-pdf")
    return tuple(name for name in FORMATS if not (without_pdf and name == "pdf"))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory, formats: tuple[str, ...]) -> Builds:
    """Every plan built at most once per session (per xdist worker), with every format."""
    return Builds(tmp_path_factory.mktemp("builds"), formats)


@pytest.fixture
def minimal_plan(tmp_path: Path) -> Path:
    """A private copy of the minimal plan that a test may edit."""
    target = tmp_path / "plans" / "example"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture
def cli() -> Cli:
    def run(*args: str | Path) -> Run:
        runner = CliRunner()
        result = runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run
