"""What docs/reference.md says a field does is what cspgen does (issue 14, point 11)."""

from __future__ import annotations

from pathlib import Path

from cspgen.plan.reference import reference_markdown

from .running import Cli
from .test_figures import with_table

SHARES = """
      - table:
          caption: Victims by age
          columns:
            - {label: Age}
            - {label: Victims, type: number, total: true}
            - {label: Share, type: percent, total: true}
          rows:
            - [Under 25, 40, "40%"]
            - [25 and over, 60, 60 %]
"""


def test_a_percent_column_is_not_totalled_and_its_cells_are_numbers(cli: Cli, minimal_plan: Path) -> None:
    with_table(minimal_plan, SHARES)
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    where = f"{minimal_plan}/plan.yaml"
    assert [line for line in result.stderr.splitlines() if "percent" in line] == [
        f"{where}:39:52: sections[0].content[0].table.columns[2].total: column `Share` holds percentages, "
        "which cannot be added up; remove `total: true`, or write the total row yourself with the table's "
        "`total_label` [error: percent-total]",
        f"{where}:41:30: sections[0].content[0].table.rows[0][2]: write `40` without the % sign: cspgen adds "
        "it, and only a number in a percent column is computed and checked (`40%` is text) "
        "[warning: percent-sign]",
        f"{where}:42:33: sections[0].content[0].table.rows[1][2]: write `60` without the % sign: cspgen adds "
        "it, and only a number in a percent column is computed and checked (`60 %` is text) "
        "[warning: percent-sign]",
    ]


def test_the_reference_says_how_definitions_and_glossary_values_are_written() -> None:
    reference = reference_markdown()
    assert (
        "| `terms` | a mapping whose keys are terms and whose values are each Markdown text or "
        "[DefinitionEntry](#definitionentry) |  | Terms and their definitions in Markdown: `Acquisitive "
        "crime: Crime where …`. Each value: the definition in Markdown, or a mapping of `text:` with "
        "`reference: true`. |"
    ) in reference
    assert (
        "Each value: the expansion, or a mapping of `expansion:` with `note:` or `reference: true`."
        in reference
    )
