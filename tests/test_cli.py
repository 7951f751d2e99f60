"""The command line: help, version, exit codes and report formats."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cspgen import __version__

from .conftest import Run

Cli = Callable[..., Run]


def test_version_and_help(cli: Cli) -> None:
    assert cli("--version").stdout.strip() == f"cspgen {__version__}"
    assert "build" in cli("--help").stdout and "validate" in cli("--help").stdout
    for command in ("build", "validate", "schema"):
        result = cli(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_validate_valid_plan_exits_0(cli: Cli, minimal_plan: Path) -> None:
    result = cli("validate", minimal_plan)
    assert result.exit_code == 0
    assert "1 plan checked: 0 errors, 0 warnings; valid" in result.stderr


def test_validate_every_plan_under_plans(
    cli: Cli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_plan.parent.parent)
    assert cli("validate").exit_code == 0


def test_validate_invalid_plan_exits_1_with_located_errors(cli: Cli, minimal_plan: Path) -> None:
    (minimal_plan / "glossary.yaml").write_text("terms:\n  ASB: Anti-Social Behaviour\n  ASB: again\n")
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    expected = f"{minimal_plan / 'glossary.yaml'}:3:3: terms.ASB: duplicate key `ASB`"
    assert expected in result.stderr


def test_json_report(cli: Cli, minimal_plan: Path) -> None:
    (minimal_plan / "glossary.yaml").write_text("terms:\n  ASB: [x]\n")
    result = cli("validate", "--format", "json", minimal_plan)
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["line"] == 2 and problem["severity"] == "error" and problem["path"] == "terms.ASB"


def test_github_report(cli: Cli, minimal_plan: Path) -> None:
    (minimal_plan / "glossary.yaml").write_text("terms:\n  ASB: [x]\n")
    result = cli("validate", "--format", "github", minimal_plan)
    assert result.stdout.startswith(f"::error file={minimal_plan / 'glossary.yaml'},line=2,col=8,")


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--format", "pdfx", "PLAN"),
        ("build", "no/such/plan"),
        ("validate", "no/such/plan"),
        ("validate", "--format", "xml", "PLAN"),
        ("build", "--bogus", "PLAN"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2(cli: Cli, minimal_plan: Path, args: tuple[str, ...]) -> None:
    result = cli(*[minimal_plan if arg == "PLAN" else arg for arg in args])
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr


def test_build_writes_both_formats_to_default_folder(
    cli: Cli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_plan.parent.parent)
    result = cli("build", "plans/example")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in Path("build/example").iterdir())
    assert names == [".cspgen-build", "index.html", "plan.md"]


def test_build_one_format(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    result = cli("build", minimal_plan, "--out", tmp_path / "out", "--format", "md")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".cspgen-build", "plan.md"]


def test_schema_check_passes_on_the_committed_schemas(cli: Cli) -> None:
    root = Path(__file__).resolve().parent.parent
    result = cli("schema", "--check", "--out", root / "schemas")
    assert result.exit_code == 0, f"schemas are stale; run `make schema`\n{result.stderr}"


def test_schema_check_detects_staleness(cli: Cli, tmp_path: Path) -> None:
    assert cli("schema", "--out", tmp_path).exit_code == 0
    (tmp_path / "plan.schema.json").write_text("{}")
    assert cli("schema", "--check", "--out", tmp_path).exit_code == 1


def test_docs_reference_is_current(cli: Cli) -> None:
    root = Path(__file__).resolve().parent.parent
    result = cli("docs", "--check", "--out", root / "docs")
    assert result.exit_code == 0, f"docs/reference.md is stale; run `cspgen docs`\n{result.stderr}"


def test_new_plan_validates_strictly_and_builds(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("new", "plans/new-district-2026").exit_code == 0
    plan = tmp_path / "plans" / "new-district-2026"
    text = (plan / "plan.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/plan.schema.json\n")
    assert 'title: "New District Community Safety Partnership Plan 2026–2029"' in text
    priority = next((plan / "priorities").iterdir()).read_text()
    assert priority.startswith("# yaml-language-server: $schema=../../../schemas/priority.schema.json\n")
    assert (tmp_path / "schemas" / "plan.schema.json").exists()
    assert cli("validate", "--strict", plan).exit_code == 0
    assert cli("build", plan).exit_code == 0
    assert (tmp_path / "build" / "new-district-2026" / "index.html").exists()


def test_new_refuses_a_non_empty_folder(cli: Cli, minimal_plan: Path) -> None:
    assert cli("new", minimal_plan).exit_code == 2
