"""A measure's year-by-year figures from a spreadsheet: what was achieved and, if the file says, the targets.

A performance return has a row a period, with the actual and the target side by side, and the
rows for the years still to come have a target but no actual yet. Read so, each row's target is a
milestone and the last one is the final `target`. The baseline stays typed: it is fixed when the
plan is agreed, while the file is replaced by each year's return.
"""

from __future__ import annotations

from cspgen.plan import schema
from cspgen.plan.sheets.cells import Cell, Kind
from cspgen.plan.sheets.fill import (
    FieldProblem,
    Filled,
    Places,
    Wanted,
    count_problem,
    heading_key,
    heading_path,
    read_rows,
)
from cspgen.plan.sheets.grid import CellProblem, Grid

HEADINGS = ("Period", "Value", "Target")  # what `data.columns` names, in this order


def fill_measure(measure: schema.Measure, grid: Grid) -> Filled:
    assert measure.data is not None
    named = measure.data.columns
    if named and not 2 <= len(named) <= len(HEADINGS):
        return Filled(None, {}, [count_problem(len(named), 2, "a measure's actuals have")])
    targets = _reads_targets(named, grid)
    if targets and (measure.target is not None or measure.milestones):
        return Filled(None, {}, [_typed_targets(measure, _heading(named, 2))])
    kind: Kind = "percent" if measure.unit == "%" else "number"
    wanted = [
        Wanted(_heading(named, 0), "text", heading_path(named, 0, ("data", "file")), required=True),
        Wanted(_heading(named, 1), kind, heading_path(named, 1, ("data", "file")), required=not targets),
        *([Wanted(_heading(named, 2), kind, heading_path(named, 2, ("data", "file")))] if targets else []),
    ]
    rows, places, found = read_rows(grid, wanted)
    if found:
        return Filled(None, {}, found)
    empty = [_neither(places[(r, 1)], wanted) for r, row in enumerate(rows) if _figures(row) == (None, None)]
    if empty:
        return Filled(None, {}, list(empty))
    return _filled(measure, rows, places)


def _filled(
    measure: schema.Measure, rows: list[list[Cell]], places: dict[tuple[int, int], tuple[int, int]]
) -> Filled:
    actuals: list[schema.Figure] = []
    aims: list[tuple[schema.Figure, tuple[int, int]]] = []
    where: Places = {}
    for r, row in enumerate(rows):
        period, (actual, target) = str(row[0]), _figures(row)
        if actual is not None:
            where[("actuals", len(actuals), "period")] = places[(r, 0)]
            where[("actuals", len(actuals), "value")] = places[(r, 1)]
            actuals.append(schema.Figure(period=period, value=actual))
        if target is not None:
            aims.append((schema.Figure(period=period, value=target), places[(r, 2)]))
    update: dict[str, object] = {"actuals": actuals}
    if aims:
        *milestones, (final, place) = aims
        update |= {"milestones": [aim for aim, _ in milestones], "target": final}
        where |= {("milestones", index, "value"): at for index, (_, at) in enumerate(milestones)}
        where[("target", "value")] = place
    return Filled(measure.model_copy(update=update), where, [])


def _figures(row: list[Cell]) -> tuple[int | float | None, int | float | None]:
    actual, target = row[1], row[2] if len(row) > 2 else None
    assert not isinstance(actual, str) and not isinstance(target, str)
    return actual, target


def _reads_targets(named: list[str | None], grid: Grid) -> bool:
    """Targets are read when `columns` names their heading, or when the file has one headed `Target`."""
    if len(named) == len(HEADINGS):
        return named[2] is not None
    return bool(grid.rows) and any(
        heading_key(cell.value) == heading_key(HEADINGS[2]) for cell in grid.rows[0]
    )


def _heading(named: list[str | None], index: int) -> str | None:
    return named[index] if index < len(named) else HEADINGS[index]


def _neither(place: tuple[int, int], wanted: list[Wanted]) -> CellProblem:
    return CellProblem(
        *place, "data-blank", f'column "{wanted[1].heading}": this row has neither a value nor a target'
    )


def _typed_targets(measure: schema.Measure, heading: str | None) -> FieldProblem:
    field = "target" if measure.target is not None else "milestones"
    return FieldProblem(
        (field,),
        "data-and-figures",
        f'the file has a "{heading}" column, so the measure\'s targets are read from it: '
        f"leave `{field}` out here, or the column out of the file",
    )
