"""The police and crime plan in a plan's own documents: which one the partnership has regard to,
and under each priority the objectives it serves; and one police and crime plan per plan."""

from __future__ import annotations

from pathlib import Path

from cspgen.build import validate

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
