"""The police and crime plan in a plan's own documents: which one the partnership has regard to,
and under each priority the objectives it serves; and one police and crime plan per plan."""

from __future__ import annotations

from pathlib import Path

from cspgen.build import validate

from .running import Cli

PRIORITY = "priorities/01-anti-social-behaviour.yaml"
POLICE_PLAN = """\
title: Shire Police and Crime Plan 2024–2028
period: {start: 2024, end: 2028}
objectives:
  - {id: protect-vulnerable-people, title: Protect vulnerable people from harm}
  - {id: safer-roads, title: Make the roads safer}
  - {id: tackle-violence, title: Tackle violence in all its forms}
"""


def share_police_plan(plan: Path, *names: str) -> None:
    """Each named shared folder holds the police and crime plan, and the plan uses them all."""
    for name in names:
        folder = plan.parent / "_shared" / name
        folder.mkdir(parents=True)
        (folder / "police-and-crime-plan.yaml").write_text(POLICE_PLAN, encoding="utf-8")
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    shared = f"shared: [{', '.join(names)}]\n"
    (plan / "plan.yaml").write_text(
        text.replace("partnership:\n", shared + "partnership:\n", 1), encoding="utf-8"
    )


def serve(plan: Path, objectives: str) -> None:
    priority = plan / PRIORITY
    priority.write_text(priority.read_text(encoding="utf-8") + f"serves: {objectives}\n", encoding="utf-8")


def built_markdown(cli: Cli, plan: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = cli("build", plan, "--format", "md", "--out", out)
    assert result.exit_code == 0, result.stderr
    return (out / "plan.md").read_text(encoding="utf-8")


def test_the_plan_names_its_police_and_crime_plan_and_what_each_priority_serves(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    share_police_plan(minimal_plan, "shire")
    serve(minimal_plan, "[tackle-violence, protect-vulnerable-people]")
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    assert "- **Police and crime plan:** Shire Police and Crime Plan 2024–2028 (2024 to 2028)\n" in markdown
    assert (
        "Anti-Social Behaviour (ASB) incidents rose by 10% last year.\n\n"
        "Police and crime plan objectives this priority serves:\n\n"
        "- Tackle violence in all its forms\n"
        "- Protect vulnerable people from harm\n\n"
    ) in markdown
    assert "Make the roads safer" not in markdown


def test_a_police_and_crime_plan_without_years_is_named_by_its_title(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    plan = minimal_plan / "plan.yaml"
    own = "police_and_crime_plan:\n  title: Shire Police and Crime Plan\n  objectives:\n    - {id: a, title: A}\n"
    plan.write_text(plan.read_text(encoding="utf-8") + own, encoding="utf-8")
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    assert "- **Police and crime plan:** Shire Police and Crime Plan\n" in markdown


def test_numbered_objectives_are_shown_with_their_numbers(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    plan = minimal_plan / "plan.yaml"
    own = (
        "police_and_crime_plan:\n  title: Shire Police and Crime Plan\n  objectives:\n"
        '    - {id: "1", title: Keep people safe}\n    - {id: 2b, title: Cut crime}\n'
    )
    plan.write_text(plan.read_text(encoding="utf-8") + own, encoding="utf-8")
    serve(minimal_plan, '["2b", "1"]')
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    assert "- 2b: Cut crime\n- 1: Keep people safe\n" in markdown


def test_a_priority_that_only_serves_objectives_is_still_shown(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    text = (minimal_plan / "plan.yaml").read_text(encoding="utf-8")
    (minimal_plan / "plan.yaml").write_text(text.replace("  - generated: priorities\n", ""), encoding="utf-8")
    share_police_plan(minimal_plan, "shire")
    (minimal_plan / PRIORITY).write_text(
        "title: Reducing anti-social behaviour\nserves: [safer-roads]\n", encoding="utf-8"
    )
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    part = markdown[markdown.index("## Priorities\n") :]
    assert part == (
        "## Priorities\n\n"
        "### Priority 1: Reducing anti-social behaviour\n\n"
        "Police and crime plan objectives this priority serves:\n\n"
        "- Make the roads safer\n"
    )


def test_under_headings_the_objectives_served_come_last_under_their_own(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    share_police_plan(minimal_plan, "shire")
    serve(minimal_plan, "[safer-roads]")
    priority = minimal_plan / PRIORITY
    priority.write_text(priority.read_text(encoding="utf-8") + "outcomes:\n  - title: Fewer incidents\n")
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    assert (
        "#### What we expect to achieve\n\n- Fewer incidents\n\n"
        "#### Police and crime plan objectives this priority serves\n\n- Make the roads safer\n"
    ) in markdown


def test_two_shared_police_and_crime_plans_are_an_error_naming_both(minimal_plan: Path) -> None:
    share_police_plan(minimal_plan, "shire", "west")
    _, found = validate(minimal_plan)
    shared = minimal_plan.parent / "_shared"
    assert [(Path(d.file).name, d.line, d.column, d.path, d.code, d.severity.value) for d in found] == [
        ("plan.yaml", 2, 17, "shared[1]", "police-plan-shared-twice", "error")
    ]
    assert found[0].message == (
        "the shared folders `shire` and `west` each hold a police and crime plan "
        f"({shared / 'shire' / 'police-and-crime-plan.yaml'} and "
        f"{shared / 'west' / 'police-and-crime-plan.yaml'}); a partnership has regard to the one for its "
        "police area: keep it in one shared folder, or give this plan its own `police_and_crime_plan`"
    )


def test_a_plans_own_police_and_crime_plan_settles_which_applies(minimal_plan: Path) -> None:
    share_police_plan(minimal_plan, "shire", "west")
    plan = minimal_plan / "plan.yaml"
    own = "police_and_crime_plan:\n  title: Own plan\n  objectives:\n    - {id: own, title: Own}\n"
    plan.write_text(plan.read_text(encoding="utf-8") + own, encoding="utf-8")
    bundle, found = validate(minimal_plan)
    assert found == [] and bundle is not None and bundle.police_and_crime_plan is not None
    assert bundle.police_and_crime_plan.title == "Own plan"


def test_one_shared_folder_named_twice_is_one_police_and_crime_plan(minimal_plan: Path) -> None:
    share_police_plan(minimal_plan, "shire")
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("[shire]", "[shire, shire]"), encoding="utf-8")
    bundle, found = validate(minimal_plan)
    assert found == [] and bundle is not None and bundle.police_and_crime_plan is not None


def test_the_plan_renames_the_heading_of_the_objectives_served(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    share_police_plan(minimal_plan, "shire")
    serve(minimal_plan, "[safer-roads]")
    plan = minimal_plan / "plan.yaml"
    renamed = "priority_headings:\n  serves: How this helps the police and crime plan\n"
    plan.write_text(plan.read_text(encoding="utf-8") + renamed, encoding="utf-8")
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    assert "#### How this helps the police and crime plan\n\n- Make the roads safer\n" in markdown
    assert "this priority serves" not in markdown


def test_renaming_the_heading_when_no_priority_serves_an_objective_is_a_located_warning(
    minimal_plan: Path,
) -> None:
    plan = minimal_plan / "plan.yaml"
    before = plan.read_text(encoding="utf-8")
    plan.write_text(before + "priority_headings:\n  serves: Our part\n")
    _, found = validate(minimal_plan)
    line = len(before.splitlines()) + 2
    assert [(d.line, d.column, d.path, d.code) for d in found] == [
        (line, 3, "priority_headings.serves", "unused-heading")
    ]
