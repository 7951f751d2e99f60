"""Stage 2: pydantic errors land on the YAML line, with messages an officer can act on."""

from __future__ import annotations

from pathlib import Path

from cspgen.plan.load import load_plan
from cspgen.plan.model import model_plan


def diagnostics_for(plan: Path) -> list[tuple[str, int, int, str, str, str]]:
    loaded, problems = load_plan(plan)
    assert loaded is not None and problems == []
    bundle, found = model_plan(loaded)
    assert bundle is None
    return [(Path(d.file).name, d.line, d.column, d.path, d.code, d.message) for d in found]


def test_unknown_field_names_the_field_and_suggests(minimal_plan: Path) -> None:
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text().replace("        lead:", "        leed:"))
    [found] = diagnostics_for(minimal_plan)
    assert found[:5] == (
        "01-anti-social-behaviour.yaml",
        7,
        9,
        "objectives[0].actions[0].leed",
        "unknown-field",
    )
    assert "did you mean `lead`?" in found[5]


def test_all_errors_of_all_files_in_one_run(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    text = (
        plan.read_text()
        .replace("area: Example district\n", "")
        .replace("status: published", "status: publishd")
    )
    plan.write_text(text.replace("period: {start: 2024, end: 2027}", "period: {start: 2024, end: 2020}"))
    (minimal_plan / "glossary.yaml").write_text("terms:\n  - ASB\n")
    found = diagnostics_for(minimal_plan)
    codes = sorted((name, code) for name, _, _, _, code, _ in found)
    assert codes == [
        ("glossary.yaml", "wrong-type"),
        ("plan.yaml", "bad-value"),
        ("plan.yaml", "invalid"),
        ("plan.yaml", "missing-field"),
    ]
    status = next(f for f in found if f[3] == "status")
    assert "did you mean `published`?" in status[5]
    assert next(f for f in found if f[3] == "period")[5] == "the period ends (2020) before it starts (2024)"


def test_union_tags_do_not_leak_into_paths(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    text = plan.read_text().replace(
        "    content: |\n      Example district has **three** towns.\n",
        "    content:\n      - table:\n          caption: Crime\n          columns: [{label: Year, typ: text}]\n",
    )
    plan.write_text(text)
    [found] = diagnostics_for(minimal_plan)
    assert found[3] == "sections[0].content[0].table.columns[0].typ"
    assert found[1:3] == (35, 35)
    assert "did you mean `type`?" in found[5]


def test_a_list_where_a_mapping_belongs(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text().replace("period: {start: 2024, end: 2027}", "period: [2024, 2027]"))
    found = diagnostics_for(minimal_plan)
    assert found[0][1:5] == (15, 9, "period", "wrong-type")
    assert "expected a mapping" in found[0][5] and "got a list" in found[0][5]
