"""cspgen rollover: next year's refresh opened, comments kept, nothing unwritten published silently."""

from __future__ import annotations

import json
from pathlib import Path

from .running import Cli

PRIORITY = "priorities/01-anti-social-behaviour.yaml"


def with_meetings_to_date(plan: Path) -> None:
    """The refresh is a draft, judged as of the test day (June 2026): it has held that year's meetings."""
    yaml = plan / "plan.yaml"
    held = "  - {date: 2024-03, what: Public meeting on the draft plan}\n"
    text = yaml.read_text(encoding="utf-8")
    assert held in text
    more = "  - {date: 2025-03, what: Public meeting}\n  - {date: 2026-03, what: Public meeting}\n"
    yaml.write_text(text.replace(held, held + more), encoding="utf-8")


def test_rollover_opens_the_new_year_in_every_action(cli: Cli, minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text("# Owned by the ASB group.\n" + priority.read_text(), encoding="utf-8")
    result = cli("rollover", minimal_plan, "--year", "2025")
    assert result.exit_code == 0, result.stderr
    assert "2025-26 opened in 1 action; 0 figures marked to update; status set to draft" in result.stderr
    text = priority.read_text(encoding="utf-8")
    assert text.startswith("# Owned by the ASB group.\n")
    assert (
        "          - period: 2024-25\n"
        "            text: Four events were held.\n"
        "          - period: 2025-26\n"
        "            status: to-write\n"
        '            text: ""\n'
    ) in text
    assert "status: draft\n" in (minimal_plan / "plan.yaml").read_text(encoding="utf-8")


def test_validate_warns_until_the_update_is_written(cli: Cli, minimal_plan: Path) -> None:
    with_meetings_to_date(minimal_plan)
    assert cli("rollover", minimal_plan, "--year", "2025").exit_code == 0
    found = cli("validate", minimal_plan, "--report", "json")
    assert found.exit_code == 0
    (warning,) = json.loads(found.stdout)
    assert warning["code"] == "unwritten-update"
    assert warning["path"] == "objectives[0].actions[0].progress[1]"
    assert (warning["line"], warning["severity"]) == (11, "warning")
    assert cli("validate", minimal_plan, "--strict").exit_code == 1
    priority = minimal_plan / PRIORITY
    text = priority.read_text(encoding="utf-8").replace('text: ""', "text: Six events were held.")
    priority.write_text(text, encoding="utf-8")
    half = json.loads(cli("validate", minimal_plan, "--report", "json").stdout)
    assert "remove `status: to-write`" in half[0]["message"]
    priority.write_text(text.replace("            status: to-write\n", ""), encoding="utf-8")
    assert cli("validate", minimal_plan, "--strict").exit_code == 0


def test_rollover_twice_opens_nothing_more(cli: Cli, minimal_plan: Path) -> None:
    assert cli("rollover", minimal_plan, "--year", "2025").exit_code == 0
    before = (minimal_plan / PRIORITY).read_text(encoding="utf-8")
    again = cli("rollover", minimal_plan, "--year", "2025")
    assert again.exit_code == 0
    assert "opened in 0 actions (1 already had it)" in again.stderr
    assert (minimal_plan / PRIORITY).read_text(encoding="utf-8") == before


def test_the_period_is_written_as_the_plan_writes_it(cli: Cli, minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text(priority.read_text().replace("period: 2024-25", "period: 2024"), encoding="utf-8")
    assert cli("rollover", minimal_plan, "--year", "2025").exit_code == 0
    assert '          - period: "2025"\n            status: to-write\n' in priority.read_text()
    assert cli("rollover", minimal_plan, "--year", "2026", "--period", "Q1 2026").exit_code == 0
    assert "          - period: Q1 2026\n" in priority.read_text()


def test_figures_carried_forward_are_marked_and_reported(cli: Cli, minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text(
        priority.read_text()
        + "measures:\n  - title: ASB incidents\n    actuals:  # from police data\n"
        + "      - {period: 2024, value: 980}\n"
        + "why:\n  - Incidents rose.\n  - table:\n      caption: Incidents\n      columns:\n"
        + "        - label: Year\n        - label: Incidents\n          type: number\n"
        + "      rows:\n        - [2024, 980]\n",
        encoding="utf-8",
    )
    text = priority.read_text().replace("why: ASB incidents rose by 10% last year.\n", "")
    priority.write_text(text, encoding="utf-8")
    result = cli("rollover", minimal_plan, "--year", "2025")
    assert result.exit_code == 0, result.stderr
    assert "2 figures marked to update" in result.stderr
    text = priority.read_text()
    assert "    actuals:  # cspgen: to update for 2025-26 # from police data\n" in text
    assert "  - table:  # cspgen: to update for 2025-26\n" in text
    codes = [d["code"] for d in json.loads(cli("validate", minimal_plan, "--report", "json").stdout)]
    assert codes.count("figures-to-update") == 2


def test_a_chart_in_a_subsection_of_the_plan_is_marked(cli: Cli, minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(
        plan.read_text()
        + "  - title: Trends\n    subsections:\n      - title: Incidents\n        content:\n"
        + "          - chart:\n              title: Incidents\n              categories: [2024]\n"
        + "              series: [{label: All, values: [980]}]\n",
        encoding="utf-8",
    )
    result = cli("rollover", minimal_plan, "--year", "2025")
    assert result.exit_code == 0, result.stderr
    assert "1 figure marked to update" in result.stderr
    assert "          - chart:  # cspgen: to update for 2025-26\n" in plan.read_text()


def test_key_figures_are_marked_as_carried_forward(cli: Cli, minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(
        plan.read_text()
        + "  - title: In figures\n    content:\n      - key_figures:\n          figures:\n"
        + "            - {label: Licensed premises, value: 212, period: 2024}\n",
        encoding="utf-8",
    )
    result = cli("rollover", minimal_plan, "--year", "2025")
    assert result.exit_code == 0, result.stderr
    assert "1 figure marked to update" in result.stderr
    assert "      - key_figures:  # cspgen: to update for 2025-26\n" in plan.read_text()


def test_a_year_before_the_latest_update_is_refused(cli: Cli, minimal_plan: Path) -> None:
    result = cli("rollover", minimal_plan, "--year", "2023", "--report", "github")
    assert result.exit_code == 1
    assert "title=rollover-year::progress updates already reach 2024" in result.stdout
    assert "period: 2023" not in (minimal_plan / PRIORITY).read_text()


def test_an_invalid_plan_is_not_rolled_over(cli: Cli, minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text(priority.read_text().replace("lead:", "leed:"), encoding="utf-8")
    before = priority.read_text()
    result = cli("rollover", minimal_plan, "--year", "2025")
    assert result.exit_code == 1
    assert "unknown field `leed`" in result.stderr
    assert priority.read_text() == before


def test_check_and_build_report_json_and_github(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    """Every command that reports problems can report them as JSON alone on stdout, or as annotations."""
    with_meetings_to_date(minimal_plan)
    assert cli("rollover", minimal_plan, "--year", "2025").exit_code == 0
    checked = cli("check", minimal_plan, "--report", "json")
    assert [d["code"] for d in json.loads(checked.stdout)["diagnostics"]] == ["unwritten-update"]
    built = cli("build", minimal_plan, "--format", "html", "--out", tmp_path / "out", "--report", "json")
    assert [d["code"] for d in json.loads(built.stdout)] == ["unwritten-update"]
    annotated = cli(
        "build", minimal_plan, "--format", "html", "--out", tmp_path / "out", "--report", "github"
    )
    assert annotated.stdout.startswith(
        f"::warning file={minimal_plan / PRIORITY},line=11,col=13,title=unwritten-update::"
    )


def test_rollover_of_a_real_plan_only_adds_lines(cli: Cli, tmp_path: Path) -> None:
    """Comments and layout are kept: the only lines changed are the status and the figure markers."""
    import difflib
    import shutil

    root = Path(__file__).resolve().parent.parent / "plans"
    shutil.copytree(root / "bolsover-2020", tmp_path / "plans" / "bolsover-2020")
    shutil.copytree(root / "_shared", tmp_path / "plans" / "_shared")
    plan = tmp_path / "plans" / "bolsover-2020"
    before = {path: path.read_text(encoding="utf-8") for path in plan.rglob("*.yaml")}
    assert cli("rollover", plan, "--year", "2021").exit_code == 0
    removed = []
    for path, text in before.items():
        after = path.read_text(encoding="utf-8").splitlines()
        for line in difflib.ndiff(text.splitlines(), after):
            if line.startswith("- "):
                removed.append(line[2:].strip())
    assert sorted(removed) == ["- chart:", "- table:", "status: published"]
    assert cli("fmt", "--check", plan).exit_code == 0
