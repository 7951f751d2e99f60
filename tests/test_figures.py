"""Computed figures: filled in when left empty, checked when typed."""

from __future__ import annotations

from pathlib import Path

from cspgen.build import validate
from cspgen.plan import figures

from .builds import rendered_text

TABLE = """
      - table:
          caption: Suspects
          columns:
            - {label: Age}
            - {label: Female, type: number, total: true}
            - {label: Male, type: number, total: true}
            - {label: Total, type: number, sum_of: [Female, Male], total: true}
            - {label: Female %, type: percent, share_of: [Female, Total]}
          rows:
            - [17 and under, 49, 132, 181, 27]
            - [18 to 24, 20, 127, ~, ~]
            - [Total, 69, 259, TOTAL, ~]
"""


def with_table(plan: Path, table: str) -> None:
    text = (plan / "plan.yaml").read_text()
    text = text.replace(
        "    content: |\n      Example district has **three** towns.\n", "    content:\n" + table
    )
    (plan / "plan.yaml").write_text(text)


def test_rounding_rules() -> None:
    assert figures.agrees(27, 27.07) and figures.agrees(27.1, 27.07) and not figures.agrees(28, 27.07)
    assert figures.percent_change(1010, 880) == -12.9
    assert figures.percent_change(0, 5) is None


def test_a_typed_figure_agrees_only_to_its_own_precision() -> None:
    """27.1 stands for 27.05 up to 27.15; a half rounds up, so 28 agrees with 27.5."""
    assert figures.agrees(27.1, 27.14) and figures.agrees(27.1, 27.15) and figures.agrees(28, 27.5)
    assert not figures.agrees(27.1, 27.2) and not figures.agrees(27.1, 27.0)


def test_empty_computed_cells_are_filled_and_typed_total_used(minimal_plan: Path) -> None:
    with_table(minimal_plan, TABLE.replace("TOTAL", "328"))
    bundle, found = validate(minimal_plan)
    assert found == [] and bundle is not None
    md = rendered_text(bundle, ("md",))["plan.md"]
    assert "| 18 to 24 | 20 | 127 | 147 | 14% |" in md
    assert "| Total | 69 | 259 | 328 | 21% |" in md


def test_typed_figures_that_disagree_are_located(minimal_plan: Path) -> None:
    with_table(minimal_plan, TABLE.replace("181, 27]", "180, 30]").replace("TOTAL", "330"))
    _, found = validate(minimal_plan)
    located = [(d.line, d.path, d.code) for d in found]
    assert located == [
        (43, "sections[0].content[0].table.rows[0][3]", "figure-mismatch"),
        (43, "sections[0].content[0].table.rows[0][4]", "figure-mismatch"),
        (45, "sections[0].content[0].table.rows[2][3]", "figure-mismatch"),
    ]
    assert "`Total` (Female + Male) is 181 but 180 is written" in found[0].message
    assert "the total of column `Total` is 328 but 330 is written" in found[2].message


def test_published_change_is_checked(minimal_plan: Path) -> None:
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(
        priority.read_text()
        + "measures:\n  - title: Fewer incidents\n    baseline: {period: 2023, value: 1010}\n"
        "    actuals: [{period: 2024, value: 880}]\n    change: -15\n"
    )
    _, found = validate(minimal_plan)
    assert [(d.line, d.path, d.code) for d in found] == [(16, "measures[0].change", "figure-mismatch")]
    assert priority.read_text().splitlines()[15] == "    change: -15"
    assert "is -12.9% but -15.0% is written" in found[0].message
