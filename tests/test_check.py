"""Stage 3: cross-references across the plan's files."""

from __future__ import annotations

from pathlib import Path

from cspgen.build import validate


def test_unknown_lead_partner_is_located_with_a_suggestion(minimal_plan: Path) -> None:
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text().replace("[Council, Police]", "[Council, Polise]"))
    bundle, found = validate(minimal_plan)
    assert bundle is not None
    [problem] = found
    assert (problem.line, problem.column, problem.path, problem.code) == (
        7,
        25,
        "objectives[0].actions[0].lead[1]",
        "unknown-partner",
    )
    assert "did you mean `Police`?" in problem.message


def test_duplicate_ids_and_parts(minimal_plan: Path) -> None:
    priorities = minimal_plan / "priorities"
    (priorities / "02-again.yaml").write_text("title: Again\nid: anti-social-behaviour\n")
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text() + "  - generated: glossary\n")
    _, found = validate(minimal_plan)
    assert sorted((Path(d.file).name, d.code) for d in found) == [
        ("02-again.yaml", "duplicate-id"),
        ("plan.yaml", "duplicate-part"),
    ]


def test_empty_generated_part_is_a_warning(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text() + "  - generated: definitions\n")
    _, found = validate(minimal_plan)
    assert [(d.line, d.path, d.code, d.severity.value) for d in found] == [
        (37, "sections[4].generated", "empty-part", "warning")
    ]


def test_unsafe_link_is_an_error_at_its_field(minimal_plan: Path) -> None:
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(
        priority.read_text().replace("rose by 10% last year.", "rose, [see](javascript:alert(1)).")
    )
    _, found = validate(minimal_plan)
    [problem] = found
    assert (problem.line, problem.path, problem.code) == (2, "why", "unsafe-link")
    assert "javascript:alert(1" in problem.message


def _rewrite_why(plan: Path, why: str) -> Path:
    priority = plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text().replace("ASB incidents rose by 10% last year.", why))
    return priority


def test_a_link_shown_in_a_code_span_is_text_not_a_link(minimal_plan: Path) -> None:
    _rewrite_why(minimal_plan, "'ASB rose. Never write `[x](javascript:alert(1))` in a plan.'")
    bundle, found = validate(minimal_plan)
    assert bundle is not None and found == []


def test_an_anchor_to_nowhere_is_an_error_at_its_field_with_a_suggestion(minimal_plan: Path) -> None:
    priority = _rewrite_why(minimal_plan, "ASB rose; see [the glossary](#glosary).")
    _, found = validate(minimal_plan)
    [problem] = found
    assert (problem.file, problem.line, problem.path, problem.code) == (
        str(priority),
        2,
        "why",
        "dead-anchor",
    )
    assert "`#glosary` goes nowhere" in problem.message and "did you mean `#glossary`?" in problem.message


def test_anchors_to_headings_and_glossary_entries_are_kept(minimal_plan: Path) -> None:
    _rewrite_why(
        minimal_plan,
        "ASB rose; see [the glossary](#glossary), [ASB](#glossary-asb) and [the district](#about-the-district).",
    )
    bundle, found = validate(minimal_plan)
    assert bundle is not None and found == []


def test_a_link_in_a_definition_entry_is_checked_where_it_is_written(minimal_plan: Path) -> None:
    (minimal_plan / "definitions.yaml").write_text(
        "terms:\n  Hate crime:\n    text: Crime motivated by hostility, [see](javascript:alert(1)).\n"
        "    reference: true\n",
        encoding="utf-8",
    )
    _, found = validate(minimal_plan)
    assert [(Path(d.file).name, d.line, d.column, d.path, d.code) for d in found] == [
        ("definitions.yaml", 3, 47, "terms.Hate crime.text", "unsafe-link")
    ]


def test_a_column_named_in_sum_of_is_a_setting_not_text_a_reader_sees(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(
        plan.read_text()
        + "  - title: Figures\n    content:\n      - table:\n          caption: Incidents\n"
        + "          columns:\n            - label: Area\n            - {label: NTE, type: number}\n"
        + "            - {label: All, type: number, sum_of: [NTE]}\n          rows:\n"
        + "            - [North, 3, 3]\n",
        encoding="utf-8",
    )
    _, found = validate(minimal_plan)
    [problem] = found
    assert (problem.path, problem.code) == (
        "sections[4].content[0].table.columns[1].label",
        "acronym-undefined",
    )
    assert problem.message.startswith("`NTE` is used here but is not in the glossary")
