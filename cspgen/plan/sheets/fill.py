"""A table's rows and a chart's categories and values, taken from a grid by the headings the plan names.

Problems come back in two kinds: at a field of the YAML (a heading the file does not have), and
at a cell of the data file (a figure that is not a number).
"""

from __future__ import annotations

from dataclasses import dataclass

from cspgen.plan import schema
from cspgen.plan.sheets.cells import Cell, CellError, Kind, cell_value
from cspgen.plan.sheets.grid import CellProblem, Grid, RawCell, is_blank
from cspgen.plan.source import FieldPath


@dataclass(frozen=True)
class FieldProblem:
    """At a field of the table or chart, its path from the table or chart itself."""

    path: FieldPath
    code: str
    message: str


Found = FieldProblem | CellProblem
Places = dict[FieldPath, tuple[int, int]]  # a filled-in figure's line and column in the file, by its path


@dataclass(frozen=True)
class Filled:
    """The table or chart with its figures, where each stands in the file; or None and what is wrong."""

    figure: schema.Table | schema.Chart | schema.Measure | schema.KeyFigures | None
    places: Places
    found: list[Found]


@dataclass(frozen=True)
class Wanted:
    """One column to read: the file's heading, what its cells are, and where the plan says so."""

    heading: str | None
    kind: Kind
    path: FieldPath
    computed: bool = False
    required: bool = False  # a chart's category: every point needs its label


def fill_table(table: schema.Table, grid: Grid) -> Filled:
    assert table.data is not None
    named = table.data.columns
    wanted = [
        Wanted(
            named[index] if named else column.label,
            column.type,
            ("data", "columns", index) if named else ("columns", index, "label"),
            bool(column.sum_of or column.share_of),
        )
        for index, column in enumerate(table.columns)
        if not named or index < len(named)
    ]
    if named and len(named) != len(table.columns):
        return Filled(None, {}, [count_problem(len(named), len(table.columns), "the table has")])
    rows, places, found = read_rows(grid, wanted)
    if found:
        return Filled(None, {}, found)
    cells: Places = {("rows", r, c): place for (r, c), place in places.items()}
    return Filled(table.model_copy(update={"rows": rows}), cells, [])


def fill_chart(chart: schema.Chart, grid: Grid) -> Filled:
    assert chart.data is not None
    named = chart.data.columns
    expected = 1 + len(chart.series)
    if named and len(named) != expected:
        problem = count_problem(len(named), expected, "the chart has a categories column and")
        return Filled(None, {}, [problem])
    values: Kind = "percent" if chart.unit == "%" else "number"
    wanted = [
        Wanted(
            named[0] if named else chart.category_label,
            "text",
            heading_path(named, 0, ("category_label",)),
            required=True,
        ),
        *(
            Wanted(
                named[index + 1] if named else series.label,
                values,
                heading_path(named, index + 1, ("series", index, "label")),
            )
            for index, series in enumerate(chart.series)
        ),
    ]
    rows, places, found = read_rows(grid, wanted)
    if found:
        return Filled(None, {}, found)
    points: Places = {
        (("categories", r) if c == 0 else ("series", c - 1, "values", r)): place
        for (r, c), place in places.items()
    }
    series = [
        item.model_copy(update={"values": [row[index + 1] for row in rows]})
        for index, item in enumerate(chart.series)
    ]
    filled = chart.model_copy(update={"categories": [row[0] for row in rows], "series": series})
    return Filled(filled, points, [])


def heading_path(named: list[str | None], index: int, otherwise: FieldPath) -> FieldPath:
    return ("data", "columns", index) if named else otherwise


def read_rows(
    grid: Grid, wanted: list[Wanted]
) -> tuple[list[list[Cell]], dict[tuple[int, int], tuple[int, int]], list[Found]]:
    if not grid.rows:
        return [], {}, [empty_file("the file is empty: it has no headings row")]
    headings = {heading_key(cell.value): index for index, cell in reversed(list(enumerate(grid.rows[0])))}
    indexes: list[int | None] = []
    found: list[Found] = []
    for column in wanted:
        index = headings.get(heading_key(column.heading)) if column.heading is not None else None
        if index is None and not column.computed:
            found.append(missing_heading(column, grid))
        indexes.append(index)
    body = [row for row in grid.rows[1:] if not all(is_blank(cell.value) for cell in row)]
    if not body and not found:
        found.append(empty_file("the file has no rows of figures under its headings"))
    if found:
        return [], {}, found
    unsaved = {(problem.line, problem.column): problem for problem in grid.problems}
    rows = []
    places: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(body):
        cells: list[Cell] = []
        for c, (column, index) in enumerate(zip(wanted, indexes, strict=True)):
            if index is not None:
                places[(r, c)] = (
                    (row[index].line, row[index].column) if index < len(row) else (row[0].line, index + 1)
                )
            cell = read_cell(row, index, column, unsaved)
            if isinstance(cell, CellProblem):
                found.append(cell)
                cells.append(None)
            else:
                cells.append(cell)
        rows.append(cells)
    return rows, places, found


def read_cell(
    row: tuple[RawCell, ...], index: int | None, column: Wanted, unsaved: dict[tuple[int, int], CellProblem]
) -> Cell | CellProblem:
    if index is None:
        return None
    if index >= len(row):  # a short CSV row: its last fields left out
        return _blank(row[0].line, index + 1, column)
    raw = row[index]
    if (raw.line, raw.column) in unsaved:
        return unsaved[(raw.line, raw.column)]
    if is_blank(raw.value):
        return _blank(raw.line, raw.column, column)
    try:
        return cell_value(raw.value, column.kind, column.heading or "")
    except CellError as problem:
        return CellProblem(raw.line, raw.column, problem.code, str(problem))


def _blank(line: int, number: int, column: Wanted) -> CellProblem | None:
    """No figure, as a blank YAML cell is; but a chart's point needs its label, an actual its value."""
    if not column.required:
        return None
    return CellProblem(line, number, "data-blank", f'column "{column.heading}": this cell needs a value')


def heading_key(heading: object) -> str:
    return " ".join(str(heading).split()).casefold() if heading is not None else ""


def missing_heading(column: Wanted, grid: Grid) -> FieldProblem:
    known = ", ".join(f'"{cell.value}"' for cell in grid.rows[0] if not is_blank(cell.value))
    return FieldProblem(
        column.path,
        "data-heading",
        f'the file has no column headed "{column.heading}" in its first row; '
        f"its headings are {known or 'none'}",
    )


def empty_file(message: str) -> FieldProblem:
    return FieldProblem(("data", "file"), "data-empty", message)


def count_problem(named: int, expected: int, what: str) -> FieldProblem:
    return FieldProblem(
        ("data", "columns"),
        "data-columns",
        f"`data.columns` names {named} headings but {what} {expected} columns: name one heading per column, "
        "`null` for a computed one",
    )
