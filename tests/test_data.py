"""Figures from spreadsheets: a table or chart read from CSV or XLSX is the same as one typed in YAML,
and every bad data file is a located error, all at once."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from cspgen.build import Result, build, validate
from cspgen.plan import schema
from cspgen.plan.sheets.grid import MAX_DATA_BYTES

from . import workbooks
from .running import Cli
from .test_diff import git

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "golden" / "cases"

TABLE = """\
  - title: Recorded crime
    content:
      - table:
          caption: Recorded crime by year
          data: {DATA}
          columns:
            - label: Year
            - label: Crimes
              type: number
            - label: Change
              type: percent
"""


def with_table(plan: Path, data: str, files: dict[str, bytes]) -> Path:
    """The plan with a last section holding a table read from `data` (a YAML flow mapping)."""
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text() + TABLE.replace("{DATA}", data))
    for name, raw in files.items():
        (plan / name).parent.mkdir(parents=True, exist_ok=True)
        (plan / name).write_bytes(raw)
    return plan


def rows_of(plan: Path) -> list[list[schema.Cell]]:
    bundle, diagnostics = validate(plan)
    assert bundle is not None, [d.format() for d in diagnostics]
    block = bundle.plan.sections[-1]
    assert isinstance(block, schema.Section) and isinstance(block.content, list)
    table = block.content[0]
    assert isinstance(table, schema.TableBlock)
    return table.table.rows


@pytest.mark.parametrize("case", ["data-csv", "data-xlsx"])
def test_figures_from_a_spreadsheet_make_the_same_plan_as_typed_ones(case: str, tmp_path: Path) -> None:
    typed, read = tmp_path / "typed", tmp_path / "read"
    built = build(ROOT / "plans" / "bolsover-2020", typed, ("html", "md"))
    assert not built.failed(), built.diagnostics
    assert {d.code for d in built.diagnostics} <= {"duty-not-shown"}  # the duties its text does not show
    assert said(build(CASES / case / "plan", read, ("html", "md"))) == said(built)
    for name in ("index.html", "plan.md"):
        assert (read / name).read_bytes() == (typed / name).read_bytes(), name


def said(result: Result) -> list[tuple[str, str]]:
    """What a build told, wherever it was: the same plan read from files warns the same."""
    return [(diagnostic.code, diagnostic.message) for diagnostic in result.diagnostics]


def test_the_golden_workbooks_are_made_the_same_every_time() -> None:
    assert (CASES / "data-xlsx" / "plan" / "data" / "figures.xlsx").read_bytes() == workbooks.bolsover()
    assert (CASES / "data-errors" / "plan" / "data" / "crime.xlsx").read_bytes() == workbooks.errors()


def test_csv_figures_are_read_as_a_person_types_them(minimal_plan: Path) -> None:
    text = 'Year,Crimes,Change\r\n2019,"1,204",3.5%\r\n\r\n2020 – provisional,-5,\r\n2021,,-2 %\r\n'
    with_table(minimal_plan, "{file: data/crime.csv}", {"data/crime.csv": b"\xef\xbb\xbf" + text.encode()})
    expected = [["2019", 1204, 3.5], ["2020 – provisional", -5, None], ["2021", None, -2]]
    assert rows_of(minimal_plan) == expected
    (minimal_plan / "data" / "crime.csv").write_bytes(text.encode("cp1252"))  # Excel's plain CSV
    assert rows_of(minimal_plan) == expected


def test_xlsx_figures_are_the_values_excel_shows(minimal_plan: Path) -> None:
    book = workbooks.workbook(
        {
            "Other": [["x"]],
            "Crime": [["Year", "Crimes", "Change"], [2019, "=B3+100", 0.035], ["2020", 1104, None]],
        },
        percent=("Crime!C2",),
        saved={"Crime!B2": "1204"},
    )
    with_table(minimal_plan, "{file: data/crime.xlsx, sheet: Crime}", {"data/crime.xlsx": book})
    assert rows_of(minimal_plan) == [["2019", 1204, 3.5], ["2020", 1104, None]]


def test_the_columns_are_found_by_the_files_headings(minimal_plan: Path) -> None:
    csv = b"Area,Change %,Recorded crimes,Year\nBolsover,3,1204,2019\n"
    with_table(
        minimal_plan,
        "{file: data/crime.csv, columns: [Year, Recorded crimes, Change %]}",
        {"data/crime.csv": csv},
    )
    assert rows_of(minimal_plan) == [["2019", 1204, 3]]


def test_a_published_total_in_the_file_is_checked_as_a_typed_one(minimal_plan: Path, cli: Cli) -> None:
    plan = minimal_plan / "plan.yaml"
    csv = b"Year,Crimes,Change\n2019,100,\n2020,120,\nTotal,230,\n"
    with_table(minimal_plan, "{file: data/crime.csv}", {"data/crime.csv": csv})
    plan.write_text(
        plan.read_text().replace(
            "              type: number\n", "              type: number\n              total: true\n"
        )
    )
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    assert "data/crime.csv:4:2: the total of column `Crimes` is 220 but 230 is written" in result.stderr


BAD_INPUTS = {
    "not a number": (
        "{file: data/crime.csv}",
        {"data/crime.csv": b'Year,Crimes,Change\n2019,1204,1\n2020,"1,2O4",2\n'},
        'data/crime.csv:3:2: column "Crimes": expected a number, got "1,2O4" [error: data-not-a-number]',
    ),
    "formula text in CSV": (
        "{file: data/crime.csv}",
        {"data/crime.csv": b"Year,Crimes,Change\n=cmd|' /C calc'!A0,1204,1\n"},
        'data/crime.csv:2:1: column "Year": "=cmd|\' /C calc\'!A0" starts with `=`',
    ),
    "formula text in XLSX": (
        "{file: data/crime.xlsx}",
        {
            "data/crime.xlsx": workbooks.workbook(
                {"Crime": [["Year", "Crimes", "Change"], ["@SUM(1+1)", 5, 1]]}
            )
        },
        'data/crime.xlsx:Crime!A2: column "Year": "@SUM(1+1)" starts with `@`',
    ),
    "formula without a saved value": (
        "{file: data/crime.xlsx}",
        {"data/crime.xlsx": workbooks.workbook({"Crime": [["Year", "Crimes", "Change"], [2019, "=1+1", 1]]})},
        "data/crime.xlsx:Crime!B2: the formula `=1+1` has no saved value",
    ),
    "absolute path": (
        "{file: /etc/passwd.csv}",
        {},
        "`/etc/passwd.csv` is an absolute path; write the file's path from the plan folder",
    ),
    "up and out": (
        "{file: ../../crime.csv}",
        {"../../crime.csv": b"Year,Crimes,Change\n2019,1,1\n"},
        "`../../crime.csv` leads out of the plan folder (`..`)",
    ),
    "too large": (
        "{file: data/crime.csv}",
        {"data/crime.csv": b"Year,Crimes,Change\n" + b"2019,1,1\n" * (MAX_DATA_BYTES // 9 + 1)},
        "`data/crime.csv`: the file is larger than 10 MiB [error: too-large]",
    ),
    "zip bomb": (
        "{file: data/crime.xlsx}",
        {"data/crime.xlsx": b""},  # made in the test: see bomb()
        "`data/crime.xlsx` unpacks to far more than its size (a zip bomb",
    ),
    "not a workbook": (
        "{file: data/crime.xlsx}",
        {"data/crime.xlsx": b"Year,Crimes,Change\n"},
        "`data/crime.xlsx` is not an Excel workbook (.xlsx)",
    ),
    "heading not in the file": (
        "{file: data/crime.csv}",
        {"data/crime.csv": b"Year,Recorded crimes,Change\n2019,1,1\n"},
        'the file has no column headed "Crimes" in its first row; its headings are "Year", "Recorded crimes"',
    ),
}


def bomb() -> bytes:
    """A workbook whose one part packs 50 MB of spaces into a few kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 50_000_000)
    return out.getvalue()


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_each_bad_data_file_is_a_located_error(name: str, minimal_plan: Path, cli: Cli) -> None:
    data, files, message = BAD_INPUTS[name]
    if name == "zip bomb":
        files = {"data/crime.xlsx": bomb()}
    with_table(minimal_plan, data, files)
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr


def test_a_link_out_of_the_plan_is_refused(minimal_plan: Path, tmp_path: Path, cli: Cli) -> None:
    outside = tmp_path / "secret.csv"
    outside.write_bytes(b"Year,Crimes,Change\n2019,1,1\n")
    with_table(minimal_plan, "{file: data/crime.csv}", {})
    (minimal_plan / "data").mkdir()
    (minimal_plan / "data" / "crime.csv").symlink_to(outside)
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    assert "`data/crime.csv`: this file links to a place outside the plan folder" in result.stderr


def test_every_problem_in_the_files_is_told_at_once(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(CASES / "data-errors" / "plan", plan)
    result = cli("validate", plan, "--report", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert len({d["file"] for d in found}) == 3
    assert {d["sheet"] for d in found if "sheet" in d} == {"Crime"}


def test_diff_tells_a_figure_changed_in_the_file(cli: Cli, minimal_plan: Path) -> None:
    repo = minimal_plan.parent.parent
    with_table(
        minimal_plan, "{file: data/crime.csv}", {"data/crime.csv": b"Year,Crimes,Change\n2019,1204,1\n"}
    )
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "2024 plan")
    (minimal_plan / "data" / "crime.csv").write_bytes(b"Year,Crimes,Change\n2019,1300,1\n")
    result = cli("diff", minimal_plan, "HEAD")
    assert result.exit_code == 0, result.stderr
    assert "1204 → 1300" in result.stdout, result.stdout


def test_rollover_marks_the_file_that_holds_the_figures(cli: Cli, minimal_plan: Path) -> None:
    with_table(
        minimal_plan, "{file: data/crime.csv}", {"data/crime.csv": b"Year,Crimes,Change\n2019,1204,1\n"}
    )
    assert cli("rollover", minimal_plan, "--year", "2025").exit_code == 0
    text = (minimal_plan / "plan.yaml").read_text()
    assert "data: {file: data/crime.csv}  # cspgen: to update for 2025-26 in data/crime.csv\n" in text, text


MEASURE = """\
measures:
  - title: Fewer ASB incidents
    direction: decrease
    baseline: {period: 2022/23, value: 1000}
    data: {file: data/asb.xlsx, columns: [Year, Incidents]}
    change: -10
"""


def test_a_measures_actuals_come_from_the_file_and_are_checked(minimal_plan: Path, cli: Cli) -> None:
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text() + MEASURE)
    book = workbooks.workbook(
        {"ASB": [["Year", "Incidents"], ["2023/24", 950], ["2024/25", 880], ["2025/26", None]]}
    )
    (minimal_plan / "data").mkdir()
    (minimal_plan / "data" / "asb.xlsx").write_bytes(book)
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    assert 'data/asb.xlsx:ASB!B4: column "Incidents": this cell needs a value' in result.stderr, result.stderr
    (minimal_plan / "data" / "asb.xlsx").write_bytes(
        workbooks.workbook({"ASB": [["Year", "Incidents"], ["2023/24", 950], ["2024/25", 880]]})
    )
    result = cli("validate", minimal_plan)
    assert (
        "the change from the baseline to the latest actual is -12.0% but -10.0% is written" in result.stderr
    )


def test_rows_typed_and_read_from_a_file_are_refused(minimal_plan: Path, cli: Cli) -> None:
    with_table(
        minimal_plan, "{file: data/crime.csv}\n          rows: [[2019, 1, 1]]", {"data/crime.csv": b""}
    )
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    assert "give the table's `rows` or its `data` file, not both" in result.stderr


def test_an_acronym_in_the_file_is_checked_against_the_glossary(minimal_plan: Path, cli: Cli) -> None:
    csv = b"Year,Crimes,Change\n2019 (NPT area),1204,1\n"
    with_table(minimal_plan, "{file: data/crime.csv}", {"data/crime.csv": csv})
    result = cli("validate", minimal_plan)
    assert "data/crime.csv:2:1: `NPT` is used here but is not in the glossary" in result.stderr, result.stderr


def test_a_shared_glossary_entry_used_only_in_a_file_is_printed(tmp_path: Path) -> None:
    shutil.copytree(CASES / "data-csv", tmp_path / "case")
    plan = tmp_path / "case" / "plan"
    priority = plan / "priorities" / "02-domestic-abuse-violent-crime-and-sexual-offences.yaml"
    priority.write_text(priority.read_text().replace("MARAC", "conference"))
    fires = plan / "data" / "deliberate-fires.csv"
    fires.write_text(fires.read_text().replace("January-December 2019", "January-December 2019 (MARAC)"))
    assert not build(plan, tmp_path / "out", ("md",)).failed()
    assert "Multi Agency Risk Assessment Conferences" in (tmp_path / "out" / "plan.md").read_text()


def test_a_glossary_entry_used_only_in_a_file_is_not_unused(minimal_plan: Path, cli: Cli) -> None:
    glossary = minimal_plan / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "  NPT: Neighbourhood Policing Team\n")
    csv = b"Year,Crimes,Change\n2019 (NPT area),1204,1\n"
    with_table(minimal_plan, "{file: data/crime.csv}", {"data/crime.csv": csv})
    result = cli("validate", minimal_plan, "--strict")
    assert result.exit_code == 0, result.stderr


def test_figures_moved_from_yaml_into_a_file_are_no_change(cli: Cli, minimal_plan: Path) -> None:
    repo = minimal_plan.parent.parent
    with_table(
        minimal_plan, "{file: data/crime.csv}", {"data/crime.csv": b"Year,Crimes,Change\n2019,1204,1\n"}
    )
    plan = minimal_plan / "plan.yaml"
    typed = plan.read_text().replace("data: {file: data/crime.csv}", 'rows: [["2019", 1204, 1]]')
    plan.write_text(typed)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "typed")
    plan.write_text(typed.replace('rows: [["2019", 1204, 1]]', "data: {file: data/crime.csv}"))
    assert "Recorded crime" not in cli("diff", minimal_plan, "HEAD").stdout
    (minimal_plan / "data" / "crime.csv").write_bytes(b"Year,Crimes,Change\n2019,1205,1\n")
    assert "1204 → 1205" in cli("diff", minimal_plan, "HEAD").stdout


CHART = """\
  - title: Crime by type
    content:
      - chart:
          title: Crimes by type
          data: {file: data/types.csv}
          category_label: Type
          series:
            - label: Crimes
              values: [1, 2]
"""


def test_a_chart_with_values_typed_and_a_data_file_is_refused_at_its_values(
    minimal_plan: Path, cli: Cli
) -> None:
    (minimal_plan / "plan.yaml").write_text((minimal_plan / "plan.yaml").read_text() + CHART)
    (minimal_plan / "data").mkdir()
    (minimal_plan / "data" / "types.csv").write_bytes(b"Type,Crimes\nBurglary,3\n")
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    line = len((minimal_plan / "plan.yaml").read_text().splitlines()) - 1  # the series list
    assert (
        f"plan.yaml:{line}:13: sections[{_last_section(minimal_plan)}].content[0].chart.series: give the chart's "
        "`categories` and `values` or its `data` file, not both [error: data-and-figures]"
    ) in result.stderr


def _last_section(plan: Path) -> int:
    return len(yaml.safe_load((plan / "plan.yaml").read_text())["sections"]) - 1
