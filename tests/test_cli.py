"""The command line: help, version, exit codes and report formats."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cspgen import __version__
from cspgen.writers.files import OUTPUT_NAMES

from .running import Run
from .test_diff import git

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
    result = cli("validate", "--report", "json", minimal_plan)
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["line"] == 2 and problem["severity"] == "error" and problem["path"] == "terms.ASB"


def test_github_report(cli: Cli, minimal_plan: Path) -> None:
    (minimal_plan / "glossary.yaml").write_text("terms:\n  ASB: [x]\n")
    result = cli("validate", "--report", "github", minimal_plan)
    assert result.stdout.startswith(f"::error file={minimal_plan / 'glossary.yaml'},line=2,col=8,")


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--format", "pdfx", "PLAN"),
        ("build", "no/such/plan"),
        ("validate", "no/such/plan"),
        ("validate", "--report", "xml", "PLAN"),
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


def test_new_plan_validates_and_builds_but_not_strictly(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its placeholders are warnings: the draft builds for a preview, and `--strict` (CI) refuses it."""
    monkeypatch.chdir(tmp_path)
    assert cli("new", "plans/new-district-2026").exit_code == 0
    plan = tmp_path / "plans" / "new-district-2026"
    text = (plan / "plan.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/plan.schema.json\n")
    assert 'title: "[[Title of the plan, e.g. Ashfield Community Safety Partnership Plan]]"' in text
    assert "period:" in text and "start: 2026" in text and "end: 2029" in text
    priority = next((plan / "priorities").iterdir()).read_text()
    assert priority.startswith("# yaml-language-server: $schema=../../../schemas/priority.schema.json\n")
    assert (tmp_path / "schemas" / "plan.schema.json").exists()
    assert cli("validate", plan).exit_code == 0
    assert cli("validate", "--strict", plan).exit_code == 1
    assert cli("build", plan).exit_code == 0
    assert (tmp_path / "build" / "new-district-2026" / "index.html").exists()


def test_new_refuses_a_non_empty_folder(cli: Cli, minimal_plan: Path) -> None:
    assert cli("new", minimal_plan).exit_code == 2


def test_check_reports_each_strand_by_the_law_in_force(cli: Cli, minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text().replace("{start: 2024, end: 2027}", "{start: 2006, end: 2008}"))
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(
        re.sub(r"strands: \[.*\]", "strands: [crime-and-disorder, reoffending]", priority.read_text())
    )
    result = cli("check", minimal_plan)
    assert result.exit_code == 0
    assert result.stdout.startswith(
        f"{minimal_plan}: what the law asks of this partnership-plan, 2006–2008, in England\n"
        "  met: crime-and-disorder (required): a strategy for the reduction of crime and disorder, "
        "including anti-social behaviour\n"
        "    Crime and Disorder Act 1998 s.6(1)(a), in force from 30 September 1998\n"
        "    “a strategy for the reduction of crime and disorder in the area (including anti-social and "
        "other behaviour adversely affecting the local environment)”\n"
        "    shown at priorities/01-anti-social-behaviour.yaml:11 (strands[0])\n"
        "  NOT SHOWN: substance-misuse (required): a strategy for combating the misuse of drugs, alcohol "
        "and other substances\n"
        "    Crime and Disorder Act 1998 s.6(1)(b), as substituted by the Police and Justice Act 2006, "
        "in force from 1 August 2007\n"
    )
    assert (
        "  not applicable: reoffending: a strategy for the reduction of re-offending\n"
        "    Crime and Disorder Act 1998 s.6(1)(c), added by the Policing and Crime Act 2009 s.108, "
        "not in force in 2006–2008: in force from 1 April 2010\n"
    ) in result.stdout
    assert "in force from 1 August 2007); add `substance-misuse`" in result.stderr


def test_check_as_json_holds_every_verdict_and_the_problems(cli: Cli, minimal_plan: Path) -> None:
    result = cli("check", minimal_plan, "--report", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["diagnostics"] == []
    (plan,) = document["plans"]
    assert {key: plan[key] for key in ("plan", "kind", "period", "nation")} == {
        "plan": str(minimal_plan),
        "kind": "partnership-plan",
        "period": {"start": 2024, "end": 2027},
        "nation": "england",
    }
    duties = {duty["id"]: duty for duty in plan["duties"]}
    crime = duties["crime-and-disorder"]
    assert (crime["verdict"], crime["source"]) == ("met", "Crime and Disorder Act 1998 s.6(1)(a)")
    assert crime["shown_at"] == ["priorities/01-anti-social-behaviour.yaml:11 (strands[0])"]
    assert duties["responsible-health-ccg"]["verdict"] == "not applicable"
    not_shown = [duty for duty in plan["duties"] if duty["verdict"] == "not shown"]
    assert not_shown and all(duty["would_be_shown_by"] for duty in not_shown)
    contents = duties["partnership-plan-contents"]  # partly shown: what the plan records towards it
    assert contents["shown_at"] == ["priorities/01-anti-social-behaviour.yaml:1 (title)"]
    assert contents["would_be_shown_by"][0] == "`resources` in plan.yaml"
    assert duties["consultation-and-meetings"]["lacking"] == []
    assert "what the law asks" not in result.stdout + result.stderr


REPORTING_COMMANDS = {
    "validate": ("validate", "PLAN"),
    "check": ("check", "PLAN"),
    "build": ("build", "PLAN", "--out", "OUT"),
    "fmt": ("fmt", "PLAN"),
    "rollover": ("rollover", "PLAN", "--year", "2025"),
    "diff": ("diff", "PLAN"),
}


@pytest.fixture
def duplicate_key(minimal_plan: Path) -> Path:
    """The minimal plan, committed to git, then given a glossary key twice: a problem every command reports."""
    root = minimal_plan.parent.parent
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "plan")
    glossary = minimal_plan / "glossary.yaml"
    glossary.write_text("terms:\n  ASB: Anti-Social Behaviour\n  ASB: again\n")
    return glossary


def _command(name: str, plan: Path, out: Path) -> list[str | Path]:
    swap: dict[str, str | Path] = {"PLAN": plan, "OUT": out}
    return [swap.get(arg, arg) for arg in REPORTING_COMMANDS[name]]


@pytest.mark.parametrize("name", REPORTING_COMMANDS)
def test_every_reporting_command_chooses_its_report_with_report(
    cli: Cli, minimal_plan: Path, duplicate_key: Path, tmp_path: Path, name: str
) -> None:
    command = _command(name, minimal_plan, tmp_path / "out")
    located = f"{duplicate_key}:3:3: terms.ASB: duplicate key `ASB`"
    text = cli(*command, "--report", "text")
    assert text.exit_code == 1
    assert located in text.stderr and located not in text.stdout
    reported = json.loads(cli(*command, "--report", "json").stdout)
    [problem] = reported["diagnostics"] if name == "check" else reported  # check adds its verdicts
    assert (problem["file"], problem["line"], problem["column"]) == (str(duplicate_key), 3, 3)
    assert problem["code"] == "duplicate-key"
    github = [
        line for line in cli(*command, "--report", "github").stdout.splitlines() if line.startswith("::")
    ]
    assert len(github) == 1
    assert github[0].startswith(f"::error file={duplicate_key},line=3,col=3,title=duplicate-key::terms.ASB: ")


@pytest.mark.parametrize("name", ["validate", "check", "fmt", "rollover"])
def test_format_is_never_the_report(cli: Cli, minimal_plan: Path, tmp_path: Path, name: str) -> None:
    result = cli(*_command(name, minimal_plan, tmp_path / "out"), "--format", "json")
    assert result.exit_code == 2
    assert "No such option: --format" in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["build", "site"])
def test_format_help_names_every_format(cli: Cli, command: str) -> None:
    shown = " ".join(cli(command, "--help").stdout.split())
    formats = re.search(r"Comma-separated output formats: ([a-z, ]+)\.", shown)
    assert formats is not None, shown
    assert formats.group(1).split(", ") == list(OUTPUT_NAMES)
