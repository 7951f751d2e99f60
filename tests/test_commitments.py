"""Priorities told as most plans tell them: what it means, why, the response, commitments and
outcomes under headings; numbering the plan's choice; an action plan with nothing invented."""

from __future__ import annotations

from pathlib import Path

from cspgen.build import validate

from .running import Cli

PRIORITY = "priorities/01-anti-social-behaviour.yaml"

COMMITMENTS_ONLY = """\
title: Reducing anti-social behaviour
commitments:
  - title: Run **awareness** events in every town
outcomes:
  - title: Fewer incidents reported
"""


def built_markdown(cli: Cli, plan: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = cli("build", plan, "--format", "md", "--out", out)
    assert result.exit_code == 0, result.stderr
    return (out / "plan.md").read_text(encoding="utf-8")


def unplace_parts(plan: Path) -> None:
    """Leave the generated parts to cspgen: each is added only when it has something to show."""
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("  - generated: priorities\n", "").replace("  - generated: action-plan\n", "")
    (plan / "plan.yaml").write_text(text, encoding="utf-8")


def test_commitments_and_outcomes_alone_make_a_priorities_part_and_no_action_plan(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    unplace_parts(minimal_plan)
    (minimal_plan / PRIORITY).write_text(COMMITMENTS_ONLY, encoding="utf-8")
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    part = markdown[markdown.index("## Priorities\n") :]
    assert part.split("\n## ")[0] == (
        "## Priorities\n\n"
        "### Priority 1: Reducing anti-social behaviour\n\n"
        "#### What we will do\n\n"
        "- Run **awareness** events in every town\n\n"
        "#### What we expect to achieve\n\n"
        "- Fewer incidents reported\n"
    )
    assert "Action plan" not in markdown


def test_the_plan_renames_the_headings_and_turns_numbering_off(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + "priority_numbering: false\npriority_headings:\n  why: The evidence\n",
        encoding="utf-8",
    )
    (minimal_plan / "priorities" / "02-fires.yaml").write_text(
        "title: Fewer deliberate fires\nlabel: Cross-cutting theme\n", encoding="utf-8"
    )
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    assert (
        "### Reducing anti-social behaviour\n\n#### The evidence\n\n"
        "Anti-Social Behaviour (ASB) incidents rose by 10% last year.\n\n"
        "### Cross-cutting theme: Fewer deliberate fires\n"
    ) in markdown
    assert "**Action plan for Reducing anti-social behaviour**" in markdown
    assert "Priority 1" not in markdown


def test_an_empty_label_heads_that_priority_with_its_title_alone(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text('label: ""\n' + priority.read_text(encoding="utf-8"), encoding="utf-8")
    (minimal_plan / "priorities" / "02-fires.yaml").write_text(
        "title: Fewer deliberate fires\nwhy: Fires fell.\n", encoding="utf-8"
    )
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    assert "### Reducing anti-social behaviour\n" in markdown
    assert "### Priority 2: Fewer deliberate fires\n" in markdown


def test_the_action_plan_invents_nothing_and_leaves_out_columns_nobody_fills(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8") + "action_plan:\n  columns:\n    objective: Aim\n", encoding="utf-8"
    )
    (minimal_plan / PRIORITY).write_text(
        "title: Reducing anti-social behaviour\n"
        "objectives:\n"
        "  - title: Increase awareness of how to report it\n"
        "    actions:\n"
        "      - title: Run awareness events\n"
        "  - title: Patrol the hotspots\n",
        encoding="utf-8",
    )
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    assert (
        "| Aim | Action |\n"
        "| --- | --- |\n"
        "| Increase awareness of how to report it | Run awareness events |\n"
        "| Patrol the hotspots |   |\n"
    ) in markdown
    assert "No actions yet" not in markdown


def test_a_heading_renamed_for_a_part_no_priority_has_is_a_located_warning(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8") + "priority_headings:\n  why: The evidence\n  outcomes: Results\n",
        encoding="utf-8",
    )
    _, found = validate(minimal_plan)
    assert [(d.line, d.column, d.path, d.code, d.severity.value, d.message) for d in found] == [
        (
            39,
            3,
            "priority_headings.outcomes",
            "unused-heading",
            "warning",
            "`priority_headings.outcomes` is never shown: no priority has `outcomes`; "
            "remove it, or give a priority its `outcomes`",
        )
    ]


def test_a_commitment_id_used_twice_is_an_error_at_the_second(minimal_plan: Path) -> None:
    (minimal_plan / PRIORITY).write_text(
        "title: Reducing anti-social behaviour\n"
        "commitments:\n"
        "  - {id: events, title: Run awareness events}\n"
        "outcomes:\n"
        "  - {id: events, title: More people know how to report it}\n",
        encoding="utf-8",
    )
    _, found = validate(minimal_plan)
    assert [(d.line, d.path, d.code, d.message) for d in found if d.code == "duplicate-id"] == [
        (5, "outcomes[0].id", "duplicate-id", "id `events` is also used in 01-anti-social-behaviour.yaml")
    ]


def test_rollover_marks_a_table_in_the_response_and_leaves_commitments_as_written(
    cli: Cli, minimal_plan: Path
) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text(
        COMMITMENTS_ONLY
        + "response:\n  - We patrol the hotspots.\n  - table:\n      caption: Patrols\n      columns:\n"
        + "        - label: Year\n        - label: Patrols\n          type: number\n"
        + "      rows:\n        - [2024, 120]\n",
        encoding="utf-8",
    )
    result = cli("rollover", minimal_plan, "--year", "2025")
    assert result.exit_code == 0, result.stderr
    assert "0 actions; 1 figure marked to update" in result.stderr
    text = priority.read_text(encoding="utf-8")
    assert "  - table:  # cspgen: to update for 2025-26\n" in text
    assert text.startswith(COMMITMENTS_ONLY)
