"""The figures a plan's tables and charts name in `data:`, read into the plan before it is checked.

A table read from a file is the same validated table as one typed in YAML, its `rows` filled in,
so the computed figures (totals, shares, changes) and the checks that compare them, the document
and the diff see no difference. Each file is read once however many blocks name it, through the
same `Files` as the YAML, so a plan at a git revision reads its data files from that revision.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from cspgen.diagnostics import Diagnostic, error
from cspgen.plan import schema
from cspgen.plan.datacell import DataCell
from cspgen.plan.load import DISK, Files
from cspgen.plan.model import PlanBundle
from cspgen.plan.sheets.fill import Filled, Found, fill_chart, fill_table
from cspgen.plan.sheets.grid import CellProblem, Grid, Problem
from cspgen.plan.sheets.keyfigures import fill_key_figures
from cspgen.plan.sheets.measures import fill_measure
from cspgen.plan.sheets.read import read_grid
from cspgen.plan.sheets.replace import replaced_at
from cspgen.plan.source import FieldPath, SourceFile, format_path
from cspgen.plan.walk import Node, value_at, walk

RootT = TypeVar("RootT", bound=BaseModel)
_READ = (
    schema.Table,
    schema.Chart,
    schema.Measure,
    schema.KeyFigures,
)  # what may take its figures from a file
Read = schema.Table | schema.Chart | schema.Measure | schema.KeyFigures
Grids = dict[tuple[str, str | None, str | None], Grid | Problem]


def read_data(bundle: PlanBundle, files: Files = DISK) -> tuple[PlanBundle, list[Diagnostic]]:
    """The bundle with every table's and chart's figures from its data file, and what is wrong in them."""
    root = files.resolve(bundle.folder)
    grids: Grids = {}
    cells: dict[tuple[Path, FieldPath], DataCell] = {}
    plan, diagnostics, found_cells = _filled(
        bundle.plan, bundle.plan_source, bundle.folder, root, files, grids
    )
    cells.update(found_cells)
    priorities = []
    for doc in bundle.priorities:
        priority, found, found_cells = _filled(doc.priority, doc.source, bundle.folder, root, files, grids)
        priorities.append(replace(doc, priority=priority))
        diagnostics += found
        cells.update(found_cells)
    return replace(bundle, plan=plan, priorities=tuple(priorities), data_cells=cells), diagnostics


def _filled(
    model: RootT, source: SourceFile, folder: Path, root: Path, files: Files, grids: Grids
) -> tuple[RootT, list[Diagnostic], dict[tuple[Path, FieldPath], DataCell]]:
    """The file's model with its figures read, what was wrong, and where each figure read stands."""
    diagnostics: list[Diagnostic] = []
    cells: dict[tuple[Path, FieldPath], DataCell] = {}
    for node in _data_nodes(source, type(model)):
        figure = value_at(model, node.path, node.model)
        if not isinstance(figure, Read) or figure.data is None:
            continue
        typed = _typed_figures(node)
        if typed is not None:
            diagnostics.append(_at_field(source, (*node.path, *typed), "data-and-figures", _BOTH[node.model]))
            continue
        data = figure.data
        key = (data.file, data.sheet, data.range)
        if key not in grids:
            grids[key] = read_grid(folder, root, data, files)
        grid = grids[key]
        if not isinstance(grid, Grid):
            field = "sheet" if grid[0] == "data-sheet" else "file"
            diagnostics.append(_at_field(source, (*node.path, "data", field), *grid))
            continue
        filled = _fill(figure, grid)
        diagnostics += [
            _located(source, node.path, folder / data.file, grid, problem) for problem in filled.found
        ]
        if filled.figure is not None:
            model = replaced_at(model, node.path, filled.figure)
        for path, (line, column) in filled.places.items():
            cells[(source.path, (*node.path, *path))] = DataCell(folder / data.file, line, column, grid.sheet)
    return model, diagnostics, cells


# Checked on the YAML as written, not on the model: once read, a block holds its file's figures
# beside the `data` they came from (as plan.json shows them, and loads back).
_BOTH: dict[type[BaseModel], str] = {
    schema.Table: "give the table's `rows` or its `data` file, not both",
    schema.Chart: "give the chart's `categories` and `values` or its `data` file, not both",
    schema.Measure: "give the measure's `actuals` or its `data` file, not both",
    schema.KeyFigures: "the block's `data` file holds this figure: leave it out here, or leave out `data`",
}


def _typed_figures(node: Node) -> FieldPath | None:
    """Where a block with a `data` file also types figures in the YAML, if it does."""
    if node.model is schema.Chart:
        series = node.data.get("series")
        typed = isinstance(series, list) and any(isinstance(s, dict) and "values" in s for s in series)
        return ("categories",) if "categories" in node.data else ("series",) if typed else None
    if node.model is schema.KeyFigures:
        return _typed_key_figure(node.data.get("figures"))
    name = "rows" if node.model is schema.Table else "actuals"
    return (name,) if name in node.data else None


def _typed_key_figure(figures: object) -> FieldPath | None:
    for index, figure in enumerate(figures if isinstance(figures, list) else []):
        previous = figure.get("previous") if isinstance(figure, dict) else None
        if isinstance(figure, dict) and "value" in figure:
            return ("figures", index, "value")
        if isinstance(previous, dict) and "value" in previous:
            return ("figures", index, "previous", "value")
    return None


def _fill(figure: Read, grid: Grid) -> Filled:
    if isinstance(figure, schema.Table):
        return fill_table(figure, grid)
    if isinstance(figure, schema.KeyFigures):
        return fill_key_figures(figure, grid)
    return fill_chart(figure, grid) if isinstance(figure, schema.Chart) else fill_measure(figure, grid)


def _data_nodes(source: SourceFile, model: type[BaseModel]) -> list[Node]:
    return [
        found
        for found in walk(source.data, model)
        if isinstance(found, Node) and found.model in schema.READ_FROM_FILE and "data" in found.data
    ]


def _located(source: SourceFile, path: FieldPath, file: Path, grid: Grid, problem: Found) -> Diagnostic:
    if isinstance(problem, CellProblem):
        found = error(file, problem.line, problem.column, problem.code, problem.message)
        return replace(found, sheet=grid.sheet)
    return _at_field(source, (*path, *problem.path), problem.code, problem.message)


def _at_field(source: SourceFile, path: FieldPath, code: str, message: str) -> Diagnostic:
    where = source.position(path)
    return error(source.path, where.line, where.column, code, message, format_path(path))
