"""Key figures and a measure's targets from spreadsheets: looked up by name in a pack, or read a row a
period, the same as typed ones, and every bad input a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspgen.build import build, validate
from cspgen.plan import schema

from . import workbooks
from .running import Cli
from .test_data import said
from .test_diff import git

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "golden" / "cases"

KEY_FIGURES = """\
  - title: The district in figures
    content:
      - key_figures:
          data: {DATA}
          figures:
            - label: All recorded crime
              unit: crimes
              period: 2023/24
              previous: {period: 2022/23}
            - label: Domestic abuse crimes
              row: DA flagged crimes
"""

PACK = b'Figure,Value,Previous,Population\nAll recorded crime,"3,699","3,590","106,000"\nDA flagged crimes,1240,,\n'


def with_key_figures(
    plan: Path, pack: bytes = PACK, data: str = "{file: data/pack.csv}", **edits: str
) -> Path:
    text = KEY_FIGURES.replace("{DATA}", data)
    for old, new in edits.items():
        text = text.replace(old.replace("_", " "), new)
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text() + text)
    (plan / "data").mkdir(exist_ok=True)
    (plan / "data" / "pack.csv").write_bytes(pack)
    return plan


def key_figures_of(plan: Path) -> list[schema.KeyFigure]:
    bundle, diagnostics = validate(plan)
    assert bundle is not None, [d.format() for d in diagnostics]
    section = bundle.plan.sections[-1]
    assert isinstance(section, schema.Section) and isinstance(section.content, list)
    block = section.content[0]
    assert isinstance(block, schema.KeyFiguresBlock)
    return block.key_figures.figures


def test_key_figures_from_a_pack_make_the_same_plan_as_typed_ones(tmp_path: Path) -> None:
    typed, read = tmp_path / "typed", tmp_path / "read"
    built = build(CASES / "key-figures" / "plan", typed, ("html", "md"))
    assert not built.failed()
    assert said(build(CASES / "data-key-figures" / "plan", read, ("html", "md"))) == said(built)
    for name in ("index.html", "plan.md"):
        assert (read / name).read_bytes() == (typed / name).read_bytes(), name


def test_the_golden_pack_workbook_is_made_the_same_every_time() -> None:
    assert (CASES / "data-key-figures" / "plan" / "data" / "asb.xlsx").read_bytes() == workbooks.asb_pack()


def test_a_seeds_tables_and_targets_from_one_workbook_make_the_same_plan(tmp_path: Path) -> None:
    typed, read = tmp_path / "typed", tmp_path / "read"
    built = build(ROOT / "plans" / "north-east-derbyshire-2008", typed, ("html", "md"))
    assert not built.failed()
    assert said(build(CASES / "data-measures" / "plan", read, ("html", "md"))) == said(built)
    for name in ("index.html", "plan.md"):
        assert (read / name).read_bytes() == (typed / name).read_bytes(), name


def test_the_seed_case_is_the_seed_with_its_figures_moved_into_the_workbook() -> None:
    """`python -m tests.workbooks` remakes it; a change to the seed must be carried into it."""
    case = CASES / "data-measures" / "plan"
    tables = targets = 0
    for path in [workbooks.SEED / "plan.yaml", *sorted((workbooks.SEED / "priorities").glob("*.yaml"))]:
        text, tables, targets = workbooks.seed_case_yaml(
            path.read_text(encoding="utf-8"), tables, targets, path.parent.name == "priorities"
        )
        assert (case / path.relative_to(workbooks.SEED)).read_text(encoding="utf-8") == text, path.name
    assert (tables, targets) == (4, 8)
    assert (case / "data" / "figures.xlsx").read_bytes() == workbooks.north_east_derbyshire()


def test_each_figure_is_found_by_its_label_or_row(minimal_plan: Path) -> None:
    crime, abuse = key_figures_of(with_key_figures(minimal_plan))
    assert (crime.value, crime.population) == (3699, 106000)
    assert crime.previous == schema.PreviousFigure(period="2022/23", value=3590)
    assert (abuse.value, abuse.population, abuse.previous) == (1240, None, None)


def test_a_previous_value_is_read_only_for_a_figure_that_compares(minimal_plan: Path) -> None:
    pack = b"Figure,Value,Previous\nAll recorded crime,3699,3590\nDA flagged crimes,1240,1181\n"
    _, abuse = key_figures_of(with_key_figures(minimal_plan, pack))
    assert abuse.previous is None


BAD_INPUTS = {
    "no such row": (
        {"row:_DA_flagged_crimes": "row: Domestic abuse"},
        PACK,
        "plan.yaml:{line}:20: sections[4].content[0].key_figures.figures[1].row: the file has no row named "
        '"Domestic abuse" in its "Figure" column; its rows are "All recorded crime", "DA flagged crimes" '
        "[error: data-row]",
        30,
    ),
    "a label not in the pack": (
        {"label:_All_recorded_crime": "label: Total crime"},
        PACK,
        'figures[0].label: the file has no row named "Total crime" in its "Figure" column; its rows are '
        '"All recorded crime", "DA flagged crimes"; give the file\'s name for it as `row` [error: data-row]',
        0,
    ),
    "a row named twice": (
        {},
        PACK + b"All recorded crime,1,2,3\n",
        'data/pack.csv:4:1: a second row is named "All recorded crime" [error: data-row-twice]',
        0,
    ),
    "a blank value": (
        {},
        b"Figure,Value,Previous\nAll recorded crime,,3590\nDA flagged crimes,1240,\n",
        'data/pack.csv:2:2: column "Value": this cell needs a value [error: data-blank]',
        0,
    ),
    "a previous value missing": (
        {},
        b"Figure,Value,Previous\nAll recorded crime,3699,\nDA flagged crimes,1240,\n",
        'data/pack.csv:2:3: column "Previous": this cell needs a value [error: data-blank]',
        0,
    ),
    "no previous column": (
        {},
        b"Figure,Value\nAll recorded crime,3699\nDA flagged crimes,1240\n",
        'the file has no column headed "Previous" in its first row; its headings are "Figure", "Value"',
        0,
    ),
    "a mistyped figure": (
        {},
        b'Figure,Value,Previous\nAll recorded crime,"3,6O9",3590\nDA flagged crimes,1240,\n',
        'data/pack.csv:2:2: column "Value": expected a number, got "3,6O9" [error: data-not-a-number]',
        0,
    ),
    "a value typed beside the pack": (
        {"unit:_crimes": "value: 3699\n              unit: crimes"},
        PACK,
        "figures[0].value: the block's `data` file holds this figure: leave it out here, or leave out "
        "`data` [error: data-and-figures]",
        0,
    ),
    "a population typed beside the pack's": (
        {"unit:_crimes": "population: 106000\n              unit: crimes"},
        PACK,
        'figures[0].population: the file has a "Population" column, so the population is read from it: '
        "leave `population` out here [error: data-and-figures]",
        0,
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_each_bad_key_figures_input_is_a_located_error(name: str, minimal_plan: Path, cli: Cli) -> None:
    edits, pack, message, _ = BAD_INPUTS[name]
    with_key_figures(minimal_plan, pack, **edits)
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    lines = (minimal_plan / "plan.yaml").read_text().splitlines()
    row_line = (
        next(n for n, line in enumerate(lines, 1) if "row: Domestic abuse" in line)
        if "{line}" in message
        else 0
    )
    expected = message.format(line=row_line)
    assert expected in result.stderr, result.stderr


def test_every_bad_figure_in_the_pack_is_told_at_once(minimal_plan: Path, cli: Cli) -> None:
    pack = b"Figure,Value,Previous\nAll recorded crime,x,3590\nDA flagged crimes,,\n"
    result = cli("validate", with_key_figures(minimal_plan, pack))
    assert "data/pack.csv:2:2:" in result.stderr and "data/pack.csv:3:2:" in result.stderr, result.stderr


def test_a_typed_figure_without_its_value_is_located_at_the_figure(minimal_plan: Path, cli: Cli) -> None:
    (minimal_plan / "plan.yaml").write_text(
        (minimal_plan / "plan.yaml").read_text()
        + "  - title: Figures\n    content:\n      - key_figures:\n          figures:\n"
        "            - label: Crimes\n              value: 3\n            - label: Fires\n"
    )
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    lines = len((minimal_plan / "plan.yaml").read_text().splitlines())
    assert (
        f"plan.yaml:{lines}:15: sections[4].content[0].key_figures.figures[1]: required field `value` is "
        "missing: type the figure, or read the block's figures from a `data` file [error: missing-field]"
    ) in result.stderr, result.stderr


def test_a_row_without_a_data_file_is_an_error(minimal_plan: Path, cli: Cli) -> None:
    (minimal_plan / "plan.yaml").write_text(
        (minimal_plan / "plan.yaml").read_text()
        + "  - title: Figures\n    content:\n      - key_figures:\n          figures:\n"
        "            - label: Crimes\n              value: 3\n              row: All crime\n"
    )
    result = cli("validate", minimal_plan)
    assert (
        "figures[0].row: `row` names the figure's row in a `data` file, and the block has none"
        in result.stderr
    )


def test_key_figures_from_xlsx_are_found_on_their_sheet(minimal_plan: Path) -> None:
    book = workbooks.workbook(
        {
            "Notes": [["Performance pack"]],
            "Pack": [
                ["Measure", "Now", "Before"],
                ["All recorded crime", 3699, 3590],
                ["DA flagged crimes", 1240],
            ],
        }
    )
    plan = with_key_figures(
        minimal_plan, data="{file: data/pack.xlsx, sheet: Pack, columns: [Measure, Now, Before]}"
    )
    (plan / "data" / "pack.xlsx").write_bytes(book)
    crime, abuse = key_figures_of(plan)
    assert (crime.value, crime.previous, abuse.value) == (
        3699,
        schema.PreviousFigure(period="2022/23", value=3590),
        1240,
    )


def test_diff_tells_a_key_figure_changed_in_the_pack(cli: Cli, minimal_plan: Path) -> None:
    repo = minimal_plan.parent.parent
    with_key_figures(minimal_plan)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "2024 plan")
    (minimal_plan / "data" / "pack.csv").write_bytes(PACK.replace(b"1240", b"1302"))
    result = cli("diff", minimal_plan, "HEAD")
    assert result.exit_code == 0, result.stderr
    assert "1240 → 1302" in result.stdout, result.stdout


def test_rollover_marks_the_pack_that_holds_the_key_figures(cli: Cli, minimal_plan: Path) -> None:
    with_key_figures(minimal_plan)
    result = cli("rollover", minimal_plan, "--year", "2025")
    assert result.exit_code == 0
    assert "1 figure marked to update (from data/pack.csv: put the new year's exports in their place)" in (
        result.stderr
    ), result.stderr
    text = (minimal_plan / "plan.yaml").read_text()
    assert "data: {file: data/pack.csv}  # cspgen: to update for 2025-26 in data/pack.csv\n" in text, text


MEASURE = """\
measures:
  - title: Fewer ASB incidents
    direction: decrease
    baseline: {period: 2022/23, value: 1000}
    data: {DATA}
"""


def with_measure(plan: Path, rows: list[list[workbooks.Value]], data: str = "{file: data/asb.xlsx}") -> Path:
    priority = plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text() + MEASURE.replace("{DATA}", data))
    (plan / "data").mkdir(exist_ok=True)
    (plan / "data" / "asb.xlsx").write_bytes(workbooks.workbook({"ASB": rows}))
    return plan


def measure_of(plan: Path) -> schema.Measure:
    bundle, diagnostics = validate(plan)
    assert bundle is not None, [d.format() for d in diagnostics]
    return bundle.priorities[0].priority.measures[0]


def test_a_measures_targets_come_from_its_target_column(minimal_plan: Path) -> None:
    rows: list[list[workbooks.Value]] = [
        ["Period", "Value", "Target"],
        ["2023/24", 950, 960],
        ["2024/25", 880, 920],
        ["2025/26", None, 880],
        ["2026/27", None, 850],
    ]
    measure = measure_of(with_measure(minimal_plan, rows))
    assert [(f.period, f.value) for f in measure.actuals] == [("2023/24", 950), ("2024/25", 880)]
    assert [(f.period, f.value) for f in measure.milestones] == [
        ("2023/24", 960),
        ("2024/25", 920),
        ("2025/26", 880),
    ]
    assert measure.target == schema.Figure(period="2026/27", value=850)
    assert measure.baseline == schema.Figure(period="2022/23", value=1000)


def test_targets_are_read_only_from_a_column_the_plan_names_or_heads_target(minimal_plan: Path) -> None:
    rows: list[list[workbooks.Value]] = [["Year", "Incidents", "Aim"], ["2023/24", 950, 960]]
    named = measure_of(
        with_measure(minimal_plan, rows, "{file: data/asb.xlsx, columns: [Year, Incidents, Aim]}")
    )
    assert named.target == schema.Figure(period="2023/24", value=960)


def test_a_measure_without_a_target_column_reads_its_actuals_alone(minimal_plan: Path) -> None:
    rows: list[list[workbooks.Value]] = [["Period", "Value", "Aim"], ["2023/24", 950, 960]]
    measure = measure_of(with_measure(minimal_plan, rows))
    assert (measure.target, measure.milestones, len(measure.actuals)) == (None, [], 1)


def test_a_row_with_neither_value_nor_target_is_located(minimal_plan: Path, cli: Cli) -> None:
    rows: list[list[workbooks.Value]] = [
        ["Period", "Value", "Target"],
        ["2023/24", 950, 960],
        ["2024/25", None, None],
    ]
    result = cli("validate", with_measure(minimal_plan, rows))
    assert result.exit_code == 1
    assert 'data/asb.xlsx:ASB!B3: column "Value": this row has neither a value nor a target' in result.stderr


def test_a_target_typed_beside_a_target_column_is_refused(minimal_plan: Path, cli: Cli) -> None:
    rows: list[list[workbooks.Value]] = [["Period", "Value", "Target"], ["2023/24", 950, 960]]
    plan = with_measure(minimal_plan, rows)
    priority = plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text() + "    target: {period: 2026/27, value: 800}\n")
    result = cli("validate", plan)
    assert result.exit_code == 1
    assert (
        'measures[0].target: the file has a "Target" column, so the measure\'s targets are read from it: '
        "leave `target` out here, or the column out of the file [error: data-and-figures]"
    ) in result.stderr, result.stderr


def test_a_target_read_from_the_file_is_checked_at_its_cell(minimal_plan: Path, cli: Cli) -> None:
    rows: list[list[workbooks.Value]] = [["Period", "Value", "Target"], ["2023/24", 950, "9x0"]]
    result = cli("validate", with_measure(minimal_plan, rows))
    assert 'data/asb.xlsx:ASB!C2: column "Target": expected a number, got "9x0"' in result.stderr, (
        result.stderr
    )


def test_a_published_change_needs_no_previous_column(minimal_plan: Path) -> None:
    pack = b"Figure,Value\nAll recorded crime,3699\nDA flagged crimes,1240\n"
    plan = with_key_figures(
        minimal_plan,
        pack,
        **{"previous:_{period:_2022/23}": "previous: {period: 2022/23}\n              change: 3"},
    )
    crime, _ = key_figures_of(plan)
    assert (crime.value, crime.previous, crime.change) == (3699, schema.PreviousFigure(period="2022/23"), 3)


def test_the_value_column_is_needed_even_unnamed(minimal_plan: Path, cli: Cli) -> None:
    result = cli(
        "validate", with_key_figures(minimal_plan, b"Figure,Count,Previous\nAll recorded crime,1,2\n")
    )
    assert (
        'the file has no column headed "Value" in its first row; its headings are "Figure", "Count", "Previous"'
        in (result.stderr)
    ), result.stderr


def test_a_short_row_is_blank_at_the_cell_it_leaves_out(minimal_plan: Path, cli: Cli) -> None:
    result = cli(
        "validate",
        with_key_figures(minimal_plan, b"Figure,Value,Previous\nAll recorded crime,1,2\nDA flagged crimes\n"),
    )
    assert (
        'data/pack.csv:3:2: column "Value": this cell needs a value [error: data-blank]' in result.stderr
    ), result.stderr


def test_a_long_pack_lists_a_dozen_of_its_rows(minimal_plan: Path, cli: Cli) -> None:
    rows = b"".join(b"Row %d,%d\n" % (n, n) for n in range(1, 15))
    result = cli("validate", with_key_figures(minimal_plan, b"Figure,Value,Previous\n" + rows))
    assert '"Row 11", "Row 12", …;' in result.stderr and "Row 13" not in result.stderr, result.stderr
