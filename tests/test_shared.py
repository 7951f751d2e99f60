"""County-wide shared folders: merged into a plan, the plan's own entries winning."""

from __future__ import annotations

from pathlib import Path

from cspgen.build import validate


def share(plan: Path, partners: str = "", glossary: str = "") -> Path:
    shared = plan.parent / "_shared" / "county"
    shared.mkdir(parents=True)
    if partners:
        (shared / "partners.yaml").write_text(partners)
    if glossary:
        (shared / "glossary.yaml").write_text(glossary)
    text = (plan / "plan.yaml").read_text()
    (plan / "plan.yaml").write_text(text.replace("partnership:\n", "shared: [county]\npartnership:\n", 1))
    return shared


def test_shared_partners_and_glossary_merge_and_own_entries_win(minimal_plan: Path) -> None:
    share(
        minimal_plan,
        partners="partners:\n  - {id: Fire, name: County Fire Service}\n  - {id: Police, name: Shared Police}\n",
        glossary="terms:\n  CCTV: Closed Circuit Television\n",
    )
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text().replace("[Council, Police]", "[Council, Fire]"))
    bundle, found = validate(minimal_plan)
    assert found == [] and bundle is not None
    assert {p.id: p.name for p in bundle.partners}["Police"] == "Example Police"
    assert {p.id: p.name for p in bundle.partners}["Fire"] == "County Fire Service"
    assert sorted(bundle.glossary.terms) == ["ASB", "CCTV"]


def test_two_expansions_of_one_acronym_are_reported(minimal_plan: Path) -> None:
    share(minimal_plan, glossary="terms:\n  ASB: Antisocial Behaviour Team\n")
    bundle, found = validate(minimal_plan)
    assert bundle is not None
    [problem] = found
    assert (Path(problem.file).name, problem.line, problem.code, problem.severity.value) == (
        "glossary.yaml",
        2,
        "glossary-conflict",
        "warning",
    )
    assert bundle.glossary.terms["ASB"] == "Anti-Social Behaviour"


def test_missing_shared_folder_is_located(minimal_plan: Path) -> None:
    text = (minimal_plan / "plan.yaml").read_text()
    (minimal_plan / "plan.yaml").write_text(
        text.replace("partnership:\n", "shared: [nowhere]\npartnership:\n", 1)
    )
    _, found = validate(minimal_plan)
    assert [(d.line, d.column, d.path, d.code) for d in found] == [(2, 10, "shared[0]", "shared-missing")]


def test_shared_file_linking_outside_the_shared_folder_is_refused(minimal_plan: Path, tmp_path: Path) -> None:
    shared = share(minimal_plan, partners="partners: []\n")
    secret = tmp_path / "secret.yaml"
    secret.write_text("terms: {}\n")
    (shared / "glossary.yaml").symlink_to(secret)
    _, found = validate(minimal_plan)
    assert [(Path(d.file).name, d.code) for d in found] == [("glossary.yaml", "outside-plan")]


def test_a_placeholder_in_a_shared_file_is_reported_where_it_is_written(minimal_plan: Path) -> None:
    """The county's text is printed in the district's plan, so its example text must be replaced too."""
    shared = share(minimal_plan, partners='partners:\n  - {id: Fire, name: "[[Name of the fire service]]"}\n')
    _, found = validate(minimal_plan)
    assert [(Path(d.file).resolve(), d.line, d.column, d.path, d.code) for d in found] == [
        ((shared / "partners.yaml").resolve(), 2, 23, "partners[0].name", "placeholder")
    ]
