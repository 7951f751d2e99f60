"""Key figures found by name in a spreadsheet, as an officer looks a figure up in a performance pack.

A table reads every row of its file; a key figures block picks a few rows out of many, each by the
figure's label (or `row`) in the file's first named column, so the pack can be dropped in whole.
The YAML keeps what each figure means (label, unit, period, rank); the file gives the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspgen.plan import schema
from cspgen.plan.sheets.cells import Cell, Kind
from cspgen.plan.sheets.fill import (
    FieldProblem,
    Filled,
    Found,
    Places,
    Wanted,
    empty_file,
    heading_key,
    missing_heading,
    read_cell,
)
from cspgen.plan.sheets.grid import CellProblem, Grid, RawCell, is_blank

HEADINGS = ("Figure", "Value", "Previous", "Population")  # what `data.columns` names, in this order
_SHOWN_ROWS = 12  # enough of a pack's row names to spot the one meant


@dataclass(frozen=True)
class _Columns:
    """Each heading's column in the file; `previous` and `population` only when the file has them."""

    label: int
    value: int
    previous: int | None
    population: int | None


def fill_key_figures(block: schema.KeyFigures, grid: Grid) -> Filled:
    assert block.data is not None
    named = block.data.columns
    if named and not 2 <= len(named) <= len(HEADINGS):
        return Filled(None, {}, [_count_problem(len(named))])
    if not grid.rows:
        return Filled(None, {}, [empty_file("the file is empty: it has no headings row")])
    columns = _columns(block, grid)
    if isinstance(columns, list):
        return Filled(None, {}, list(columns))
    rows = _rows_by_name(grid, columns.label)
    figures: list[schema.KeyFigure] = []
    places: Places = {}
    found: list[Found] = []
    for index, figure in enumerate(block.figures):
        read = _figure(figure, index, rows, columns, grid)
        if isinstance(read, list):
            found += read
            continue
        figures.append(read[0])
        places.update(read[1])
    if found:
        return Filled(None, {}, found)
    return Filled(block.model_copy(update={"figures": figures}), places, [])


def _columns(block: schema.KeyFigures, grid: Grid) -> _Columns | list[Found]:
    assert block.data is not None
    named = block.data.columns
    wanted = [
        Wanted(
            named[index] if index < len(named) else HEADINGS[index],
            "text",
            ("data", "columns", index) if index < len(named) else ("data", "file"),
        )
        for index in range(len(HEADINGS))
    ]
    indexes = {heading_key(cell.value): c for c, cell in reversed(list(enumerate(grid.rows[0])))}
    found = [
        missing_heading(column, grid)
        for index, column in enumerate(wanted)
        if heading_key(column.heading) not in indexes and _needed(index, block, named)
    ]
    if found:
        return list(found)
    at = [indexes.get(heading_key(column.heading)) if column.heading else None for column in wanted]
    label, value = at[0], at[1]
    assert label is not None and value is not None
    return _Columns(label, value, at[2], at[3])


def _needed(index: int, block: schema.KeyFigures, named: list[str | None]) -> bool:
    """The label and value always; `Previous` when a figure compares; any heading named outright."""
    if index < 2 or (index < len(named) and named[index] is not None):
        return True
    return index == 2 and any(figure.previous and figure.change is None for figure in block.figures)


def _rows_by_name(grid: Grid, label: int) -> dict[str, list[tuple[RawCell, ...]]]:
    rows: dict[str, list[tuple[RawCell, ...]]] = {}
    for row in grid.rows[1:]:
        if label < len(row) and not is_blank(row[label].value):
            rows.setdefault(heading_key(row[label].value), []).append(row)
    return rows


def _figure(
    figure: schema.KeyFigure,
    index: int,
    rows: dict[str, list[tuple[RawCell, ...]]],
    columns: _Columns,
    grid: Grid,
) -> tuple[schema.KeyFigure, Places] | list[Found]:
    name = figure.row or figure.label
    matches = rows.get(heading_key(name), [])
    if not matches:
        return [_no_row(index, figure, name, rows, grid, columns.label)]
    if len(matches) > 1:
        cell = matches[1][columns.label]
        return [CellProblem(cell.line, cell.column, "data-row-twice", f'a second row is named "{name}"')]
    if figure.population is not None and columns.population is not None:
        return [_typed_population(index, grid.rows[0][columns.population].value)]
    row = matches[0]
    unit: Kind = "percent" if figure.unit == "%" else "number"
    value = _cell(row, columns.value, unit, grid, required=True)
    compares = columns.previous if figure.previous is not None else None
    previous = _cell(row, compares, unit, grid, required=figure.change is None)
    population = _cell(row, columns.population, "number", grid, required=False)
    problems = [cell for cell in (value, previous, population) if isinstance(cell, CellProblem)]
    if problems:
        return list(problems)
    update: dict[str, object] = {"value": value}
    places: Places = {("figures", index, "value"): _place(row, columns.value)}
    if figure.previous is not None and compares is not None:
        update["previous"] = figure.previous.model_copy(update={"value": previous})
        places[("figures", index, "previous", "value")] = _place(row, compares)
    if columns.population is not None and population is not None:
        update["population"] = population
        places[("figures", index, "population")] = _place(row, columns.population)
    return figure.model_copy(update=update), places


def _cell(
    row: tuple[RawCell, ...], column: int | None, kind: Kind, grid: Grid, required: bool
) -> Cell | CellProblem:
    if column is None:
        return None
    unsaved = {(problem.line, problem.column): problem for problem in grid.problems}
    wanted = Wanted(str(grid.rows[0][column].value), kind, (), required=required)
    return read_cell(row, column, wanted, unsaved)


def _place(row: tuple[RawCell, ...], column: int) -> tuple[int, int]:
    return (row[column].line, row[column].column) if column < len(row) else (row[0].line, column + 1)


def _no_row(
    index: int,
    figure: schema.KeyFigure,
    name: str,
    rows: dict[str, list[tuple[RawCell, ...]]],
    grid: Grid,
    label: int,
) -> FieldProblem:
    names = [str(found[0][label].value) for found in rows.values()]
    listing = ", ".join(f'"{row}"' for row in names[:_SHOWN_ROWS]) + (
        ", …" if len(names) > _SHOWN_ROWS else ""
    )
    heading = grid.rows[0][label].value
    field = "row" if figure.row is not None else "label"
    return FieldProblem(
        ("figures", index, field),
        "data-row",
        f'the file has no row named "{name}" in its "{heading}" column; its rows are {listing or "none"}'
        + ("" if figure.row else "; give the file's name for it as `row`"),
    )


def _typed_population(index: int, heading: object) -> FieldProblem:
    return FieldProblem(
        ("figures", index, "population"),
        "data-and-figures",
        f'the file has a "{heading}" column, so the population is read from it: leave `population` out here',
    )


def _count_problem(named: int) -> FieldProblem:
    return FieldProblem(
        ("data", "columns"),
        "data-columns",
        f"`data.columns` names {named} headings but key figures read 2 to 4: the figure's name, its "
        "value, then optionally its previous value and its population",
    )
